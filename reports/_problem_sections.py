"""The detailed sections of a report: one per problem, timing, failures, notes."""

from __future__ import annotations

import pandas as pd

from hpobench.distributions import json_to_distribution
from reports import _html
from reports._content import ReportContent
from reports._figures import FigureSpec
from reports._sections import OUTCOME_CLASSES, Part, Section


def problems_section(content: ReportContent) -> Section:
    """Per problem: convergence (median and quartile band), statistics, best configuration."""
    parts: list[Part] = []
    for index, problem in enumerate(content.data.problems):
        ident = f"problem-{index}"
        parts.append(f'<h3 id="{ident}">{_html.text(problem)}</h3>')
        curves = content.curves[content.curves["problem"] == problem]
        if not curves.empty:
            options = {
                "title": "Best value so far (median, quartile band)",
                "y_title": "best value",
                "log_y": False,
            }
            parts.append(FigureSpec(f"fig-{ident}", "curves", (curves,), options))
        parts.append(
            _html.table(
                problem_table(content, problem),
                caption="Final best value per method",
                table_id=f"table-{ident}",
                classes=OUTCOME_CLASSES,
            )
        )
        parts.append(_best_configuration(content, problem, f"best-{ident}"))
    children = tuple((f"problem-{i}", p) for i, p in enumerate(content.data.problems))
    return Section("problems", "Per-problem results", tuple(parts), children)


def problem_table(content: ReportContent, problem: str) -> pd.DataFrame:
    """The overview rows of ``problem``, with the reference's test against each rival.

    ``outcome`` is the reference's (win = the reference is better), as in the Optuna
    paper's Figure 9; the reference's own row has no test.
    """
    rows = content.overview[content.overview["problem"] == problem].drop(columns="problem")
    # The values first and the run counts last, so that a laptop-wide page shows the verdict.
    counts = ["runs", "done", "failed", "incomplete"]
    values = [c for c in rows.columns if c not in ("method", *counts)]
    if content.comparison is None:
        return rows[["method", *values, *counts]].reset_index(drop=True)
    tests = content.comparison.to_frame()
    tests = tests[tests["problem"] == problem][
        ["rival", "outcome", "pvalue_adjusted", "effect_size", "magnitude"]
    ]
    merged = rows.merge(tests, left_on="method", right_on="rival", how="left")
    merged = merged.fillna({"outcome": "", "magnitude": ""})
    tested = ["outcome", "pvalue_adjusted", "effect_size", "magnitude"]
    return merged[["method", *values, *tested, *counts]]


def best_trial(content: ReportContent, problem: str) -> pd.Series | None:
    """The best COMPLETE trial of ``problem`` over every run (single objective), or None."""
    runs = content.data.runs
    own = runs[(runs["problem"] == problem) & (runs["n_objectives"] == 1)]
    if own.empty:
        return None
    trials = content.data.trials
    trials = trials[trials["run_id"].isin(own["run_id"]) & (trials["state"] == "COMPLETE")]
    if trials.empty:
        return None
    maximize = own["direction"].iloc[0] == "maximize"
    return trials.loc[trials["value"].idxmax() if maximize else trials["value"].idxmin()]


def _best_configuration(content: ReportContent, problem: str, ident: str) -> str:
    best = best_trial(content, problem)
    if best is None:
        return '<p class="note">No complete single-objective trial.</p>'
    head = (
        f'<p id="{ident}">Best value <strong>{_html.text(_html.number(best["value"], 8))}'
        f"</strong> by {_html.text(best['method'])} (repeat {_html.text(best['repeat'])}, "
        f"trial {_html.text(best['number'])}).</p>"
    )
    params = content.data.params
    if params is None:
        return head + '<p class="note">Parameters were not loaded.</p>'
    own = params[(params["run_id"] == best["run_id"]) & (params["number"] == best["number"])]
    shown = pd.DataFrame(
        {
            "param": own["param"].tolist(),
            "value": [
                json_to_distribution(d).to_external_repr(v)
                for d, v in zip(own["distribution"], own["value"])
            ],
        }
    )
    return head + _html.table(shown, caption="Best configuration", table_id=f"{ident}-params")


TIMING_COLUMNS = [
    "problem",
    "method",
    "n_runs",
    "n_trials",
    "sampler_s_per_trial",
    "objective_s_per_trial",
    "sampler_share",
    "sampler_s_per_study",
    "wall_s_per_study",
]


def timing_section(content: ReportContent) -> Section:
    """Seconds per study and per trial, sampler against objective, per problem and method."""
    body: list[Part] = []
    if content.method_timing is not None and not content.method_timing.empty:
        body.append(FigureSpec("fig-timing", "timing", (content.method_timing,)))
    body.append(
        _html.table(content.timing[TIMING_COLUMNS], caption="Timing", table_id="timing-table")
    )
    body.append(
        '<p class="note">sampler seconds are ask + tell; sampler_share is sampler seconds '
        "over sampler + objective seconds.</p>"
    )
    return Section("timing", "Timing", tuple(body))


def failures_section(content: ReportContent) -> Section | None:
    """Runs that failed or are incomplete, with their errors, and runs with failed trials."""
    runs = content.data.runs
    bad = runs[runs["status"] != "done"]
    with_failed_trials = runs[(runs["status"] == "done") & (runs["n_failed"] > 0)]
    if bad.empty and with_failed_trials.empty:
        return None
    body = ""
    if not bad.empty:
        table = bad[["run_id", "status", "error"]].fillna({"error": ""}).sort_values("run_id")
        table["error"] = [last_line(e) for e in table["error"]]
        body += _html.table(table, caption="Failed or incomplete runs", table_id="failed-runs")
        body += _tracebacks(bad)
    if not with_failed_trials.empty:
        table = with_failed_trials[["run_id", "n_trials", "n_failed"]].sort_values("run_id")
        body += _html.table(table, caption="Runs with failed trials", table_id="failed-trials")
    return Section("failures", "Failures", body)


def last_line(error: object) -> str:
    """The exception line of a stored traceback (its last non-empty line).

    Examples
    --------
    >>> last_line("Traceback (most recent call last):\\n  ...\\nValueError: bad\\n")
    'ValueError: bad'
    """
    lines = [line for line in str(error or "").splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def _tracebacks(bad: pd.DataFrame) -> str:
    """Each distinct error once, in full, with the number of runs it stopped."""
    errors = bad["error"].dropna().astype(str)
    errors = errors[errors.str.strip() != ""]
    if errors.empty:
        return ""
    parts = []
    for error, count in errors.value_counts(sort=True).items():
        summary = f"{last_line(error)} ({count} run{'s' if count > 1 else ''})"
        parts.append(
            f"<details><summary>{_html.text(summary)}</summary>"
            f'<pre class="error">{_html.text(error)}</pre></details>'
        )
    return "<h3>Errors</h3>" + "".join(parts)


def notes_section(content: ReportContent) -> Section | None:
    """Warnings and exclusions gathered by the analyses."""
    if not content.notes:
        return None
    return Section("notes", "Notes from the analysis", _html.notes(content.notes))
