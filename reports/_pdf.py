"""The report as a PDF: the HTML report's sections and tables, with static SVG figures.

The sections are the HTML report's (:func:`reports._render.build_report`); the figures
are drawn with matplotlib (:mod:`reports._static_figures`) and the page, styled for A4
with page breaks and a table of contents with page numbers, is converted by WeasyPrint
(the optional extra ``hpobench[pdf]``). Text, the figures' included, stays selectable.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import analysis
from reports import _html
from reports._render import Report, build_report, output_path
from reports._static_figures import static_html

_HEADER = re.compile(r"<th>[^<]*</th>")
MISSING = 'PDF output needs WeasyPrint: pip install "hpobench[pdf]"'

# After the HTML report's CSS (whose @media print rules apply too): A4 pages numbered at
# the bottom, the contents with page numbers, tables that wrap instead of scrolling.
PRINT_CSS = """
@page{size:A4;margin:15mm 13mm 17mm;@bottom-center{content:counter(page) " / " counter(pages);
font-family:"DejaVu Sans",sans-serif;font-size:8pt;color:#666}}
body{font-family:"DejaVu Sans",sans-serif;font-size:9pt;padding:0;line-height:1.35}
h1{font-size:16pt}h2{font-size:13pt;margin-top:0}h3{font-size:11pt;break-after:avoid}
nav.toc{display:block;background:none;padding:0}
nav.toc a{color:inherit;text-decoration:none}
nav.toc a::after{content:leader(".") target-counter(attr(href), page)}
table{display:table;font-size:7pt;max-width:100%;break-inside:auto}
thead{display:table-header-group}tr{break-inside:avoid}
caption{break-after:avoid}
th,td{white-space:normal;overflow-wrap:break-word;padding:.15rem .3rem}
td:not(.num){overflow-wrap:anywhere}
table.facts td{white-space:normal}
.figure{min-height:0;margin:.4rem 0;break-inside:avoid}
.figure img{width:100%;height:auto}
details>summary{font-weight:600;list-style:none}
pre.error{font-size:6.5pt}
"""


def require_weasyprint() -> ModuleType:
    """Return the ``weasyprint`` module, or raise ImportError with one line naming the extra.

    Examples
    --------
    >>> require_weasyprint().__name__  # doctest: +SKIP
    'weasyprint'
    """
    try:
        import weasyprint
    except ImportError:
        raise ImportError(MISSING) from None
    except OSError as err:  # installed, but a system library (pango) does not load
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise ImportError(
            f"PDF output needs WeasyPrint and the pango library it loads ({first}); "
            "install pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
        ) from err
    return weasyprint


def pdf_html(report: Report) -> str:
    """The static document of ``report`` that WeasyPrint converts: no script, SVG figures.

    Examples
    --------
    >>> from reports._render import Report
    >>> from reports._sections import Section
    >>> page = pdf_html(Report("T", (Section("a", "A", "<p>x</p>"),)))
    >>> "<script" in page, '<section id="a">' in page
    (False, True)
    """
    body = "".join(s.html(static_html) for s in report.sections)
    # Column names are snake_case words: let a header break after each underscore, so that
    # a table of many columns fits the page's width.
    body = _HEADER.sub(lambda m: m.group(0).replace("_", "_<wbr>"), body)
    return _html.page(report.title, report.toc(), body, "", extra_css=PRINT_CSS)


def write_pdf(report: Report, out: str | Path) -> Path:
    """Convert ``report`` to a PDF at ``out`` and return its path.

    Raises
    ------
    ImportError
        Without WeasyPrint (the message names the extra ``hpobench[pdf]``).
    ValueError
        When ``out``'s folder does not exist, or ``report`` is a single study's page.
    """
    weasyprint = require_weasyprint()
    path = output_path(out)
    if report.study_page is not None:
        raise ValueError(
            f"{report.title!r} is a single study's dashboard page, which has no PDF form; "
            "PDF reports are made for benchmarks (several studies written by the runners)."
        )
    document = pdf_html(report)
    # WeasyPrint logs each CSS property it ignores (the screen-only ones of the shared CSS).
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        weasyprint.HTML(string=document).write_pdf(path)
    finally:
        logger.setLevel(level)
    return path


def render_pdf(
    data_or_storage: analysis.BenchmarkData | str | Any,
    *,
    out: str | Path,
    benchmark: str | None = None,
    reference: str | None = None,
    score_baseline: str | None = None,
    baseline: Any = None,
    baseline_benchmark: str | None = None,
    alpha: float = 0.05,
    title: str | None = None,
) -> Path:
    """Write the report of :func:`reports.report_html` as a PDF to ``out``; return its path.

    The same sections, tables and numbers as the HTML report; the figures are static
    (matplotlib, as SVG) and the text is selectable. Needs WeasyPrint
    (``pip install "hpobench[pdf]"``).

    Parameters
    ----------
    data_or_storage, benchmark, reference, score_baseline, baseline
        As :func:`reports.report_html`, and so are ``baseline_benchmark``, ``alpha`` and
        ``title``.
    out : str or Path
        The PDF file to write.

    Returns
    -------
    Path

    Raises
    ------
    ImportError
        Without WeasyPrint, in one line naming the extra, before anything is computed.
    ValueError
        As :func:`reports.report_html`, or when ``out``'s folder does not exist.

    Examples
    --------
    >>> render_pdf("sqlite:///bench.db", benchmark="quickstart",
    ...            out="report.pdf")  # doctest: +SKIP
    PosixPath('report.pdf')
    """
    require_weasyprint()
    output_path(out)
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
    return write_pdf(report, out)
