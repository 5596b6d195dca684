"""Evalset's AMPGO-derived test functions, Ackley to Michalewicz, vectorised.

Each function takes an ``(n, d)`` array and returns ``(n,)`` values. Definitions
follow evalset (sigopt/evalset ``test_funcs.py``), which collects Andrea Gavana's AMPGO
benchmark; where evalset deviates from the textbook form, evalset's form is kept (it
is what the published experiments ran) and the docstring says so.
"""

from __future__ import annotations

import math

import numpy as np

from suites._classic import ackley, hartmann


def ackley_evalset(X: np.ndarray) -> np.ndarray:
    """Ackley's function (also evalset's ``Easom``, which is Ackley on another box)."""
    return ackley(X)


def adjiman(X: np.ndarray) -> np.ndarray:
    """``cos(x1) sin(x2) - x1 / (x2² + 1)``."""
    x1, x2 = X[:, 0], X[:, 1]
    return np.cos(x1) * np.sin(x2) - x1 / (x2**2 + 1)


def alpine02(X: np.ndarray) -> np.ndarray:
    """``Π √x_i sin(x_i)``."""
    return np.prod(np.sqrt(X) * np.sin(X), axis=1)


def branin02(X: np.ndarray) -> np.ndarray:
    """Branin's modified form with a ``cos(x1) cos(x2)`` term and ``log(x1² + x2² + 1)``."""
    x1, x2 = X[:, 0], X[:, 1]
    quad = (x2 - 5.1 / (4 * math.pi**2) * x1**2 + 5 * x1 / math.pi - 6) ** 2
    wave = 10 * (1 - 1 / (8 * math.pi)) * np.cos(x1) * np.cos(x2)
    return quad + wave + np.log(x1**2 + x2**2 + 1) + 10


def bukin06(X: np.ndarray) -> np.ndarray:
    """``100 √|x2 - 0.01 x1²| + 0.01 |x1 + 10|``."""
    x1, x2 = X[:, 0], X[:, 1]
    return 100 * np.sqrt(np.abs(x2 - 0.01 * x1**2)) + 0.01 * np.abs(x1 + 10)


def carrom_table(X: np.ndarray) -> np.ndarray:
    """``-(cos x1 cos x2 exp|1 - ‖x‖/π|)² / 30``."""
    x1, x2 = X[:, 0], X[:, 1]
    g = np.cos(x1) * np.cos(x2) * np.exp(np.abs(1 - np.hypot(x1, x2) / math.pi))
    return -(g**2) / 30


def csendes(X: np.ndarray) -> np.ndarray:
    """``Σ x⁶ (2 + sin(1/x))``, continued by 0 at ``x = 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = X**6 * (2 + np.sin(1 / X))
    return np.sum(np.where(X == 0, 0.0, terms), axis=1)


def deb02(X: np.ndarray) -> np.ndarray:
    """``-(1/d) Σ sin⁶(5π (x^0.75 - 0.05))``."""
    return -np.mean(np.sin(5 * math.pi * (X**0.75 - 0.05)) ** 6, axis=1)


def deflected_corrugated_spring(X: np.ndarray) -> np.ndarray:
    """``-cos(5 ‖x - 5‖) + 0.1 ‖x - 5‖²``."""
    r2 = np.sum((X - 5.0) ** 2, axis=1)
    return -np.cos(5.0 * np.sqrt(r2)) + 0.1 * r2


def exponential(X: np.ndarray) -> np.ndarray:
    """``-exp(-‖x‖² / 2)``."""
    return -np.exp(-0.5 * np.sum(X**2, axis=1))


_H3_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
_H3_A = np.array([[3.0, 10, 30], [0.1, 10, 35], [3.0, 10, 30], [0.1, 10, 35]])
# evalset uses 0.03815 for P[3, 0] (some references round it to 0.0381).
_H3_P = np.array(
    [
        [0.3689, 0.1170, 0.2673],
        [0.4699, 0.4387, 0.7470],
        [0.1091, 0.8732, 0.5547],
        [0.03815, 0.5743, 0.8828],
    ]
)


def hartmann3(X: np.ndarray) -> np.ndarray:
    """Hartmann's 3-D function."""
    return hartmann(X, _H3_ALPHA, _H3_A, _H3_P)


def helical_valley(X: np.ndarray) -> np.ndarray:
    """Fletcher–Powell's helical valley, ``θ`` from ``atan2``."""
    x1, x2, x3 = X[:, 0], X[:, 1], X[:, 2]
    theta = 10 * np.arctan2(x2, x1) / (2 * math.pi)
    return 100 * ((x3 - theta) ** 2 + (np.hypot(x1, x2) - 1) ** 2) + x3**2


def lennard_jones6(X: np.ndarray) -> np.ndarray:
    """Two-atom Lennard-Jones energy ``(1/u - 2)/u``, ``u = r⁶ + 1e-8``, capped at 0."""
    r2 = np.sum((X[:, :3] - X[:, 3:6]) ** 2, axis=1)
    u = r2**3 + 1e-8
    energy = np.where(r2 > 0, (1 / u - 2) / u, 0.0)
    return np.minimum(energy, 0.0)


def michalewicz(X: np.ndarray) -> np.ndarray:
    """``-Σ sin(x_i) sin(i x_i² / π)^20`` (``m = 10``)."""
    i = np.arange(1, X.shape[1] + 1)
    return -np.sum(np.sin(X) * np.sin(i * X**2 / math.pi) ** 20, axis=1)
