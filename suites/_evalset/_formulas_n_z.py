"""Evalset's AMPGO-derived test functions, Mishra06 to YaoLiu, vectorised.

See :mod:`suites._evalset._formulas_a_m`; same conventions.
"""

from __future__ import annotations

import math

import numpy as np


def mishra06(X: np.ndarray) -> np.ndarray:
    """Mishra's function 6 (``+inf`` where the logarithm's argument vanishes)."""
    x1, x2 = X[:, 0], X[:, 1]
    a = np.sin((np.cos(x1) + np.cos(x2)) ** 2) ** 2
    b = np.cos((np.sin(x1) + np.sin(x2)) ** 2) ** 2
    with np.errstate(divide="ignore"):
        return -np.log((a - b + x1) ** 2) + 0.1 * ((x1 - 1) ** 2 + (x2 - 1) ** 2)


def ned01(X: np.ndarray) -> np.ndarray:
    """``|cos √|x1² + x2||^0.5 + 0.01 (x1 + x2)``."""
    x1, x2 = X[:, 0], X[:, 1]
    return np.sqrt(np.abs(np.cos(np.sqrt(np.abs(x1**2 + x2))))) + 0.01 * (x1 + x2)


def odd_square(X: np.ndarray) -> np.ndarray:
    """The odd square, centred on ``b = (1, 1.3)``."""
    sq = (X - np.array([1.0, 1.3])) ** 2
    d = X.shape[1] * np.max(sq, axis=1)
    h = np.sum(sq, axis=1)
    return -np.exp(-d / (2 * math.pi)) * np.cos(math.pi * d) * (1 + 0.02 * h / (d + 0.01))


def parsopoulos(X: np.ndarray) -> np.ndarray:
    """``cos²(x1) + sin²(x2)``."""
    return np.cos(X[:, 0]) ** 2 + np.sin(X[:, 1]) ** 2


def pinter(X: np.ndarray) -> np.ndarray:
    """Pintér's function, with cyclic neighbours ``x_{i-1}``, ``x_{i+1}``."""
    i = np.arange(1, X.shape[1] + 1)
    prev, nxt = np.roll(X, 1, axis=1), np.roll(X, -1, axis=1)
    a = prev * np.sin(X) + np.sin(nxt)
    b = prev**2 - 2 * X + 3 * nxt - np.cos(X) + 1
    terms = i * X**2 + 20 * i * np.sin(a) ** 2 + i * np.log10(1 + i * b**2)
    return np.sum(terms, axis=1)


def plateau(X: np.ndarray) -> np.ndarray:
    """``30 + Σ ⌊|x_i|⌋``."""
    return 30 + np.sum(np.floor(np.abs(X)), axis=1)


def problem03(X: np.ndarray) -> np.ndarray:
    """``-Σ_{k=1..5} k sin((k+1) x + k)`` (1-D)."""
    k = np.arange(1, 6)
    return -np.sum(k * np.sin((k + 1) * X[:, :1] + k), axis=1)


def rastrigin_evalset(X: np.ndarray) -> np.ndarray:
    """Rastrigin's function (evalset's case uses a shifted 8-D box)."""
    return 10.0 * X.shape[1] + np.sum(X**2 - 10.0 * np.cos(2 * math.pi * X), axis=1)


def rosenbrock_log(X: np.ndarray) -> np.ndarray:
    """``log(1 + Rosenbrock(x))``."""
    head, tail = X[:, :-1], X[:, 1:]
    return np.log1p(np.sum(100 * (tail - head**2) ** 2 + (1 - head) ** 2, axis=1))


def sargan(X: np.ndarray) -> np.ndarray:
    """Evalset's Sargan: ``d (Σ x_i² + 0.4 d Σ x_i x_{i+1})``.

    This is not Gavana's textbook Sargan (which couples all pairs); for ``d >= 3`` the
    quadratic form is indefinite and the minimum moves to the boundary.
    """
    d = X.shape[1]
    return d * (np.sum(X**2, axis=1) + 0.4 * d * np.sum(X[:, :-1] * X[:, 1:], axis=1))


def schwefel20(X: np.ndarray) -> np.ndarray:
    """``Σ |x_i|``."""
    return np.sum(np.abs(X), axis=1)


def schwefel36(X: np.ndarray) -> np.ndarray:
    """``-x1 x2 (72 - 2 x1 - 2 x2)``."""
    x1, x2 = X[:, 0], X[:, 1]
    return -x1 * x2 * (72 - 2 * x1 - 2 * x2)


_SHEKEL_A = np.array(
    [
        [4, 4, 4, 4],
        [1, 1, 1, 1],
        [8, 8, 8, 8],
        [6, 6, 6, 6],
        [3, 7, 3, 7],
        [2, 9, 2, 9],
        [5, 5, 3, 3],
        [8, 1, 8, 1],
        [6, 2, 6, 2],
        [7, 3, 7, 3],
    ],
    dtype=float,
)
_SHEKEL_C = np.array([0.1, 0.2, 0.2, 0.4, 0.4, 0.6, 0.3, 0.7, 0.5, 0.5])
# evalset's Shekel05 uses 0.6 (not the textbook 0.4) for its fifth well.
_SHEKEL05_C = np.array([0.1, 0.2, 0.2, 0.4, 0.6])


def shekel(X: np.ndarray, m: int) -> np.ndarray:
    """Shekel's foxholes with the first ``m`` wells: ``-Σ 1 / (‖x - a_i‖² + c_i)``."""
    c = _SHEKEL05_C if m == 5 else _SHEKEL_C[:m]
    r2 = np.sum((X[:, None, :] - _SHEKEL_A[None, :m, :]) ** 2, axis=2)
    return -np.sum(1.0 / (r2 + c), axis=1)


def sphere(X: np.ndarray) -> np.ndarray:
    """``Σ x_i²``."""
    return np.sum(X**2, axis=1)


def trid(X: np.ndarray) -> np.ndarray:
    """``Σ (x_i - 1)² - Σ x_i x_{i-1}``."""
    return np.sum((X - 1) ** 2, axis=1) - np.sum(X[:, 1:] * X[:, :-1], axis=1)


def tripod(X: np.ndarray) -> np.ndarray:
    """The tripod: three cones, minimum 0 at ``(0, -50)``."""
    x1, x2 = X[:, 0], X[:, 1]
    p1, p2 = (x1 >= 0).astype(float), (x2 >= 0).astype(float)
    return p2 * (1 + p1) + np.abs(x1 + 50 * p2 * (1 - 2 * p1)) + np.abs(x2 + 50 * (1 - 2 * p2))


_W_K = np.arange(21)
_W_A = 0.5**_W_K
_W_B = 3.0**_W_K


def weierstrass(X: np.ndarray) -> np.ndarray:
    """Evalset's Weierstrass: ``Σ_i [Σ_k a^k cos(2π b^k (x_i + ½)) - d Σ_k a^k cos(π b^k)]``.

    ``a = 0.5``, ``b = 3``, ``k = 0..20``. The constant is subtracted once per coordinate,
    so the minimum (at 0) is ``2 d (d - 1)`` up to ``2^-20`` terms, not 0.
    """
    d = X.shape[1]
    waves = np.cos(2 * math.pi * _W_B * (X[:, :, None] + 0.5)) @ _W_A
    offset = d * np.sum(_W_A * np.cos(math.pi * _W_B))
    return np.sum(waves - offset, axis=1)


def _sigmoid_sum(*terms: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-sum(terms)))


def xor(X: np.ndarray) -> np.ndarray:
    """The XOR network's error for weights ``x`` (9-D)."""
    x = X.T
    f1 = _sigmoid_sum(
        x[6] * _sigmoid_sum(x[0], x[1], x[4]), x[7] * _sigmoid_sum(x[2], x[3], x[5]), x[8]
    )
    f2 = _sigmoid_sum(x[6] * _sigmoid_sum(x[4]), x[7] * _sigmoid_sum(x[5]), x[8])
    f3 = _sigmoid_sum(x[6] * _sigmoid_sum(x[0], x[4]), x[7] * _sigmoid_sum(x[2], x[5]), x[8])
    f4 = _sigmoid_sum(x[6] * _sigmoid_sum(x[1], x[4]), x[7] * _sigmoid_sum(x[3], x[5]), x[8])
    return f1**2 + f2**2 + (1 - f3) ** 2 + (1 - f4) ** 2


def yao_liu(X: np.ndarray) -> np.ndarray:
    """``Σ (x_i² - 10 cos(2π x_i) + 10)``."""
    return np.sum(X**2 - 10 * np.cos(2 * math.pi * X) + 10, axis=1)


def shekel05(X: np.ndarray) -> np.ndarray:
    """Shekel's foxholes with 5 wells (evalset's weights)."""
    return shekel(X, 5)


def shekel07(X: np.ndarray) -> np.ndarray:
    """Shekel's foxholes with 7 wells."""
    return shekel(X, 7)
