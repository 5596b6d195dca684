"""``hpobench bench problems|suites|validate``: the suites layer's commands.

The engine's command line finds :func:`register` through the ``hpobench.commands``
entry-point group (``pyproject.toml``), so the engine never imports this package.

Examples
--------
>>> from hpobench.cli._app import main
>>> main(["bench", "validate", "quickstart"])  # doctest: +SKIP
0
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from hpobench.cli._output import add_format_options, emit, emit_names
from hpobench.cli._parser import Commands
from hpobench.exceptions import CLIUsageError

__all__ = ["register"]


def register(commands: Commands) -> None:
    """Add the ``bench`` command group with ``problems``, ``suites`` and ``validate``."""
    commands.add_group("bench", help="benchmark problems and suite files")
    problems = commands.add(
        "problems",
        _problems,
        group="bench",
        help="list problems: case id, dimension, objectives, tags and f_star",
    )
    problems.add_argument("--suite", help="a problem suite, e.g. evalset56 (see 'bench suites')")
    problems.add_argument(
        "--tags", nargs="+", default=(), metavar="TAG", help="keep problems with all these tags"
    )
    add_format_options(problems)
    suites_cmd = commands.add(
        "suites", _suites, group="bench", help="list problem suites and built-in suite files"
    )
    add_format_options(suites_cmd)
    validate = commands.add(
        "validate",
        _validate,
        group="bench",
        help="check a suite file; print a summary, or every error and exit 1",
    )
    validate.add_argument("suite_file", metavar="SUITE_FILE", help="a path or a built-in name")


def _problems(args: argparse.Namespace) -> int:
    import suites

    if args.suite is not None and args.suite not in suites.list_problem_suites():
        raise CLIUsageError(
            f"--suite {args.suite!r} is unknown; expected one of: "
            f"{', '.join(suites.list_problem_suites())}"
        )
    ids = suites.list_problems(args.suite, tags=list(args.tags) or None)
    emit([_problem_row(suites.get_problem(case_id), args.format) for case_id in ids], args)
    return 0


def _problem_row(problem: Any, fmt: str) -> dict[str, Any]:
    tags = sorted(t for t in problem.tags if not t.startswith("dim="))
    return {
        "case_id": problem.case_id,
        "dim": problem.dim,
        "objectives": problem.n_objectives,
        "tags": ",".join(tags) if fmt in ("table", "csv") else tags,
        "f_star": problem.f_star,
    }


def _suites(args: argparse.Namespace) -> int:
    import suites

    if args.format == "table":
        names = [
            f"problem suite  {s} ({len(suites.list_problems(s))} problems)"
            for s in suites.list_problem_suites()
        ]
        names += [f"suite file     {name}" for name in suites.list_suite_files()]
        emit_names(names, args)
        return 0
    rows = [
        {"kind": "problem suite", "name": s, "problems": len(suites.list_problems(s))}
        for s in suites.list_problem_suites()
    ]
    rows += [
        {"kind": "suite file", "name": n, "problems": None} for n in suites.list_suite_files()
    ]
    emit(rows, args)
    return 0


def _validate(args: argparse.Namespace) -> int:
    import suites

    try:
        suite = suites.load_suite(args.suite_file)
    except suites.SuiteFileError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(_summary(suite))
    return 0


def _summary(suite: Any) -> str:
    budget = ", ".join(f"{k}={v}" for k, v in vars(suite.budget).items() if v is not None)
    pruners = ", ".join(p.label for p in suite.pruners) or "none"
    return "\n".join(
        [
            f"{suite.source}: valid suite {suite.name!r}",
            f"  problems: {len(suite.problems)}",
            f"  samplers: {', '.join(s.label for s in suite.samplers)}",
            f"  pruners:  {pruners}",
            f"  repeats:  {suite.repeats}; budget: {budget}; seed: {suite.seed}; "
            f"workers: {suite.workers}",
            f"  metrics:  {', '.join(suite.metrics)}",
            f"  runs:     {suite.n_runs}",
        ]
    )
