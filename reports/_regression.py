"""The regression section: which (problem, method) cells got significantly better or worse
since a baseline result of the benchmark (:func:`analysis.regression_diff`)."""

from __future__ import annotations

import pandas as pd

from reports import _html
from reports._content import ReportContent
from reports._sections import Part, Section

CHANGE_CLASSES = {"better": "better", "worse": "worse"}
COLUMNS = [
    "problem",
    "method",
    "change",
    "median_baseline",
    "median_current",
    "a12",
    "pvalue_adjusted",
    "n_baseline",
    "n_current",
]


def changed_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """The cells that changed significantly, the worse ones first.

    Examples
    --------
    >>> cells = pd.DataFrame({"problem": ["P", "Q", "R"], "method": "m",
    ...     "change": ["better", "same", "worse"]})
    >>> changed_cells(cells)["problem"].tolist()
    ['R', 'P']
    """
    changed = cells[cells["change"].isin(["worse", "better"])]
    order = changed["change"].map({"worse": 0, "better": 1})
    return (
        changed.assign(_order=order)
        .sort_values(["_order", "problem", "method"])
        .drop(columns="_order")
    )


def counts_text(counts: dict[str, int]) -> str:
    """``"2 worse, 1 better, 10 same, 0 n/a"``.

    Examples
    --------
    >>> counts_text({"better": 1, "worse": 2, "same": 10, "n/a": 0})
    '2 worse, 1 better, 10 same, 0 n/a'
    """
    return ", ".join(f"{counts.get(k, 0)} {k}" for k in ("worse", "better", "same", "n/a"))


def regression_section(content: ReportContent) -> Section | None:
    """Changed cells, every tested cell, and the cells only one result has."""
    diff = content.regression
    if diff is None:
        return None
    cells = diff.cells[[c for c in COLUMNS if c in diff.cells.columns]]
    parts: list[Part] = [
        f"<p>Against the baseline <code>{_html.text(content.baseline_source)}</code>: "
        f'<strong id="regression-counts">{_html.text(counts_text(diff.counts))}</strong> '
        f"(Mann–Whitney U per (problem, method) cell, Holm over the cells, alpha "
        f"{content.alpha:g}; a12 is the chance that a current run beats a baseline run).</p>"
    ]
    changed = changed_cells(cells)
    if changed.empty:
        parts.append("<p>No cell changed significantly.</p>")
    else:
        parts.append(
            _html.table(
                changed,
                caption="Cells that changed significantly",
                table_id="regression-changed",
                classes=CHANGE_CLASSES,
            )
        )
    parts.append(
        "<details><summary>Every cell tested</summary>"
        + _html.table(cells, table_id="regression-cells", classes=CHANGE_CLASSES)
        + "</details>"
    )
    for ident, caption, keys in (
        ("regression-added", "Cells only in the current result", diff.added),
        ("regression-removed", "Cells only in the baseline", diff.removed),
    ):
        if keys:
            frame = pd.DataFrame(list(keys), columns=["problem", "method"])
            parts.append(_html.table(frame, caption=caption, table_id=ident))
    return Section("regression", "Regression against the baseline", tuple(parts))
