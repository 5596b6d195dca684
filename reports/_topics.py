"""The analyses behind the report's topic sections: pruning, worker scaling, multi-objective
quality, importances of the ML tasks' hyperparameters, and breakdowns by problem class.

Each gatherer returns a small named result, or None with a note saying why the benchmark
has nothing for it; the report then leaves that section out. Every number comes from
``analysis``; here the data are only restricted to the problems a topic concerns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

import analysis
from reports._collect import collect

# What the suites tag their machine-learning tuning tasks with.
ML_TAG = "ml"
# The attainment surfaces drawn: the best and the median of a method's runs.
FRONT_PERCENTILES = (0, 50)


@dataclass(frozen=True)
class PruningResults:
    """Pruners against their sampler's unpruned runs, on the problems where a pruner ran.

    Attributes
    ----------
    efficiency : pandas.DataFrame
        :func:`analysis.pruning_efficiency` rows of those problems.
    curves : pandas.DataFrame
        :func:`analysis.anytime_curves` of the best value against the steps consumed.
    false_prunes : analysis.FalsePrunes or None
        :func:`analysis.false_prune_rate`; None when the problems cannot be re-evaluated.
    """

    efficiency: pd.DataFrame
    curves: pd.DataFrame
    false_prunes: analysis.FalsePrunes | None


@dataclass(frozen=True)
class ScalingResults:
    """:func:`analysis.worker_scaling` against wall seconds and against trials."""

    summary: pd.DataFrame
    by_seconds: pd.DataFrame
    by_trials: pd.DataFrame


@dataclass(frozen=True)
class MultiObjectiveResults:
    """The multi-objective problems' quality.

    Attributes
    ----------
    quality : analysis.MultiObjectiveQuality
    table : pandas.DataFrame
        :func:`analysis.multiobjective_table`.
    hypervolume : pandas.DataFrame
        :func:`analysis.hypervolume_anytime` (hypervolume over trials, per method).
    fronts : pandas.DataFrame
        :func:`analysis.attainment_surfaces` (two-objective problems only).
    """

    quality: analysis.MultiObjectiveQuality
    table: pd.DataFrame
    hypervolume: pd.DataFrame
    fronts: pd.DataFrame


@dataclass(frozen=True)
class Breakdowns:
    """Results per problem class, keyed by kind (``"tag"``, ``"dimension"``).

    Attributes
    ----------
    ranks : dict of str to pandas.DataFrame
        :func:`analysis.ranks_by_stratum`, for the kinds with at least two classes.
    verdicts : dict of str to pandas.DataFrame
        :func:`analysis.verdicts_by_stratum` of the reference's comparison (same kinds;
        empty without a reference).
    """

    ranks: dict[str, pd.DataFrame]
    verdicts: dict[str, pd.DataFrame]


def restrict(data: analysis.BenchmarkData, problems: Iterable[str]) -> analysis.BenchmarkData:
    """The runs of ``problems`` only, with their trials, steps and parameters.

    Examples
    --------
    >>> restrict(data, ["Branin"]).problems  # doctest: +SKIP
    ['Branin']
    """
    runs = data.runs[data.runs["problem"].isin(set(problems))]
    ids = set(runs["run_id"])
    params = None if data.params is None else data.params[data.params["run_id"].isin(ids)]
    return dataclasses.replace(
        data,
        runs=runs.reset_index(drop=True),
        trials=data.trials[data.trials["run_id"].isin(ids)].reset_index(drop=True),
        steps=data.steps[data.steps["run_id"].isin(ids)].reset_index(drop=True),
        params=params,
    )


def gather_pruning(data: analysis.BenchmarkData, notes: list[str]) -> PruningResults | None:
    """Pruning efficiency where runs used a pruner; None (noted) otherwise."""
    runs = data.runs
    pruned = runs[runs["pruner"].notna() & (runs["n_objectives"] == 1)]
    if pruned.empty:
        notes.append("pruning efficiency: left out, no single-objective run used a pruner")
        return None
    problems = sorted(pruned["problem"].unique())
    own = restrict(data, problems)
    efficiency = analysis.pruning_efficiency(own)
    curves = collect(notes, lambda: analysis.anytime_curves(own, axis="steps"), prefix="pruning: ")
    false_prunes = collect(
        notes,
        lambda: analysis.false_prune_rate(own),
        catch=(ValueError, KeyError, TypeError, ImportError),
        prefix="false-prune rate left out: ",
    )
    empty = pd.DataFrame(columns=["problem", "method", "x", "median", "lower", "upper"])
    return PruningResults(efficiency, empty if curves is None else curves, false_prunes)


def gather_scaling(data: analysis.BenchmarkData, notes: list[str]) -> ScalingResults | None:
    """Worker scaling where some run shared its study between workers; None (noted) else."""
    workers = pd.to_numeric(data.runs["workers"], errors="coerce")
    if not (workers > 1).any():
        notes.append("worker scaling: left out, every run used one worker")
        return None
    summary, by_seconds = analysis.worker_scaling(data, axis="seconds")
    _, by_trials = analysis.worker_scaling(data, axis="trials")
    return ScalingResults(summary, by_seconds, by_trials)


def gather_multiobjective(
    data: analysis.BenchmarkData, notes: list[str]
) -> MultiObjectiveResults | None:
    """Hypervolume, IGD+, hypervolume over trials and fronts of the multi-objective runs."""
    runs = data.runs
    several = runs[runs["n_objectives"] > 1]
    if several.empty:
        notes.append("multi-objective: left out, every problem has one objective")
        return None
    own = restrict(data, several["problem"].unique())
    quality = analysis.multiobjective_quality(own)
    notes.extend(f"multi-objective: {n}" for n in quality.notes)
    many = sorted(several.loc[several["n_objectives"] > 2, "problem"].unique())
    if many:
        notes.append(f"multi-objective: fronts are drawn for two objectives only, not for {many}")
    return MultiObjectiveResults(
        quality,
        analysis.multiobjective_table(quality),
        analysis.hypervolume_anytime(analysis.hypervolume_curves(own)),
        analysis.attainment_surfaces(own, percentiles=FRONT_PERCENTILES),
    )


def gather_importance(
    data: analysis.BenchmarkData, tags: pd.DataFrame, notes: list[str]
) -> analysis.ImportanceSummary | None:
    """fANOVA importances of the ML tasks' hyperparameters, aggregated over repeats.

    ``tags`` is :func:`analysis.problem_strata` of the problems (kind ``"tags"``).
    """
    single = set(data.runs.loc[data.runs["n_objectives"] == 1, "problem"])
    tasks = sorted(set(tags.loc[tags["stratum"] == ML_TAG, "problem"]) & single)
    if not tasks:
        notes.append("importances: left out, no single-objective ML tuning task")
        return None
    if data.params is None:
        notes.append("importances: left out, the parameters were not loaded")
        return None
    summary = collect(
        notes,
        lambda: analysis.importance_over_repeats(restrict(data, tasks)),
        prefix="importances: ",
    )
    if summary is None:
        return None
    notes.extend(f"importances: {n}" for n in summary.notes)
    if summary.summary.empty:
        notes.append("importances: left out, no ML run had enough COMPLETE trials")
        return None
    return summary


def gather_breakdowns(
    data: analysis.BenchmarkData,
    tags: pd.DataFrame,
    comparison: analysis.ComparisonResult | None,
    alpha: float,
    notes: list[str],
) -> Breakdowns | None:
    """Average ranks (and the reference's verdicts) per tag and per dimension bucket."""
    if len(data.methods) < 2:
        notes.append("breakdowns: left out, one method only")
        return None
    kinds = {"tag": tags, "dimension": analysis.dimension_buckets(data.problems)}
    ranks: dict[str, pd.DataFrame] = {}
    verdicts: dict[str, pd.DataFrame] = {}
    for kind, strata in kinds.items():
        table = collect(
            notes, lambda s=strata: analysis.ranks_by_stratum(data, s), prefix="breakdowns: "
        )
        # A class holding every ranked problem tells nothing the leaderboard does not.
        if table is None or not (table["share"] < 1).any():
            continue
        ranks[kind] = table
        if comparison is not None:
            verdicts[kind] = analysis.verdicts_by_stratum(comparison, strata, alpha=alpha)
    if not ranks:
        notes.append("breakdowns: left out, no tag or dimension bucket splits the ranked problems")
        return None
    return Breakdowns(ranks, verdicts)
