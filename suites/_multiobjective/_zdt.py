"""ZDT1–4 and ZDT6 (Zitzler, Deb & Thiele, 2000): two objectives, vectorised.

Every function maps decision vectors ``X`` of shape ``(n, d)`` to objectives of shape
``(n, 2)``; both objectives are minimised. ``f1`` depends on ``x1`` only, ``g`` on the other
coordinates; the Pareto set is ``g == 1`` (the tail at its optimum, 0) with ``x1`` in the range
whose ``f2`` is not dominated.
"""

from __future__ import annotations

import functools

import numpy as np

from suites._multiobjective._base import ParetoProblem, check_int, sample_intervals
from suites._multiobjective._front import curve_sample, local_min, record_low_intervals
from suites._registry import register


def _g_linear(tail: np.ndarray) -> np.ndarray:
    return 1.0 + 9.0 * tail.sum(axis=1) / tail.shape[1]


def _stack(f1: np.ndarray, g: np.ndarray, h: np.ndarray) -> np.ndarray:
    return np.column_stack([f1, g * h])


def zdt1(X: np.ndarray) -> np.ndarray:
    """ZDT1: convex front ``f2 = 1 - sqrt(f1)``; ``x in [0, 1]^d``.

    Examples
    --------
    >>> zdt1(np.array([[0.25, 0.0, 0.0]])).tolist()
    [[0.25, 0.5]]
    """
    f1, g = X[:, 0], _g_linear(X[:, 1:])
    return _stack(f1, g, 1.0 - np.sqrt(f1 / g))


def zdt2(X: np.ndarray) -> np.ndarray:
    """ZDT2: concave front ``f2 = 1 - f1^2``; ``x in [0, 1]^d``."""
    f1, g = X[:, 0], _g_linear(X[:, 1:])
    return _stack(f1, g, 1.0 - (f1 / g) ** 2)


def zdt3(X: np.ndarray) -> np.ndarray:
    """ZDT3: five disconnected pieces of ``f2 = 1 - sqrt(f1) - f1 sin(10 pi f1)``."""
    f1, g = X[:, 0], _g_linear(X[:, 1:])
    return _stack(f1, g, 1.0 - np.sqrt(f1 / g) - (f1 / g) * np.sin(10.0 * np.pi * f1))


def zdt4(X: np.ndarray) -> np.ndarray:
    """ZDT4: ZDT1's front behind ``21^9`` local fronts; ``x1 in [0, 1]``, others in ``[-5, 5]``."""
    f1, tail = X[:, 0], X[:, 1:]
    g = 1.0 + 10.0 * tail.shape[1] + (tail**2 - 10.0 * np.cos(4.0 * np.pi * tail)).sum(axis=1)
    return _stack(f1, g, 1.0 - np.sqrt(f1 / g))


def zdt6(X: np.ndarray) -> np.ndarray:
    """ZDT6: non-uniformly spread concave front ``f2 = 1 - f1^2``, ``f1 >= 0.2808``."""
    x1, tail = X[:, 0], X[:, 1:]
    f1 = _zdt6_f1(x1)
    g = 1.0 + 9.0 * (tail.sum(axis=1) / tail.shape[1]) ** 0.25
    return _stack(f1, g, 1.0 - (f1 / g) ** 2)


def _h_zdt3(f1: np.ndarray) -> np.ndarray:
    return 1.0 - np.sqrt(f1) - f1 * np.sin(10.0 * np.pi * f1)


def _zdt6_f1(x1: np.ndarray) -> np.ndarray:
    return 1.0 - np.exp(-4.0 * x1) * np.sin(6.0 * np.pi * x1) ** 6


@functools.cache
def zdt6_x1_range() -> tuple[float, float]:
    """The ``x1`` range on which ZDT6's ``f1`` rises once from its minimum (0.2808) to 1."""
    return local_min(_zdt6_f1, 0.0, 1.0 / 6.0), 1.0 / 6.0


@functools.cache
def _f1_intervals(name: str) -> tuple:
    """The Pareto-optimal values of ``f1``: record lows of ``f2`` on the ``g = 1`` curve."""
    if name == "ZDT3":
        return record_low_intervals(_h_zdt3, 0.0, 1.0)
    if name == "ZDT6":
        return ((float(_zdt6_f1(np.array(zdt6_x1_range()[0]))), 1.0),)
    return ((0.0, 1.0),)


_H_ON_FRONT = {
    "ZDT1": lambda f: 1.0 - np.sqrt(f),
    "ZDT2": lambda f: 1.0 - f**2,
    "ZDT3": _h_zdt3,
    "ZDT4": lambda f: 1.0 - np.sqrt(f),
    "ZDT6": lambda f: 1.0 - f**2,
}
ZDT_NAMES = tuple(_H_ON_FRONT)


def zdt_front(name: str, n_points: int) -> np.ndarray:
    """``n_points`` points of the true front of ``name``, evenly spaced by arc length.

    Examples
    --------
    >>> zdt_front("ZDT1", 3).round(4).tolist()
    [[0.0, 1.0], [0.373, 0.3893], [1.0, 0.0]]
    """
    h = _H_ON_FRONT[name]
    return curve_sample(lambda f: np.column_stack([f, h(f)]), _f1_intervals(name), n_points)


def zdt_x1_intervals(name: str) -> tuple:
    """The Pareto-optimal values of ``x1`` (equal to ``f1`` except for ZDT6)."""
    return (zdt6_x1_range(),) if name == "ZDT6" else _f1_intervals(name)


_FUNCTIONS = {"ZDT1": zdt1, "ZDT2": zdt2, "ZDT3": zdt3, "ZDT4": zdt4, "ZDT6": zdt6}


class ZDTProblem(ParetoProblem):
    """A ZDT problem: two minimised objectives on ``dim`` variables (``dim >= 2``).

    The hypervolume reference point is the front's nadir plus 10% of its extent, e.g.
    ``[1.1, 1.1]`` for ZDT1.

    Examples
    --------
    >>> p = ZDT1(dim=3)
    >>> p.case_id, p.reference_point.tolist()
    ('ZDT1(dim=3)', [1.1, 1.1])
    >>> p.evaluate(np.array([[0.25, 0.0, 0.0]])).tolist()
    [[0.25, 0.5]]
    """

    default_dim = 30

    def __init__(self, dim: int | None = None, *, seed: int | None = None) -> None:
        dim = check_int(self.family, "dim", self.default_dim if dim is None else dim, 2)
        lows, highs = np.zeros(dim), np.ones(dim)
        if self.family == "ZDT4":
            lows[1:], highs[1:] = -5.0, 5.0
        tags = {"multimodal"} if self.family == "ZDT4" else set()
        if self.family == "ZDT3":
            tags.add("disconnected_front")
        super().__init__(
            {"dim": dim}, lows=lows, highs=highs, n_obj=2, tags=frozenset(tags), seed=seed
        )

    def _objectives(self, X: np.ndarray) -> np.ndarray:
        return _FUNCTIONS[self.family](X)

    def _front(self, n_points: int) -> np.ndarray:
        return zdt_front(self.family, n_points)

    def _pareto_set(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        X = np.zeros((n_points, self.dim))
        X[:, 0] = sample_intervals(zdt_x1_intervals(self.family), n_points, rng)
        return X


class ZDT1(ZDTProblem):
    """ZDT1: convex front ``f2 = 1 - sqrt(f1)``; ``x in [0, 1]^d`` (default ``d = 30``)."""

    family = "ZDT1"


class ZDT2(ZDTProblem):
    """ZDT2: concave front ``f2 = 1 - f1^2``; ``x in [0, 1]^d`` (default ``d = 30``)."""

    family = "ZDT2"


class ZDT3(ZDTProblem):
    """ZDT3: five disconnected front pieces; ``x in [0, 1]^d`` (default ``d = 30``)."""

    family = "ZDT3"


class ZDT4(ZDTProblem):
    """ZDT4: ZDT1's front behind many local fronts; ``x1 in [0, 1]``, others ``[-5, 5]``."""

    family = "ZDT4"
    default_dim = 10


class ZDT6(ZDTProblem):
    """ZDT6: non-uniform concave front, ``f1 >= 0.2808``; ``x in [0, 1]^d`` (``d = 10``)."""

    family = "ZDT6"
    default_dim = 10


for _cls in (ZDT1, ZDT2, ZDT3, ZDT4, ZDT6):
    register(_cls, cases=[{"dim": _cls.default_dim}], suites=["multiobjective"])
