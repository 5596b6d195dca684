"""Shared helpers for true Pareto fronts: lattices, curves, disconnected pieces, reference points.

Every sample built here lies exactly on the true front (up to rounding): points are images of
Pareto-optimal parameters, never a filtered approximation.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

import numpy as np
from scipy.optimize import brentq, minimize_scalar

#: Margin added beyond the nadir point, as a fraction of the front's extent per objective.
REFERENCE_MARGIN = 0.1
#: Resolution of the scans that locate disconnected pieces and measure arc length.
_SCAN = 20001

Interval = tuple[float, float]


def check_n_points(n_points: int) -> int:
    """Validate the requested size of a front sample and return it as an int."""
    if isinstance(n_points, bool) or not isinstance(n_points, int | np.integer) or n_points < 2:
        raise ValueError(
            f"n_points must be an int >= 2 (the size of the front sample); got {n_points!r}."
        )
    return int(n_points)


def simplex_lattice(n_obj: int, n_points: int) -> np.ndarray:
    """Das–Dennis points on the unit simplex (rows sum to 1), at most ``n_points`` of them.

    The lattice uses the largest number of divisions ``h`` with
    ``C(h + n_obj - 1, n_obj - 1) <= n_points`` (at least one).

    Examples
    --------
    >>> simplex_lattice(3, 6).tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[0.0, 0.0, 1.0], [0.0, 0.5, 0.5], [0.0, 1.0, 0.0],
     [0.5, 0.0, 0.5], [0.5, 0.5, 0.0], [1.0, 0.0, 0.0]]
    """
    h = 1
    while math.comb(h + n_obj, n_obj - 1) <= n_points:
        h += 1
    rows = []
    # Stars and bars: the positions of the n_obj - 1 bars among h + n_obj - 1 slots.
    for bars in itertools.combinations(range(h + n_obj - 1), n_obj - 1):
        edges = np.array((-1, *bars, h + n_obj - 1))
        rows.append(np.diff(edges) - 1)
    return np.asarray(rows, dtype=float) / h


def record_low_intervals(fn: Callable[[np.ndarray], np.ndarray], lo: float, hi: float) -> tuple:
    """The intervals of ``[lo, hi]`` where ``fn`` reaches a new strict minimum from the left.

    For a front parametrised by ``t`` whose other objectives all grow with ``t``, these are
    exactly the Pareto-optimal ``t``: a point is dominated iff some smaller ``t`` has an
    ``fn`` no larger. ``fn`` is strictly decreasing on each interval; ends are refined to
    about 1e-12 (an interval ends at a local minimum, the next one starts where ``fn``
    falls below that minimum again).

    Examples
    --------
    >>> [tuple(round(v, 4) for v in iv) for iv in record_low_intervals(
    ...     lambda t: -t * (1 + np.sin(3 * np.pi * t)), 0.0, 1.0)]
    [(0.0, 0.2514), (0.6316, 0.8594)]
    """
    t = np.linspace(lo, hi, _SCAN)
    v = fn(t)
    best_before = np.minimum.accumulate(np.concatenate([[np.inf], v[:-1]]))
    record = v < best_before
    # Boundaries of runs of record points on the scan grid.
    change = np.flatnonzero(np.diff(np.concatenate([[0], record.astype(int), [0]])))
    intervals: list[Interval] = []
    for start, stop in zip(change[::2], change[1::2]):
        a = float(lo) if start == 0 else _crossing(fn, intervals, t[start - 1], t[start])
        b = float(hi) if stop == len(t) else local_min(fn, t[max(stop - 2, 0)], t[stop])
        intervals.append((a, b))
    return tuple(intervals)


def _scalar(fn: Callable[[np.ndarray], np.ndarray]) -> Callable[[float], float]:
    return lambda s: float(fn(np.array([s]))[0])


def local_min(fn: Callable[[np.ndarray], np.ndarray], a: float, b: float) -> float:
    """The minimiser of ``fn`` on ``[a, b]`` (bounded Brent, to about 1e-13)."""
    res = minimize_scalar(_scalar(fn), bounds=(a, b), method="bounded", options={"xatol": 1e-13})
    return float(res.x)


def _crossing(fn, previous: list[Interval], a: float, b: float) -> float:
    level = _scalar(fn)(previous[-1][1])
    return float(brentq(lambda s: _scalar(fn)(s) - level, a, b, xtol=1e-14))


def _spread(pieces: Sequence[tuple[np.ndarray, np.ndarray]], n: int) -> np.ndarray:
    """``n`` parameters spread evenly in a measure defined piece by piece.

    Each piece is ``(params, steps)``: a dense increasing parameter grid and the measure of
    each step between neighbours (``len(params) - 1`` values). Pieces follow each other with
    no measure in between, and a parameter is only ever interpolated inside its piece, so it
    never falls into a gap.
    """
    cums, offset = [], 0.0
    for _, steps in pieces:
        cums.append(offset + np.concatenate([[0.0], np.cumsum(steps)]))
        offset = cums[-1][-1]
    targets = np.linspace(0.0, offset, n)
    ends = np.array([cum[-1] for cum in cums])
    which = np.minimum(np.searchsorted(ends, targets, side="left"), len(pieces) - 1)
    out = np.empty(n)
    for i, ((params, _), cum) in enumerate(zip(pieces, cums)):
        mine = which == i
        out[mine] = np.interp(targets[mine], cum, params)
    return out


def curve_sample(
    curve: Callable[[np.ndarray], np.ndarray], intervals: Sequence[Interval], n_points: int
) -> np.ndarray:
    """``n_points`` points of a one-parameter front, evenly spaced by arc length.

    ``curve`` maps parameters ``t`` (n,) to objectives (n, M); the front is its image over the
    ``intervals``. Gaps between intervals count as zero length.
    """
    pieces = []
    for a, b in intervals:
        t = np.linspace(a, b, _SCAN // len(intervals))
        pieces.append((t, np.linalg.norm(np.diff(curve(t), axis=0), axis=1)))
    return curve(_spread(pieces, n_points))


def interval_grid(axes: Sequence[Sequence[Interval]], n_points: int) -> np.ndarray:
    """A full-factorial grid with at most ``n_points`` points; axis ``i`` covers ``axes[i]``.

    Each axis gets the same number of points (at least 2), spread evenly over the total
    length of its intervals, never inside a gap.
    """
    per_axis = max(2, math.floor(n_points ** (1.0 / len(axes)) + 1e-9))
    values = []
    for intervals in axes:
        pieces = []
        for a, b in intervals:
            t = np.linspace(a, b, _SCAN // len(intervals))
            pieces.append((t, np.diff(t)))
        values.append(_spread(pieces, per_axis))
    return np.stack(np.meshgrid(*values, indexing="ij"), axis=-1).reshape(-1, len(axes))


def reference_point(front: np.ndarray) -> np.ndarray:
    """The hypervolume reference point: the front's nadir plus 10% of its extent.

    Examples
    --------
    >>> reference_point(np.array([[0.0, 1.0], [1.0, 0.0]])).tolist()
    [1.1, 1.1]
    """
    ideal, nadir = front.min(axis=0), front.max(axis=0)
    return nadir + REFERENCE_MARGIN * (nadir - ideal)
