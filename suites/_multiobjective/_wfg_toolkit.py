"""The WFG toolkit (Huband, Hingston, Barone & While, 2006): shapes and transformations.

Every function works on arrays whose leading axis is the batch; values live in ``[0, 1]``
and are clipped back there after each transformation, as the toolkit prescribes, so that
rounding never leaves the domain.
"""

from __future__ import annotations

import numpy as np

# --- Shape functions: position parameters x (n, M-1) -> h (n, M) -------------------------


def _products(factors: np.ndarray, last: np.ndarray) -> np.ndarray:
    """``h_m = prod_{i <= M-m} factors_i * last_{M-m+1}`` with ``last`` prepended by ones.

    ``factors`` and ``last`` have shape (n, M-1); row m of the result (1-based) multiplies the
    first ``M - m`` factors and, for ``m > 1``, the ``(M-m+1)``-th entry of ``last``.
    """
    n = factors.shape[0]
    ones = np.ones((n, 1))
    cumprod = np.hstack([ones, np.cumprod(factors, axis=1)])[:, ::-1]
    return cumprod * np.hstack([ones, last[:, ::-1]])


def linear(x: np.ndarray) -> np.ndarray:
    """Linear shape: a simplex."""
    return _products(x, 1.0 - x)


def convex(x: np.ndarray) -> np.ndarray:
    """Convex shape."""
    return _products(1.0 - np.cos(0.5 * np.pi * x), 1.0 - np.sin(0.5 * np.pi * x))


def concave(x: np.ndarray) -> np.ndarray:
    """Concave shape: the positive orthant of the unit sphere."""
    return _products(np.sin(0.5 * np.pi * x), np.cos(0.5 * np.pi * x))


def mixed(x1: np.ndarray, alpha: float, a: float) -> np.ndarray:
    """Mixed convex/concave last component with ``a`` linear-ish segments."""
    two_a_pi = 2.0 * a * np.pi
    return (1.0 - x1 - np.cos(two_a_pi * x1 + 0.5 * np.pi) / two_a_pi) ** alpha


def disc(x1: np.ndarray, alpha: float, beta: float, a: float) -> np.ndarray:
    """Disconnected last component with ``a`` regions."""
    return 1.0 - x1**alpha * np.cos(a * x1**beta * np.pi) ** 2


# --- Transformations: y -> y', elementwise unless stated ----------------------------------


def _clip01(y: np.ndarray) -> np.ndarray:
    return np.clip(y, 0.0, 1.0)


def b_poly(y: np.ndarray, alpha: float) -> np.ndarray:
    """Polynomial bias ``y ** alpha``."""
    return _clip01(y**alpha)


def b_flat(y: np.ndarray, a: float, b: float, c: float) -> np.ndarray:
    """Flat region: values in ``[b, c]`` map to ``a``."""
    low = np.minimum(0.0, np.floor(y - b)) * a * (b - y) / b
    high = np.minimum(0.0, np.floor(c - y)) * (1.0 - a) * (y - c) / (1.0 - c)
    return _clip01(a + low - high)


def b_param(y: np.ndarray, u: np.ndarray, a: float, b: float, c: float) -> np.ndarray:
    """Parameter-dependent bias: the exponent of ``y`` depends on another value ``u``."""
    exponent = b + (c - b) * (a - (1.0 - 2.0 * u) * np.abs(np.floor(0.5 - u) + a))
    return _clip01(y**exponent)


def s_linear(y: np.ndarray, a: float) -> np.ndarray:
    """Linear shift: the optimum moves from 0 to ``a``."""
    return _clip01(np.abs(y - a) / np.abs(np.floor(a - y) + a))


def s_decept(y: np.ndarray, a: float, b: float, c: float) -> np.ndarray:
    """Deceptive shift: global optimum at ``a`` (width ``b``), deceptive optima at 0 and 1."""
    left = np.floor(y - a + b) * (1.0 - c + (a - b) / b) / (a - b)
    right = np.floor(a + b - y) * (1.0 - c + (1.0 - a - b) / b) / (1.0 - a - b)
    return _clip01(1.0 + (np.abs(y - a) - b) * (left + right + 1.0 / b))


def s_multi(y: np.ndarray, a: float, b: float, c: float) -> np.ndarray:
    """Multimodal shift: ``a`` minima, hill size ``b``, global optimum at ``c``."""
    ratio = np.abs(y - c) / (2.0 * (np.floor(c - y) + c))
    return _clip01(
        (1.0 + np.cos((4.0 * a + 2.0) * np.pi * (0.5 - ratio)) + 4.0 * b * ratio**2) / (b + 2.0)
    )


def r_sum(y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted-sum reduction over the last axis: (n, m) -> (n,)."""
    return _clip01((y * w).sum(axis=-1) / w.sum())


def r_nonsep(y: np.ndarray, a: int) -> np.ndarray:
    """Non-separable reduction of degree ``a`` over the last axis: (n, m) -> (n,)."""
    m = y.shape[-1]
    total = y.sum(axis=-1)
    for shift in range(1, a):
        total = total + np.abs(y - np.roll(y, -shift, axis=-1)).sum(axis=-1)
    half = np.ceil(a / 2.0)
    return _clip01(total / (m / a * half * (1.0 + 2.0 * a - 2.0 * half)))


def group_reduce(y: np.ndarray, k: int, n_obj: int, reduce, **kwargs) -> np.ndarray:
    """Reduce the ``k`` position parameters to ``n_obj - 1`` values and the rest to one.

    ``reduce(block, ...)`` gets the columns of one group. Returns ``t`` of shape (n, n_obj).
    """
    size = k // (n_obj - 1)
    blocks = [y[:, i * size : (i + 1) * size] for i in range(n_obj - 1)]
    blocks.append(y[:, k:])
    return np.column_stack([reduce(block, **kwargs) for block in blocks])
