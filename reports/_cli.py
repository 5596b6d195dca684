"""``hpobench report``: write a benchmark's HTML report from the command line.

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
        help="write a self-contained HTML report of a benchmark (ranks, tests, curves, timing)",
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
        "--pdf", action="store_true", help="also write a PDF (not available yet: refused)"
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
    if args.pdf:
        raise CLIUsageError(
            "--pdf: PDF output is not available yet; write the HTML report and print it "
            "from a browser (its CSS is print-friendly)"
        )
    from reports._render import render_html

    path = render_html(
        storage_url(args),
        out=args.out,
        benchmark=args.benchmark,
        reference=args.reference,
        baseline=args.baseline,
        alpha=args.alpha,
        title=args.title,
    )
    print(f"wrote {path}", file=sys.stderr)
    return 0
