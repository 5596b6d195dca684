"""DTLZ1–7 (Deb, Thiele, Laumanns & Zitzler, 2002): scalable objectives, vectorised.

A problem with ``M`` objectives has ``d = M - 1 + k`` variables in ``[0, 1]``: the first
``M - 1`` place a point on the front, the last ``k`` (the "distance" variables, through
``g``) move it away. Every function maps ``X`` of shape ``(n, d)`` to ``(n, M)``.
"""

from __future__ import annotations

import functools

import numpy as np

from suites._multiobjective._base import ParetoProblem, check_int, sample_intervals
from suites._multiobjective._front import (
    curve_sample,
    interval_grid,
    record_low_intervals,
    simplex_lattice,
)
from suites._registry import register

#: The literature's default number of distance variables ``k`` per problem.
DEFAULT_K = {
    "DTLZ1": 5,
    "DTLZ2": 10,
    "DTLZ3": 10,
    "DTLZ4": 10,
    "DTLZ5": 10,
    "DTLZ6": 10,
    "DTLZ7": 20,
}
#: DTLZ4's bias exponent: position variables enter as ``x ** 100``.
DTLZ4_ALPHA = 100.0


def _g_rastrigin(tail: np.ndarray) -> np.ndarray:
    """DTLZ1/3's multimodal distance function: ``11^k - 1`` local fronts."""
    return 100.0 * (
        tail.shape[1] + ((tail - 0.5) ** 2 - np.cos(20.0 * np.pi * (tail - 0.5))).sum(axis=1)
    )


def _g_sphere(tail: np.ndarray) -> np.ndarray:
    return ((tail - 0.5) ** 2).sum(axis=1)


def _linear_front(position: np.ndarray) -> np.ndarray:
    """``f_m = x_1 ... x_{M-m} (1 - x_{M-m+1})``: the simplex ``sum f = 1``."""
    n = position.shape[0]
    ones = np.ones((n, 1))
    cumprod = np.hstack([ones, np.cumprod(position, axis=1)])  # x1...x_j for j = 0..M-1
    tail = np.hstack([ones, 1.0 - position[:, ::-1]])  # 1, (1 - x_{M-1}), ..., (1 - x_1)
    return cumprod[:, ::-1] * tail


def _spherical_front(angles: np.ndarray) -> np.ndarray:
    """``f_m = cos(t_1)...cos(t_{M-m}) sin(t_{M-m+1})``: the unit sphere's positive orthant."""
    n = angles.shape[0]
    ones = np.ones((n, 1))
    cos_prod = np.hstack([ones, np.cumprod(np.cos(angles), axis=1)])
    sines = np.hstack([ones, np.sin(angles[:, ::-1])])
    return cos_prod[:, ::-1] * sines


def dtlz1(X: np.ndarray, n_obj: int) -> np.ndarray:
    """DTLZ1: linear front ``sum f = 0.5``.

    Examples
    --------
    >>> dtlz1(np.array([[0.5, 0.5, 0.5]]), n_obj=2).tolist()
    [[0.25, 0.25]]
    """
    g = _g_rastrigin(X[:, n_obj - 1 :])
    return 0.5 * (1.0 + g)[:, None] * _linear_front(X[:, : n_obj - 1])


def _sphere_family(X: np.ndarray, n_obj: int, g: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    angles = 0.5 * np.pi * X[:, : n_obj - 1] ** alpha
    return (1.0 + g)[:, None] * _spherical_front(angles)


def dtlz2(X: np.ndarray, n_obj: int) -> np.ndarray:
    """DTLZ2: spherical front ``sum f^2 = 1``."""
    return _sphere_family(X, n_obj, _g_sphere(X[:, n_obj - 1 :]))


def dtlz3(X: np.ndarray, n_obj: int) -> np.ndarray:
    """DTLZ3: DTLZ2's front behind DTLZ1's multimodal ``g``."""
    return _sphere_family(X, n_obj, _g_rastrigin(X[:, n_obj - 1 :]))


def dtlz4(X: np.ndarray, n_obj: int) -> np.ndarray:
    """DTLZ4: DTLZ2 with a density bias (position variables raised to the power 100)."""
    return _sphere_family(X, n_obj, _g_sphere(X[:, n_obj - 1 :]), alpha=DTLZ4_ALPHA)


def _degenerate(X: np.ndarray, n_obj: int, g: np.ndarray) -> np.ndarray:
    """DTLZ5/6: every angle but the first collapses to pi/4 at ``g = 0`` (a curve)."""
    pos = X[:, : n_obj - 1]
    theta = np.pi / (4.0 * (1.0 + g))[:, None] * (1.0 + 2.0 * g[:, None] * pos)
    theta[:, 0] = 0.5 * np.pi * pos[:, 0]
    return (1.0 + g)[:, None] * _spherical_front(theta)


def dtlz5(X: np.ndarray, n_obj: int) -> np.ndarray:
    """DTLZ5: a degenerate (one-dimensional) arc of the unit sphere."""
    return _degenerate(X, n_obj, _g_sphere(X[:, n_obj - 1 :]))


def dtlz6(X: np.ndarray, n_obj: int) -> np.ndarray:
    """DTLZ6: DTLZ5's arc with the harder ``g = sum x^0.1``."""
    return _degenerate(X, n_obj, (X[:, n_obj - 1 :] ** 0.1).sum(axis=1))


def dtlz7(X: np.ndarray, n_obj: int) -> np.ndarray:
    """DTLZ7: ``2^(M-1)`` disconnected regions; ``f_m = x_m`` for ``m < M``."""
    pos, tail = X[:, : n_obj - 1], X[:, n_obj - 1 :]
    g = 1.0 + 9.0 * tail.mean(axis=1)
    h = n_obj - (pos / (1.0 + g)[:, None] * (1.0 + np.sin(3.0 * np.pi * pos))).sum(axis=1)
    return np.column_stack([pos, (1.0 + g) * h])


DTLZ_FUNCTIONS = {
    "DTLZ1": dtlz1,
    "DTLZ2": dtlz2,
    "DTLZ3": dtlz3,
    "DTLZ4": dtlz4,
    "DTLZ5": dtlz5,
    "DTLZ6": dtlz6,
    "DTLZ7": dtlz7,
}


def dtlz_pareto_set(name: str, n_obj: int, dim: int, position: np.ndarray) -> np.ndarray:
    """Decision vectors on the Pareto set: the given position variables, optimal tail.

    The optimal tail is 0.5 (DTLZ1–5), 0 (DTLZ6, DTLZ7). For DTLZ7 only positions in
    :func:`dtlz7_intervals` are Pareto optimal; the others lie on the ``g = 1`` surface.
    """
    tail_value = 0.0 if name in ("DTLZ6", "DTLZ7") else 0.5
    X = np.full((len(position), dim), tail_value)
    X[:, : n_obj - 1] = position
    return X


def _dtlz7_phi(t: np.ndarray) -> np.ndarray:
    """DTLZ7 at ``g = 1``: ``f_M = 2M - sum phi(f_i)`` over the first ``M - 1`` objectives."""
    return t * (1.0 + np.sin(3.0 * np.pi * t))


@functools.cache
def dtlz7_intervals() -> tuple:
    """The Pareto-optimal values of each of DTLZ7's first ``M - 1`` objectives.

    ``f_M`` is separable, so a point is Pareto optimal iff every ``f_i`` is a record high of
    ``phi`` from the left.
    """
    return record_low_intervals(lambda t: -_dtlz7_phi(t), 0.0, 1.0)


def _dtlz7_front(position: np.ndarray, n_obj: int) -> np.ndarray:
    return np.column_stack([position, 2.0 * n_obj - _dtlz7_phi(position).sum(axis=1)])


def dtlz_front(name: str, n_obj: int, n_points: int) -> np.ndarray:
    """At most ``n_points`` points of the true front of ``name`` with ``n_obj`` objectives.

    Two-objective fronts and DTLZ5/6's arc are evenly spaced by arc length (exactly
    ``n_points``); DTLZ1–4 use a Das–Dennis lattice, DTLZ7 a grid over its optimal pieces.

    Examples
    --------
    >>> dtlz_front("DTLZ1", 2, 3).round(12).tolist()
    [[0.0, 0.5], [0.25, 0.25], [0.5, 0.0]]
    """
    full = ((0.0, 1.0),)
    if name in ("DTLZ5", "DTLZ6") or (n_obj == 2 and name != "DTLZ7"):

        def curve(t: np.ndarray) -> np.ndarray:
            position = np.full((len(t), n_obj - 1), 0.5)
            position[:, 0] = t
            return DTLZ_FUNCTIONS[name](dtlz_pareto_set(name, n_obj, n_obj, position), n_obj)

        return curve_sample(curve, full, n_points)
    if name == "DTLZ7":
        if n_obj == 2:
            return curve_sample(lambda t: _dtlz7_front(t[:, None], 2), dtlz7_intervals(), n_points)
        return _dtlz7_front(interval_grid([dtlz7_intervals()] * (n_obj - 1), n_points), n_obj)
    w = simplex_lattice(n_obj, n_points)
    if name == "DTLZ1":
        return 0.5 * w
    return w / np.linalg.norm(w, axis=1, keepdims=True)


class DTLZProblem(ParetoProblem):
    """A DTLZ problem: ``n_obj`` minimised objectives on ``dim`` variables in ``[0, 1]``.

    ``dim`` defaults to ``n_obj - 1 + k`` with the literature's ``k`` (5 for DTLZ1, 20 for
    DTLZ7, 10 otherwise); it must be at least ``n_obj`` (one distance variable).

    Examples
    --------
    >>> p = DTLZ2(n_obj=2, dim=3)
    >>> p.case_id, p.reference_point.tolist()
    ('DTLZ2(n_obj=2,dim=3)', [1.1, 1.1])
    >>> p.evaluate(np.array([[0.0, 0.5, 0.5]])).round(12).tolist()
    [[1.0, 0.0]]
    """

    max_obj: int | None = None
    base_tags: frozenset[str] = frozenset()

    def __init__(self, n_obj: int = 3, dim: int | None = None, *, seed: int | None = None) -> None:
        n_obj = check_int(self.family, "n_obj", n_obj, 2)
        if self.max_obj is not None and n_obj > self.max_obj:
            raise ValueError(
                f"n_obj of {self.family} must be <= {self.max_obj}: with more objectives its "
                f"front is not the degenerate curve (Ishibuchi et al., 2016); got {n_obj}."
            )
        if dim is None:
            dim = n_obj - 1 + DEFAULT_K[self.family]
        dim = check_int(self.family, "dim", dim, n_obj)
        super().__init__(
            {"n_obj": n_obj, "dim": dim},
            lows=np.zeros(dim),
            highs=np.ones(dim),
            n_obj=n_obj,
            tags=self.base_tags,
            seed=seed,
        )

    @property
    def n_obj(self) -> int:
        return len(self.directions)

    def _objectives(self, X: np.ndarray) -> np.ndarray:
        return DTLZ_FUNCTIONS[self.family](X, self.n_obj)

    def _front(self, n_points: int) -> np.ndarray:
        return dtlz_front(self.family, self.n_obj, n_points)

    def _pareto_set(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        shape = (n_points, self.n_obj - 1)
        if self.family == "DTLZ7":
            position = sample_intervals(dtlz7_intervals(), n_points * shape[1], rng)
            position = position.reshape(shape)
        else:
            position = rng.random(shape)
        return dtlz_pareto_set(self.family, self.n_obj, self.dim, position)


class DTLZ1(DTLZProblem):
    """DTLZ1: linear front ``sum f = 0.5`` behind ``11^k - 1`` local fronts."""

    family = "DTLZ1"
    base_tags = frozenset({"multimodal"})


class DTLZ2(DTLZProblem):
    """DTLZ2: spherical front ``sum f^2 = 1``."""

    family = "DTLZ2"


class DTLZ3(DTLZProblem):
    """DTLZ3: DTLZ2's front behind ``3^k - 1`` local fronts."""

    family = "DTLZ3"
    base_tags = frozenset({"multimodal"})


class DTLZ4(DTLZProblem):
    """DTLZ4: DTLZ2 with a strong density bias (``x ** 100``)."""

    family = "DTLZ4"


class DTLZ5(DTLZProblem):
    """DTLZ5: a degenerate curve on the unit sphere (``n_obj <= 3``)."""

    family = "DTLZ5"
    max_obj = 3


class DTLZ6(DTLZProblem):
    """DTLZ6: DTLZ5's curve with the harder ``g = sum x^0.1`` (``n_obj <= 3``)."""

    family = "DTLZ6"
    max_obj = 3


class DTLZ7(DTLZProblem):
    """DTLZ7: ``2^(n_obj - 1)`` disconnected front regions."""

    family = "DTLZ7"
    base_tags = frozenset({"disconnected_front"})


for _cls in (DTLZ1, DTLZ2, DTLZ3, DTLZ4, DTLZ5, DTLZ6, DTLZ7):
    register(
        _cls,
        cases=[{"n_obj": 3, "dim": 2 + DEFAULT_K[_cls.family]}],
        suites=["multiobjective"],
    )
