"""Vectorised kernel arithmetic of TPE: truncated normals on ``[0, 1]`` and log-sum-exp."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

LOG_SQRT_2PI = 0.5 * np.log(2.0 * np.pi)
# Beyond this many sigmas a normal tail holds less than 1e-16.
_FULL_MASS_Z = 8.3


def bandwidths(mu: np.ndarray, *, magic_clip: bool, endpoints: bool) -> np.ndarray:
    """Return each kernel's sigma: the larger gap to its neighbours, per dimension.

    Parameters
    ----------
    mu : ndarray, shape (n_kernels, n_dims)
        Kernel centres on ``[0, 1]``.
    magic_clip : bool
        Clip sigma below at ``1 / min(100, n_kernels + 2)`` (else at 1e-12).
    endpoints : bool
        Let the outermost kernels measure the gap to the bound ``0`` or ``1``; else they
        take their inner gap.

    Returns
    -------
    ndarray, shape (n_kernels, n_dims)
        Sigmas in ``[floor, 1]``.

    Examples
    --------
    >>> bandwidths(np.array([[0.1], [0.5], [0.6]]), magic_clip=False, endpoints=True)[:, 0]
    array([0.4, 0.4, 0.4])
    """
    k, d = mu.shape
    if k == 0:
        return np.empty((0, d))
    return KernelBandwidths(
        np.ascontiguousarray(mu, dtype=float), k, magic_clip, endpoints
    ).sigma()


@dataclass(frozen=True)
class KernelPairs:
    """The distinct ``(mu, sigma)`` pairs of some dimensions' kernels.

    ``ids[i, k]`` is the pair of kernel ``k`` in dimension ``i``; ``mu[i]`` and
    ``sigma[i]`` list that dimension's pairs. A pair may be listed twice (pairs are
    found among neighbours in sorted order), which only costs a table column.
    """

    ids: np.ndarray
    mu: list[np.ndarray]
    sigma: list[np.ndarray]


def bandwidths_and_pairs(
    mu: np.ndarray, pair_dims: np.ndarray, *, magic_clip: bool, endpoints: bool
) -> tuple[np.ndarray, KernelPairs]:
    """Return :func:`bandwidths` and the kernels' ``(mu, sigma)`` pairs in ``pair_dims``.

    Discrete dimensions have few distinct centres, so their kernels share a few pairs:
    a cell's mass is then computed once per pair instead of once per kernel.

    Examples
    --------
    >>> mu = np.array([[0.25], [0.25], [0.75]])
    >>> sigma, pairs = bandwidths_and_pairs(
    ...     mu, np.array([0]), magic_clip=False, endpoints=False)
    >>> pairs.ids.tolist(), pairs.mu[0].tolist(), pairs.sigma[0].tolist()
    ([[0, 1, 2]], [0.25, 0.25, 0.75], [1e-12, 0.5, 0.5])
    """
    k, d = mu.shape
    m = len(pair_dims)
    if k == 0:
        empty = [np.empty(0)] * m
        return np.empty((0, d)), KernelPairs(np.empty((m, 0), dtype=np.int64), empty, empty)
    bw = KernelBandwidths(np.ascontiguousarray(mu, dtype=float), k, magic_clip, endpoints)
    ids, pair_mu, pair_sigma = bw.pairs(np.asarray(pair_dims, dtype=np.int64))
    return bw.sigma(), KernelPairs(ids, pair_mu, pair_sigma)


class KernelBandwidths:
    """The bandwidths of the first ``k >= 1`` kernels of ``mu``, worked out in sorted order.

    ``mu`` is C-contiguous with ``k`` or more rows; rows after ``k`` (a prior kernel)
    get sigma 1 and, in the pair ids, the index one past the last pair (where the
    caller appends the prior's pair). The per-kernel sigmas (:meth:`sigma`) and the
    pairs (:meth:`pairs`) are separate steps, so a caller pays only for what it uses.

    Examples
    --------
    >>> bw = KernelBandwidths(np.array([[0.1], [0.6], [0.5]]), 3, False, True)
    >>> bw.sigma()[:, 0].tolist()
    [0.4, 0.4, 0.4]
    """

    def __init__(self, mu: np.ndarray, k: int, magic_clip: bool, endpoints: bool) -> None:
        rows, d = mu.shape
        # Sort positions as flat indices into the (rows, d) layout: gathers and scatters
        # are then 1-D takes and puts, without transposed copies.
        order = mu[:k].T.argsort(axis=1)
        flat = order * d
        flat += np.arange(d)[:, None]
        s = mu.take(flat)
        gaps = np.empty((d, k + 1))
        gaps[:, 0] = s[:, 0]
        np.subtract(s[:, 1:], s[:, :-1], out=gaps[:, 1:-1])
        np.subtract(1.0, s[:, -1], out=gaps[:, -1])
        sig = np.maximum(gaps[:, :-1], gaps[:, 1:])
        if not endpoints and k >= 2:
            sig[:, 0] = gaps[:, 1]
            sig[:, -1] = gaps[:, -2]
        floor = 1.0 / min(100.0, k + 2.0) if magic_clip else 1e-12
        # Gaps are >= 0 and the floor is > 0, so max then min is the clip.
        np.maximum(sig, floor, out=sig)
        np.minimum(sig, 1.0, out=sig)
        self._rows, self._k = rows, k
        self._order, self._flat, self._sorted, self._sorted_sigma = order, flat, s, sig

    def sigma(self) -> np.ndarray:
        """Return every kernel's sigma, shape ``mu.shape`` (a transposed C array)."""
        d, rows = len(self._order), self._rows
        sigma = np.empty((d, rows))
        sigma.put(self._order + np.arange(0, d * rows, rows)[:, None], self._sorted_sigma)
        sigma[:, self._k :] = 1.0
        if self._k == 1 and rows > 1:
            # One kernel and the prior: the C layout that sigmas of this shape have always
            # had (reductions over dimensions add in an order that follows the layout).
            return np.ascontiguousarray(sigma.T)
        return sigma.T

    def pairs(
        self, pair_dims: np.ndarray
    ) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
        """Return (pair ids, shape ``(len(pair_dims), len(mu))``; centres; sigmas)."""
        m, rows, k = len(pair_dims), self._rows, self._k
        if m == 0:
            return np.empty((0, rows), dtype=np.int64), [], []
        s, sig, order = self._sorted, self._sorted_sigma, self._order
        if m != len(s):
            s, sig, order = s[pair_dims], sig[pair_dims], order[pair_dims]
        new = np.empty((m, k), dtype=bool)
        new[:, 0] = True
        np.not_equal(s[:, 1:], s[:, :-1], out=new[:, 1:])
        new[:, 1:] |= sig[:, 1:] != sig[:, :-1]
        sorted_ids = np.cumsum(new, axis=1)
        ids = np.empty((m, rows), dtype=np.int64)
        ids[:, k:] = sorted_ids[:, -1:]
        sorted_ids -= 1
        ids.put(order + np.arange(0, m * rows, rows)[:, None], sorted_ids)
        pair_mu = [s[i][new[i]] for i in range(m)]
        pair_sigma = [sig[i][new[i]] for i in range(m)]
        return ids, pair_mu, pair_sigma


def log_normalizer(mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Return ``log P(0 <= X <= 1)`` for ``X ~ N(mu, sigma)`` (mu in [0, 1]: at least 0.34).

    Kernels farther than 8.3 sigmas from both bounds lose less than 1e-16 of their mass:
    their normaliser is 0 in log, and only the others are computed.
    """
    mu, sigma = np.asarray(mu, dtype=float), np.asarray(sigma, dtype=float)
    if mu.shape != sigma.shape:
        mu, sigma = np.broadcast_arrays(mu, sigma)
    out = np.zeros(mu.shape)
    near = np.minimum(mu, 1.0 - mu) < _FULL_MASS_Z * sigma
    if near.any():
        m, s = mu[near], sigma[near]
        out[near] = np.log1p(-ndtr(-m / s) - ndtr((m - 1.0) / s))
    return out


def inverse_unit_mass(mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Return ``1 / P(0 <= X <= 1)`` for ``X ~ N(mu, sigma)``, elementwise.

    Discrete kernels divide their cell masses by it; every place that does so uses
    this one expression, so their masses agree bit for bit.
    """
    return 1.0 / (1.0 - ndtr(-mu / sigma) - ndtr((mu - 1.0) / sigma))


def cell_mass(
    lower: np.ndarray, upper: np.ndarray, mu: np.ndarray, sigma: np.ndarray
) -> np.ndarray:
    """Return ``P(lower <= X <= upper)`` for ``X ~ N(mu, sigma)``, broadcasting.

    Tail differences are taken on the side where they do not cancel: above the mean
    the upper tails ``ndtr(-a) - ndtr(-b)``, else ``ndtr(b) - ndtr(a)``.
    """
    a = (lower - mu) / sigma
    b = (upper - mu) / sigma
    side = np.where(a > 0, -1.0, 1.0)
    a *= side
    b *= side
    mass = ndtr(b)
    mass -= ndtr(a)
    mass *= side
    return mass


def log_cell_mass(
    lower: np.ndarray, upper: np.ndarray, mu: np.ndarray, sigma: np.ndarray
) -> np.ndarray:
    """Return ``log P(lower <= X <= upper)`` for ``X ~ N(mu, sigma)``, broadcasting."""
    with np.errstate(divide="ignore"):
        return np.log(cell_mass(lower, upper, mu, sigma))


def logsumexp(x: np.ndarray, axis: int, *, overwrite: bool = False) -> np.ndarray:
    """Return ``log(sum(exp(x)))`` along ``axis``, stable for large and -inf entries.

    With ``overwrite=True`` the work is done in ``x``'s own memory (it is destroyed).
    """
    top = np.max(x, axis=axis, keepdims=True)
    if not np.isfinite(top).all():
        top = np.where(np.isfinite(top), top, 0.0)
    shifted = np.subtract(x, top, out=x if overwrite else None)
    # exp is many times slower where its result is subnormal: clip the argument at -700.
    np.maximum(shifted, -700.0, out=shifted)
    np.exp(shifted, out=shifted)
    return np.log(np.sum(shifted, axis=axis)) + np.squeeze(top, axis=axis)
