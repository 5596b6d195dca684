"""WFG1–9 (Huband, Hingston, Barone & While, 2006), vectorised.

A problem has ``k`` position and ``l`` distance parameters, ``z_i in [0, 2i]``
(``i = 1..k+l``), and ``M`` objectives ``f_m = x_M + 2m h_m(x_1..x_{M-1})``. Every function
maps ``Z`` of shape ``(n, k + l)`` to ``(n, M)``.
"""

from __future__ import annotations

import functools

import numpy as np

from suites._multiobjective import _wfg_toolkit as tk
from suites._multiobjective._base import ParetoProblem, check_int, sample_intervals
from suites._multiobjective._front import (
    curve_sample,
    interval_grid,
    record_low_intervals,
    simplex_lattice,
)
from suites._registry import register

#: The b_param constants shared by WFG7–9.
_BPARAM = (0.98 / 49.98, 0.02, 50.0)
#: Where every shifted distance parameter is optimal (after its bias, for WFG8/9).
OPTIMAL_DISTANCE = 0.35


def _normalise(Z: np.ndarray) -> np.ndarray:
    """``z_i / 2i``, rounded to 15 decimals.

    The rounding (below 1e-15) lets ``0.35 * 2i`` map back to 0.35 exactly: WFG1's
    ``y ** 0.02`` bias would turn the division's rounding error of 1e-17 into an objective
    error of 0.1, so without it the true front could not be reached at all.
    """
    return np.round(Z / (2.0 * np.arange(1, Z.shape[1] + 1)), 15)


def _objectives(t: np.ndarray, h_shape: np.ndarray, degenerate: bool = False) -> np.ndarray:
    """Map reduced parameters ``t`` (n, M) through the shape to the objectives."""
    n_obj = t.shape[1]
    a = np.ones(n_obj - 1)
    if degenerate:
        a[1:] = 0.0
    t_last = t[:, -1:]
    x = np.maximum(t_last, a) * (t[:, :-1] - 0.5) + 0.5
    return t_last + 2.0 * np.arange(1, n_obj + 1) * h_shape(x)


def _convex_mixed(x: np.ndarray) -> np.ndarray:
    h = tk.convex(x)
    h[:, -1] = tk.mixed(x[:, 0], alpha=1.0, a=5.0)
    return h


def _convex_disc(x: np.ndarray) -> np.ndarray:
    h = tk.convex(x)
    h[:, -1] = tk.disc(x[:, 0], alpha=1.0, beta=1.0, a=5.0)
    return h


def _sum_groups(y: np.ndarray, k: int, n_obj: int) -> np.ndarray:
    return tk.group_reduce(y, k, n_obj, lambda b: tk.r_sum(b, np.ones(b.shape[1])))


def _wfg1(y: np.ndarray, k: int, n_obj: int) -> np.ndarray:
    y = y.copy()
    y[:, k:] = tk.s_linear(y[:, k:], 0.35)
    y[:, k:] = tk.b_flat(y[:, k:], 0.8, 0.75, 0.85)
    y = tk.b_poly(y, 0.02)
    w = 2.0 * np.arange(1, y.shape[1] + 1)
    size = k // (n_obj - 1)
    t = [
        tk.r_sum(y[:, i * size : (i + 1) * size], w[i * size : (i + 1) * size])
        for i in range(n_obj - 1)
    ]
    t.append(tk.r_sum(y[:, k:], w[k:]))
    return _objectives(np.column_stack(t), _convex_mixed)


def _wfg2_reduce(y: np.ndarray, k: int, n_obj: int) -> np.ndarray:
    """WFG2/3's shared transitions: shift, pairwise non-separable, then sum."""
    y = y.copy()
    y[:, k:] = tk.s_linear(y[:, k:], 0.35)
    tail = y[:, k:]
    pairs = tail.reshape(len(y), -1, 2)
    y = np.hstack([y[:, :k], tk.r_nonsep(pairs, 2)])
    return _sum_groups(y, k, n_obj)


def _wfg2(y: np.ndarray, k: int, n_obj: int) -> np.ndarray:
    return _objectives(_wfg2_reduce(y, k, n_obj), _convex_disc)


def _wfg3(y: np.ndarray, k: int, n_obj: int) -> np.ndarray:
    return _objectives(_wfg2_reduce(y, k, n_obj), tk.linear, degenerate=True)


def _wfg4(y: np.ndarray, k: int, n_obj: int) -> np.ndarray:
    return _objectives(_sum_groups(tk.s_multi(y, 30.0, 10.0, 0.35), k, n_obj), tk.concave)


def _wfg5(y: np.ndarray, k: int, n_obj: int) -> np.ndarray:
    y = tk.s_decept(y, 0.35, 0.001, 0.05)
    return _objectives(_sum_groups(y, k, n_obj), tk.concave)


def _nonsep_groups(y: np.ndarray, k: int, n_obj: int) -> np.ndarray:
    size, l = k // (n_obj - 1), y.shape[1] - k  # noqa: E741
    t = [tk.r_nonsep(y[:, i * size : (i + 1) * size], size) for i in range(n_obj - 1)]
    t.append(tk.r_nonsep(y[:, k:], l))
    return np.column_stack(t)


def _wfg6(y: np.ndarray, k: int, n_obj: int) -> np.ndarray:
    y = y.copy()
    y[:, k:] = tk.s_linear(y[:, k:], 0.35)
    return _objectives(_nonsep_groups(y, k, n_obj), tk.concave)


def _mean_after(y: np.ndarray) -> np.ndarray:
    """Column i: the mean of columns i+1.. (1 for the last column, which has none)."""
    suffix = np.cumsum(y[:, ::-1], axis=1)[:, ::-1]
    counts = np.arange(y.shape[1], 0, -1)
    after = np.hstack([suffix[:, 1:] / counts[1:], np.ones((len(y), 1))])
    return after


def _mean_before(y: np.ndarray) -> np.ndarray:
    """Column i: the mean of columns ..i-1 (0 for the first column, which has none)."""
    prefix = np.cumsum(y, axis=1)
    before = prefix[:, :-1] / np.arange(1, y.shape[1])
    return np.hstack([np.zeros((len(y), 1)), before])


def _wfg7(y: np.ndarray, k: int, n_obj: int) -> np.ndarray:
    y = y.copy()
    y[:, :k] = tk.b_param(y[:, :k], _mean_after(y)[:, :k], *_BPARAM)
    y[:, k:] = tk.s_linear(y[:, k:], 0.35)
    return _objectives(_sum_groups(y, k, n_obj), tk.concave)


def _wfg8(y: np.ndarray, k: int, n_obj: int) -> np.ndarray:
    y = y.copy()
    y[:, k:] = tk.b_param(y[:, k:], _mean_before(y)[:, k:], *_BPARAM)
    y[:, k:] = tk.s_linear(y[:, k:], 0.35)
    return _objectives(_sum_groups(y, k, n_obj), tk.concave)


def _wfg9(y: np.ndarray, k: int, n_obj: int) -> np.ndarray:
    y = y.copy()
    y[:, :-1] = tk.b_param(y[:, :-1], _mean_after(y)[:, :-1], *_BPARAM)
    y[:, :k] = tk.s_decept(y[:, :k], 0.35, 0.001, 0.05)
    y[:, k:] = tk.s_multi(y[:, k:], 30.0, 95.0, 0.35)
    return _objectives(_nonsep_groups(y, k, n_obj), tk.concave)


_TRANSITIONS = {
    "WFG1": _wfg1,
    "WFG2": _wfg2,
    "WFG3": _wfg3,
    "WFG4": _wfg4,
    "WFG5": _wfg5,
    "WFG6": _wfg6,
    "WFG7": _wfg7,
    "WFG8": _wfg8,
    "WFG9": _wfg9,
}
WFG_NAMES = tuple(_TRANSITIONS)


def wfg(name: str, Z: np.ndarray, k: int, n_obj: int) -> np.ndarray:
    """Evaluate WFG problem ``name`` at ``Z`` (n, k + l) with ``k`` position parameters.

    Examples
    --------
    >>> Z = wfg_pareto_set("WFG4", np.array([[0.1, 0.2, 0.3, 0.4]]), l=2)
    >>> F = wfg("WFG4", Z, k=4, n_obj=2)  # on the front: the ellipse with semi-axes 2 and 4
    >>> round(float(((F / [2.0, 4.0]) ** 2).sum()), 12)
    1.0
    """
    return _TRANSITIONS[name](_normalise(Z), k, n_obj)


def _b_param_inverse(target: float, u: np.ndarray) -> np.ndarray:
    """The y with ``b_param(y, u) == target``."""
    a, b, c = _BPARAM
    exponent = b + (c - b) * (a - (1.0 - 2.0 * u) * np.abs(np.floor(0.5 - u) + a))
    return target ** (1.0 / exponent)


def _optimal_distance(name: str, position: np.ndarray, l: int) -> np.ndarray:  # noqa: E741
    """Normalised optimal distance parameters (n, l) for normalised positions (n, k)."""
    n, k = position.shape
    y = np.full((n, l), OPTIMAL_DISTANCE)
    if name == "WFG8":
        # Each distance parameter's bias depends on the mean of all earlier parameters.
        total = position.sum(axis=1)
        for j in range(l):
            y[:, j] = _b_param_inverse(OPTIMAL_DISTANCE, total / (k + j))
            total = total + y[:, j]
    elif name == "WFG9":
        # ... and for WFG9 on the mean of all later ones; the last one is unbiased.
        total = np.full(n, OPTIMAL_DISTANCE)
        for j in range(l - 2, -1, -1):
            y[:, j] = _b_param_inverse(OPTIMAL_DISTANCE, total / (l - 1 - j))
            total = total + y[:, j]
    return y


def wfg_pareto_set(name: str, position: np.ndarray, l: int) -> np.ndarray:  # noqa: E741
    """Decision vectors ``Z`` on the Pareto set for normalised positions in ``[0, 1]^k``.

    For the disconnected WFG2 only positions whose ``x1`` lies in :func:`wfg2_intervals` are
    Pareto optimal; the others lie on the shape but are dominated. WFG3's position parameters
    beyond the first are ignored on its (two-objective) front.
    """
    y = np.hstack([position, _optimal_distance(name, position, l)])
    return y * 2.0 * np.arange(1, y.shape[1] + 1)


@functools.cache
def wfg2_intervals() -> tuple:
    """The Pareto-optimal values of WFG2's first position parameter ``x1``.

    Every other objective grows with ``x1``, so ``x1`` is optimal iff the disconnected
    component ``disc(x1)`` is a record low from the left.
    """
    return record_low_intervals(lambda x: tk.disc(x, alpha=1.0, beta=1.0, a=5.0), 0.0, 1.0)


_SHAPES = {"WFG1": _convex_mixed, "WFG2": _convex_disc, "WFG3": tk.linear}


def wfg_front(name: str, n_obj: int, n_points: int) -> np.ndarray:
    """At most ``n_points`` points of the true front of ``name`` (``x_M = 0`` on the front).

    Two-objective fronts are evenly spaced by arc length (exactly ``n_points``); with more
    objectives WFG4–9's ellipsoid ``sum (f_m / 2m)^2 = 1`` comes from a Das–Dennis lattice and
    WFG1/2 from a grid over their Pareto-optimal position parameters.
    """
    scale = 2.0 * np.arange(1, n_obj + 1)
    shape = _SHAPES.get(name, tk.concave)
    axes = [wfg2_intervals() if name == "WFG2" else ((0.0, 1.0),)]
    if n_obj == 2:
        return curve_sample(lambda t: scale * shape(t[:, None]), axes[0], n_points)
    if name in ("WFG1", "WFG2"):
        axes += [((0.0, 1.0),)] * (n_obj - 2)
        return scale * shape(interval_grid(axes, n_points))
    w = simplex_lattice(n_obj, n_points)
    return scale * w / np.linalg.norm(w, axis=1, keepdims=True)


class WFGProblem(ParetoProblem):
    """A WFG problem: ``n_obj`` objectives, ``k`` position and ``l`` distance parameters.

    ``z_i in [0, 2i]``; ``k`` must be a multiple of ``n_obj - 1`` (default 4 for two
    objectives, ``2 (n_obj - 1)`` otherwise) and ``l >= 1`` (default 20, even for WFG2/3).

    Examples
    --------
    >>> p = WFG4(n_obj=2, k=4, l=4)
    >>> p.case_id, p.reference_point.tolist()
    ('WFG4(n_obj=2,k=4,l=4)', [2.2, 4.4])
    """

    max_obj: int | None = None
    even_l = False
    base_tags: frozenset[str] = frozenset()

    def __init__(
        self,
        n_obj: int = 2,
        k: int | None = None,
        l: int = 20,  # noqa: E741
        *,
        seed: int | None = None,
    ) -> None:
        n_obj = check_int(self.family, "n_obj", n_obj, 2)
        if self.max_obj is not None and n_obj > self.max_obj:
            raise ValueError(
                f"n_obj of {self.family} must be <= {self.max_obj}: with more objectives its "
                f"front is not the degenerate line (Ishibuchi et al., 2017); got {n_obj}."
            )
        if k is None:
            k = 4 if n_obj == 2 else 2 * (n_obj - 1)
        k = check_int(self.family, "k", k, n_obj - 1)
        if k % (n_obj - 1):
            raise ValueError(
                f"k of {self.family} must be a multiple of n_obj - 1 = {n_obj - 1}; got {k}."
            )
        l = check_int(self.family, "l", l, 2 if self.even_l else 1)  # noqa: E741
        if self.even_l and l % 2:
            raise ValueError(f"l of {self.family} must be even (paired distance); got {l}.")
        n = k + l
        super().__init__(
            {"n_obj": n_obj, "k": k, "l": l},
            lows=np.zeros(n),
            highs=2.0 * np.arange(1, n + 1),
            n_obj=n_obj,
            tags=self.base_tags,
            seed=seed,
        )
        self.k, self.l = k, l

    def _objectives(self, X: np.ndarray) -> np.ndarray:
        return wfg(self.family, X, self.k, len(self.directions))

    def _front(self, n_points: int) -> np.ndarray:
        return wfg_front(self.family, len(self.directions), n_points)

    def _pareto_set(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        position = rng.random((n_points, self.k))
        if self.family == "WFG2":
            # x1 is the mean of the first group of position parameters: set them all to
            # one Pareto-optimal value.
            group = self.k // (len(self.directions) - 1)
            position[:, :group] = sample_intervals(wfg2_intervals(), n_points, rng)[:, None]
        return wfg_pareto_set(self.family, position, self.l)


class WFG1(WFGProblem):
    """WFG1: convex/mixed front; flat and polynomial biases."""

    family = "WFG1"
    base_tags = frozenset({"biased"})


class WFG2(WFGProblem):
    """WFG2: convex, disconnected front; non-separable."""

    family = "WFG2"
    even_l = True
    base_tags = frozenset({"disconnected_front", "non_separable"})


class WFG3(WFGProblem):
    """WFG3: linear front (two objectives only: degenerate with more); non-separable."""

    family = "WFG3"
    even_l = True
    max_obj = 2
    base_tags = frozenset({"non_separable"})


class WFG4(WFGProblem):
    """WFG4: concave front; highly multimodal."""

    family = "WFG4"
    base_tags = frozenset({"multimodal"})


class WFG5(WFGProblem):
    """WFG5: concave front; deceptive."""

    family = "WFG5"
    base_tags = frozenset({"deceptive"})


class WFG6(WFGProblem):
    """WFG6: concave front; non-separable reduction."""

    family = "WFG6"
    base_tags = frozenset({"non_separable"})


class WFG7(WFGProblem):
    """WFG7: concave front; position parameters biased by the distance parameters."""

    family = "WFG7"
    base_tags = frozenset({"biased"})


class WFG8(WFGProblem):
    """WFG8: concave front; distance parameters biased by the position parameters."""

    family = "WFG8"
    base_tags = frozenset({"biased", "non_separable"})


class WFG9(WFGProblem):
    """WFG9: concave front; biased, deceptive, multimodal and non-separable."""

    family = "WFG9"
    base_tags = frozenset({"biased", "deceptive", "multimodal", "non_separable"})


for _cls in (WFG1, WFG2, WFG3, WFG4, WFG5, WFG6, WFG7, WFG8, WFG9):
    register(_cls, cases=[{"n_obj": 2, "k": 4, "l": 20}], suites=["multiobjective"])
