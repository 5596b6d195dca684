"""The Matérn-5/2 kernel with automatic relevance determination and a Hamming part.

The squared distance between two inputs is ``sum_j w_j * delta_j(x, y)``, where ``w_j``
is the inverse squared lengthscale of column ``j``, ``delta_j = (x_j - y_j)**2`` for
numerical columns and ``delta_j = [x_j != y_j]`` for categorical ones (the Hamming
distance). The kernel is ``scale * m(d2)`` with the Matérn-5/2 profile
``m(d2) = (1 + sqrt(5) r + 5/3 r**2) exp(-sqrt(5) r)``, ``r = sqrt(d2)``
(Rasmussen & Williams 2006, eq. 4.17).
"""

from __future__ import annotations

import numpy as np

_SQRT5 = np.sqrt(5.0)


def weighted_sq_dists(
    x1: np.ndarray, x2: np.ndarray, inv_sq_ls: np.ndarray, is_cat: np.ndarray
) -> np.ndarray:
    """Return the ``(n1, n2)`` matrix of weighted squared distances."""
    num = ~is_cat
    a = x1[:, num] * np.sqrt(inv_sq_ls[num])
    b = x2[:, num] * np.sqrt(inv_sq_ls[num])
    d2 = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * (a @ b.T)
    np.maximum(d2, 0.0, out=d2)
    for j in np.flatnonzero(is_cat):
        d2 += inv_sq_ls[j] * (x1[:, j, None] != x2[None, :, j])
    return d2


def per_column_sq_dists(x: np.ndarray, is_cat: np.ndarray) -> np.ndarray:
    """Return the ``(dim, n, n)`` unweighted distances ``delta_j`` between rows of ``x``."""
    diff = x.T[:, :, None] - x.T[:, None, :]
    out = diff * diff
    out[is_cat] = diff[is_cat] != 0
    return out


def matern52(d2: np.ndarray) -> np.ndarray:
    """The unit-scale Matérn-5/2 profile of squared distances ``d2``."""
    r = np.sqrt(d2)
    return (1.0 + _SQRT5 * r + (5.0 / 3.0) * d2) * np.exp(-_SQRT5 * r)


def matern52_and_slope(d2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``m(d2)`` and ``dm/d(d2) = -5/6 (1 + sqrt(5) r) exp(-sqrt(5) r)``."""
    r = np.sqrt(d2)
    e = np.exp(-_SQRT5 * r)
    return (1.0 + _SQRT5 * r + (5.0 / 3.0) * d2) * e, (-5.0 / 6.0) * (1.0 + _SQRT5 * r) * e
