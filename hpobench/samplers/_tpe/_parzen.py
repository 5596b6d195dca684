"""The Parzen estimator of TPE: a weighted mixture of product kernels plus a prior kernel."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hpobench.samplers._tpe._kernels import (
    LOG_SQRT_2PI,
    bandwidths,
    log_cell_mass,
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
        mu = space.to_unit(observations[:, :n_num])
        sigma = bandwidths(
            mu,
            magic_clip=parameters.consider_magic_clip,
            endpoints=parameters.consider_endpoints,
        )
        w = np.asarray(weights, dtype=float)
        if self.has_prior:
            mu = np.concatenate([mu, np.full((1, n_num), 0.5)])
            sigma = np.concatenate([sigma, np.ones((1, n_num))])
            w = np.append(w, parameters.prior_weight)
        w = w / w.sum()
        self.mu, self.sigma = mu, sigma
        with np.errstate(divide="ignore"):
            self.log_w = np.log(w)
        self.cum_w = np.cumsum(w)
        self.log_z = log_normalizer(mu, sigma)
        if space.n_cat:
            self._build_categorical(observations[:, n_num:], parameters.prior_weight)
        if len(space.cont_idx):
            self._build_continuous()

    def _build_categorical(self, observed: np.ndarray, prior_weight: float) -> None:
        n_obs = len(observed)
        cats = observed.astype(np.int64)
        eps = prior_weight / (n_obs + 1)
        n_choices = self.space.n_choices.astype(float)
        norm = np.log(eps * n_choices + 1.0)
        self.cat_keep = 1.0 / (eps * n_choices + 1.0)  # chance a kernel repeats its choice
        k = n_obs + self.has_prior
        # A kernel's log probability is miss + gain * [x == its choice]; the prior kernel
        # has no choice (-1) and misses with -log(n_choices), i.e. it is uniform.
        self._cat_gain = np.log(eps + 1.0) - np.log(eps)
        miss = np.empty((len(n_choices), k))
        miss[:, :n_obs] = (np.log(eps) - norm)[:, None]
        if self.has_prior:
            cats = np.concatenate([cats, np.full((1, len(n_choices)), -1, dtype=np.int64)])
            miss[:, -1] = -np.log(n_choices)
        self._cat_miss = miss
        self._cat_base = miss.sum(axis=0)
        self._cats_t = np.ascontiguousarray(cats.T)
        self.cats = cats

    def _build_continuous(self) -> None:
        cont = self.space.cont_idx
        mu, sigma = self.mu[:, cont], self.sigma[:, cont]
        self._mu_c, self._sigma_c = mu, sigma
        self._log_sigma_z = np.log(sigma) + self.log_z[:, cont]
        self._kconst = self.log_w - self._log_sigma_z.sum(axis=1)
        precision = 1.0 / (sigma * sigma)
        self._use_matmul = bool(precision.max() <= _MAX_PRECISION_FOR_MATMUL)
        if self._use_matmul:
            # -0.5 * sum(((u - mu) / sigma)^2) = [u^2, u] @ W.T + c: one matrix product.
            self._quad_w = np.concatenate([-0.5 * precision, mu * precision], axis=1).T
            self._kconst = self._kconst - 0.5 * (mu * mu * precision).sum(axis=1)

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
        if len(cont):
            u = space.unit_continuous(x)
            if self._use_matmul:
                log_p = np.concatenate([u * u, u], axis=1) @ self._quad_w
            else:
                z = (u[:, None, :] - self._mu_c) / self._sigma_c
                log_p = -0.5 * np.einsum("nkd,nkd->nk", z, z)
            log_p += self._kconst
        else:
            log_p = None
        # Terms are added in place: fewer large temporaries (see logsumexp).
        for j in space.disc_idx:
            log_p = _accumulate(log_p, self._discrete_term(x, j))
        if space.n_cat:
            choices = points[:, space.n_num :].astype(np.int64)
            for j in range(space.n_cat):
                hits = choices[:, j, None] == self._cats_t[j]
                log_p = _accumulate(log_p, hits * self._cat_gain)
            log_p += self._cat_base
        if not len(cont):
            log_p += self.log_w
        out = logsumexp(log_p, axis=1, overwrite=True)
        if len(cont):
            out += space.log_jacobian(x).sum(axis=1) - LOG_SQRT_2PI * len(cont)
        return out

    def _discrete_term(self, x: np.ndarray, j: int) -> np.ndarray:
        """Log masses of every kernel (columns) at every point's cell (rows), dimension j."""
        mu, sigma = self.mu[:, j], self.sigma[:, j]
        # Kernels repeat (mu, sigma) pairs and points repeat values: compute each pair once.
        pairs, kernel_inverse = np.unique(mu + 1j * sigma, return_inverse=True)
        values, point_inverse = np.unique(x[:, j], return_inverse=True)
        lower, upper = self.space.cell_edges(values, j)
        table = log_cell_mass(
            lower[:, None], upper[:, None], pairs.real, pairs.imag
        ) - log_normalizer(pairs.real, pairs.imag)
        return table[point_inverse.ravel()][:, kernel_inverse.ravel()]

    def _categorical_term(self, choice: np.ndarray, j: int) -> np.ndarray:
        """Log probabilities of every kernel (columns) at every point (rows), dimension j."""
        hits = choice.astype(np.int64)[:, None] == self._cats_t[j]
        return self._cat_miss[j] + hits * self._cat_gain

    def _log_pdf_independent(self, points: np.ndarray) -> np.ndarray:
        # Temporaries are laid out (points, dims, kernels): reductions over the kernels
        # then run along contiguous memory.
        space = self.space
        x = points[:, : space.n_num]
        out = np.empty(points.shape)
        log_w = self.log_w
        cont = space.cont_idx
        if len(cont):
            u = space.unit_continuous(x)
            out[:, cont] = self._log_mixture_continuous(u) + space.log_jacobian(x)
        disc = space.disc_idx
        if len(disc):
            comp = np.stack([self._discrete_term(x, j) for j in disc], axis=1)
            comp += log_w
            out[:, disc] = logsumexp(comp, axis=2, overwrite=True)
        if space.n_cat:
            n_num = space.n_num
            comp = np.stack(
                [self._categorical_term(points[:, n_num + j], j) for j in range(space.n_cat)],
                axis=1,
            )
            comp += log_w
            out[:, n_num:] = logsumexp(comp, axis=2, overwrite=True)
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


def _accumulate(total: np.ndarray | None, term: np.ndarray) -> np.ndarray:
    if total is None:
        return term
    total += term
    return total
