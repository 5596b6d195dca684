"""Pruner evaluation: what a pruner saves (steps, seconds) against what it loses (regret),
and how often it pruned a trial that would have become the best.

A pruned method is paired with the same sampler without a pruner, or with ``nop`` (its
*baseline*). The
false-prune rate needs each pruned trial's final value, which the study never saw: it is
computed by evaluating the problem at the trial's parameters -- affordable on problems
whose full curves are cheap (the suites' learning-curve problems).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis._tables import BenchmarkData

FinalValue = Callable[[pd.Series, Mapping[str, float]], float]


def pruning_efficiency(data: BenchmarkData) -> pd.DataFrame:
    """Compare each pruned method with its sampler's unpruned runs, per problem.

    Returns
    -------
    pandas.DataFrame
        Per (problem, method): ``sampler``, ``pruner``, ``n_runs``, medians over repeats
        of ``steps_consumed``, ``n_trials``, ``pruned_fraction``, ``final_best``,
        ``regret``, ``wall_s``; and against the baseline (NaN without one):
        ``steps_saved`` and ``seconds_saved`` (fractions of the baseline's medians),
        ``regret_lost`` (median regret minus the baseline's; positive means worse) and
        ``trials_ratio`` (trials explored relative to the baseline).

    Examples
    --------
    >>> pruning_efficiency(data)[["method", "steps_saved", "regret_lost"]]  # doctest: +SKIP
    """
    runs = data.runs[data.runs["n_objectives"] == 1].copy()
    runs["pruned_fraction"] = runs["n_pruned"] / runs["n_trials"].where(runs["n_trials"] > 0)
    columns = ["steps_consumed", "n_trials", "pruned_fraction", "final_best", "regret", "wall_s"]
    grouped = runs.groupby(["problem", "method"])
    table = grouped[columns].median()
    table["n_runs"] = grouped.size()
    table["sampler"] = grouped["sampler"].first()
    table["pruner"] = grouped["pruner"].first()
    table = table.reset_index()
    base = table[unpruned(table["pruner"])].set_index(["problem", "sampler"])
    keys = pd.MultiIndex.from_frame(table[["problem", "sampler"]])
    ref = base.reindex(keys)
    table["steps_saved"] = (
        1.0 - table["steps_consumed"].to_numpy() / ref["steps_consumed"].to_numpy()
    )
    table["seconds_saved"] = 1.0 - table["wall_s"].to_numpy() / ref["wall_s"].to_numpy()
    table["regret_lost"] = table["regret"].to_numpy() - ref["regret"].to_numpy()
    table["trials_ratio"] = table["n_trials"].to_numpy() / ref["n_trials"].to_numpy()
    return table[
        [
            "problem",
            "method",
            "sampler",
            "pruner",
            "n_runs",
            *columns,
            "steps_saved",
            "seconds_saved",
            "regret_lost",
            "trials_ratio",
        ]
    ]


# Pruner labels that never prune: a method with one of them is its sampler's baseline.
NO_PRUNER_NAMES = frozenset({"nop", "none", "optuna:nop", "optuna:noppruner"})


def unpruned(pruners: pd.Series) -> pd.Series:
    """Which runs had no pruner: an empty label, or a pruner that never prunes (``nop``).

    Examples
    --------
    >>> unpruned(pd.Series([None, "nop", "optuna:NopPruner", "median"])).tolist()
    [True, True, True, False]
    """
    return pruners.isna() | pruners.astype("string").str.lower().isin(NO_PRUNER_NAMES).fillna(
        False
    )


@dataclass(frozen=True)
class FalsePrunes:
    """The result of :func:`false_prune_rate`.

    Attributes
    ----------
    trials : pandas.DataFrame
        One row per pruned trial: ``run_id``, ``problem``, ``method``, ``number``,
        ``final_value`` (what it would have reached), ``best_then`` (the best COMPLETE
        value when it was pruned), ``final_best`` (the run's), ``beat_incumbent`` and
        ``beat_final`` (bool).
    summary : pandas.DataFrame
        Per (problem, method): ``n_pruned``, ``false_prune_rate`` (share that would have
        beaten the incumbent of their time) and ``lost_best_rate`` (share that would have
        beaten the run's final best).
    """

    trials: pd.DataFrame
    summary: pd.DataFrame


def false_prune_rate(data: BenchmarkData, final_value: FinalValue | None = None) -> FalsePrunes:
    """Find the pruned trials that would have become the best had they run to the end.

    Parameters
    ----------
    data : BenchmarkData
        Loaded with ``params=True``.
    final_value : callable or None
        ``(run_row, internal_params) -> value``: the value the trial would have reached.
        None evaluates the suites' problem (``suites.get_problem(problem,
        seed=problem_seed).evaluate``) at the parameters.

    Returns
    -------
    FalsePrunes

    Raises
    ------
    ValueError
        When the parameters were not loaded.
    """
    if data.params is None:
        raise ValueError(
            "false_prune_rate needs the trials' parameters; load the benchmark "
            "with load_benchmark(..., params=True)."
        )
    final_value = final_value or _suites_final_value()
    runs = data.runs.set_index("run_id")
    trials = data.trials
    # A pruned trial leaves the best-so-far unchanged: its row holds the incumbent of its time.
    pruned = trials[trials["state"] == "PRUNED"].assign(best_then=trials["best_so_far"])
    wanted = data.params.merge(pruned[["run_id", "number"]], on=["run_id", "number"])
    params = {
        key: dict(zip(g["param"], g["value"])) for key, g in wanted.groupby(["run_id", "number"])
    }
    rows = []
    for t in pruned.itertuples(index=False):
        run = runs.loc[t.run_id]
        internal = params.get((t.run_id, t.number), {})
        rows.append(_judge(t, run, float(final_value(run, internal))))
    frame = pd.DataFrame(
        rows,
        columns=[
            "run_id",
            "problem",
            "method",
            "number",
            "final_value",
            "best_then",
            "final_best",
            "beat_incumbent",
            "beat_final",
        ],
    )
    grouped = frame.groupby(["problem", "method"])
    summary = pd.DataFrame(
        {
            "n_pruned": grouped.size(),
            "false_prune_rate": grouped["beat_incumbent"].mean(),
            "lost_best_rate": grouped["beat_final"].mean(),
        }
    ).reset_index()
    return FalsePrunes(frame, summary)


def _judge(t: Any, run: pd.Series, value: float) -> dict[str, Any]:
    sign = -1.0 if run["direction"] == "maximize" else 1.0
    best_then, final_best = float(t.best_then), float(run["final_best"])
    beat_then = np.isnan(best_then) or value * sign < best_then * sign
    beat_final = np.isnan(final_best) or value * sign < final_best * sign
    return {
        "run_id": t.run_id,
        "problem": t.problem,
        "method": t.method,
        "number": t.number,
        "final_value": value,
        "best_then": best_then,
        "final_best": final_best,
        "beat_incumbent": bool(beat_then),
        "beat_final": bool(beat_final),
    }


def _suites_final_value() -> FinalValue:
    import suites

    cache: dict[tuple[str, Any], Any] = {}

    def evaluate(run: pd.Series, internal: Mapping[str, float]) -> float:
        seed = run.get("problem_seed")
        seed = None if seed is None or pd.isna(seed) else int(seed)
        key = (run["problem"], seed)
        if key not in cache:
            cache[key] = suites.get_problem(run["problem"], seed=seed)
        problem = cache[key]
        x = np.array([[internal[name] for name in problem.space]], dtype=float)
        y = np.asarray(problem.evaluate(x), dtype=float)
        return float(y.reshape(-1)[0])

    return evaluate
