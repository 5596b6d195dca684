"""Importance of finished studies: which hyperparameters matter, aggregated over repeats,
and which of the benchmark's own factors (sampler, pruner) explain its results.

Each run is rebuilt as an in-memory study from the loaded tables (so Optuna's studies work
too) and handed to the engine's evaluators (:mod:`hpobench.importance`): fANOVA by
default, MDI or PED-ANOVA on request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

import hpobench
from analysis._tables import BenchmarkData
from hpobench.distributions import json_to_distribution
from hpobench.importance import (
    BaseImportanceEvaluator,
    FanovaImportanceEvaluator,
    ImportanceResult,
    get_importance_result,
)
from hpobench.trial import TrialState


@dataclass(frozen=True)
class ImportanceSummary:
    """The result of :func:`importance_over_repeats`.

    Attributes
    ----------
    per_run : pandas.DataFrame
        ``run_id``, the ``by`` columns, ``param``, ``importance``, ``std`` (spread over
        the forest's trees; NaN for evaluators without trees), ``rank`` (1 = most
        important in that run).
    summary : pandas.DataFrame
        Per ``by`` group and parameter: ``mean``, ``std`` (over runs), ``sem``, ``n_runs``,
        ``mean_rank``, ``top_share`` (share of runs where it ranked first), sorted by
        mean importance.
    notes : tuple of str
        Runs left out (too few COMPLETE trials, no parameters).
    """

    per_run: pd.DataFrame
    summary: pd.DataFrame
    notes: tuple[str, ...]


def study_of_run(data: BenchmarkData, run_id: str) -> hpobench.Study:
    """Rebuild one run's COMPLETE trials as an in-memory study (parameters and values).

    Raises
    ------
    ValueError
        When the parameters were not loaded or ``run_id`` is unknown.
    """
    if data.params is None:
        raise ValueError(
            "importance needs the trials' parameters; load the benchmark with params=True."
        )
    runs = data.runs.set_index("run_id")
    if run_id not in runs.index:
        raise ValueError(
            f"run_id {run_id!r} is not a run of these data; e.g. {sorted(runs.index)[:5]}."
        )
    run = runs.loc[run_id]
    study = hpobench.create_study(directions=list(run["directions"]) or ["minimize"])
    trials = data.trials[(data.trials["run_id"] == run_id) & (data.trials["state"] == "COMPLETE")]
    params = data.params[data.params["run_id"] == run_id]
    by_number = {n: g for n, g in params.groupby("number")}
    value_columns = ["value"] + [f"value_{i}" for i in range(1, int(run["n_objectives"]))]
    frozen = []
    for row in trials.itertuples(index=False):
        group = by_number.get(row.number)
        if group is None:
            continue
        dists = {p: json_to_distribution(d) for p, d in zip(group["param"], group["distribution"])}
        values = {p: dists[p].to_external_repr(v) for p, v in zip(group["param"], group["value"])}
        frozen.append(
            hpobench.create_trial(
                state=TrialState.COMPLETE,
                params=values,
                distributions=dists,
                values=[float(getattr(row, c)) for c in value_columns],
            )
        )
    study.add_trials(frozen)
    return study


def importance_over_repeats(
    data: BenchmarkData,
    *,
    evaluator: BaseImportanceEvaluator | None = None,
    by: Sequence[str] = ("problem",),
    min_trials: int = 5,
) -> ImportanceSummary:
    """Compute parameter importances of every single-objective run and aggregate them.

    Parameters
    ----------
    data : BenchmarkData
        Loaded with ``params=True``.
    evaluator : BaseImportanceEvaluator or None
        None for ``FanovaImportanceEvaluator(seed=0)``.
    by : sequence of str, default=("problem",)
        Runs-table columns to aggregate within; ``("problem", "method")`` shows how each
        sampler's data changes the picture.
    min_trials : int, default=5
        Runs with fewer COMPLETE trials are left out (noted).

    Returns
    -------
    ImportanceSummary

    Examples
    --------
    >>> summary = importance_over_repeats(data).summary  # doctest: +SKIP
    """
    evaluator = evaluator or FanovaImportanceEvaluator(seed=0)
    by = list(by)
    unknown = [c for c in by if c not in data.runs.columns]
    if unknown:
        raise ValueError(f"by columns {unknown} are not in the runs table.")
    rows, notes = [], []
    for run in data.runs[data.runs["n_objectives"] == 1].itertuples(index=False):
        if run.n_complete < min_trials:
            notes.append(
                f"{run.run_id}: left out, {run.n_complete} COMPLETE trial(s) < {min_trials}"
            )
            continue
        study = study_of_run(data, run.run_id)
        try:
            result = get_importance_result(study, evaluator=evaluator)
        except ValueError as err:
            notes.append(f"{run.run_id}: left out, {err}")
            continue
        keys = {c: getattr(run, c) for c in by}
        for rank, (param, value) in enumerate(result.importances.items(), start=1):
            std = np.nan if result.std is None else result.std.get(param, np.nan)
            rows.append(
                {
                    "run_id": run.run_id,
                    **keys,
                    "param": param,
                    "importance": value,
                    "std": std,
                    "rank": rank,
                }
            )
    per_run = pd.DataFrame(rows, columns=["run_id", *by, "param", "importance", "std", "rank"])
    return ImportanceSummary(per_run, _aggregate(per_run, by), tuple(notes))


def _aggregate(per_run: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    grouped = per_run.groupby([*by, "param"])
    summary = pd.DataFrame(
        {
            "mean": grouped["importance"].mean(),
            "std": grouped["importance"].std(ddof=1),
            "n_runs": grouped.size(),
            "mean_rank": grouped["rank"].mean(),
            "top_share": grouped["rank"].apply(lambda r: float((r == 1).mean())),
        }
    )
    summary["sem"] = summary["std"] / np.sqrt(summary["n_runs"])
    summary = summary.reset_index().sort_values(
        [*by, "mean"], ascending=[True] * len(by) + [False]
    )
    return summary.reset_index(drop=True)


def factor_importance(
    data: BenchmarkData,
    *,
    metric: str = "regret",
    factors: Sequence[str] = ("sampler", "pruner"),
    evaluator: BaseImportanceEvaluator | None = None,
) -> ImportanceResult:
    """Which of the benchmark's factors explain a run metric across all runs.

    Each run becomes one observation: its factors (runs-table columns, as categories) and
    its metric turned into a rank within its problem (0 best … 1 worst, so problems of
    different scales weigh the same). The engine's evaluator then apportions the
    variation among the factors.

    Returns
    -------
    hpobench.importance.ImportanceResult

    Raises
    ------
    ValueError
        For an unknown factor or metric, or fewer than 2 runs with a finite metric.
    """
    runs = data.runs
    missing = [c for c in (*factors, metric) if c not in runs.columns]
    if missing:
        raise ValueError(
            f"columns {missing} are not in the runs table; columns: {sorted(runs.columns)}."
        )
    usable = runs[np.isfinite(runs[metric].astype(float))]
    if len(usable) < 2:
        raise ValueError(
            f"factor_importance needs >= 2 runs with a finite {metric!r}; got {len(usable)}."
        )
    score = usable.groupby("problem")[metric].rank(pct=True, method="average")
    study = hpobench.create_study()
    choices = {f: sorted({str(v) for v in usable[f]}) for f in factors}
    dists = {f: hpobench.distributions.CategoricalDistribution(choices[f]) for f in factors}
    study.add_trials(
        hpobench.create_trial(
            params={f: str(row[f]) for f in factors}, distributions=dists, value=float(s)
        )
        for (_, row), s in zip(usable.iterrows(), score)
    )
    return get_importance_result(study, evaluator=evaluator or FanovaImportanceEvaluator(seed=0))
