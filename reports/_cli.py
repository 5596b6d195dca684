"""``hpobench report``: write a benchmark's HTML report (and its PDF) from the command line.

The engine's command line finds :func:`register` through the ``hpobench.commands`` entry
point group (``reports = "reports._cli:register"`` in pyproject.toml).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
        "--benchmark",
        metavar="NAME",
        help="only the studies named NAME::…, or the one study named NAME (default: every "
        "study); a single study that is no runner benchmark gets its dashboard page",
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
        "--score-baseline",
        metavar="METHOD",
        help="the method scoring 1 in the normalised scores (default: random, when present)",
    )
    parser.add_argument(
        "--baseline",
        metavar="STORAGE",
        help="a baseline result of the benchmark (URL or journal file): add a regression "
        "section of the (problem, method) cells that got significantly worse or better",
    )
    parser.add_argument(
        "--baseline-benchmark",
        metavar="NAME",
        help="the benchmark's name in the --baseline storage (default: --benchmark)",
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
    parser.add_argument(
        "--markdown",
        metavar="PATH",
        help="also write a short Markdown summary for CI (leaderboard, failures, and with "
        "--baseline what got worse or better)",
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
    from reports._render import build_report, markdown_text, output_path, page_html

    html_path = output_path(args.out)
    pdf_path = markdown_path = None
    if args.pdf is not None:
        from reports._pdf import require_weasyprint

        require_weasyprint()  # before hours of analysis, not after
        pdf_path = _other_path("--pdf", args.pdf, html_path)
    if args.markdown is not None:
        markdown_path = _other_path("--markdown", args.markdown, html_path, pdf_path)
    if args.baseline_benchmark is not None and args.baseline is None:
        raise CLIUsageError("--baseline-benchmark: only with --baseline STORAGE")
    # Computed once, drawn twice: plotly for the page, matplotlib for the PDF.
    report = build_report(
        storage_url(args),
        benchmark=args.benchmark,
        reference=args.reference,
        score_baseline=args.score_baseline,
        baseline=args.baseline,
        baseline_benchmark=args.baseline_benchmark,
        alpha=args.alpha,
        title=args.title,
    )
    if report.study_page is not None and (pdf_path or markdown_path):
        outputs = (("--pdf", pdf_path), ("--markdown", markdown_path))
        given = " and ".join(option for option, path in outputs if path is not None)
        raise CLIUsageError(
            f"{given}: the storage holds one study, whose report is its dashboard page "
            "(HTML only); drop them"
        )
    html_path.write_text(page_html(report), encoding="utf-8")
    print(f"wrote {html_path}", file=sys.stderr)
    if pdf_path is not None:
        from reports._pdf import write_pdf

        write_pdf(report, pdf_path)
        print(f"wrote {pdf_path}", file=sys.stderr)
    if markdown_path is not None:
        markdown_path.write_text(markdown_text(report), encoding="utf-8")
        print(f"wrote {markdown_path}", file=sys.stderr)
    return 0


def _other_path(option: str, value: str, *taken: Path | None) -> Path:
    """``value`` as an output path that is none of the files already ``taken``."""
    from reports._render import output_path

    path = output_path(value)
    for other in taken:
        if other is not None and path.resolve() == other.resolve():
            name = "--out" if other == taken[0] else "--pdf"
            raise CLIUsageError(f"{option} {value!r} is the {name} file; give it its own name")
    return path
