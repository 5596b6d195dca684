"""Acquisition functions, all on the log scale: LogEI, log PF, and LogEHVI.

Every acquisition maps GP inputs ``(m, d)`` to values ``(m,)`` to maximise. Those
with analytic gradients also give ``value_and_grad(xs, cols)``, the gradient along
the numerical columns ``cols``; the others set ``has_grad = False``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import scipy.special

from hpobench.samplers._gp._fit import GPModel

_C1 = 0.5 * math.log(2 * math.pi)
_C2 = 0.5 * math.log(math.pi / 2)
_TAIL = -1.0 / math.sqrt(np.finfo(float).eps)


def log_h(z: np.ndarray) -> np.ndarray:
    """``log(phi(z) + z Phi(z))``, the log of EI at unit variance, stable for all ``z``.

    For ``z > -1`` it is computed directly. Below, ``h(z) = phi(z) (1 - sqrt(pi/2)
    |z| erfcx(|z| / sqrt(2)))`` avoids the cancellation, and for ``z`` beyond
    ``-1/sqrt(eps)`` the asymptote ``log phi(z) - 2 log|z|`` holds (Ament et al. 2023,
    "Unexpected improvements to expected improvement", eq. 9).
    """
    # Beyond -1e100 the value is about -z**2/2 anyway; clipping keeps z**2 finite.
    z = np.maximum(np.asarray(z, dtype=float), -1e100)
    out = np.empty_like(z)
    upper = z > -1.0
    zu = z[upper]
    out[upper] = np.log(np.exp(-0.5 * zu * zu - _C1) + zu * scipy.special.ndtr(zu))
    mid = ~upper & (z > _TAIL)
    zm = z[mid]
    t = np.log(scipy.special.erfcx(-zm / math.sqrt(2)) * -zm) + _C2
    out[mid] = -0.5 * zm * zm - _C1 + _log1mexp(t)
    tail = z <= _TAIL
    zt = z[tail]
    out[tail] = -0.5 * zt * zt - _C1 - 2.0 * np.log(-zt)
    return out


def _log1mexp(t: np.ndarray) -> np.ndarray:
    """``log(1 - exp(t))`` for ``t < 0``, accurate near 0 and far below."""
    return np.where(t > -math.log(2), np.log(-np.expm1(t)), np.log1p(-np.exp(t)))


def dlog_h(z: np.ndarray, log_h_z: np.ndarray) -> np.ndarray:
    """Derivative of :func:`log_h`: ``h'(z) / h(z) = Phi(z) / h(z)``."""
    return np.exp(scipy.special.log_ndtr(z) - log_h_z)


def _log_ndtr_and_slope(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    log_cdf = scipy.special.log_ndtr(u)
    return log_cdf, np.exp(-0.5 * u * u - _C1 - log_cdf)


class LogEI:
    """Log expected improvement of a maximised GP over ``best``."""

    has_grad = True

    def __init__(self, model: GPModel, best: float) -> None:
        self.model, self.best = model, best

    def __call__(self, xs: np.ndarray) -> np.ndarray:
        mean, var = self.model.posterior(xs)
        sd = np.sqrt(var)
        return log_h((mean - self.best) / sd) + np.log(sd)

    def value_and_grad(self, xs: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        mean, var, dmean, dvar = self.model.posterior_with_grad(xs, cols)
        sd = np.sqrt(var)
        z = (mean - self.best) / sd
        lh = log_h(z)
        dsd = dvar / (2.0 * sd[:, None])
        dz = (dmean - z[:, None] * dsd) / sd[:, None]
        return lh + np.log(sd), dlog_h(z, lh)[:, None] * dz + dsd / sd[:, None]


class LogPF:
    """Log probability that every constraint GP is at or below its threshold."""

    has_grad = True

    def __init__(self, models: Sequence[GPModel], thresholds: Sequence[float]) -> None:
        self.models, self.thresholds = list(models), list(thresholds)

    def __call__(self, xs: np.ndarray) -> np.ndarray:
        total = np.zeros(len(xs))
        for model, t in zip(self.models, self.thresholds):
            mean, var = model.posterior(xs)
            total += scipy.special.log_ndtr((t - mean) / np.sqrt(var))
        return total

    def value_and_grad(self, xs: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        total, grad = np.zeros(len(xs)), np.zeros((len(xs), len(cols)))
        for model, t in zip(self.models, self.thresholds):
            mean, var, dmean, dvar = model.posterior_with_grad(xs, cols)
            sd = np.sqrt(var)
            u = (t - mean) / sd
            value, slope = _log_ndtr_and_slope(u)
            du = (-dmean - u[:, None] * dvar / (2.0 * sd[:, None])) / sd[:, None]
            total += value
            grad += slope[:, None] * du
        return total, grad


class Sum:
    """The sum of log acquisitions (e.g. LogEI + log PF = log constrained EI)."""

    def __init__(self, parts: Sequence[LogEI | LogPF | LogEHVI]) -> None:
        self.parts = list(parts)
        self.has_grad = all(p.has_grad for p in self.parts)

    def __call__(self, xs: np.ndarray) -> np.ndarray:
        return sum((p(xs) for p in self.parts), np.zeros(len(xs)))

    def value_and_grad(self, xs: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        value, grad = np.zeros(len(xs)), np.zeros((len(xs), len(cols)))
        for p in self.parts:
            v, g = p.value_and_grad(xs, cols)  # type: ignore[union-attr]
            value, grad = value + v, grad + g
        return value, grad


class LogEHVI:
    """Log expected hypervolume improvement of minimised GPs, by quasi-Monte Carlo.

    The region that the Pareto front ``front`` does not dominate (below ``reference``)
    is split once into axis-aligned boxes; the improvement of a sample is then the sum
    of its boxes' volumes above the sample. The expectation averages ``n_samples``
    scrambled-Sobol normal draws of the independent posteriors.
    """

    has_grad = False

    def __init__(
        self,
        models: Sequence[GPModel],
        front: np.ndarray,
        reference: np.ndarray,
        n_samples: int,
        seed: int,
    ) -> None:
        self.models = list(models)
        self.lower, self.upper = _non_dominated_boxes(front, reference)
        from scipy.stats import qmc  # scipy.stats is slow to import: pay it only here

        u = qmc.Sobol(len(self.models), scramble=True, seed=seed).random(n_samples)
        self.normals = scipy.special.ndtri(np.clip(u, 1e-6, 1 - 1e-6))

    def __call__(self, xs: np.ndarray) -> np.ndarray:
        stats = [m.posterior(xs) for m in self.models]
        mean = np.stack([s[0] for s in stats], axis=1)
        sd = np.sqrt(np.stack([s[1] for s in stats], axis=1))
        out = np.empty(len(xs))
        for start in range(0, len(xs), 64):
            mu, s = mean[start : start + 64], sd[start : start + 64]
            samples = mu[:, None, :] + s[:, None, :] * self.normals[None]  # (m, S, k)
            sides = self.upper - np.maximum(samples[:, :, None, :], self.lower)
            volume = np.prod(np.maximum(sides, 0.0), axis=-1).sum(-1).mean(-1)
            # A floor keeps the log finite where no sample improves; the posterior mean's
            # distance to the front orders such points.
            gap = np.maximum(mu[:, None, :] - self.upper, 0.0).sum(-1).min(-1)
            out[start : start + 64] = np.where(
                volume > 0, np.log(np.maximum(volume, 1e-300)), -700.0 - gap
            )
        return out


def _non_dominated_boxes(
    front: np.ndarray, reference: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Split ``{z <= reference}`` minus the region ``front`` dominates into grid cells."""
    k = front.shape[1]
    axes = [np.concatenate([[-np.inf], np.unique(front[:, j]), [reference[j]]]) for j in range(k)]
    grids = np.meshgrid(*[np.arange(len(a) - 1) for a in axes], indexing="ij")
    idx = np.stack([g.ravel() for g in grids], axis=1)
    lower = np.stack([axes[j][idx[:, j]] for j in range(k)], axis=1)
    upper = np.stack([axes[j][idx[:, j] + 1] for j in range(k)], axis=1)
    dominated = np.any(np.all(front[None, :, :] <= lower[:, None, :], axis=-1), axis=1)
    keep = ~dominated & np.all(upper > lower, axis=1)
    return lower[keep], upper[keep]
