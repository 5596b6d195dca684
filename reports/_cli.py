"""``hpobench report``: write a benchmark's HTML report (and its PDF) from the command line.

The engine's command line finds :func:`register` through the ``hpobench.commands`` entry
point group (``reports = "reports._cli:register"`` in pyproject.toml).
"""

from __future__ import annotations

import argparse
import sys

from hpobench.cli._parser import Commands
from hpobench.cli._storage import storage_url
from hpobench.exceptions import CLIUsageError

__all__ = ["register"]


def register(commands: Commands) -> None:
    """Add the ``report`` command."""
    parser = commands.add(
        "report",
        _report,
        help="write a self-contained HTML report of a benchmark (ranks, tests, curves, timing), "
        "and its PDF with --pdf",
    )
    parser.add_argument(
        "--benchmark", metavar="NAME", help="only the studies named NAME::… (default: every study)"
    )
    parser.add_argument(
        "--out", required=True, metavar="PATH", help="the HTML file to write (e.g. report.html)"
    )
    parser.add_argument(
        "--reference",
        metavar="METHOD",
        help="compare this method with every other one per problem (win/tie/loss)",
    )
    parser.add_argument(
        "--baseline",
        metavar="METHOD",
        help="the method scoring 1 in the normalised scores (default: random, when present)",
    )
    parser.add_argument(
        "--alpha",
        type=_alpha,
        default=0.05,
        metavar="A",
        help="significance level of every test, Holm-adjusted (default 0.05)",
    )
    parser.add_argument("--title", metavar="TEXT", help="the report's title")
    parser.add_argument(
        "--pdf",
        metavar="PATH",
        help='also write the report as a PDF (e.g. report.pdf); needs "hpobench[pdf]"',
    )


def _alpha(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number in (0, 1); got {text!r}") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must be a number in (0, 1); got {text!r}")
    return value


def _report(args: argparse.Namespace) -> int:
    from reports._render import build_report, output_path, page_html

    html_path = output_path(args.out)
    pdf_path = None
    if args.pdf is not None:
        from reports._pdf import require_weasyprint, write_pdf

        require_weasyprint()  # before hours of analysis, not after
        pdf_path = output_path(args.pdf)
        if pdf_path.resolve() == html_path.resolve():
            raise CLIUsageError(f"--pdf {args.pdf!r} is the --out file; give the PDF its own name")
    # Computed once, drawn twice: plotly for the page, matplotlib for the PDF.
    report = build_report(
        storage_url(args),
        benchmark=args.benchmark,
        reference=args.reference,
        baseline=args.baseline,
        alpha=args.alpha,
        title=args.title,
    )
    html_path.write_text(page_html(report), encoding="utf-8")
    print(f"wrote {html_path}", file=sys.stderr)
    if pdf_path is not None:
        write_pdf(report, pdf_path)
        print(f"wrote {pdf_path}", file=sys.stderr)
    return 0
