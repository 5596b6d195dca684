"""Parametric learning curves for benchmarking pruners, with a controllable rank correlation.

A configuration ``x in [0, 1]^d`` gets a loss curve over steps ``t = 1..T`` that decreases
from its *early* value ``E(x)`` to its *final* value ``c(x)``:
``y(t) = c(x) + (E(x) - c(x)) * phi(t)``, with ``phi`` a normalised saturating family
(``phi(1) = 1``, ``phi(T) = 0``):

* ``"pow"``: ``t^-a`` (Domhan et al., 2015's pow family), ``a in [0.5, 3]``;
* ``"exp"``: ``exp(-b (t - 1) / (T - 1))``, ``b in [1, 10]``;
* ``"logpow"``: ``1 / (1 + (t / e^m)^a)``, a sigmoid in ``log t`` (Domhan's log-power);
* ``"mixed"``: each configuration draws one of the three.

The final value ``c(x) = 0.05 + 0.45 s(x)`` grows with a mildly multimodal distance ``s``
to a seeded optimum (``s = 0`` there), so ``f_star = 0.05``. The early value is
``0.55 + 0.45 Phi(z_e)`` with ``z_e = r z_c + sqrt(1 - r^2) z_r``, where ``z_c`` is the
Gaussianised rank of ``c`` and ``z_r`` a seeded random smooth field; ``r = 2 sin(pi rho / 6)``
makes the Spearman correlation between first-step and final values about ``rho``. Curves
cross whenever ``rho < 1``; a negative ``rho`` makes early leaders finish last. Keyed
Gaussian noise of standard deviation ``noise * (1 - log t / log T)`` blurs early steps and
vanishes at the last one.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr, ndtri

from hpobench.distributions import BaseDistribution, FloatDistribution
from suites._curves_base import StepProblem, check_count, check_number, log_progress
from suites._registry import register

FAMILIES = ("pow", "exp", "logpow", "mixed")
#: Final values span [C_MIN, C_MAX]; first-step values span [E_MIN, 1], above every final value.
C_MIN, C_MAX, E_MIN = 0.05, 0.5, 0.55
_N_CALIBRATION = 4096
_N_FEATURES = 64
_RIPPLE, _RIPPLE_FREQ = 0.05, 3.0


class _SmoothField:
    """A seeded random smooth function on ``[0, 1]^d`` with standard-normal marginals.

    Random Fourier features approximate a Gaussian-process draw; an empirical CDF over a
    calibration sample maps its values to exact N(0, 1) quantiles under uniform ``x``.
    """

    def __init__(self, dim: int, rng: np.random.Generator, calibration: np.ndarray):
        self._w = rng.normal(0.0, 2.0 * np.pi, size=(dim, _N_FEATURES))
        self._b = rng.uniform(0.0, 2.0 * np.pi, size=_N_FEATURES)
        self._sorted = np.sort(self._raw(calibration))

    def _raw(self, X: np.ndarray) -> np.ndarray:
        return np.cos(X @ self._w + self._b).sum(axis=1)

    def __call__(self, X: np.ndarray) -> np.ndarray:
        return gaussianise(self._raw(X), self._sorted)


def gaussianise(values: np.ndarray, reference_sorted: np.ndarray) -> np.ndarray:
    """Map values to N(0, 1) quantiles through the empirical CDF of a sorted reference.

    Examples
    --------
    >>> gaussianise(np.array([2.0]), np.array([1.0, 2.0, 3.0])).round(6).tolist()
    [0.0]
    """
    n = len(reference_sorted)
    ranks = np.interp(values, reference_sorted, np.arange(n))
    return ndtri((ranks + 0.5) / n)


class LearningCurve(StepProblem):
    """Seeded saturating learning curves (see the module docstring).

    Parameters
    ----------
    family : {"pow", "exp", "logpow", "mixed"}, default="mixed"
        The curve family.
    dim : int, default=4
        The number of hyperparameters, 1..20.
    rho : float, default=0.5
        The target Spearman correlation between first-step and final values, in [-1, 1].
    noise : float, default=0.0
        The noise standard deviation at the first step, in [0, 1].
    n_steps : int, default=50
        The number of steps (epochs), at least 2.
    seed : int or None
        Fixes the instance (optimum, fields, noise).

    Examples
    --------
    >>> p = LearningCurve(family="pow", dim=2, rho=0.0, n_steps=10, seed=0)
    >>> p.f_star, round(float(p.evaluate(p.x_star[None, :])[0]), 12)
    (0.05, 0.05)
    """

    family = "LearningCurve"
    f_star = C_MIN
    f_star_source = "analytic: the final value c(x_star) = 0.05 by construction"

    def __init__(
        self,
        family: str = "mixed",
        dim: int = 4,
        rho: float = 0.5,
        noise: float = 0.0,
        n_steps: int = 50,
        *,
        seed: int | None = None,
    ) -> None:
        if family not in FAMILIES:
            raise ValueError(
                f"family of LearningCurve must be one of {list(FAMILIES)}; got {family!r}."
            )
        dim = check_count(self.family, "dim", dim, 1)
        if dim > 20:
            raise ValueError(f"dim of LearningCurve must be an int in 1..20; got {dim}.")
        rho = check_number(self.family, "rho", rho, -1.0, 1.0)
        noise = check_number(self.family, "noise", noise, 0.0, 1.0)
        tags = {f"dim={dim}", "multi_min"} | ({"noisy"} if noise > 0 else set())
        params = {"family": family, "dim": dim, "rho": rho, "noise": noise, "n_steps": n_steps}
        super().__init__(params, n_steps=n_steps, tags=frozenset(tags), seed=seed)
        self.curve_family, self.rho, self.noise, self._d = family, rho, noise, dim
        self._build(np.random.default_rng(self.entropy))

    def _build(self, rng: np.random.Generator) -> None:
        self.x_star = rng.uniform(0.2, 0.8, size=self._d)
        self._s_norm = np.sum(np.maximum(self.x_star, 1 - self.x_star) ** 2 + 2 * _RIPPLE)
        calibration = rng.random((_N_CALIBRATION, self._d))
        self._s_sorted = np.sort(self._distance(calibration))
        self._early_noise = _SmoothField(self._d, rng, calibration)
        # A finite random field correlates with z_c by chance (|r| ~ 0.1); regressing that
        # part out on the calibration sample keeps the realised correlation near rho.
        z_c = gaussianise(self._distance(calibration), self._s_sorted)
        z_r = self._early_noise(calibration)
        self._beta = float(np.dot(z_c, z_r) / np.dot(z_c, z_c))
        self._resid_sd = float(np.std(z_r - self._beta * z_c))
        self._rate = _SmoothField(self._d, rng, calibration)
        self._kind = _SmoothField(self._d, rng, calibration)

    @property
    def space(self) -> dict[str, BaseDistribution]:
        return {f"x{i}": FloatDistribution(0.0, 1.0) for i in range(self._d)}

    @property
    def dim(self) -> int:
        return self._d

    def _distance(self, X: np.ndarray) -> np.ndarray:
        """``s(x)`` in [0, 1]: squared distance plus a small ripple, 0 only at ``x_star``."""
        d = X - self.x_star
        ripple = _RIPPLE * (1.0 - np.cos(2.0 * np.pi * _RIPPLE_FREQ * d))
        return np.sum(d**2 + ripple, axis=1) / self._s_norm

    def final_values(self, X: np.ndarray) -> np.ndarray:
        """The noise-free final values ``c(x)``, shape ``(n,)``."""
        return C_MIN + (C_MAX - C_MIN) * self._distance(self._check_X(X))

    def early_values(self, X: np.ndarray) -> np.ndarray:
        """The noise-free first-step values ``E(x)``, shape ``(n,)``."""
        X = self._check_X(X)
        r = 2.0 * np.sin(np.pi * self.rho / 6.0)
        z_c = gaussianise(self._distance(X), self._s_sorted)
        z_perp = (self._early_noise(X) - self._beta * z_c) / self._resid_sd
        z_e = r * z_c + np.sqrt(max(0.0, 1.0 - r * r)) * z_perp
        return E_MIN + (1.0 - E_MIN) * ndtr(z_e)

    def _shapes(self, X: np.ndarray) -> np.ndarray:
        """``phi(t)`` per row, ``(n, n_steps)``, from 1 at the first step to 0 at the last."""
        t = np.arange(1, self.n_steps + 1, dtype=float)
        big_t = float(self.n_steps)
        u = ndtr(self._rate(X))[:, None]  # the configuration's speed, in (0, 1)
        raw = {
            "pow": t ** -(0.5 + 2.5 * u),
            "exp": np.exp(-(1.0 + 9.0 * u) * (t - 1.0) / (big_t - 1.0)),
            "logpow": 1.0 / (1.0 + (t / np.exp((0.1 + 0.5 * u) * np.log(big_t))) ** (1 + 3 * u)),
        }
        normed = {k: (v - v[:, -1:]) / (v[:, :1] - v[:, -1:]) for k, v in raw.items()}
        if self.curve_family != "mixed":
            return normed[self.curve_family]
        which = np.minimum((ndtr(self._kind(X)) * 3).astype(int), 2)
        stacked = np.stack([normed["pow"], normed["exp"], normed["logpow"]])
        return stacked[which, np.arange(len(X))]

    def _curves(self, X: np.ndarray) -> np.ndarray:
        c = C_MIN + (C_MAX - C_MIN) * self._distance(X)
        values = c[:, None] + (self.early_values(X) - c)[:, None] * self._shapes(X)
        if self.noise > 0:
            values = values + self._noise(X, self.noise * (1.0 - log_progress(self.n_steps)))
        return values


register(
    LearningCurve,
    cases=[
        {"family": f, "dim": 4, "rho": rho, "noise": noise, "n_steps": 50}
        for f, rho, noise in [
            ("pow", 0.8, 0.0),
            ("exp", 0.5, 0.0),
            ("logpow", 0.2, 0.0),
            ("mixed", 0.5, 0.02),
            ("mixed", -0.3, 0.02),
        ]
    ],
    suites=["learning-curves"],
)
