"""A short Markdown summary of a report, for CI logs and pull-request comments: the
leaderboard, the failed runs and, given a baseline, what got significantly worse or better.
"""

from __future__ import annotations

import pandas as pd

from reports import _html
from reports._content import ReportContent
from reports._regression import COLUMNS, changed_cells, counts_text

LEADERBOARD_COLUMNS = ["method", "average_rank", "borda", "firsts", "median_score"]


def cell(value: object) -> str:
    """A table cell: numbers as in the HTML report, ``|`` escaped, one line.

    Examples
    --------
    >>> cell(0.123456), cell("a|b")
    ('0.1235', 'a\\\\|b')
    """
    return _html.number(value).replace("|", "\\|").replace("\n", " ")


def table(frame: pd.DataFrame) -> str:
    """``frame`` as a GitHub-flavoured Markdown table (index dropped).

    Examples
    --------
    >>> print(table(pd.DataFrame({"method": ["tpe"], "rank": [1.5]})))
    | method | rank |
    |---|---|
    | tpe | 1.5 |
    """
    head = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    rows = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(False)]
    return "\n".join([head, rule, *rows])


def markdown_summary(content: ReportContent, title: str) -> str:
    """The summary of a report computed as ``content``.

    Examples
    --------
    >>> text = markdown_summary(gather(data, baseline=old), "Nightly")  # doctest: +SKIP
    >>> text.splitlines()[0]  # doctest: +SKIP
    '# Nightly'
    """
    runs = content.data.runs
    lines = [
        f"# {title}",
        "",
        f"{len(runs)} runs: {runs['problem'].nunique()} problems × "
        f"{runs['method'].nunique()} methods, from `{content.data.source}`.",
        "",
        "## Leaderboard",
        "",
        table(content.leaderboard[[c for c in LEADERBOARD_COLUMNS if c in content.leaderboard]]),
        "",
    ]
    failed = runs[runs["status"] == "failed"]
    if not failed.empty:
        lines += [f"**{len(failed)} failed run(s)**: see the report's Failures section.", ""]
    lines += _regression_lines(content)
    return "\n".join(lines).rstrip() + "\n"


def _regression_lines(content: ReportContent) -> list[str]:
    diff = content.regression
    if diff is None:
        return ["No baseline given: no regression check."]
    lines = [
        f"## Regression against `{content.baseline_source}`",
        "",
        f"**{counts_text(diff.counts)}** (Mann–Whitney U per cell, Holm, alpha "
        f"{content.alpha:g}).",
        "",
    ]
    changed = changed_cells(diff.cells[[c for c in COLUMNS if c in diff.cells.columns]])
    for change in ("worse", "better"):
        rows = changed[changed["change"] == change].drop(columns="change")
        if not rows.empty:
            lines += [f"### {change.capitalize()}", "", table(rows), ""]
    only = (("Only in the current result", diff.added), ("Only in the baseline", diff.removed))
    for label, keys in only:
        if keys:
            shown = ", ".join(f"{p} / {m}" for p, m in keys)
            lines += [f"{label}: {shown}.", ""]
    return lines
