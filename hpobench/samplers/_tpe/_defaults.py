"""The default ``gamma`` and ``weights`` functions of TPE, and checks of user-given ones."""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable

import numpy as np

# Below this many observations every kernel weighs 1; older ones then ramp down.
_FLAT_WEIGHTS = 25
_GAMMA_CAP = 25


def default_gamma(n: int) -> int:
    """Return how many of ``n`` finished trials form the "good" group: 10%, at most 25.

    Examples
    --------
    >>> [default_gamma(n) for n in (1, 10, 11, 100, 1000)]
    [1, 1, 2, 10, 25]
    """
    return min(math.ceil(0.1 * n), _GAMMA_CAP)


def default_gamma_multi_objective(n: int) -> int:
    """Return the "good" group size of multi-objective TPE: 10% of ``n``, without a cap.

    Examples
    --------
    >>> default_gamma_multi_objective(1000)
    100
    """
    return math.ceil(0.1 * n)


def hyperopt_default_gamma(n: int) -> int:
    """Return hyperopt's "good" group size: ``ceil(0.25 * sqrt(n))``, at most 25.

    Examples
    --------
    >>> [hyperopt_default_gamma(n) for n in (1, 16, 100, 20000)]
    [1, 1, 3, 25]
    """
    return min(math.ceil(0.25 * math.sqrt(n)), _GAMMA_CAP)


def default_weights(n: int) -> np.ndarray:
    """Return the kernel weights of ``n`` observations, oldest first.

    Fewer than 25 observations all weigh 1. Otherwise the newest 25 weigh 1 and the
    older ones ramp linearly from ``1 / n`` (the oldest) up to 1.

    Examples
    --------
    >>> default_weights(3).tolist()
    [1.0, 1.0, 1.0]
    >>> w = default_weights(30)
    >>> float(w[0]), float(w[4]), float(w[5])
    (0.03333333333333333, 1.0, 1.0)
    """
    if n == 0:
        return np.empty(0)
    w = np.ones(n)
    if n > _FLAT_WEIGHTS:
        m = n - _FLAT_WEIGHTS
        # A linear ramp from 1/n (oldest) to 1 over the m older observations.
        ramp = w[:m]
        ramp[:] = np.arange(m)
        ramp *= (1.0 - 1.0 / n) / max(m - 1, 1)
        ramp += 1.0 / n
    return w


def call_gamma(gamma: Callable[[int], int], n: int) -> int:
    """Return ``gamma(n)`` clipped to ``[0, n]``; raise ``ValueError`` for a non-int."""
    k = gamma(n)
    if type(k) is not int and (isinstance(k, bool) or not isinstance(k, numbers.Integral)):
        raise ValueError(f"gamma must return an int >= 0; gamma({n}) returned {k!r}.")
    return max(0, min(int(k), n))


def call_weights(weights: Callable[[int], np.ndarray], n: int) -> np.ndarray:
    """Return ``weights(n)`` as floats; raise ``ValueError`` unless n finite values >= 0."""
    if weights is default_weights:
        return _cached_default_weights(n)
    w = np.asarray(weights(n), dtype=float)
    if w.shape != (n,):
        raise ValueError(
            f"weights must return an array of n values; weights({n}) returned shape {w.shape}."
        )
    if n and (not np.all(np.isfinite(w)) or np.any(w < 0) or not w.sum() > 0):
        raise ValueError(
            f"weights must return finite values >= 0 with a positive sum; weights({n}) "
            f"returned {w!r}."
        )
    return w


@functools.lru_cache(maxsize=8)
def _cached_default_weights(n: int) -> np.ndarray:
    """:func:`default_weights`, kept for the few sizes a study asks for again and again."""
    w = default_weights(n)
    w.setflags(write=False)
    return w
