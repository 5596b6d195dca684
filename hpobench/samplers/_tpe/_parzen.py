"""The Parzen estimator of TPE: a weighted mixture of product kernels plus a prior kernel."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hpobench.samplers._tpe._factors import CategoricalFactor, DiscreteFactor
from hpobench.samplers._tpe._kernels import (
    LOG_SQRT_2PI,
    bandwidths_and_pairs,
    log_normalizer,
    logsumexp,
    sample_truncated,
)
from hpobench.samplers._tpe._space import ModelSpace

# Above this 1 / sigma^2 the expanded quadratic form loses precision: evaluate directly.
_MAX_PRECISION_FOR_MATMUL = 1e8
# Elements of the temporary (points, dims, kernels) blocks of independent evaluation.
_BLOCK_ELEMENTS = 1 << 16
_EXP_FLOOR = 700.0
# Below this a mixture's mass loses precision in subnormal numbers: redo it in logs.
_TINY_MASS = 1e-280


@dataclass(frozen=True)
class ParzenParameters:
    """How kernels are built: the prior kernel, and the bandwidth rules."""

    consider_prior: bool = True
    prior_weight: float = 1.0
    consider_magic_clip: bool = True
    consider_endpoints: bool = False


class ParzenEstimator:
    """A mixture with one kernel per observation and a prior kernel, over a ``ModelSpace``.

    A numeric dimension's kernel is a normal truncated to the (unit) range, centred on
    the observation; its sigma is the larger gap to the neighbouring observations in
    that dimension (see :func:`bandwidths`). Discrete dimensions give each value the
    kernel's mass over the value's cell. A categorical kernel puts
    ``prior_weight / (n + 1)`` on every choice plus 1 on the observed one, normalised.
    The prior kernel is centred on the range with sigma equal to the range (uniform for
    categorical dimensions) and weighs ``prior_weight``.

    In a *joint* (multivariate) estimator a kernel is the product of its dimensions and
    the mixture weights are shared; an *independent* estimator is a separate mixture per
    dimension (same kernels and weights), evaluated dimension by dimension.

    Parameters
    ----------
    space : ModelSpace
        The dimensions.
    observations : ndarray, shape (n, n_dims)
        Internal values in the space's layout: numeric dimensions, then categorical.
    weights : ndarray, shape (n,)
        Non-negative kernel weights of the observations.
    parameters : ParzenParameters
        The kernel settings.

    Examples
    --------
    >>> from hpobench.distributions import FloatDistribution
    >>> space = ModelSpace([FloatDistribution(0, 1)])
    >>> pe = ParzenEstimator(space, np.array([[0.2], [0.3]]), np.ones(2), ParzenParameters())
    >>> x = pe.sample(np.random.default_rng(0), 5)
    >>> bool(np.all((0 <= x) & (x <= 1)))
    True
    >>> pe.log_pdf(np.array([[0.25]])) > pe.log_pdf(np.array([[0.9]]))
    array([ True])
    """

    def __init__(
        self,
        space: ModelSpace,
        observations: np.ndarray,
        weights: np.ndarray,
        parameters: ParzenParameters,
    ) -> None:
        self.space = space
        n_num = space.n_num
        n_obs = len(observations)
        self.has_prior = parameters.consider_prior or n_obs == 0
        disc = space.disc_idx
        mu = space.to_unit(observations[:, :n_num])
        sigma, pairs = bandwidths_and_pairs(
            mu,
            disc,
            magic_clip=parameters.consider_magic_clip,
            endpoints=parameters.consider_endpoints,
        )
        w = np.asarray(weights, dtype=float)
        if self.has_prior:
            mu = np.concatenate([mu, np.full((1, n_num), 0.5)])
            sigma = np.concatenate([sigma, np.ones((1, n_num))])
            w = np.append(w, parameters.prior_weight)
        w = w / w.sum()
        self.mu, self.sigma, self.w = mu, sigma, w
        with np.errstate(divide="ignore"):
            self.log_w = np.log(w)
        self.cum_w = np.cumsum(w)
        self._factors: list[DiscreteFactor | CategoricalFactor] = [
            DiscreteFactor(space, j, pairs.ids[i], pairs.mu[i], pairs.sigma[i], self.has_prior)
            for i, j in enumerate(disc)
        ]
        if space.n_cat:
            self._build_categorical(observations[:, n_num:], parameters.prior_weight)
        # Discrete kernels are normalised per pair (in their factor): only the
        # continuous columns of ``log_z`` are used, the others stay 0.
        cont = space.cont_idx
        if len(cont) == n_num:
            self.log_z = log_normalizer(mu, sigma)
        else:
            self.log_z = np.zeros_like(mu)
            if len(cont):
                self.log_z[:, cont] = log_normalizer(mu[:, cont], sigma[:, cont])
        if len(cont):
            self._build_continuous()

    def _build_categorical(self, observed: np.ndarray, prior_weight: float) -> None:
        n_obs = len(observed)
        cats = observed.astype(np.int64)
        eps = prior_weight / (n_obs + 1)
        n_choices = self.space.n_choices
        self.cat_keep = 1.0 / (eps * n_choices + 1.0)  # chance a kernel repeats its choice
        if self.has_prior:
            # The prior kernel has no choice (-1): it is uniform.
            cats = np.concatenate([cats, np.full((1, len(n_choices)), -1, dtype=np.int64)])
        self.cats = cats
        n_num = self.space.n_num
        for j, n in enumerate(n_choices.tolist()):
            ids = np.where(cats[:, j] < 0, n, cats[:, j])
            self._factors.append(CategoricalFactor(n_num + j, ids, n, eps))

    def _build_continuous(self) -> None:
        cont = self.space.cont_idx
        if len(cont) == self.space.n_num:
            mu, sigma, log_z = self.mu, self.sigma, self.log_z
        else:
            mu, sigma, log_z = self.mu[:, cont], self.sigma[:, cont], self.log_z[:, cont]
        self._mu_c, self._sigma_c = mu, sigma
        self._log_sigma_z = np.log(sigma)
        self._log_sigma_z += log_z
        self._kconst = self.log_w - self._log_sigma_z.sum(axis=1)
        precision = np.square(sigma)
        np.reciprocal(precision, out=precision)
        self._use_matmul = bool(precision.max() <= _MAX_PRECISION_FOR_MATMUL)
        if self._use_matmul:
            # -0.5 * sum(((u - mu) / sigma)^2) = [u^2, u] @ W.T + c: one matrix product.
            # Laid out (2 n_cont, kernels) in C order: with the transposed layout OpenBLAS
            # takes a threaded path that costs milliseconds on a busy machine.
            n_cont = len(cont)
            mu_precision = mu * precision
            self._kconst -= 0.5 * np.einsum("kd,kd->k", mu, mu_precision)
            quad = np.empty((2 * n_cont, len(mu)))
            np.multiply(precision.T, -0.5, out=quad[:n_cont])
            quad[n_cont:] = mu_precision.T
            self._quad_w = quad

    # -- sampling ----------------------------------------------------------------------
    def sample(
        self, rng: np.random.Generator, size: int, *, independent: bool = False
    ) -> np.ndarray:
        """Draw ``size`` points (internal values in the space's layout).

        With ``independent=True`` each dimension picks its kernel on its own.
        """
        space = self.space
        n_num, n_cat = space.n_num, space.n_cat
        n_dims = n_num + n_cat
        shape = (size, n_dims) if independent else (size, 1)
        picks = np.searchsorted(self.cum_w, rng.random(shape) * self.cum_w[-1], side="right")
        picks = np.minimum(picks, len(self.cum_w) - 1)
        if not independent:
            picks = np.broadcast_to(picks, (size, n_dims))
        out = np.empty((size, n_dims))
        if n_num:
            cols = np.arange(n_num)
            kernel = picks[:, :n_num]
            u = sample_truncated(
                self.mu[kernel, cols], self.sigma[kernel, cols], rng.random((size, n_num))
            )
            out[:, :n_num] = space.from_unit(u)
        if n_cat:
            cols = np.arange(n_cat)
            observed = self.cats[picks[:, n_num:], cols]
            keep = (observed >= 0) & (rng.random((size, n_cat)) < self.cat_keep)
            uniform = np.minimum(
                np.floor(rng.random((size, n_cat)) * space.n_choices), space.n_choices - 1
            )
            out[:, n_num:] = np.where(keep, observed, uniform)
        return out

    # -- density -----------------------------------------------------------------------
    def log_pdf(self, points: np.ndarray, *, independent: bool = False) -> np.ndarray:
        """Return the log density (mass for discrete dimensions) at internal ``points``.

        Joint: shape (n,). Independent: shape (n, n_dims), one mixture per dimension.
        Continuous dimensions are densities per unit of the internal value.
        """
        if independent:
            return self._log_pdf_independent(points)
        space = self.space
        x = points[:, : space.n_num]
        cont = space.cont_idx
        tables = [f.rows(points) for f in self._factors]
        if not len(cont):
            return self._log_mass_discrete(tables)
        u = space.unit_continuous(x)
        if self._use_matmul:
            log_p = np.concatenate([u * u, u], axis=1) @ self._quad_w
        else:
            z = (u[:, None, :] - self._mu_c) / self._sigma_c
            log_p = -0.5 * np.einsum("nkd,nkd->nk", z, z)
        log_p += self._kconst
        # Terms are added in place: fewer large temporaries (see logsumexp).
        with np.errstate(divide="ignore"):
            for f, rows in zip(self._factors, tables):
                log_p += np.log(rows).take(f.ids, axis=1)
        out = logsumexp(log_p, axis=1, overwrite=True)
        out += space.log_jacobian(x).sum(axis=1) - LOG_SQRT_2PI * len(cont)
        return out

    def _log_mass_discrete(self, tables: list[np.ndarray]) -> np.ndarray:
        """Log mass of points whose dimensions are all discrete or categorical.

        Each kernel's mass is a product of table entries and the mixture a matrix-vector
        product: no logarithm per kernel. Points where the sum is too small for that
        (only without the prior kernel, or in very many dimensions) are redone in logs.
        """
        product = tables[0].take(self._factors[0].ids, axis=1)
        for f, rows in zip(self._factors[1:], tables[1:]):
            product *= rows.take(f.ids, axis=1)
        mass = product @ self.w
        tiny = mass < _TINY_MASS
        with np.errstate(divide="ignore"):
            out = np.log(mass)
            if tiny.any():
                log_p = np.broadcast_to(self.log_w, (int(tiny.sum()), len(self.w))).copy()
                for f, rows in zip(self._factors, tables):
                    log_p += np.log(rows[tiny]).take(f.ids, axis=1)
                out[tiny] = logsumexp(log_p, axis=1, overwrite=True)
        return out

    def _log_pdf_independent(self, points: np.ndarray) -> np.ndarray:
        space = self.space
        x = points[:, : space.n_num]
        out = np.empty(points.shape)
        cont = space.cont_idx
        if len(cont):
            u = space.unit_continuous(x)
            out[:, cont] = self._log_mixture_continuous(u) + space.log_jacobian(x)
        # A discrete dimension's mixture only needs each pair's total weight.
        with np.errstate(divide="ignore"):
            for f in self._factors:
                table, inverse = f.table(points[:, f.col])
                pair_w = np.bincount(f.ids, weights=self.w, minlength=table.shape[1])
                out[:, f.col] = np.log(table @ pair_w)[inverse]
        return out

    def _log_mixture_continuous(self, u: np.ndarray) -> np.ndarray:
        """Per-dimension log mixture density at unit points ``u``, shape (n, n_cont)."""
        log_coef = (self.log_w[:, None] - self._log_sigma_z - LOG_SQRT_2PI).T
        mu, sigma = self._mu_c.T, self._sigma_c.T  # (dims, kernels)
        if not self.has_prior:
            z = (u[:, :, None] - mu) / sigma
            return logsumexp(log_coef - 0.5 * z * z, axis=2)
        # With the prior kernel (sigma = the range) the sum cannot underflow to 0, and a
        # kernel's density is at most a few hundred: no log-sum-exp needed. Blocks of
        # candidates keep the (block, dims, kernels) temporary in cache.
        scale = np.sqrt(0.5) / sigma
        coef = np.exp(log_coef)
        k = mu.shape[1]
        total = np.empty(u.shape)
        block = max(1, _BLOCK_ELEMENTS // max(1, k * u.shape[1]))
        for start in range(0, len(u), block):
            z = u[start : start + block, :, None] - mu
            z *= scale
            z *= z
            # exp is many times slower on arguments below about -708 (subnormal results);
            # clipping there changes the sum by less than 1e-290.
            np.minimum(z, _EXP_FLOOR, out=z)
            np.negative(z, out=z)
            np.exp(z, out=z)
            z *= coef
            total[start : start + block] = z.sum(axis=2)
        with np.errstate(divide="ignore"):
            return np.log(total)


def log_ratio(good: ParzenEstimator, bad: ParzenEstimator, points: np.ndarray) -> np.ndarray:
    """Return ``log l(x) - log g(x)`` of two joint estimators over one space, in one pass.

    The kernels of both are evaluated together (one table per dimension, one matrix
    product), and the terms common to both densities (the change of variables, the
    normal's constant) are left out, as they cancel.

    Examples
    --------
    >>> from hpobench.distributions import FloatDistribution
    >>> space = ModelSpace([FloatDistribution(0, 1)])
    >>> good = ParzenEstimator(space, np.array([[0.2]]), np.ones(1), ParzenParameters())
    >>> bad = ParzenEstimator(space, np.array([[0.8]]), np.ones(1), ParzenParameters())
    >>> x = np.array([[0.1], [0.9]])
    >>> bool(np.allclose(log_ratio(good, bad, x), good.log_pdf(x) - bad.log_pdf(x)))
    True
    """
    space = good.space
    cont = space.cont_idx
    if len(cont) and not (good._use_matmul and bad._use_matmul):
        return good.log_pdf(points) - bad.log_pdf(points)
    n_good = len(good.w)
    factors = [f.stacked(h) for f, h in zip(good._factors, bad._factors)]  # type: ignore[arg-type]
    tables = [f.rows(points) for f in factors]
    if not len(cont):
        product = tables[0].take(factors[0].ids, axis=1)
        for f, rows in zip(factors[1:], tables[1:]):
            product *= rows.take(f.ids, axis=1)
        mass_good, mass_bad = product[:, :n_good] @ good.w, product[:, n_good:] @ bad.w
        if min(mass_good.min(), mass_bad.min()) < _TINY_MASS:
            return good.log_pdf(points) - bad.log_pdf(points)
        return np.log(mass_good) - np.log(mass_bad)
    u = space.unit_continuous(points[:, : space.n_num])
    log_p = np.concatenate([u * u, u], axis=1) @ np.concatenate(
        (good._quad_w, bad._quad_w), axis=1
    )
    log_p += np.concatenate((good._kconst, bad._kconst))
    with np.errstate(divide="ignore"):
        for f, rows in zip(factors, tables):
            log_p += np.log(rows).take(f.ids, axis=1)
    return logsumexp(log_p[:, :n_good], axis=1) - logsumexp(log_p[:, n_good:], axis=1)
