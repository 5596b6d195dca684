"""Everything a report shows, computed once by ``analysis`` and kept in one named result.

A result that does not apply to the data (one method only, no reference, no regrets, no
pruner, one objective, no ML task, no baseline) is None and its reason is kept in
``notes``: the report then leaves that section out.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import pandas as pd

import analysis
from hpobench.cli._storage import display_url
from reports._collect import collect
from reports._topics import (
    Breakdowns,
    MultiObjectiveResults,
    PruningResults,
    ScalingResults,
    gather_breakdowns,
    gather_importance,
    gather_multiobjective,
    gather_pruning,
    gather_scaling,
)


@dataclass(frozen=True)
class ReportContent:
    """The analysis results a report renders.

    Attributes
    ----------
    data : analysis.BenchmarkData
    reference : str or None
        The method compared with every other one (win/tie/loss), if any.
    alpha : float
    leaderboard : pandas.DataFrame
        Per method: ``average_rank``, ``borda``, ``firsts`` (from
        :func:`analysis.summary_tables`) and bayesmark's ``median_score`` / ``mean_score``
        when a score baseline exists.
    overview : pandas.DataFrame
        Per (problem, method): run counts and median / quartiles of ``final_best``.
    comparison : analysis.ComparisonResult or None
    friedman : analysis.FriedmanResult or None
    pairwise : pandas.DataFrame or None
        :func:`analysis.wilcoxon_pairwise` (Holm-adjusted).
    curves : pandas.DataFrame
        :func:`analysis.anytime_curves` of ``best_so_far`` per (problem, method).
    aggregate : pandas.DataFrame or None
        :func:`analysis.anytime_curves` of ``normalized_regret`` per method.
    ecdf : analysis.RuntimeECDF or None
    timing : pandas.DataFrame
        :func:`analysis.timing_summary` per (problem, method).
    method_timing : pandas.DataFrame
        :func:`analysis.timing_summary` per method (over every problem).
    score_baseline : str or None
        The method whose normalised score is 1.
    notes : tuple of str
    pruning : PruningResults or None
        Where runs used a pruner.
    scaling : ScalingResults or None
        Where runs shared their study between workers.
    multiobjective : MultiObjectiveResults or None
        Where problems have several objectives.
    importance : analysis.ImportanceSummary or None
        fANOVA importances of the ML tasks' hyperparameters, over repeats.
    breakdowns : Breakdowns or None
        Average ranks (and verdicts) per problem tag and dimension bucket.
    regression : analysis.RegressionReport or None
        The changes since a baseline benchmark result, when one is given.
    baseline_source : str or None
        Where that baseline was read from.
    """

    data: analysis.BenchmarkData
    reference: str | None
    alpha: float
    leaderboard: pd.DataFrame
    overview: pd.DataFrame
    comparison: analysis.ComparisonResult | None
    friedman: analysis.FriedmanResult | None
    pairwise: pd.DataFrame | None
    curves: pd.DataFrame
    aggregate: pd.DataFrame | None
    ecdf: analysis.RuntimeECDF | None
    timing: pd.DataFrame
    method_timing: pd.DataFrame
    score_baseline: str | None
    notes: tuple[str, ...]
    pruning: PruningResults | None = None
    scaling: ScalingResults | None = None
    multiobjective: MultiObjectiveResults | None = None
    importance: analysis.ImportanceSummary | None = None
    breakdowns: Breakdowns | None = None
    regression: analysis.RegressionReport | None = None
    baseline_source: str | None = None


def gather(
    data: analysis.BenchmarkData,
    *,
    reference: str | None = None,
    score_baseline: str | None = None,
    alpha: float = 0.05,
    baseline: analysis.BenchmarkData | None = None,
) -> ReportContent:
    """Run the analyses a report needs on ``data``.

    Parameters
    ----------
    data : analysis.BenchmarkData
    reference : str or None
        Compare this method with each other one per problem (Mann–Whitney U, Holm).
    score_baseline : str or None
        The method scoring 1 in the normalised scores; None picks ``"random"`` when present.
    alpha : float, default=0.05
    baseline : analysis.BenchmarkData or None
        A baseline result of the benchmark: which (problem, method) cells changed
        significantly since (:func:`analysis.regression_diff`).

    Raises
    ------
    ValueError
        For an empty benchmark, an unknown reference or score baseline (the message lists
        the methods), or ``alpha`` outside (0, 1).

    Examples
    --------
    >>> content = gather(analysis.load_benchmark(storage, "demo"))  # doctest: +SKIP
    >>> content.leaderboard.columns.tolist()  # doctest: +SKIP
    ['method', 'borda', 'firsts', 'average_rank', 'median_score', 'mean_score']
    """
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be in (0, 1); got {alpha!r}.")
    methods = data.methods
    if score_baseline is not None and score_baseline not in methods:
        raise ValueError(
            f"score_baseline {score_baseline!r} is not a method of the data; methods: {methods}."
        )
    notes: list[str] = []
    # Unlike the optional analyses below, a failure here (empty data, unknown reference)
    # is the caller's error and propagates.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summary = analysis.summary_tables(data, reference=reference, alpha=alpha)
    notes.extend(str(w.message) for w in caught)
    notes.extend(summary.notes)
    if score_baseline is None and "random" in methods and len(methods) > 1:
        score_baseline = "random"
    leaderboard = _leaderboard(summary.tables["ranks"], data, score_baseline, notes)
    comparison = None
    if reference is not None:
        comparison = collect(
            notes, lambda: analysis.compare_to_reference(data, reference, alpha=alpha)
        )
    tags = analysis.problem_strata(data.problems, "tags")
    topics: dict[str, Any] = {
        "pruning": gather_pruning(data, notes),
        "scaling": gather_scaling(data, notes),
        "multiobjective": gather_multiobjective(data, notes),
        "importance": gather_importance(data, tags, notes),
        "breakdowns": gather_breakdowns(data, tags, comparison, alpha, notes),
    }
    friedman = _friedman(data, alpha, summary.tables["ranks"], notes)
    if baseline is not None:
        topics["regression"] = analysis.regression_diff(data, baseline, alpha=alpha)
        topics["baseline_source"] = display_url(baseline.source)
        notes.extend(f"regression: {n}" for n in topics["regression"].notes)
    return ReportContent(
        data=data,
        reference=reference,
        alpha=alpha,
        leaderboard=leaderboard,
        overview=summary.tables["overview"],
        comparison=comparison,
        friedman=friedman,
        pairwise=collect(notes, lambda: analysis.wilcoxon_pairwise(data, alpha=alpha)),
        curves=analysis.anytime_curves(data),
        aggregate=collect(
            notes,
            lambda: analysis.anytime_curves(data, y="normalized_regret", by=("method",)),
        ),
        ecdf=collect(notes, lambda: analysis.runtime_ecdf(data)),
        timing=analysis.timing_summary(data),
        method_timing=summary.tables["timing"],
        score_baseline=score_baseline,
        notes=tuple(dict.fromkeys(notes)),
        **topics,
    )


def _friedman(
    data: analysis.BenchmarkData, alpha: float, ranks: pd.DataFrame, notes: list[str]
) -> analysis.FriedmanResult | None:
    """The Friedman test for the critical-difference diagram.

    The rank table ran the same test (same metric and alpha); when it could not, its
    note already says why, and running it again would only fail again.
    """
    if "average_rank" not in ranks:
        return None
    return collect(notes, lambda: analysis.friedman_test(data, alpha=alpha))


def _leaderboard(
    ranks: pd.DataFrame, data: analysis.BenchmarkData, baseline: str | None, notes: list[str]
) -> pd.DataFrame:
    board = ranks.copy()
    if baseline is None:
        return board
    scores: Any = collect(notes, lambda: analysis.normalized_scores(data, baseline))
    if scores is None:
        return board
    notes.extend(scores.notes)
    summary = scores.summary[["median_score", "mean_score"]]
    return board.merge(summary, left_on="method", right_index=True, how="left")
