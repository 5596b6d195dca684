"""Anytime significance: at which budgets is A significantly better than B, and where does
the winner change?

At every budget of a grid, the two methods' best-so-far values over repeats are compared
with a two-sided Mann–Whitney U test (optionally corrected over the grid). Consecutive
significant budgets form intervals in which one method is ahead; a *crossover* is a
budget where the sign of the median difference changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import _effect, _metrics, _multitest
from analysis._curves import default_grid, trajectories
from analysis._mwu import mannwhitney_many
from analysis._tables import BenchmarkData


@dataclass(frozen=True)
class AnytimeSignificance:
    """The result of :func:`anytime_significance`.

    Attributes
    ----------
    problem, method_a, method_b, axis : str
    curve : pandas.DataFrame
        Per budget ``x``: ``n_a``, ``n_b``, ``median_a``, ``median_b``, ``a12`` (chance a
        run of A is ahead of one of B), ``pvalue``, ``pvalue_adjusted``, ``leader``
        (``method_a``, ``method_b`` or ``""`` when not significant).
    a_better, b_better : tuple of (float, float)
        Budget intervals (first, last grid point) in which A (or B) is significantly ahead.
    crossovers : tuple of float
        Budgets at which the median difference changes sign.
    """

    problem: str
    method_a: str
    method_b: str
    axis: str
    curve: pd.DataFrame
    a_better: tuple[tuple[float, float], ...]
    b_better: tuple[tuple[float, float], ...]
    crossovers: tuple[float, ...]


def anytime_significance(
    data: BenchmarkData,
    problem: str,
    method_a: str,
    method_b: str,
    *,
    axis: str = "trials",
    grid: Sequence[float] | None = None,
    alpha: float = 0.05,
    correction: str | None = None,
) -> AnytimeSignificance:
    """Test A against B at every budget of ``grid`` on one problem.

    Parameters
    ----------
    data : BenchmarkData
    problem, method_a, method_b : str
    axis : {"trials", "steps", "seconds"}
    grid : sequence of float or None
        Budgets; None for every trial count (or log-spaced steps/seconds).
    alpha : float, default=0.05
    correction : str or None, default=None
        Over the grid points ("holm", ...). The tests at neighbouring budgets are
        strongly dependent, so Holm is conservative; None reports raw p-values.

    Returns
    -------
    AnytimeSignificance

    Raises
    ------
    ValueError
        For an unknown problem or method (the message lists those present).
    """
    if problem not in set(data.runs["problem"]):
        raise ValueError(
            f"problem {problem!r} is not in these data; problems: "
            f"{sorted(data.runs['problem'].unique())}."
        )
    _metrics.check_methods(data.runs["method"].unique(), [method_a, method_b], "method")
    traj = trajectories(data, axis=axis)
    points = default_grid(traj) if grid is None else np.asarray(grid, dtype=float)
    values = traj.at(points)
    on_problem = traj.runs["problem"] == problem
    sign = -1.0 if (traj.runs.loc[on_problem, "direction"] == "maximize").any() else 1.0
    a = values[(on_problem & (traj.runs["method"] == method_a)).to_numpy()] * sign
    b = values[(on_problem & (traj.runs["method"] == method_b)).to_numpy()] * sign
    curve = _curve(points, a, b, sign)
    curve["pvalue_adjusted"] = _multitest.adjust_pvalues(curve["pvalue"], correction)
    ahead = curve["pvalue_adjusted"] < alpha
    curve["leader"] = np.where(~ahead, "", np.where(curve["a12"] > 0.5, method_a, method_b))
    return AnytimeSignificance(
        problem,
        method_a,
        method_b,
        axis,
        curve,
        _intervals(points, curve["leader"].to_numpy() == method_a),
        _intervals(points, curve["leader"].to_numpy() == method_b),
        _crossovers(points, (curve["median_a"] - curve["median_b"]).to_numpy() * sign),
    )


def _curve(points: np.ndarray, a: np.ndarray, b: np.ndarray, sign: float) -> pd.DataFrame:
    rows, due = [], []
    for j, x in enumerate(points):
        xa, xb = a[:, j], b[:, j]
        xa, xb = xa[~np.isnan(xa)], xb[~np.isnan(xb)]
        row = {
            "x": float(x),
            "n_a": len(xa),
            "n_b": len(xb),
            "median_a": float(np.median(xa)) * sign if len(xa) else np.nan,
            "median_b": float(np.median(xb)) * sign if len(xb) else np.nan,
            "a12": _effect.vargha_delaney(xa, xb),
            "pvalue": np.nan,
        }
        both = np.concatenate([xa, xb])
        if len(xa) >= 2 and len(xb) >= 2 and not np.all(both == both[0]):
            due.append((j, xa, xb))
        elif len(xa) >= 2 and len(xb) >= 2:
            row["pvalue"] = 1.0
        rows.append(row)
    _, pvalues = mannwhitney_many([(xa, xb) for _, xa, xb in due])
    for (j, _, _), p in zip(due, pvalues):
        rows[j]["pvalue"] = float(p)
    return pd.DataFrame(rows)


def _intervals(points: np.ndarray, mask: np.ndarray) -> tuple[tuple[float, float], ...]:
    out, start = [], None
    for i, on in enumerate(mask):
        if on and start is None:
            start = i
        if not on and start is not None:
            out.append((float(points[start]), float(points[i - 1])))
            start = None
    if start is not None:
        out.append((float(points[start]), float(points[-1])))
    return tuple(out)


def _crossovers(points: np.ndarray, difference: np.ndarray) -> tuple[float, ...]:
    signs = np.sign(difference)
    found, previous = [], 0.0
    for x, s in zip(points, signs):
        if np.isnan(s) or s == 0:
            continue
        if previous and s != previous:
            found.append(float(x))
        previous = s
    return tuple(found)
