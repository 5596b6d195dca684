"""Where the time goes: sampler against objective seconds, how sampler cost grows with the
number of trials, and how results scale with the number of workers.

The sampler's seconds of a trial are its ``ask_s + tell_s`` (the paper's Figure 10 plots
their mean per study against the objective's); ``prune_s`` is the pruner's. The rest of a
run's wall time (``other_s``: storage commits, bookkeeping) is the wall time minus all
of these.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis._anytime import anytime_curves
from analysis._tables import BenchmarkData

_SUMS = ("ask_s", "tell_s", "objective_s", "prune_s")


def timing_summary(
    data: BenchmarkData, *, by: tuple[str, ...] = ("problem", "method")
) -> pd.DataFrame:
    """Return mean seconds per trial and per study, per problem and method.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``n_runs``, ``n_trials`` (total), ``sampler_s_per_trial``,
        ``objective_s_per_trial``, ``prune_s_per_trial``, ``sampler_share`` (sampler
        seconds over sampler + objective seconds), ``sampler_s_per_study``,
        ``wall_s_per_study``, ``other_s_per_study``.

    Examples
    --------
    >>> timing_summary(data)[["method", "sampler_s_per_trial"]]  # doctest: +SKIP
    """
    runs = data.runs.copy()
    for name in _SUMS:
        runs[name] = runs[name].fillna(0.0)
    runs["sampler_s"] = runs["ask_s"] + runs["tell_s"]
    runs["other_s"] = (
        runs["wall_s"] - runs["sampler_s"] - runs["objective_s"] - runs["prune_s"]
    ).clip(lower=0.0)
    grouped = runs.groupby(list(by))
    trials = grouped["n_trials"].sum()
    out = pd.DataFrame(
        {
            "n_runs": grouped.size(),
            "n_trials": trials,
            "sampler_s_per_trial": grouped["sampler_s"].sum() / trials,
            "objective_s_per_trial": grouped["objective_s"].sum() / trials,
            "prune_s_per_trial": grouped["prune_s"].sum() / trials,
            "sampler_s_per_study": grouped["sampler_s"].mean(),
            "wall_s_per_study": grouped["wall_s"].mean(),
            "other_s_per_study": grouped["other_s"].mean(),
        }
    )
    total = out["sampler_s_per_trial"] + out["objective_s_per_trial"]
    out.insert(5, "sampler_share", out["sampler_s_per_trial"] / total.where(total > 0))
    return out.reset_index()


def sampler_cost_growth(data: BenchmarkData, *, by: str = "method") -> pd.DataFrame:
    """Fit how the sampler's seconds per trial grow with the trial number.

    A straight line through ``log(sampler seconds)`` against ``log(trial number)`` (trials
    numbered from 1, mean over runs at each number) gives ``exponent``: 0 is constant
    cost, 1 linear growth, 3 the cubic growth of a Gaussian process.

    Returns
    -------
    pandas.DataFrame
        One row per ``by`` value: ``exponent``, ``first_s`` and ``last_s`` (mean sampler
        seconds of the first and of the last trial number), ``n_points``.
    """
    if by not in data.runs.columns:
        raise ValueError(
            f"by {by!r} is not a column of the runs table; columns: {sorted(data.runs.columns)}."
        )
    trials = data.trials
    if by in trials:
        groups = trials[by]
    else:
        groups = trials["run_id"].map(data.runs.set_index("run_id")[by])
    cost = trials["ask_s"].fillna(0.0) + trials["tell_s"].fillna(0.0)
    frame = pd.DataFrame({"group": groups, "n": trials["number"] + 1, "s": cost})
    rows = []
    for group, block in frame.groupby("group"):
        mean = block.groupby("n")["s"].mean()
        positive = mean[mean > 0]
        exponent = np.nan
        if len(positive) >= 2:
            exponent = float(
                np.polyfit(np.log(positive.index.to_numpy(float)), np.log(positive.to_numpy()), 1)[
                    0
                ]
            )
        rows.append(
            {
                by: group,
                "exponent": exponent,
                "first_s": float(mean.iloc[0]),
                "last_s": float(mean.iloc[-1]),
                "n_points": len(positive),
            }
        )
    return pd.DataFrame(rows, columns=[by, "exponent", "first_s", "last_s", "n_points"])


def worker_scaling(
    data: BenchmarkData, *, axis: str = "seconds"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compare runs by number of workers (the paper's §5.3).

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        The summary per (problem, method, workers): ``median_final_best``,
        ``median_wall_s`` and ``speedup`` (median wall seconds of one worker over this
        one's; NaN without a one-worker run); and the anytime curves against ``axis``
        (seconds or trials) per (problem, method, workers).
    """
    runs = data.runs
    grouped = runs.groupby(["problem", "method", "workers"])
    summary = pd.DataFrame(
        {
            "n_runs": grouped.size(),
            "median_final_best": grouped["final_best"].median(),
            "median_wall_s": grouped["wall_s"].median(),
        }
    ).reset_index()
    single = summary[summary["workers"] == 1].set_index(["problem", "method"])["median_wall_s"]
    keys = pd.MultiIndex.from_frame(summary[["problem", "method"]])
    summary["speedup"] = single.reindex(keys).to_numpy() / summary["median_wall_s"].to_numpy()
    curves = anytime_curves(data, axis=axis, by=("problem", "method", "workers"))
    return summary, curves
