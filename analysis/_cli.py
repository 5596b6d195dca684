"""``hpobench analyze``: the summary tables of a benchmark on the command line.

The engine's command line finds :func:`register` through the ``hpobench.commands`` entry
point group (``analysis = "analysis._cli:register"`` in pyproject.toml).
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from typing import Any

from hpobench.cli._output import FORMATS, jsonable, to_csv, to_table
from hpobench.cli._parser import Commands
from hpobench.cli._storage import storage_url
from hpobench.exceptions import CLIUsageError

__all__ = ["register"]


def register(commands: Commands) -> None:
    """Add the ``analyze`` command."""
    parser = commands.add(
        "analyze",
        _analyze,
        help="print a benchmark's summary tables: overview, win/tie/loss, ranks, timing",
    )
    parser.add_argument(
        "--benchmark", metavar="NAME", help="only the studies named NAME::… (default: every study)"
    )
    parser.add_argument(
        "--reference",
        metavar="METHOD",
        help="compare this method with every other one (win/tie/loss)",
    )
    parser.add_argument(
        "--metric",
        default="final_best",
        metavar="COLUMN",
        help="runs-table column compared (default final_best; e.g. auc, "
        "regret, normalized_regret)",
    )
    parser.add_argument(
        "--alpha",
        type=_alpha,
        default=0.05,
        metavar="A",
        help="significance level (default 0.05; the Optuna paper used "
        "0.0005 with --correction none)",
    )
    parser.add_argument(
        "--correction",
        default="holm",
        choices=("holm", "bonferroni", "sidak", "fdr_bh", "none"),
        help="correction across problems (default holm)",
    )
    parser.add_argument(
        "--baseline",
        metavar="OTHER_STORAGE",
        help="also diff against this earlier result: cells that got significantly better or worse",
    )
    parser.add_argument(
        "--section",
        action="append",
        default=[],
        metavar="NAME",
        help="print only this table (overview, win_tie_loss, ranks, timing, "
        "regression); repeatable",
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=[f for f in FORMATS if f != "yaml"],
        default="table",
        help="output format (default table)",
    )


def _alpha(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number in (0, 1); got {text!r}") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must be a number in (0, 1); got {text!r}")
    return value


def _analyze(args: argparse.Namespace) -> int:
    from analysis._load import load_benchmark
    from analysis._summary import SECTIONS, summary_tables

    unknown = [s for s in args.section if s not in SECTIONS]
    if unknown:
        raise CLIUsageError(
            f"--section {unknown[0]!r} is not a table; choose from {', '.join(SECTIONS)}"
        )
    data = load_benchmark(storage_url(args), args.benchmark)
    baseline = None if args.baseline is None else load_benchmark(args.baseline, args.benchmark)
    from analysis._compare import AnalysisWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AnalysisWarning)  # printed below with the notes
        result = summary_tables(
            data,
            reference=args.reference,
            metric=args.metric,
            alpha=args.alpha,
            correction=None if args.correction == "none" else args.correction,
            baseline=baseline,
        )
    tables = {k: v for k, v in result.tables.items() if not args.section or k in args.section}
    _print(tables, result.notes, args.format)
    return 0


def _print(tables: dict[str, Any], notes: tuple[str, ...], fmt: str) -> None:
    records = {name: frame.to_dict(orient="records") for name, frame in tables.items()}
    if fmt == "json":
        payload = {**records, "notes": list(notes)}
        sys.stdout.write(json.dumps(jsonable(_finite(payload)), indent=2) + "\n")
        return
    parts = []
    for name, rows in records.items():
        body = to_csv(rows) if fmt == "csv" else to_table(rows) or "(empty)\n"
        parts.append(f"# {name}\n{body}")
    sys.stdout.write("\n".join(parts))
    for note in notes:
        print(f"hpobench: note: {note}", file=sys.stderr)


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: write them as null and "inf"/"-inf"."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    return value
