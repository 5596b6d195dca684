"""Evalset's AMPGO-derived functions as :class:`~suites._box.BoxProblem` families.

One spec per function: formula, allowed dimensions, box, evalset's classifiers and a
closed-form optimum when there is one. Optima without a closed form come from
:mod:`suites._evalset._optima` (numerically derived, with provenance).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from suites._box import BoxProblem, Optimum
from suites._evalset import _formulas_a_m as am
from suites._evalset import _formulas_n_z as nz

__all__ = ["AMPGO_CLASSES", "michalewicz_optimum"]

Formula = Callable[[np.ndarray], np.ndarray]
Bounds = Callable[[int], tuple[Sequence[float], Sequence[float]]]
ClosedForm = Callable[[int], Optimum | None]


@dataclass(frozen=True)
class _Spec:
    formula: Formula
    dims: int | range  # a fixed dimension or the allowed range
    bounds: Bounds
    tags: tuple[str, ...] = ()
    closed_form: ClosedForm | None = None


def _cube(low: float, high: float) -> Bounds:
    return lambda d: ([low] * d, [high] * d)


def _at(value: float, point: Callable[[int], Sequence[float]], source: str) -> ClosedForm:
    return lambda d: Optimum(value, point(d), source)


def _zero_at_origin(d: int) -> Optimum:
    return Optimum(0.0, np.zeros(d), "analytic")


def michalewicz_optimum(d: int) -> Optimum:
    """The optimum of Michalewicz in ``d`` dimensions; the function is separable.

    Each coordinate's term ``-sin(x) sin(i x²/π)^20`` is minimised on ``[0, π]`` by a
    20,001-point grid followed by a bounded Brent search around the best grid point.

    Examples
    --------
    >>> round(michalewicz_optimum(2).f, 4)
    -1.8013
    """
    from scipy.optimize import minimize_scalar  # only needed here; slow to import

    grid = np.linspace(0.0, math.pi, 20001)
    step = grid[1] - grid[0]
    xs, fs = [], []
    for i in range(1, d + 1):

        def term(x: float, i: int = i) -> float:
            return -math.sin(x) * math.sin(i * x * x / math.pi) ** 20

        k = int(np.argmin([term(x) for x in grid]))
        lo, hi = max(0.0, grid[k] - step), min(math.pi, grid[k] + step)
        res = minimize_scalar(term, bounds=(lo, hi), method="bounded", options={"xatol": 1e-12})
        xs.append(float(res.x))
        fs.append(term(float(res.x)))
    return Optimum(sum(fs), xs, "numeric: separable, per-coordinate grid + bounded Brent")


def _sargan_optimum(d: int) -> Optimum | None:
    # Positive definite (minimum 0 at the origin) only while 0.4 d cos(π/(d+1)) < 1.
    if 0.4 * d * math.cos(math.pi / (d + 1)) < 1:
        return Optimum(0.0, np.zeros(d), "analytic: positive-definite quadratic form")
    return None


def _weierstrass_optimum(d: int) -> Optimum:
    c = float(np.sum(0.5 ** np.arange(21) * np.cos(math.pi * 3.0 ** np.arange(21))))
    return Optimum(d * c - d * d * c, np.zeros(d), "analytic: value at 0, the unique minimiser")


def _lennard_jones_optimum(d: int) -> Optimum:
    # (1/u - 2)/u is smallest (-1) at u = r⁶ + 1e-8 = 1.
    r = (1 - 1e-8) ** (1 / 6)
    return Optimum(-1.0, [0.0, 0.0, 0.0, r, 0.0, 0.0], "analytic: pair distance with u = 1")


_DEB02_X = 0.15 ** (4 / 3)  # sin⁶(5π(x^0.75 - 0.05)) = 1 at x^0.75 = 0.15

_SPECS: dict[str, _Spec] = {
    "Ackley": _Spec(
        am.ackley_evalset,
        range(1, 101),
        _cube(-10, 30),
        ("complicated", "oscillatory", "unimodal", "noisy"),
        _zero_at_origin,
    ),
    "Adjiman": _Spec(am.adjiman, 2, lambda d: ([-1, -1], [2, 1]), ("unimodal", "bound_min")),
    "Alpine02": _Spec(am.alpine02, 2, _cube(0, 10), ("oscillatory", "multi_min")),
    "Branin02": _Spec(am.branin02, 2, _cube(-5, 15)),
    "Bukin06": _Spec(
        am.bukin06,
        2,
        lambda d: ([-15, -3], [-5, 3]),
        ("nonsmooth",),
        _at(0.0, lambda d: [-10.0, 1.0], "analytic"),
    ),
    "CarromTable": _Spec(
        am.carrom_table, 2, _cube(-10, 10), ("boring", "multi_min", "nonsmooth", "complicated")
    ),
    "Csendes": _Spec(am.csendes, range(1, 101), _cube(-0.5, 1), ("unimodal",), _zero_at_origin),
    "Deb02": _Spec(
        am.deb02,
        range(1, 101),
        _cube(0, 1),
        ("oscillatory", "multi_min"),
        _at(-1.0, lambda d: [_DEB02_X] * d, "analytic"),
    ),
    "DeflectedCorrugatedSpring": _Spec(
        am.deflected_corrugated_spring,
        range(1, 101),
        _cube(0, 7.5),
        ("oscillatory",),
        _at(-1.0, lambda d: [5.0] * d, "analytic"),
    ),
    "Easom": _Spec(
        am.ackley_evalset, range(1, 101), _cube(-100, 20), ("unimodal", "boring"), _zero_at_origin
    ),
    "Exponential": _Spec(
        am.exponential,
        range(1, 101),
        _cube(-0.7, 0.2),
        ("unimodal",),
        _at(-1.0, np.zeros, "analytic"),
    ),
    "Hartmann3": _Spec(am.hartmann3, 3, _cube(0, 1)),
    "HelicalValley": _Spec(
        am.helical_valley,
        3,
        _cube(-1, 2),
        ("unscaled",),
        _at(0.0, lambda d: [1.0, 0.0, 0.0], "analytic"),
    ),
    "LennardJones6": _Spec(
        am.lennard_jones6, 6, _cube(-3, 3), ("boring", "multi_min"), _lennard_jones_optimum
    ),
    "Michalewicz": _Spec(
        am.michalewicz,
        range(1, 13),
        _cube(0, math.pi),
        ("boring", "complicated"),
        michalewicz_optimum,
    ),
    "Mishra06": _Spec(nz.mishra06, 2, _cube(-10, 10)),
    "Ned01": _Spec(nz.ned01, 2, _cube(-10, 10), ("nonsmooth",)),
    "OddSquare": _Spec(nz.odd_square, 2, _cube(-3 * math.pi, 3 * math.pi), ("boring",)),
    "Parsopoulos": _Spec(
        nz.parsopoulos,
        2,
        _cube(-5, 5),
        ("oscillatory", "multi_min"),
        _at(0.0, lambda d: [math.pi / 2, math.pi], "analytic"),
    ),
    "Pinter": _Spec(nz.pinter, range(2, 101), _cube(-5, 2), (), _zero_at_origin),
    "Plateau": _Spec(
        nz.plateau,
        range(1, 101),
        _cube(-2.34, 5.12),
        ("discrete", "unimodal"),
        _at(30.0, np.zeros, "analytic"),
    ),
    "Problem03": _Spec(nz.problem03, 1, _cube(-10, 10), ("oscillatory", "multi_min")),
    "Rastrigin": _Spec(
        nz.rastrigin_evalset,
        8,
        lambda d: ([-5, -5, -2, -2, -5, -5, -2, -2], [2, 2, 5, 5, 2, 2, 5, 5]),
        (),
        _zero_at_origin,
    ),
    "RosenbrockLog": _Spec(
        nz.rosenbrock_log,
        11,
        lambda d: (
            [-2, -2, 0.5, -2, 0.8, -2, -2, -2, 0.7, -2, -2],
            [2, 1.1, 2, 2, 2, 1.5, 2, 1.2, 2, 2, 2],
        ),
        (),
        _at(0.0, np.ones, "analytic"),
    ),
    "Sargan": _Spec(nz.sargan, range(2, 101), _cube(-2, 4), ("unimodal",), _sargan_optimum),
    "Schwefel20": _Spec(
        nz.schwefel20, range(1, 101), _cube(-60, 100), ("unimodal", "nonsmooth"), _zero_at_origin
    ),
    "Schwefel36": _Spec(
        nz.schwefel36,
        2,
        _cube(0, 20),
        ("unimodal",),
        _at(-3456.0, lambda d: [12.0, 12.0], "analytic"),
    ),
    "Shekel05": _Spec(nz.shekel05, 4, _cube(0, 10), ("boring",)),
    "Shekel07": _Spec(nz.shekel07, 4, _cube(0, 10), ("boring",)),
    "Sphere": _Spec(nz.sphere, range(1, 101), _cube(-5.12, 2.12), ("unimodal",), _zero_at_origin),
    "Trid": _Spec(
        nz.trid, 6, _cube(0, 20), (), _at(-50.0, lambda d: [6, 10, 12, 12, 10, 6], "analytic")
    ),
    "Tripod": _Spec(
        nz.tripod, 2, _cube(-100, 100), ("nonsmooth",), _at(0.0, lambda d: [0, -50], "analytic")
    ),
    "Weierstrass": _Spec(
        nz.weierstrass, range(1, 101), _cube(-0.5, 0.2), ("complicated",), _weierstrass_optimum
    ),
    "Xor": _Spec(nz.xor, 9, _cube(-1, 1), ("bound_min",)),
    "YaoLiu": _Spec(nz.yao_liu, range(1, 101), _cube(-5.12, 2), ("oscillatory",), _zero_at_origin),
}


def _make_class(name: str, spec: _Spec) -> type[BoxProblem]:
    fixed = spec.dims if isinstance(spec.dims, int) else None
    dims = range(spec.dims, spec.dims + 1) if isinstance(spec.dims, int) else spec.dims
    formula, bounds, closed_form = spec.formula, spec.bounds, spec.closed_form
    example_dim = fixed if fixed is not None else dims.start + 1
    doc = (
        f"{name} from evalset ({spec.formula.__doc__.splitlines()[0].rstrip('.')}).\n\n"
        "Examples\n--------\n>>> from suites import get_problem\n"
        f">>> get_problem('{name}(dim={example_dim})').dim\n{example_dim}\n"
    )

    def _f(self: BoxProblem, X: np.ndarray) -> np.ndarray:
        return formula(X)

    def optimum_for_dim(self: BoxProblem, dim: int) -> Optimum | None:
        return None if closed_form is None else closed_form(dim)

    attrs = {
        "family": name,
        "fixed_dim": fixed,
        "allowed_dims": dims,
        "base_tags": frozenset(spec.tags),
        "bounds": classmethod(lambda cls, d: bounds(d)),
        "_f": _f,
        "optimum_for_dim": optimum_for_dim,
        "__doc__": doc,
        "__module__": __name__,
        "__qualname__": name,
    }
    return type(name, (BoxProblem,), attrs)


AMPGO_CLASSES: dict[str, type[BoxProblem]] = {
    name: _make_class(name, spec) for name, spec in _SPECS.items()
}
# Module attributes too, so that instances pickle (process pools) and doctest finds them.
globals().update(AMPGO_CLASSES)
