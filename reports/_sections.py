"""The benchmark-wide sections of a report: setup, summary, ranks, anytime performance.

Each builder returns a :class:`Section`, or None when the data has nothing to show for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from hpobench.cli._storage import display_url
from reports import _html
from reports._content import ReportContent
from reports._figures import FigureSpec, plotly_html

# The reference's outcome against a rival: "win" means the reference is better.
OUTCOME_CLASSES = {"win": "better", "loss": "worse"}


# A piece of a section's body: HTML text, or a figure that the page's renderer draws.
Part = str | FigureSpec


@dataclass(frozen=True)
class Section:
    """One ``<section>``: its anchor, title, body and sub-headings ``(anchor, title)``.

    The body is HTML text, or a sequence of HTML texts and :class:`FigureSpec` that
    :meth:`html` joins, drawing each figure with ``draw``.
    """

    ident: str
    title: str
    body: str | Sequence[Part]
    children: tuple[tuple[str, str], ...] = ()

    @property
    def parts(self) -> tuple[Part, ...]:
        """The body as a tuple of HTML texts and figures."""
        return (self.body,) if isinstance(self.body, str) else tuple(self.body)

    @property
    def figures(self) -> tuple[FigureSpec, ...]:
        """The section's figures, in order."""
        return tuple(p for p in self.parts if isinstance(p, FigureSpec))

    def html(self, draw: Callable[[FigureSpec], str] = plotly_html) -> str:
        """The section element, with its heading and each figure drawn by ``draw``."""
        body = "".join(p if isinstance(p, str) else draw(p) for p in self.parts)
        return (
            f'<section id="{_html.text(self.ident)}"><h2>{_html.text(self.title)}</h2>'
            f"{body}</section>"
        )


def _facts(pairs: list[tuple[str, str]], ident: str) -> str:
    rows = "".join(f"<tr><th>{_html.text(k)}</th><td>{_html.text(v)}</td></tr>" for k, v in pairs)
    return f'<table class="facts" id="{ident}"><tbody>{rows}</tbody></table>'


def _distinct(values: pd.Series) -> str:
    kept = sorted({str(v) for v in values.dropna() if str(v) != ""})
    return ", ".join(kept) if kept else "(not stored)"


def _merged_versions(values: pd.Series) -> str:
    """Each package once, with every version stored for it (runs of peers add packages).

    Examples
    --------
    >>> _merged_versions(pd.Series(["numpy 2.0, smac 2.4", "numpy 2.0", "numpy 2.1"]))
    'numpy 2.0 / 2.1, smac 2.4'
    """
    found: dict[str, set[str]] = {}
    for text in values.dropna():
        for item in str(text).split(", "):
            name, _, version = item.partition(" ")
            if name:
                found.setdefault(name, set()).add(version)
    if not found:
        return "(not stored)"
    return ", ".join(f"{name} {' / '.join(sorted(found[name]))}" for name in sorted(found))


# A seed table longer than this is left out of printouts and PDFs (about four A4 pages);
# a benchmark of thousands of runs would otherwise print hundreds of pages of seeds.
PRINTED_SEED_ROWS = 200


def setup_section(content: ReportContent, provenance: pd.DataFrame | None) -> Section:
    """Benchmark, source, problems, methods, repeats, budgets, seeds and provenance."""
    runs = content.data.runs
    facts = [
        ("benchmark", content.data.benchmark or "(every study)"),
        ("source", display_url(content.data.source)),
        ("problems", f"{runs['problem'].nunique()}: {', '.join(content.data.problems)}"),
        ("methods", f"{runs['method'].nunique()}: {', '.join(content.data.methods)}"),
        ("runs", str(len(runs))),
        ("repeats per cell", _distinct(runs.groupby(["problem", "method"]).size())),
        ("trial budget", _distinct(runs["budget"])),
        ("workers", _distinct(runs["workers"])),
        ("reference", content.reference or "(none)"),
        ("significance level", f"{content.alpha:g} (Holm-adjusted)"),
    ]
    if provenance is not None and not provenance.empty:
        facts += [
            ("suite", _distinct(provenance["suite"])),
            ("suite sha256", _distinct(provenance["suite_sha256"])),
            ("versions", _merged_versions(provenance["versions"])),
            ("machine", _distinct(provenance["host"])),
            ("started", min(provenance["started"]) or "(not stored)"),
            ("finished", max(provenance["finished"]) or "(not stored)"),
        ]
    elif "suite" in runs:
        facts.append(("suite", _distinct(runs["suite"])))
    return Section("setup", "Setup and provenance", _facts(facts, "setup-facts") + _seeds(runs))


def _seeds(runs: pd.DataFrame) -> str:
    """The seeds of every run, folded; on paper only when they fit a few pages."""
    seeds = runs[["run_key", "status", "problem_seed", "sampler_seed", "budget", "n_trials"]]
    table = _html.table(seeds.sort_values("run_key"), table_id="seeds")
    if len(seeds) <= PRINTED_SEED_ROWS:
        return f"<details><summary>Seeds of every run</summary>{table}</details>"
    note = (
        f'<p class="note print-only">The seeds of the {len(seeds)} runs are in the HTML '
        "report (hpobench report --out report.html) and in each study's user attributes.</p>"
    )
    folded = f'<details class="screen-only"><summary>Seeds of every run</summary>{table}</details>'
    return folded + note


def summary_section(content: ReportContent) -> Section:
    """The leaderboard, and win/tie/loss of the reference against each rival."""
    body: list[Part] = []
    text = _html.table(content.leaderboard, caption="Leaderboard", table_id="leaderboard")
    text += (
        '<p class="note">average_rank: Friedman average rank over problems (1 = best); '
        "borda / firsts: kurobako's ranking"
    )
    if content.score_baseline is not None:
        text += (
            f"; median_score / mean_score: bayesmark's normalised score "
            f"({_html.text(content.score_baseline)} = 1, the optimum = 0)"
        )
    text += ".</p>"
    body.append(text)
    if content.comparison is not None:
        counts = content.comparison.win_tie_loss().reset_index()
        body.append(
            _html.table(
                counts,
                caption=f"Win / tie / loss of {content.reference} against each rival "
                f"(Mann–Whitney U, Holm, alpha {content.alpha:g})",
                table_id="win-tie-loss",
            )
        )
        wtl = (counts.set_index("rival"), str(content.reference))
        body.append(FigureSpec("fig-win-tie-loss", "win_tie_loss", wtl))
    return Section("summary", "Overall summary", tuple(body))


def ranks_section(content: ReportContent) -> Section | None:
    """The critical-difference diagram and the pairwise significance matrix."""
    if content.friedman is None and content.pairwise is None:
        return None
    body: list[Part] = []
    friedman = content.friedman
    if friedman is not None:
        ranks = pd.DataFrame(
            {
                "method": list(friedman.average_ranks),
                "average_rank": friedman.average_ranks.values(),
            }
        )
        body.append(
            f"<p>Friedman chi-square {friedman.statistic:.4g}, p = {friedman.pvalue:.3g} over "
            f"{friedman.n_problems} problems and {friedman.n_methods} methods; Nemenyi "
            f'critical difference <span id="cd-value">{friedman.critical_difference:.4g}</span>'
            f" at alpha {friedman.alpha:g}.</p>"
        )
        body.append(_html.table(ranks, caption="Average ranks", table_id="average-ranks"))
        body.append(FigureSpec("fig-cd", "cd", (friedman,)))
    if content.pairwise is not None:
        body.append(
            _html.table(
                _matrix(content.pairwise),
                caption="Pairwise Wilcoxon signed-rank, Holm-adjusted p (row vs column; "
                "* marks the better method at the level)",
                table_id="pairwise-matrix",
            )
        )
        body.append(_html.table(content.pairwise, caption="Pairwise tests", table_id="pairwise"))
    return Section("ranks", "Critical difference and pairwise significance", tuple(body))


def _matrix(pairwise: pd.DataFrame) -> pd.DataFrame:
    """Square display of the pairwise table: adjusted p, starred where the row is better."""
    methods = sorted(set(pairwise["method_a"]) | set(pairwise["method_b"]))
    cells = {m: {n: "" for n in methods} for m in methods}
    for row in pairwise.itertuples(index=False):
        shown = _html.number(row.pvalue_adjusted, 3)
        cells[row.method_a][row.method_b] = shown + ("*" if row.outcome == "a better" else "")
        cells[row.method_b][row.method_a] = shown + ("*" if row.outcome == "b better" else "")
    frame = pd.DataFrame(cells).T.loc[methods, methods]
    return frame.rename_axis("method").reset_index()


def anytime_section(content: ReportContent) -> Section | None:
    """Aggregate normalised-regret curves over problems and the runtime ECDF."""
    if content.aggregate is None and content.ecdf is None:
        return None
    body: list[Part] = []
    if content.aggregate is not None and not content.aggregate.empty:
        options = {
            "title": "Normalised regret over all problems (median, quartile band)",
            "y_title": "normalised regret",
            "log_y": bool((content.aggregate["lower"] > 0).all()),
        }
        body.append(FigureSpec("fig-aggregate", "curves", (content.aggregate,), options))
    if content.ecdf is not None and not content.ecdf.curves.empty:
        body.append(FigureSpec("fig-ecdf", "ecdf", (content.ecdf,)))
        area = content.ecdf.area.rename("ecdf_area").rename_axis("method").reset_index()
        body.append(_html.table(area, caption="Area under the ECDF", table_id="ecdf-area"))
        body.append(_html.notes(content.ecdf.notes))
    return Section("anytime", "Anytime performance", tuple(body)) if body else None
