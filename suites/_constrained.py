"""Constrained test problems with known feasible optima (problem suite ``"constrained"``).

Each problem returns its objective from ``evaluate`` and its constraint values from
``evaluate_constraints``; a point is feasible when every value is ``<= 0``. Through
``study.optimize`` the values go to ``trial.set_constraint("c0", ...)`` etc., which the
engine's constrained samplers read. ``f_star`` is the best *feasible* value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from hpobench.distributions import BaseDistribution, FloatDistribution
from suites._classic import Branin
from suites._problem import Problem
from suites._registry import register

__all__ = [
    "G06",
    "G08",
    "G24",
    "ConstrainedProblem",
    "GramacyToy",
    "NewBranin",
    "PressureVessel",
    "WeldedBeam",
]


class ConstrainedProblem(Problem):
    """A box-bounded problem with inequality constraints ``g(x) <= 0``.

    Subclasses set ``family``, ``lows``/``highs``, ``n_constraints``, the optimum and
    ``_f``/``_g`` on ``(n, d)`` arrays.
    """

    lows: ClassVar[Sequence[float]]
    highs: ClassVar[Sequence[float]]
    base_tags: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, *, seed: int | None = None) -> None:
        super().__init__({}, seed=seed)
        self.tags = frozenset({"constrained", f"dim={len(self.lows)}"} | self.base_tags)

    @property
    def space(self) -> dict[str, BaseDistribution]:
        return {
            f"x{i}": FloatDistribution(float(lo), float(hi))
            for i, (lo, hi) in enumerate(zip(self.lows, self.highs))
        }

    def evaluate(self, X: np.ndarray) -> np.ndarray:
        return self._f(self._check_X(X))

    def evaluate_constraints(self, X: np.ndarray) -> np.ndarray:
        return self._g(self._check_X(X))

    def _f(self, X: np.ndarray) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} must define _f(X).")

    def _g(self, X: np.ndarray) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} must define _g(X).")


class GramacyToy(ConstrainedProblem):
    """Gramacy et al. (2016)'s toy problem: ``min x1 + x2`` under a wavy and a disc constraint.

    Examples
    --------
    >>> p = GramacyToy()
    >>> round(p.f_star, 4), bool(np.all(p.evaluate_constraints(p.x_star[None]) <= 1e-9))
    (0.5998, True)
    """

    family = "GramacyToy"
    lows, highs = (0.0, 0.0), (1.0, 1.0)
    n_constraints = 2
    f_star = 0.5997880520100675
    x_star = np.array([0.19512268695060037, 0.4046653650594671])
    f_star_source = "numeric: constrained differential evolution + SLSQP (Gramacy et al. 0.5998)"

    def _f(self, X: np.ndarray) -> np.ndarray:
        return X[:, 0] + X[:, 1]

    def _g(self, X: np.ndarray) -> np.ndarray:
        x1, x2 = X[:, 0], X[:, 1]
        c1 = 1.5 - x1 - 2 * x2 - 0.5 * np.sin(2 * math.pi * (x1**2 - 2 * x2))
        c2 = x1**2 + x2**2 - 1.5
        return np.column_stack([c1, c2])


class G06(ConstrainedProblem):
    """G06 of the CEC 2006 suite: a cubic objective in a thin crescent.

    Examples
    --------
    >>> round(G06().f_star, 3)
    -6961.814
    """

    family = "G06"
    lows, highs = (13.0, 0.0), (100.0, 100.0)
    n_constraints = 2
    f_star = -6961.813875580135
    x_star = np.array([14.095, 0.8429607892154802])
    f_star_source = "analytic: both constraints active, x2 = 5 - sqrt(100 - 9.095²)"

    def _f(self, X: np.ndarray) -> np.ndarray:
        return (X[:, 0] - 10) ** 3 + (X[:, 1] - 20) ** 3

    def _g(self, X: np.ndarray) -> np.ndarray:
        x1, x2 = X[:, 0], X[:, 1]
        return np.column_stack(
            [-((x1 - 5) ** 2) - (x2 - 5) ** 2 + 100, (x1 - 6) ** 2 + (x2 - 5) ** 2 - 82.81]
        )


class G08(ConstrainedProblem):
    """G08 of the CEC 2006 suite: a multimodal ratio of sines, minimised.

    Examples
    --------
    >>> round(G08().f_star, 6)
    -0.095825
    """

    family = "G08"
    lows, highs = (0.0, 0.0), (10.0, 10.0)
    n_constraints = 2
    base_tags = frozenset({"multimodal"})
    f_star = -0.09582504141803543
    x_star = np.array([1.227971351407806, 4.245373352196759])
    f_star_source = "numeric: constrained differential evolution + SLSQP (interior optimum)"

    def _f(self, X: np.ndarray) -> np.ndarray:
        x1, x2 = X[:, 0], X[:, 1]
        num = np.sin(2 * math.pi * x1) ** 3 * np.sin(2 * math.pi * x2)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = -num / (x1**3 * (x1 + x2))
        # The ratio tends to 0 at the origin along the box; keep it finite there.
        return np.where(np.isfinite(value), value, 0.0)

    def _g(self, X: np.ndarray) -> np.ndarray:
        x1, x2 = X[:, 0], X[:, 1]
        return np.column_stack([x1**2 - x2 + 1, 1 - x1 + (x2 - 4) ** 2])


class G24(ConstrainedProblem):
    """G24 of the CEC 2006 suite: a linear objective over two disconnected regions.

    Examples
    --------
    >>> round(G24().f_star, 5)
    -5.50801
    """

    family = "G24"
    lows, highs = (0.0, 0.0), (3.0, 4.0)
    n_constraints = 2
    f_star = -5.508013271595306
    x_star = np.array([2.3295201974776094, 3.1784930741176964])
    f_star_source = "analytic: both constraints active, root of -2x⁴+24x³-80x²+96x-34"

    def _f(self, X: np.ndarray) -> np.ndarray:
        return -X[:, 0] - X[:, 1]

    def _g(self, X: np.ndarray) -> np.ndarray:
        x1, x2 = X[:, 0], X[:, 1]
        g1 = -2 * x1**4 + 8 * x1**3 - 8 * x1**2 + x2 - 2
        g2 = -4 * x1**4 + 32 * x1**3 - 88 * x1**2 + 96 * x1 + x2 - 36
        return np.column_stack([g1, g2])


class NewBranin(ConstrainedProblem):
    """Parr et al. (2012)'s constrained Branin: ``min -(x1-10)² - (x2-15)²`` s.t. Branin ≤ 5.

    Examples
    --------
    >>> round(NewBranin().f_star, 3)
    -268.789
    """

    family = "NewBranin"
    lows, highs = (-5.0, 0.0), (10.0, 15.0)
    n_constraints = 1
    f_star = -268.788504671247
    x_star = np.array([3.273023785604139, 0.04886975234984803])
    f_star_source = "numeric: bounded Brent along the active boundary Branin(x) = 5"

    def _f(self, X: np.ndarray) -> np.ndarray:
        return -((X[:, 0] - 10) ** 2) - (X[:, 1] - 15) ** 2

    def _g(self, X: np.ndarray) -> np.ndarray:
        return (Branin()._f(X) - 5.0)[:, None]


class PressureVessel(ConstrainedProblem):
    """The pressure-vessel design problem (Sandgren 1990), continuous thicknesses.

    ``x = (shell thickness, head thickness, inner radius, length)``.

    Examples
    --------
    >>> round(PressureVessel().f_star, 2)
    5885.33
    """

    family = "PressureVessel"
    lows, highs = (0.0, 0.0, 10.0, 10.0), (99.0, 99.0, 200.0, 200.0)
    n_constraints = 4
    base_tags = frozenset({"engineering"})
    f_star = 5885.332773616459
    x_star = np.array([0.7781686413751053, 0.3846491626279018, 40.31961872409872, 200.0])
    f_star_source = (
        "analytic: active set (thicknesses, volume, length = 200); literature 5885.3328"
    )

    def _f(self, X: np.ndarray) -> np.ndarray:
        ts, th, r, length = X.T
        return (
            0.6224 * ts * r * length
            + 1.7781 * th * r**2
            + 3.1661 * ts**2 * length
            + 19.84 * ts**2 * r
        )

    def _g(self, X: np.ndarray) -> np.ndarray:
        ts, th, r, length = X.T
        volume = math.pi * r**2 * length + 4 / 3 * math.pi * r**3
        return np.column_stack(
            [-ts + 0.0193 * r, -th + 0.00954 * r, (1_296_000 - volume) / 1_296_000, length - 240]
        )


class WeldedBeam(ConstrainedProblem):
    """The welded-beam design problem (Coello 2000 / Rao), seven constraints.

    ``x = (weld thickness h, weld length l, bar height t, bar thickness b)``.

    Examples
    --------
    >>> round(WeldedBeam().f_star, 4)
    1.7249
    """

    family = "WeldedBeam"
    lows, highs = (0.1, 0.1, 0.1, 0.1), (2.0, 10.0, 10.0, 2.0)
    n_constraints = 7
    base_tags = frozenset({"engineering"})
    f_star = 1.7248523085973646
    x_star = np.array(
        [0.20572963978607944, 3.4704886656280016, 9.036623910357633, 0.20572963978607944]
    )
    f_star_source = (
        "numeric: active set (shear, bending, buckling, h = b) solved by fsolve; "
        "literature 1.724852"
    )
    _P, _L, _E, _G = 6000.0, 14.0, 30e6, 12e6

    def _f(self, X: np.ndarray) -> np.ndarray:
        h, length, t, b = X.T
        return 1.10471 * h**2 * length + 0.04811 * t * b * (14.0 + length)

    def _g(self, X: np.ndarray) -> np.ndarray:
        h, length, t, b = X.T
        P, L, E, G = self._P, self._L, self._E, self._G
        tau1 = P / (math.sqrt(2) * h * length)
        moment = P * (L + length / 2)
        radius = np.sqrt(length**2 / 4 + ((h + t) / 2) ** 2)
        inertia = 2 * (math.sqrt(2) * h * length * (length**2 / 12 + ((h + t) / 2) ** 2))
        tau2 = moment * radius / inertia
        tau = np.sqrt(tau1**2 + tau1 * tau2 * length / radius + tau2**2)
        sigma = 6 * P * L / (b * t**2)
        delta = 4 * P * L**3 / (E * t**3 * b)
        buckling = (
            4.013
            * E
            * np.sqrt(t**2 * b**6 / 36)
            / L**2
            * (1 - t / (2 * L) * math.sqrt(E / (4 * G)))
        )
        # Scaled by their limits so that every constraint is O(1).
        return np.column_stack(
            [
                tau / 13600 - 1,
                sigma / 30000 - 1,
                h - b,
                (0.10471 * h**2 + 0.04811 * t * b * (14 + length)) / 5 - 1,
                0.125 - h,
                delta / 0.25 - 1,
                1 - buckling / P,
            ]
        )


for _cls in (GramacyToy, G06, G08, G24, NewBranin, PressureVessel, WeldedBeam):
    register(_cls, suites=["constrained"])
