"""Everything a report shows, computed once by ``analysis`` and kept in one named result.

A result that does not apply to the data (one method only, no reference, no regrets) is
None and its reason is kept in ``notes``: the report then leaves that section out.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd

import analysis

T = TypeVar("T")


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
        when a baseline exists.
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
    baseline : str or None
        The method whose normalised score is 1.
    notes : tuple of str
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
    baseline: str | None
    notes: tuple[str, ...]


def gather(
    data: analysis.BenchmarkData,
    *,
    reference: str | None = None,
    baseline: str | None = None,
    alpha: float = 0.05,
) -> ReportContent:
    """Run the analyses a report needs on ``data``.

    Parameters
    ----------
    data : analysis.BenchmarkData
    reference : str or None
        Compare this method with each other one per problem (Mann–Whitney U, Holm).
    baseline : str or None
        The method scoring 1 in the normalised scores; None picks ``"random"`` when present.
    alpha : float, default=0.05

    Raises
    ------
    ValueError
        For an empty benchmark, an unknown reference or baseline (the message lists the
        methods), or ``alpha`` outside (0, 1).

    Examples
    --------
    >>> content = gather(analysis.load_benchmark(storage, "demo"))  # doctest: +SKIP
    >>> content.leaderboard.columns.tolist()  # doctest: +SKIP
    ['method', 'borda', 'firsts', 'average_rank', 'median_score', 'mean_score']
    """
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be in (0, 1); got {alpha!r}.")
    methods = data.methods
    if baseline is not None and baseline not in methods:
        raise ValueError(f"baseline {baseline!r} is not a method of the data; methods: {methods}.")
    notes: list[str] = []
    # Unlike the optional analyses below, a failure here (empty data, unknown reference)
    # is the caller's error and propagates.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summary = analysis.summary_tables(data, reference=reference, alpha=alpha)
    notes.extend(str(w.message) for w in caught)
    notes.extend(summary.notes)
    if baseline is None and "random" in methods and len(methods) > 1:
        baseline = "random"
    leaderboard = _leaderboard(summary.tables["ranks"], data, baseline, notes)
    comparison = None
    if reference is not None:
        comparison = _collect(
            notes, lambda: analysis.compare_to_reference(data, reference, alpha=alpha)
        )
    return ReportContent(
        data=data,
        reference=reference,
        alpha=alpha,
        leaderboard=leaderboard,
        overview=summary.tables["overview"],
        comparison=comparison,
        friedman=_collect(notes, lambda: analysis.friedman_test(data, alpha=alpha)),
        pairwise=_collect(notes, lambda: analysis.wilcoxon_pairwise(data, alpha=alpha)),
        curves=analysis.anytime_curves(data),
        aggregate=_collect(
            notes,
            lambda: analysis.anytime_curves(data, y="normalized_regret", by=("method",)),
        ),
        ecdf=_collect(notes, lambda: analysis.runtime_ecdf(data)),
        timing=analysis.timing_summary(data),
        method_timing=summary.tables["timing"],
        baseline=baseline,
        notes=tuple(dict.fromkeys(notes)),
    )


def _collect(notes: list[str], compute: Callable[[], T]) -> T | None:
    """Run ``compute``; a ValueError becomes a note, warnings are kept as notes too."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = compute()
        except ValueError as err:
            notes.append(str(err))
            result = None
    notes.extend(str(w.message) for w in caught)
    return result


def _leaderboard(
    ranks: pd.DataFrame, data: analysis.BenchmarkData, baseline: str | None, notes: list[str]
) -> pd.DataFrame:
    board = ranks.copy()
    if baseline is None:
        return board
    scores: Any = _collect(notes, lambda: analysis.normalized_scores(data, baseline))
    if scores is None:
        return board
    notes.extend(scores.notes)
    summary = scores.summary[["median_score", "mean_score"]]
    return board.merge(summary, left_on="method", right_index=True, how="left")
