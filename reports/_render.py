"""One self-contained HTML file from a stored benchmark (or its loaded tables).

plotly's JavaScript is inlined once and every figure is embedded as JSON, so the file opens
offline and references no http(s) resource. :func:`build_report` computes the sections
once; :func:`page_html` draws them for a browser and :mod:`reports._pdf` for print.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.offline

import analysis
from reports import _html
from reports._content import ReportContent, gather
from reports._figures import plotly_html
from reports._problem_sections import (
    failures_section,
    notes_section,
    problems_section,
    timing_section,
)
from reports._provenance import provenance
from reports._sections import (
    Section,
    anytime_section,
    ranks_section,
    setup_section,
    summary_section,
)


def report_html(
    data_or_storage: analysis.BenchmarkData | str | Any,
    *,
    benchmark: str | None = None,
    reference: str | None = None,
    baseline: str | None = None,
    alpha: float = 0.05,
    title: str | None = None,
) -> str:
    """Return the report of a benchmark as one self-contained HTML document.

    Parameters
    ----------
    data_or_storage : analysis.BenchmarkData, str or BaseStorage
        Loaded tables, or a storage (URL, journal path or object) to load them from with
        :func:`analysis.load_benchmark` (parameters included, for the best configurations).
    benchmark : str or None
        Restrict a storage to the studies ``"{benchmark}::…"``; must be None (or match)
        when tables are given.
    reference : str or None
        The method compared with every rival per problem (win/tie/loss, Figure 9 of the
        Optuna paper); None leaves these comparisons out.
    baseline : str or None
        The method whose normalised score is 1; None picks ``"random"`` when present.
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
        For an empty benchmark, an unknown reference or baseline, a bad alpha, or a
        ``benchmark`` that contradicts the given tables.

    Examples
    --------
    >>> page = report_html("sqlite:///bench.db", benchmark="quickstart")  # doctest: +SKIP
    >>> page.startswith("<!DOCTYPE html>")  # doctest: +SKIP
    True
    """
    report = build_report(
        data_or_storage,
        benchmark=benchmark,
        reference=reference,
        baseline=baseline,
        alpha=alpha,
        title=title,
    )
    return page_html(report)


@dataclass(frozen=True)
class Report:
    """A report computed once: its title and its sections (figures not drawn yet)."""

    title: str
    sections: tuple[Section, ...]

    def toc(self) -> list[_html.TocEntry]:
        """The table of contents: ``(anchor, title, sub-entries)`` per section."""
        return [(s.ident, s.title, s.children) for s in self.sections]


def build_report(
    data_or_storage: analysis.BenchmarkData | str | Any,
    *,
    benchmark: str | None = None,
    reference: str | None = None,
    baseline: str | None = None,
    alpha: float = 0.05,
    title: str | None = None,
) -> Report:
    """Load the benchmark, run its analyses and build every section (arguments as
    :func:`report_html`), ready for :func:`page_html` or :func:`reports._pdf.pdf_html`."""
    data, prov = _load(data_or_storage, benchmark)
    content = gather(data, reference=reference, baseline=baseline, alpha=alpha)
    sections = tuple(s for s in build_sections(content, prov) if s is not None)
    return Report(title or f"Benchmark report: {data.benchmark or data.source}", sections)


def page_html(report: Report) -> str:
    """The interactive page of ``report``: plotly inlined, figures embedded as JSON."""
    body = "".join(s.html(plotly_html) for s in report.sections)
    return _html.page(report.title, report.toc(), body, plotly.offline.get_plotlyjs())


def render_html(
    data_or_storage: analysis.BenchmarkData | str | Any,
    *,
    out: str | Path,
    benchmark: str | None = None,
    reference: str | None = None,
    baseline: str | None = None,
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
        baseline=baseline,
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
        ranks_section(content),
        anytime_section(content),
        problems_section(content),
        timing_section(content),
        failures_section(content),
        notes_section(content),
    ]


def _load(source: Any, benchmark: str | None) -> tuple[analysis.BenchmarkData, Any]:
    if isinstance(source, analysis.BenchmarkData):
        if benchmark is not None and source.benchmark not in (None, benchmark):
            raise ValueError(
                f"benchmark={benchmark!r} but the given tables hold benchmark "
                f"{source.benchmark!r}; pass benchmark=None or load the right benchmark."
            )
        return source, None
    data = analysis.load_benchmark(source, benchmark, params=True)
    return data, provenance(source, benchmark)
