"""One self-contained HTML file from a stored benchmark (or its loaded tables).

plotly's JavaScript is inlined once and every figure is embedded as JSON, so the file opens
offline and references no http(s) resource. :func:`build_report` computes the sections
once; :func:`page_html` draws them for a browser and :mod:`reports._pdf` for print. A
storage that holds a single study (not a runner's benchmark) gets the dashboard's page of
that study instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.offline

import analysis
from hpobench.cli._storage import display_url
from reports import _html
from reports._content import ReportContent, gather
from reports._figures import plotly_html
from reports._markdown import markdown_summary
from reports._problem_sections import (
    failures_section,
    notes_section,
    problems_section,
    timing_section,
)
from reports._provenance import provenance
from reports._regression import regression_section
from reports._sections import (
    Section,
    anytime_section,
    ranks_section,
    setup_section,
    summary_section,
)
from reports._single import single_study, single_study_page
from reports._topic_sections import (
    breakdowns_section,
    importance_section,
    multiobjective_section,
    pruning_section,
    scaling_section,
)

Source = analysis.BenchmarkData | str | Any


def report_html(
    data_or_storage: Source,
    *,
    benchmark: str | None = None,
    reference: str | None = None,
    score_baseline: str | None = None,
    baseline: Source | None = None,
    baseline_benchmark: str | None = None,
    alpha: float = 0.05,
    title: str | None = None,
) -> str:
    """Return the report of a benchmark as one self-contained HTML document.

    Parameters
    ----------
    data_or_storage : analysis.BenchmarkData, str or BaseStorage
        Loaded tables, or a storage (URL, journal path or object) to load them from with
        :func:`analysis.load_benchmark` (parameters included, for the best configurations).
        When it holds a single study that the runners did not write, the report is that
        study's dashboard page.
    benchmark : str or None
        Restrict a storage to the studies ``"{benchmark}::…"`` (or to the one study named
        ``benchmark``); must be None (or match) when tables are given.
    reference : str or None
        The method compared with every rival per problem (win/tie/loss, Figure 9 of the
        Optuna paper); None leaves these comparisons out.
    score_baseline : str or None
        The method whose normalised score is 1; None picks ``"random"`` when present.
    baseline : analysis.BenchmarkData, str, BaseStorage or None
        A baseline result of the same benchmark (tables, or a storage to load them from):
        adds a regression section, the (problem, method) cells that got significantly
        worse or better since.
    baseline_benchmark : str or None
        The benchmark's name in the baseline storage; None for ``benchmark``.
    alpha : float, default=0.05
        Significance level of every test (Holm-adjusted).
    title : str or None
        The page title; None for ``"Benchmark report: {benchmark}"``.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For an empty benchmark, an unknown reference or score baseline, a bad alpha, a
        ``benchmark`` that contradicts the given tables, a ``baseline`` that names a
        method (that is ``score_baseline`` now), or comparisons asked of a single study.

    Examples
    --------
    >>> page = report_html("sqlite:///bench.db", benchmark="quickstart")  # doctest: +SKIP
    >>> page.startswith("<!DOCTYPE html>")  # doctest: +SKIP
    True
    """
    return page_html(
        build_report(
            data_or_storage,
            benchmark=benchmark,
            reference=reference,
            score_baseline=score_baseline,
            baseline=baseline,
            baseline_benchmark=baseline_benchmark,
            alpha=alpha,
            title=title,
        )
    )


def report_markdown(
    data_or_storage: Source,
    *,
    benchmark: str | None = None,
    reference: str | None = None,
    score_baseline: str | None = None,
    baseline: Source | None = None,
    baseline_benchmark: str | None = None,
    alpha: float = 0.05,
    title: str | None = None,
) -> str:
    """Return a short Markdown summary of the report (arguments as :func:`report_html`):
    the leaderboard, failed runs and, with ``baseline``, what got worse or better.

    Examples
    --------
    >>> text = report_markdown("sqlite:///new.db", baseline="sqlite:///old.db")  # doctest: +SKIP
    """
    report = build_report(
        data_or_storage,
        benchmark=benchmark,
        reference=reference,
        score_baseline=score_baseline,
        baseline=baseline,
        baseline_benchmark=baseline_benchmark,
        alpha=alpha,
        title=title,
    )
    return markdown_text(report)


@dataclass(frozen=True)
class Report:
    """A report computed once: its title and its sections (figures not drawn yet).

    ``content`` holds the analysis results the sections render; ``study_page`` is set
    instead when the report is a single study's dashboard page.
    """

    title: str
    sections: tuple[Section, ...]
    content: ReportContent | None = None
    study_page: str | None = None

    def toc(self) -> list[_html.TocEntry]:
        """The table of contents: ``(anchor, title, sub-entries)`` per section."""
        return [(s.ident, s.title, s.children) for s in self.sections]


def build_report(
    data_or_storage: Source,
    *,
    benchmark: str | None = None,
    reference: str | None = None,
    score_baseline: str | None = None,
    baseline: Source | None = None,
    baseline_benchmark: str | None = None,
    alpha: float = 0.05,
    title: str | None = None,
) -> Report:
    """Load the benchmark, run its analyses and build every section (arguments as
    :func:`report_html`), ready for :func:`page_html` or :func:`reports._pdf.pdf_html`."""
    data = _load(data_or_storage, benchmark)
    study = single_study(data)
    if study is not None:
        return _single_report(
            data, study, reference=reference, score_baseline=score_baseline, baseline=baseline
        )
    prov = _provenance(data_or_storage, data)
    old = _load_baseline(baseline, baseline_benchmark or benchmark or data.benchmark, data)
    content = gather(
        data, reference=reference, score_baseline=score_baseline, alpha=alpha, baseline=old
    )
    sections = tuple(s for s in build_sections(content, prov) if s is not None)
    name = title or f"Benchmark report: {_benchmark_name(data)}"
    return Report(name, sections, content)


def _benchmark_name(data: analysis.BenchmarkData) -> str:
    """The benchmark's name: the one asked for, the only one stored, or the storage."""
    if data.benchmark:
        return data.benchmark
    names = data.runs["benchmark"].dropna().unique() if "benchmark" in data.runs else []
    return str(names[0]) if len(names) == 1 else display_url(data.source)


def page_html(report: Report) -> str:
    """The interactive page of ``report``: plotly inlined, figures embedded as JSON."""
    if report.study_page is not None:
        return report.study_page
    body = "".join(s.html(plotly_html) for s in report.sections)
    return _html.page(report.title, report.toc(), body, plotly.offline.get_plotlyjs())


def markdown_text(report: Report) -> str:
    """The Markdown summary of ``report``.

    Raises
    ------
    ValueError
        For a single study's report (its dashboard page has no summary to give).
    """
    if report.content is None:
        raise ValueError(
            f"{report.title!r} is a single study's dashboard page; a Markdown summary is "
            "made for benchmarks (several studies written by the runners)."
        )
    return markdown_summary(report.content, report.title)


def render_html(
    data_or_storage: Source,
    *,
    out: str | Path,
    benchmark: str | None = None,
    reference: str | None = None,
    score_baseline: str | None = None,
    baseline: Source | None = None,
    baseline_benchmark: str | None = None,
    alpha: float = 0.05,
    title: str | None = None,
) -> Path:
    """Write the report of :func:`report_html` to ``out`` (UTF-8) and return its path.

    Raises
    ------
    ValueError
        As :func:`report_html`, or when ``out``'s folder does not exist.

    Examples
    --------
    >>> render_html("sqlite:///bench.db", out="report.html")  # doctest: +SKIP
    PosixPath('report.html')
    """
    path = output_path(out)
    page = report_html(
        data_or_storage,
        benchmark=benchmark,
        reference=reference,
        score_baseline=score_baseline,
        baseline=baseline,
        baseline_benchmark=baseline_benchmark,
        alpha=alpha,
        title=title,
    )
    path.write_text(page, encoding="utf-8")
    return path


def output_path(out: str | Path) -> Path:
    """``out`` as a Path, refused (ValueError) when its folder does not exist."""
    path = Path(out)
    if not path.parent.is_dir():
        raise ValueError(
            f"out={str(out)!r}: the folder {str(path.parent)!r} does not exist; create it "
            "or write the report elsewhere."
        )
    return path


def build_sections(content: ReportContent, prov: Any) -> list[Section | None]:
    """Every section in reading order; None for one the data has nothing for."""
    return [
        setup_section(content, prov),
        summary_section(content),
        regression_section(content),
        ranks_section(content),
        breakdowns_section(content),
        anytime_section(content),
        problems_section(content),
        multiobjective_section(content),
        importance_section(content),
        pruning_section(content),
        scaling_section(content),
        timing_section(content),
        failures_section(content),
        notes_section(content),
    ]


def _load(source: Source, benchmark: str | None) -> analysis.BenchmarkData:
    if isinstance(source, analysis.BenchmarkData):
        if benchmark is not None and source.benchmark not in (None, benchmark):
            raise ValueError(
                f"benchmark={benchmark!r} but the given tables hold benchmark "
                f"{source.benchmark!r}; pass benchmark=None or load the right benchmark."
            )
        return source
    try:
        return analysis.load_benchmark(source, benchmark, params=True)
    except ValueError as err:
        if benchmark is None:
            raise
        # ``benchmark`` may name one study rather than a benchmark's "{name}::…" studies.
        try:
            return analysis.load_optuna(source, study_names=[benchmark], params=True)
        except ValueError:
            raise err from None


def _provenance(source: Source, data: analysis.BenchmarkData) -> Any:
    """The runs' provenance records; None for loaded tables and for studies the runners did
    not write (an Optuna storage, which hpobench's storage classes must not open)."""
    if isinstance(source, analysis.BenchmarkData) or not (data.runs["benchmark"] != "").any():
        return None
    return provenance(source, data.benchmark)


def _load_baseline(
    baseline: Source | None, benchmark: str | None, data: analysis.BenchmarkData
) -> analysis.BenchmarkData | None:
    if baseline is None or isinstance(baseline, analysis.BenchmarkData):
        return baseline
    if isinstance(baseline, str) and baseline in data.methods and not Path(baseline).exists():
        raise ValueError(
            f"baseline={baseline!r} is a method of the benchmark, but baseline names a "
            "baseline result (a storage or loaded tables) to compare with; for the method "
            f"whose normalised score is 1, pass score_baseline={baseline!r} "
            f"(--score-baseline {baseline} on the command line)."
        )
    return analysis.load_benchmark(baseline, benchmark)


def _single_report(data: analysis.BenchmarkData, study: str, **comparisons: Any) -> Report:
    given = [f"{k}={v!r}" for k, v in comparisons.items() if v is not None]
    if given:
        raise ValueError(
            f"{', '.join(given)}: the data hold one study ({study!r}), not a benchmark of "
            "several methods, and its report is the study's dashboard page; drop them."
        )
    page = single_study_page(data, study, source=display_url(data.source))
    return Report(f"Study {study}", (), None, page)
