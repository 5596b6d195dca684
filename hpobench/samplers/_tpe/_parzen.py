"""The Parzen estimator of TPE: a weighted mixture of product kernels plus a prior kernel."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.special import ndtr, ndtri

from hpobench.samplers._tpe._factors import CategoricalFactor, DiscreteFactor
from hpobench.samplers._tpe._kernels import (
    LOG_SQRT_2PI,
    KernelBandwidths,
    log_normalizer,
    logsumexp,
)
from hpobench.samplers._tpe._scratch import scratch
from hpobench.samplers._tpe._space import ModelSpace

# Above this 1 / sigma^2 the expanded quadratic form loses precision: evaluate directly.
_MAX_PRECISION_FOR_MATMUL = 1e8
# Elements of the temporary (points, dims, kernels) blocks of independent evaluation.
_BLOCK_ELEMENTS = 1 << 16
_EXP_FLOOR = 700.0
# Below this a mixture's mass loses precision in subnormal numbers: redo it in logs.
_TINY_MASS = 1e-280
_EMPTY = np.empty(0)


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
        k = len(observations)
        has_prior = self.has_prior = parameters.consider_prior or k == 0
        rows = k + 1 if has_prior else k
        disc = space.disc_idx
        # The prior kernel is the last row: centred on the range with sigma 1.
        mu = np.empty((rows, n_num))
        if has_prior:
            mu[k:] = 0.5
        if k and n_num:
            space.to_unit(observations[:, :n_num], out=mu[:k])
            self._bandwidths = KernelBandwidths(
                mu, k, parameters.consider_magic_clip, parameters.consider_endpoints
            )
            pair_ids, pair_mu, pair_sigma = self._bandwidths.pairs(disc)
        else:
            self.sigma = np.ones((rows, n_num))
            pair_ids = np.zeros((len(disc), rows), dtype=np.int64)
            pair_mu = pair_sigma = [_EMPTY] * len(disc)
        w = np.empty(rows)
        w[:k] = weights
        if has_prior:
            w[k] = parameters.prior_weight
        w /= w.sum()
        self.mu, self.w = mu, w
        self._factors: list[DiscreteFactor | CategoricalFactor] = [
            DiscreteFactor(space, j, pair_ids[i], pair_mu[i], pair_sigma[i], has_prior)
            for i, j in enumerate(disc.tolist())
        ]
        if space.n_cat:
            self._build_categorical(observations[:, n_num:], parameters.prior_weight)
        # Discrete kernels are normalised per pair (in their factor): only the
        # continuous columns of ``log_z`` are used, the others stay 0.
        cont = space.cont_idx
        if len(cont):
            sigma = self.sigma
            # The sort's work arrays are no longer needed: free them before the next ones.
            self.__dict__.pop("_bandwidths", None)
            if len(cont) == n_num:
                self.log_z = log_normalizer(mu, sigma)
            else:
                self.log_z = np.zeros_like(mu)
                self.log_z[:, cont] = log_normalizer(mu[:, cont], sigma[:, cont])
            self._build_continuous()

    @cached_property
    def sigma(self) -> np.ndarray:
        """Every kernel's bandwidth per numeric dimension (on the unit scale)."""
        return self._bandwidths.sigma()

    @cached_property
    def log_w(self) -> np.ndarray:
        """The log mixture weights (-inf for a zero weight)."""
        with np.errstate(divide="ignore"):
            return np.log(self.w)

    @cached_property
    def _truncation(self) -> np.ndarray:
        """Each kernel's (mu, sigma, CDF at 0, CDF mass of [0, 1]), shape (4, kernels, n_num)."""
        mu, sigma = self.mu, self.sigma
        low = ndtr(-mu / sigma)
        return np.stack([mu, sigma, low, ndtr((1.0 - mu) / sigma) - low])

    @cached_property
    def cum_w(self) -> np.ndarray:
        """The cumulative mixture weights, for picking kernels."""
        return np.cumsum(self.w)

    @cached_property
    def log_z(self) -> np.ndarray:
        """Log normalisers of the kernels per dimension (0 where not continuous)."""
        return np.zeros_like(self.mu)

    def _build_categorical(self, observed: np.ndarray, prior_weight: float) -> None:
        k = len(observed)
        n_choices = self.space.n_choices
        eps = self._cat_eps = prior_weight / (k + 1)
        # A factor's ids: each kernel's choice, and n_choices for the prior kernel.
        ids = np.empty((len(n_choices), len(self.w)), dtype=np.int64)
        ids[:, :k] = observed.T
        ids[:, k:] = n_choices[:, None]
        self._cat_ids = ids
        n_num = self.space.n_num
        for j, n in enumerate(n_choices.tolist()):
            self._factors.append(CategoricalFactor(n_num + j, ids[j], n, eps))

    @cached_property
    def cat_keep(self) -> np.ndarray:
        """Per categorical dimension, the chance that a kernel draws its own choice."""
        return 1.0 / (self._cat_eps * self.space.n_choices + 1.0)

    @cached_property
    def categorical_kinds(self) -> np.ndarray | None:
        """Each kernel's combination of kinds over the categorical dimensions, numbered.

        A kernel's kind in a dimension is its choice, or the prior; combinations are
        numbered in C order over the dimensions. None when the space has too many
        combinations to tabulate (see ``ModelSpace.kind_strides``).
        """
        strides = self.space.kind_strides
        if strides is None:
            return None
        ids = self._cat_ids
        out = ids[-1].copy()  # the last dimension's stride is 1
        for row, stride in zip(ids[:-1], strides[:-1].tolist()):
            out += row * stride
        return out

    @cached_property
    def cats(self) -> np.ndarray:
        """Each kernel's choice per categorical dimension; -1 for the (uniform) prior."""
        cats = self._cat_ids.T.copy()
        cats[len(cats) - self.has_prior :] = -1
        return cats

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
        self,
        rng: np.random.Generator,
        size: int,
        *,
        independent: bool = False,
        kernel_weights: np.ndarray | None = None,
    ) -> np.ndarray:
        """Draw ``size`` points (internal values in the space's layout).

        With ``independent=True`` each dimension picks its kernel on its own.
        ``kernel_weights`` (one per kernel, the prior last) replaces the mixture weights
        when picking kernels, e.g. weights conditioned on values of other parameters.
        """
        space = self.space
        n_num, n_cat = space.n_num, space.n_cat
        n_dims = n_num + n_cat
        cum_w = self.cum_w if kernel_weights is None else np.cumsum(kernel_weights)
        # One call draws the uniforms of every step below, in the order they are used.
        n_picks = size * n_dims if independent else size
        draws = rng.random(n_picks + size * (n_num + 2 * n_cat))
        picks = np.searchsorted(cum_w, draws[:n_picks] * cum_w[-1], side="right")
        np.minimum(picks, len(cum_w) - 1, out=picks)
        if independent:
            picks = picks.reshape(size, n_dims)
        used = n_picks
        out = np.empty((size, n_dims))
        if n_num:
            # Inverse CDF of the picked kernels' normals truncated to [0, 1].
            if independent:
                mu, sigma, low, mass = self._truncation[:, picks[:, :n_num], space.num_cols]
            else:
                mu, sigma, low, mass = self._truncation[:, picks]
            u = draws[used : used + size * n_num].reshape(size, n_num) * mass
            used += size * n_num
            u += low
            ndtri(u, out=u)
            u *= sigma
            u += mu
            if space.linear_grid:
                out[:, :n_num] = space.grid_values(u)
            else:
                # max then min: np.clip's wrapper costs more than the two ufuncs.
                np.maximum(u, 0.0, out=u)
                np.minimum(u, 1.0, out=u)
                out[:, :n_num] = space.from_unit(u, inside=True)
        if n_cat:
            observed = (
                self.cats[picks[:, n_num:], space.cat_cols] if independent else self.cats[picks]
            )
            keep_draws, choice_draws = draws[used:].reshape(2, size, n_cat)
            keep = observed >= 0
            keep &= keep_draws < self.cat_keep
            uniform = np.floor(choice_draws * space.n_choices)
            np.minimum(uniform, space.last_choice, out=uniform)
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

    def log_kernels(self, points: np.ndarray) -> np.ndarray:
        """Return ``log(w_k K_k(x))`` up to a constant per point, shape (n, kernels).

        The constant (change of variables, the normal's constant) is the same for every
        kernel, so each row gives the posterior weights of the kernels given ``x``.
        """
        space = self.space
        log_p = np.broadcast_to(self.log_w, (len(points), len(self.w))).copy()
        if len(space.cont_idx):
            u = space.unit_continuous(points[:, : space.n_num])
            z = (u[:, None, :] - self._mu_c) / self._sigma_c
            log_p -= 0.5 * np.einsum("nkd,nkd->nk", z, z)
            log_p -= self._log_sigma_z.sum(axis=1)
        with np.errstate(divide="ignore"):
            for f in self._factors:
                log_p += np.log(f.rows(points)).take(f.ids, axis=1)
        return log_p

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
        if not self.has_prior:
            log_coef = (self.log_w[:, None] - self._log_sigma_z - LOG_SQRT_2PI).T
            z = (u[:, :, None] - self._mu_c.T) / self._sigma_c.T
            return logsumexp(log_coef - 0.5 * z * z, axis=2)
        # With the prior kernel (sigma = the range) the sum cannot underflow to 0, and a
        # kernel's density is at most a few hundred: no log-sum-exp needed.
        if self._mu_c.T.strides[1] == self._mu_c.itemsize:
            # Kernels adjacent in memory: each point's terms are summed pairwise.
            return self._mixture_pairwise(u)
        return self._mixture_in_order(u)

    def _scale_and_coef(self, kernels: slice) -> tuple[np.ndarray, np.ndarray]:
        """Return ``sqrt(1/2) / sigma`` and each term's weight of the ``kernels``."""
        log_coef = self.log_w[kernels, None] - self._log_sigma_z[kernels]
        log_coef -= LOG_SQRT_2PI
        return np.sqrt(0.5) / self._sigma_c[kernels], np.exp(log_coef, out=log_coef)

    @staticmethod
    def _terms(terms: np.ndarray, scale: np.ndarray, coef: np.ndarray) -> None:
        """Turn ``terms``, holding ``u - mu``, into the kernels' weighted densities."""
        terms *= scale
        terms *= terms
        # exp is many times slower on arguments below about -708 (subnormal results);
        # clipping there changes the sum by less than 1e-290.
        np.minimum(terms, _EXP_FLOOR, out=terms)
        np.negative(terms, out=terms)
        np.exp(terms, out=terms)
        terms *= coef

    def _mixture_pairwise(self, u: np.ndarray) -> np.ndarray:
        """The mixture with the terms laid out (points, dims, kernels), summed per row."""
        mu = np.ascontiguousarray(self._mu_c.T)
        scale, coef = self._scale_and_coef(slice(None))
        scale, coef = np.ascontiguousarray(scale.T), np.ascontiguousarray(coef.T)
        n, d = u.shape
        total = np.empty((n, d))
        # Blocks of points keep the (block, dims, kernels) temporary in cache.
        block = max(1, _BLOCK_ELEMENTS // max(1, mu.size))
        buffer = scratch("terms", (min(block, n), *mu.shape))
        for start in range(0, n, block):
            z = buffer[: min(block, n - start)]
            np.subtract(u[start : start + block, :, None], mu, out=z)
            self._terms(z, scale, coef)
            np.add.reduce(z, axis=2, out=total[start : start + block])
        with np.errstate(divide="ignore"):
            return np.log(total)

    def _mixture_in_order(self, u: np.ndarray) -> np.ndarray:
        """The mixture with the terms summed kernel after kernel.

        The terms are laid out (kernels, dims, points): the elementwise work runs along
        the points and the sum adds whole (dims, points) planes, in kernel order.
        """
        u_t = np.ascontiguousarray(u.T)
        k = len(self._mu_c)
        total = np.empty(u_t.shape)
        block = max(1, _BLOCK_ELEMENTS // max(1, u.size))
        buffer = scratch("terms", (min(block, k) + 1, *u_t.shape))
        for start in range(0, k, block):
            stop = min(k, start + block)
            # Each block's sum starts from the running total: one addition per kernel,
            # in kernel order, as a single sum over all of them.
            z = buffer[: stop - start + (start > 0)]
            terms = z[1:] if start else z
            np.subtract(u_t, self._mu_c[start:stop, :, None], out=terms)
            scale, coef = self._scale_and_coef(slice(start, stop))
            self._terms(terms, scale[:, :, None], coef[:, :, None])
            if start:
                z[0] = total
            np.add.reduce(z, axis=0, out=total)
        with np.errstate(divide="ignore"):
            return np.log(total.T)
