"""Best-so-far curves of every run against a budget axis: trials, steps or seconds.

The budget spent after each trial is its position (``"trials"``), the steps consumed so
far (``"steps"``: reported intermediate values, or one per trial that reported none), or
the seconds since the run started (``"seconds"``: the runner's ``wall_t`` when stored,
else the running sum of ask, objective and tell seconds).

The quality along the way is the best-so-far value, its regret against ``f_star``
(direction-aware), or the regret normalised as in :mod:`analysis._tables`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis._tables import BenchmarkData

AXES = ("trials", "steps", "seconds")
QUALITIES = ("best_so_far", "regret", "normalized_regret")


@dataclass(frozen=True)
class RunTrajectories:
    """Each run's budget spent and quality after every trial, in trial order.

    Attributes
    ----------
    runs : pandas.DataFrame
        The runs (rows of ``BenchmarkData.runs``) in the order of ``budget``/``quality``.
    budget : list of numpy.ndarray
        Budget spent after each trial of each run (non-decreasing).
    quality : list of numpy.ndarray
        Quality after each trial (NaN before the first COMPLETE trial).
    axis, y : str
    """

    runs: pd.DataFrame
    budget: list[np.ndarray]
    quality: list[np.ndarray]
    axis: str
    y: str

    def at(self, grid: np.ndarray) -> np.ndarray:
        """Return runs x grid: each run's quality at each budget (the last trial within it).

        A grid point before a run's first COMPLETE trial is NaN; after its last trial the
        final quality carries on.
        """
        grid = np.asarray(grid, dtype=float)
        out = np.full((len(self.budget), len(grid)), np.nan)
        for i, (b, q) in enumerate(zip(self.budget, self.quality)):
            idx = np.searchsorted(b, grid, side="right") - 1
            inside = idx >= 0
            out[i, inside] = q[idx[inside]]
        return out


def check_choice(value: str, choices: tuple[str, ...], name: str) -> str:
    """Raise a ValueError naming the choices unless ``value`` is one of them."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}; got {value!r}.")
    return value


def trajectories(
    data: BenchmarkData, *, axis: str = "trials", y: str = "best_so_far"
) -> RunTrajectories:
    """Return every single-objective run's trajectory (see the module docstring).

    Raises
    ------
    ValueError
        For an unknown axis or quality.
    """
    check_choice(axis, AXES, "axis")
    check_choice(y, QUALITIES, "y")
    runs = data.runs[data.runs["n_objectives"] == 1].set_index("run_id", drop=False)
    trials = data.trials[data.trials["run_id"].isin(runs.index)]
    spent = _budget_column(trials, axis)
    quality = _quality_column(trials, runs, y)
    budgets, qualities, order = [], [], []
    bounds = trials.groupby("run_id", sort=False).indices
    for run_id, rows in bounds.items():
        order.append(run_id)
        budgets.append(np.maximum.accumulate(spent[rows]))
        qualities.append(quality[rows])
    return RunTrajectories(runs.loc[order].reset_index(drop=True), budgets, qualities, axis, y)


def _budget_column(trials: pd.DataFrame, axis: str) -> np.ndarray:
    if axis == "trials":
        return trials["number"].to_numpy(dtype=float) + 1.0
    by_run = trials.groupby("run_id", sort=False)
    if axis == "steps":
        return by_run["n_steps"].cumsum().to_numpy(dtype=float)
    summed = trials[["ask_s", "objective_s", "tell_s"]].fillna(0.0).sum(axis=1)
    running = summed.groupby(trials["run_id"], sort=False).cumsum().to_numpy(dtype=float)
    wall = trials["wall_t"].to_numpy(dtype=float)
    return np.where(np.isnan(wall), running, wall)


def _quality_column(trials: pd.DataFrame, runs: pd.DataFrame, y: str) -> np.ndarray:
    best = trials["best_so_far"].to_numpy(dtype=float)
    if y == "best_so_far":
        return best
    per_run = runs.loc[trials["run_id"]]
    sign = np.where(per_run["direction"].to_numpy() == "maximize", -1.0, 1.0)
    regret = (best - per_run["f_star"].to_numpy(dtype=float)) * sign
    if y == "regret":
        return regret
    span = per_run["f_ref"].to_numpy(dtype=float) - per_run["f_star"].to_numpy(dtype=float)
    span = span * sign
    return np.where(span > 0, regret / np.where(span > 0, span, 1.0), np.nan)


def default_grid(traj: RunTrajectories, n_points: int = 50) -> np.ndarray:
    """Return a budget grid: every trial count, or log-spaced steps/seconds."""
    ends = [b[-1] for b in traj.budget if len(b)]
    if not ends:
        return np.empty(0)
    top = float(max(ends))
    if traj.axis == "trials":
        return np.arange(1.0, top + 1.0)
    starts = [b[0] for b in traj.budget if len(b) and b[0] > 0]
    low = float(min(starts)) if starts else top / 1000.0
    if traj.axis == "steps":
        return np.unique(np.round(np.geomspace(max(low, 1.0), top, n_points)))
    return np.geomspace(max(low, 1e-9), top, n_points)
