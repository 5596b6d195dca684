"""COCO-style runtime ECDFs over (problem, target) pairs, and expected running times.

A *target* is a regret to reach (``regret <= target``). The runtime of a run for a
target is the budget spent when it first gets there (trials, steps or seconds), infinite
if it never does. The ECDF of a method at budget ``b`` is the fraction of (problem,
target, run) triples whose runtime is at most ``b`` -- COCO's data profile, with targets
log-spaced as in COCO (51 from 10^2 down to 10^-8 by default). Problems without
``f_star`` have no regret and are left out with a note.

The expected running time (ERT, Hansen et al.'s aRT) to a target is the budget all runs
spent -- up to the hit for successful runs, in full for the others -- divided by the
number of successes; infinite without success.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis._curves import RunTrajectories, check_choice, default_grid, trajectories
from analysis._tables import BenchmarkData

REGRET_QUALITIES = ("regret", "normalized_regret")


@dataclass(frozen=True)
class RuntimeECDF:
    """The result of :func:`runtime_ecdf`.

    Attributes
    ----------
    curves : pandas.DataFrame
        ``method``, ``x`` (budget), ``fraction`` of (problem, target, run) triples solved.
    area : pandas.Series
        Per method: the mean fraction over the grid (an anytime score in [0, 1]).
    targets : numpy.ndarray
    axis, y : str
    notes : tuple of str
    """

    curves: pd.DataFrame
    area: pd.Series
    targets: np.ndarray
    axis: str
    y: str
    notes: tuple[str, ...]


def log_targets(high: float = 1e2, low: float = 1e-8, n: int = 51) -> np.ndarray:
    """Return ``n`` log-spaced targets from ``high`` down to ``low`` (COCO's default).

    Examples
    --------
    >>> log_targets(1.0, 0.01, 3).tolist()
    [1.0, 0.1, 0.01]
    """
    if not (0 < low < high) or n < 1:
        raise ValueError(
            f"need 0 < low < high and n >= 1; got low={low!r}, high={high!r}, n={n!r}."
        )
    return np.geomspace(high, low, n)


def first_hits(traj: RunTrajectories, targets: np.ndarray) -> np.ndarray:
    """Return runs x targets: the budget at which each run first reaches each target.

    Infinite where it never does (and NaN for runs without a regret, i.e. no f_star).
    """
    targets = np.asarray(targets, dtype=float)
    out = np.full((len(traj.budget), len(targets)), np.inf)
    for i, (b, q) in enumerate(zip(traj.budget, traj.quality)):
        if len(q) and np.all(np.isnan(q)) and np.isnan(traj.runs["f_star"].iloc[i]):
            out[i] = np.nan
            continue
        # The regret curve never increases, so its negation is sorted.
        q = np.where(np.isnan(q), np.inf, q)
        idx = np.searchsorted(-q, -targets, side="left")
        hit = idx < len(q)
        out[i, hit] = b[idx[hit]]
    return out


def runtime_ecdf(
    data: BenchmarkData,
    *,
    targets: Sequence[float] | None = None,
    axis: str = "trials",
    y: str = "regret",
    grid: Sequence[float] | None = None,
) -> RuntimeECDF:
    """Compute each method's ECDF of runtimes over (problem, target, run) triples.

    Parameters
    ----------
    data : BenchmarkData
    targets : sequence of float or None
        Regret targets; None for :func:`log_targets` (51 from 1e2 to 1e-8).
    axis : {"trials", "steps", "seconds"}
    y : {"regret", "normalized_regret"}
    grid : sequence of float or None
        Budgets; None for every trial count (or log-spaced steps/seconds).

    Returns
    -------
    RuntimeECDF

    Examples
    --------
    >>> ecdf = runtime_ecdf(data, targets=[1.0, 0.1])  # doctest: +SKIP
    """
    check_choice(y, REGRET_QUALITIES, "y")
    targets = log_targets() if targets is None else np.asarray(targets, dtype=float)
    traj = trajectories(data, axis=axis, y=y)
    hits = first_hits(traj, targets)
    points = default_grid(traj) if grid is None else np.asarray(grid, dtype=float)
    usable = ~np.isnan(hits).any(axis=1)
    notes = [
        f"{p}: left out, it has no f_star"
        for p in sorted(traj.runs.loc[~usable, "problem"].unique())
    ]
    rows, area = [], {}
    for method, idx in traj.runs[usable].groupby("method").indices.items():
        chosen = np.flatnonzero(usable)[idx]
        solved = hits[chosen].ravel()
        fractions = (solved[None, :] <= points[:, None]).mean(axis=1)
        rows.append(pd.DataFrame({"method": method, "x": points, "fraction": fractions}))
        area[method] = float(fractions.mean()) if len(points) else np.nan
    curves = (
        pd.concat(rows, ignore_index=True)
        if rows
        else pd.DataFrame(columns=["method", "x", "fraction"])
    )
    return RuntimeECDF(
        curves,
        pd.Series(area, name="area").sort_values(ascending=False),
        targets,
        axis,
        y,
        tuple(notes),
    )


def expected_running_time(
    data: BenchmarkData, targets: Sequence[float], *, axis: str = "trials", y: str = "regret"
) -> pd.DataFrame:
    """Return the expected running time per problem, method and target.

    Returns
    -------
    pandas.DataFrame
        ``problem``, ``method``, ``target``, ``n_runs``, ``n_success``, ``ert``
        (infinite without success).

    Examples
    --------
    >>> expected_running_time(data, [0.1]).head()  # doctest: +SKIP
    """
    check_choice(y, REGRET_QUALITIES, "y")
    targets = np.asarray(targets, dtype=float)
    traj = trajectories(data, axis=axis, y=y)
    hits = first_hits(traj, targets)
    spent = np.array([b[-1] if len(b) else 0.0 for b in traj.budget])
    rows = []
    for (problem, method), idx in traj.runs.groupby(["problem", "method"]).indices.items():
        block = hits[idx]
        if np.isnan(block).any():
            continue
        for j, target in enumerate(targets):
            success = np.isfinite(block[:, j])
            total = np.where(success, block[:, j], spent[idx]).sum()
            n_success = int(success.sum())
            rows.append(
                {
                    "problem": problem,
                    "method": method,
                    "target": float(target),
                    "n_runs": len(idx),
                    "n_success": n_success,
                    "ert": total / n_success if n_success else np.inf,
                }
            )
    return pd.DataFrame(
        rows, columns=["problem", "method", "target", "n_runs", "n_success", "ert"]
    )
