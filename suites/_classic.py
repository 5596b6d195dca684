"""Classic test functions with their standard domains (problem suite ``"classic"``).

Definitions and domains follow Surjanovic & Bingham's *Virtual Library of Simulation
Experiments* (and Dixon & Szegő 1978 for Branin and Hartmann). Branin, Hartmann6 and
StyblinskiTang share evalset's domain, so the evalset cases reuse these families.
Evalset's Ackley and Rastrigin use other domains (``[-10, 30]^d`` and a shifted box),
so the classic-domain versions are named ``AckleyClassic`` and ``RastriginClassic``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from suites._box import BoxProblem, Optimum
from suites._registry import register

__all__ = [
    "AckleyClassic",
    "Branin",
    "Hartmann6",
    "RastriginClassic",
    "Rosenbrock",
    "StyblinskiTang",
]


class Branin(BoxProblem):
    """Branin–Hoo on ``[-5, 10] × [0, 15]``; three global minima of ``5 / (4π)``.

    Examples
    --------
    >>> round(float(Branin().evaluate(np.array([[math.pi, 2.275]]))[0]), 6)
    0.397887
    """

    family = "Branin"
    fixed_dim = 2
    base_tags = frozenset({"multi_min"})
    optima = {(2, ()): Optimum(5 / (4 * math.pi), [math.pi, 2.275], "analytic: 5/(4π)")}

    @classmethod
    def bounds(cls, dim: int) -> tuple[Sequence[float], Sequence[float]]:
        return [-5.0, 0.0], [10.0, 15.0]

    def _f(self, X: np.ndarray) -> np.ndarray:
        x1, x2 = X[:, 0], X[:, 1]
        b, c, t = 5.1 / (4 * math.pi**2), 5 / math.pi, 1 / (8 * math.pi)
        return (x2 - b * x1**2 + c * x1 - 6) ** 2 + 10 * (1 - t) * np.cos(x1) + 10


_H6_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
_H6_A = np.array(
    [
        [10, 3, 17, 3.5, 1.7, 8],
        [0.05, 10, 17, 0.1, 8, 14],
        [3, 3.5, 1.7, 10, 17, 8],
        [17, 8, 0.05, 10, 0.1, 14],
    ]
)
_H6_P = 1e-4 * np.array(
    [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ]
)


def hartmann(X: np.ndarray, alpha: np.ndarray, A: np.ndarray, P: np.ndarray) -> np.ndarray:
    """The Hartmann family: ``-Σ_i α_i exp(-Σ_j A_ij (x_j - P_ij)²)`` on rows of ``X``."""
    inner = np.einsum("ij,nij->ni", A, (X[:, None, :] - P[None, :, :]) ** 2)
    return -np.exp(-inner) @ alpha


class Hartmann6(BoxProblem):
    """Hartmann's 6-D function on ``[0, 1]^6`` (4 local minima).

    Examples
    --------
    >>> round(Hartmann6().f_star, 6)
    -3.322368
    """

    family = "Hartmann6"
    fixed_dim = 6
    base_tags = frozenset({"boring"})
    optima = {
        (6, ()): Optimum(
            -3.322368011415515,
            [0.2016895085, 0.1500106941, 0.4768739750, 0.2753324284, 0.3116516171, 0.6573005337],
            "numeric: Nelder-Mead polish of the location in Surjanovic & Bingham",
        )
    }

    @classmethod
    def bounds(cls, dim: int) -> tuple[Sequence[float], Sequence[float]]:
        return [0.0] * 6, [1.0] * 6

    def _f(self, X: np.ndarray) -> np.ndarray:
        return hartmann(X, _H6_ALPHA, _H6_A, _H6_P)


class Rosenbrock(BoxProblem):
    """Rosenbrock's valley on ``[-5, 10]^d``, minimum 0 at ``(1, ..., 1)``.

    Examples
    --------
    >>> float(Rosenbrock(3).evaluate(np.ones((1, 3)))[0])
    0.0
    """

    family = "Rosenbrock"
    allowed_dims = range(2, 1001)
    base_tags = frozenset({"unimodal"})

    @classmethod
    def bounds(cls, dim: int) -> tuple[Sequence[float], Sequence[float]]:
        return [-5.0] * dim, [10.0] * dim

    def optimum_for_dim(self, dim: int) -> Optimum:
        return Optimum(0.0, np.ones(dim), "analytic")

    def _f(self, X: np.ndarray) -> np.ndarray:
        return np.sum(100.0 * (X[:, 1:] - X[:, :-1] ** 2) ** 2 + (1.0 - X[:, :-1]) ** 2, axis=1)


def ackley(X: np.ndarray) -> np.ndarray:
    """Ackley's function ``-20 exp(-0.2 √mean(x²)) - exp(mean(cos 2πx)) + 20 + e``."""
    s1 = np.mean(X**2, axis=1)
    s2 = np.mean(np.cos(2 * math.pi * X), axis=1)
    return -20.0 * np.exp(-0.2 * np.sqrt(s1)) - np.exp(s2) + 20.0 + math.e


class AckleyClassic(BoxProblem):
    """Ackley's function on the classic domain ``[-32.768, 32.768]^d``; minimum 0 at 0.

    Examples
    --------
    >>> abs(float(AckleyClassic(10).evaluate(np.zeros((1, 10)))[0])) < 1e-12
    True
    """

    family = "AckleyClassic"
    allowed_dims = range(1, 1001)
    base_tags = frozenset({"oscillatory", "multimodal"})

    @classmethod
    def bounds(cls, dim: int) -> tuple[Sequence[float], Sequence[float]]:
        return [-32.768] * dim, [32.768] * dim

    def optimum_for_dim(self, dim: int) -> Optimum:
        return Optimum(0.0, np.zeros(dim), "analytic")

    def _f(self, X: np.ndarray) -> np.ndarray:
        return ackley(X)


def rastrigin(X: np.ndarray) -> np.ndarray:
    """Rastrigin's function ``10 d + Σ (x² - 10 cos 2πx)``."""
    return 10.0 * X.shape[1] + np.sum(X**2 - 10.0 * np.cos(2 * math.pi * X), axis=1)


class RastriginClassic(BoxProblem):
    """Rastrigin's function on the classic domain ``[-5.12, 5.12]^d``; minimum 0 at 0.

    Examples
    --------
    >>> float(RastriginClassic(5).evaluate(np.zeros((1, 5)))[0])
    0.0
    """

    family = "RastriginClassic"
    allowed_dims = range(1, 1001)
    base_tags = frozenset({"oscillatory", "multimodal"})

    @classmethod
    def bounds(cls, dim: int) -> tuple[Sequence[float], Sequence[float]]:
        return [-5.12] * dim, [5.12] * dim

    def optimum_for_dim(self, dim: int) -> Optimum:
        return Optimum(0.0, np.zeros(dim), "analytic")

    def _f(self, X: np.ndarray) -> np.ndarray:
        return rastrigin(X)


# The minimiser of 0.5 (x⁴ - 16x² + 5x): the smallest root of 4x³ - 32x + 5 = 0.
_ST_X = float(min(np.roots([4.0, 0.0, -32.0, 5.0]).real))
_ST_F = 0.5 * (_ST_X**4 - 16 * _ST_X**2 + 5 * _ST_X)


class StyblinskiTang(BoxProblem):
    """Styblinski–Tang on ``[-5, 5]^d``; minimum ``≈ -39.166 d`` at ``x_i ≈ -2.9035``.

    Examples
    --------
    >>> round(StyblinskiTang(5).f_star, 3)
    -195.831
    """

    family = "StyblinskiTang"
    allowed_dims = range(1, 1001)

    @classmethod
    def bounds(cls, dim: int) -> tuple[Sequence[float], Sequence[float]]:
        return [-5.0] * dim, [5.0] * dim

    def optimum_for_dim(self, dim: int) -> Optimum:
        return Optimum(dim * _ST_F, np.full(dim, _ST_X), "analytic: root of 4x³-32x+5")

    def _f(self, X: np.ndarray) -> np.ndarray:
        return 0.5 * np.sum(X**4 - 16.0 * X**2 + 5.0 * X, axis=1)


register(Branin, suites=["classic"])
register(Hartmann6, suites=["classic"])
register(Rosenbrock, cases=[{"dim": 2}, {"dim": 5}], suites=["classic"])
register(AckleyClassic, cases=[{"dim": 2}, {"dim": 10}], suites=["classic"])
register(RastriginClassic, cases=[{"dim": 2}, {"dim": 5}], suites=["classic"])
register(StyblinskiTang, cases=[{"dim": 2}, {"dim": 10}], suites=["classic"])
