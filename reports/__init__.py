"""Reports: *how results are shown* — self-contained HTML reports rendering what
``analysis`` returns. It computes no statistics of its own.

:func:`render_html` writes one HTML file (plotly inlined, no network resource) with a
table of contents and sortable tables: setup and provenance, a leaderboard (average rank,
Borda/Firsts, normalised score), win/tie/loss against a reference, the critical-difference
diagram and pairwise significance matrix, anytime curves and the runtime ECDF, one section
per problem (convergence, significance marks, best configuration), multi-objective fronts
and hypervolume, importances of the ML tasks' hyperparameters, pruning efficiency, worker
scaling, breakdowns by problem tag and dimension, timing and failures; given a ``baseline``
result, a regression section. A single study (not a runner benchmark) gets the dashboard's
page instead. :func:`report_html` returns the same document as a string,
:func:`report_markdown` a short Markdown summary for CI. :func:`render_pdf` writes the
same content as a PDF with static figures (needs ``pip install "hpobench[pdf]"``).

Examples
--------
>>> import reports
>>> reports.render_html("sqlite:///bench.db", benchmark="quickstart",
...                     reference="tpe", out="report.html")  # doctest: +SKIP
PosixPath('report.html')
"""

from typing import TYPE_CHECKING

from hpobench._lazy import lazy_exports

if TYPE_CHECKING:
    from reports._content import ReportContent, gather
    from reports._dashboard import dashboard_html
    from reports._dashboard_server import serve_dashboard
    from reports._pdf import render_pdf
    from reports._provenance import provenance
    from reports._render import render_html, report_html, report_markdown

# Loaded on first use, so that `hpobench`'s command line, which imports this package to
# register its commands, does not pay for pandas, scipy.stats and plotting up front.
_EXPORTS = {
    "ReportContent": "reports._content",
    "dashboard_html": "reports._dashboard",
    "gather": "reports._content",
    "provenance": "reports._provenance",
    "render_html": "reports._render",
    "render_pdf": "reports._pdf",
    "report_html": "reports._render",
    "report_markdown": "reports._render",
    "serve_dashboard": "reports._dashboard_server",
}


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "ReportContent",
    "dashboard_html",
    "gather",
    "provenance",
    "render_html",
    "render_pdf",
    "report_html",
    "report_markdown",
    "serve_dashboard",
]
