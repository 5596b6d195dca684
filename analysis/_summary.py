"""The summary tables of a benchmark, as ``hpobench analyze`` prints them.

One call gathers the overview, the win/tie/loss counts against a reference, the rankings
(Friedman average ranks, kurobako's Borda/Firsts), the timing table and, given a baseline,
the regression diff -- each a DataFrame, so a report can reuse them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis._compare import compare_to_reference
from analysis._kurobako import kurobako_ranking
from analysis._rank import friedman_test
from analysis._regression import regression_diff
from analysis._tables import BenchmarkData
from analysis._timing import timing_summary

SECTIONS = ("overview", "win_tie_loss", "ranks", "timing", "regression")


@dataclass(frozen=True)
class SummaryTables:
    """Named tables and the notes gathered while computing them.

    Attributes
    ----------
    tables : dict of str to pandas.DataFrame
        In the order of :data:`SECTIONS`; a section that does not apply is absent.
    notes : tuple of str
    """

    tables: dict[str, pd.DataFrame]
    notes: tuple[str, ...]


def summary_tables(
    data: BenchmarkData,
    *,
    reference: str | None = None,
    metric: str = "final_best",
    alpha: float = 0.05,
    correction: str | None = "holm",
    baseline: BenchmarkData | None = None,
) -> SummaryTables:
    """Compute the tables of ``hpobench analyze``.

    Returns
    -------
    SummaryTables

    Raises
    ------
    ValueError
        For an unknown reference method (the message lists the methods) or metric.
    """
    if data.runs.empty:
        raise ValueError(
            f"no runs in {data.source!r}"
            + (f" for benchmark {data.benchmark!r}" if data.benchmark else "")
        )
    tables: dict[str, pd.DataFrame] = {"overview": overview(data, metric)}
    notes: list[str] = []
    if reference is not None:
        result = compare_to_reference(
            data, reference, metric=metric, alpha=alpha, correction=correction
        )
        tables["win_tie_loss"] = result.win_tie_loss().reset_index()
        notes.extend(result.notes)
    tables["ranks"] = _ranks(data, metric, alpha, notes)
    tables["timing"] = timing_summary(data, by=("method",))
    if baseline is not None:
        report = regression_diff(data, baseline, metric=metric, alpha=alpha, correction=correction)
        changed = report.cells[report.cells["change"].isin(["better", "worse"])]
        tables["regression"] = changed.reset_index(drop=True)
        notes.append("regression: " + ", ".join(f"{k} {v}" for k, v in report.counts.items()))
    return SummaryTables(tables, tuple(dict.fromkeys(notes)))


def overview(data: BenchmarkData, metric: str) -> pd.DataFrame:
    """Per (problem, method): runs done, failed and incomplete, median and IQR of ``metric``."""
    runs = data.runs
    grouped = runs.groupby(["problem", "method"])
    table = pd.DataFrame(
        {
            "runs": grouped.size(),
            "done": grouped["status"].apply(lambda s: int((s == "done").sum())),
            "failed": grouped["status"].apply(lambda s: int((s == "failed").sum())),
            "incomplete": grouped["status"].apply(lambda s: int((s == "incomplete").sum())),
            f"median_{metric}": grouped[metric].median(),
            f"q25_{metric}": grouped[metric].quantile(0.25),
            f"q75_{metric}": grouped[metric].quantile(0.75),
        }
    )
    return table.reset_index()


def _ranks(data: BenchmarkData, metric: str, alpha: float, notes: list[str]) -> pd.DataFrame:
    kurobako = (
        kurobako_ranking(data, metrics=_precedence(metric)) if len(data.methods) >= 2 else None
    )
    table = pd.DataFrame(index=pd.Index(data.methods, name="method"))
    if kurobako is not None:
        table["borda"] = kurobako.overall["borda"]
        table["firsts"] = kurobako.overall["firsts"]
    try:
        friedman = friedman_test(data, metric, alpha=alpha)
    except ValueError as err:
        notes.append(f"ranks: no Friedman test ({err})")
    else:
        table["average_rank"] = pd.Series(friedman.average_ranks)
        notes.append(
            f"ranks: Friedman p = {friedman.pvalue:.3g} over {friedman.n_problems} "
            f"problems; Nemenyi critical difference {friedman.critical_difference:.3g}"
            f" at alpha {alpha:g}"
        )
    sort = "average_rank" if "average_rank" in table else "borda" if "borda" in table else None
    if sort is not None:
        table = table.sort_values(sort, ascending=sort == "average_rank")
    return table.reset_index()


def _precedence(metric: str) -> tuple[str, ...]:
    return (metric, "auc") if metric != "auc" else ("auc",)
