"""``hpobench bench run`` and ``hpobench bench status``: the runner's commands.

Registered through the ``hpobench.commands`` entry point (``runners._cli:register``).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from hpobench.cli._output import add_format_options, emit
from hpobench.cli._parser import Commands
from hpobench.cli._storage import ENV_VAR, display_url
from hpobench.exceptions import CLIUsageError

if TYPE_CHECKING:
    from runners._plan import Plan

__all__ = ["register"]

GROUP_HELP = "run benchmark suites and inspect their results"


def register(commands: Commands) -> None:
    """Add ``bench run`` and ``bench status`` to the ``bench`` group."""
    commands.add_group("bench", help=GROUP_HELP)
    add_commands(commands, group="bench")


def add_commands(commands: Commands, *, group: str | None) -> None:
    """Add ``run`` and ``status`` (to ``group``, or at the top for ``python -m runners``)."""
    run = commands.add(
        "run",
        _run,
        group=group,
        help="run a suite file's studies; runs already stored are skipped (resume)",
    )
    _add_suite_argument(run)
    run.add_argument(
        "--n-jobs",
        type=int,
        default=1,
        metavar="N",
        help="processes (local) or LocalCluster workers (dask); -1: every core (default 1)",
    )
    run.add_argument(
        "--backend",
        choices=("local", "dask"),
        default="local",
        help="where runs execute: local processes (joblib) or a Dask cluster (default local)",
    )
    run.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster)",
    )
    run.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="PATTERN",
        help="run only the run keys matching this glob (problem|sampler|pruner|repeat, "
        "e.g. 'Branin|*'); repeatable",
    )
    run.add_argument(
        "--retry-failed", action="store_true", help="delete and rerun the runs stored as failed"
    )
    run.add_argument("--dry-run", action="store_true", help="print the plan and its size only")
    status = commands.add(
        "status",
        _status,
        group=group,
        help="count the runs done, failed and to do per problem, sampler and pruner",
    )
    _add_suite_argument(status)
    add_format_options(status)


def _add_suite_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "suite_file",
        metavar="SUITE_FILE",
        help="a suite file (.toml) or a built-in suite name such as quickstart",
    )
    parser.add_argument(
        "--benchmark",
        metavar="NAME",
        help="store the runs under this benchmark name (default: the suite's name)",
    )


def _storage_url(args: argparse.Namespace) -> str:
    """``--storage``, else ``$HPOBENCH_STORAGE``, else a SQLite file next to the suite file."""
    from runners._store import default_storage_url

    url = args.storage or os.environ.get(ENV_VAR, "").strip()
    if url:
        return url
    path = Path(args.suite_file)
    if path.suffix == ".toml" or path.exists():
        return default_storage_url(path)
    return default_storage_url(Path.cwd() / f"{args.suite_file}.toml")  # a built-in name


def _load_plan(args: argparse.Namespace) -> Plan:
    from runners._suite import load_plan

    plan = load_plan(args.suite_file, benchmark=args.benchmark)
    patterns = getattr(args, "only", [])
    selected = plan.select(patterns)
    if patterns and not len(selected):
        example = plan.runs[0].run_key if len(plan) else "problem|sampler|pruner|repeat"
        raise CLIUsageError(
            f"--only {' '.join(repr(p) for p in patterns)} matches none of the {len(plan)} "
            f"runs; run keys look like {example!r}"
        )
    return selected


def _dry_run(plan: Plan, url: str) -> int:
    lines = plan.describe()
    for line in lines:
        print(line)
    problems = len({run.problem for run in plan})
    print(
        f"{len(lines)} runs of benchmark {plan.benchmark!r} on {problems} problems; "
        f"storage {display_url(url)}"
    )
    return 0


def _run(args: argparse.Namespace) -> int:
    from runners._driver import run_plan

    if args.n_jobs == 0 or args.n_jobs < -1:
        raise CLIUsageError(f"--n-jobs must be >= 1, or -1 for every core; got {args.n_jobs}")
    if args.scheduler is not None and args.backend != "dask":
        raise CLIUsageError("--scheduler needs --backend dask")
    plan = _load_plan(args)
    url = _storage_url(args)
    if args.dry_run:
        return _dry_run(plan, url)
    summary = run_plan(
        plan,
        url,
        n_jobs=args.n_jobs,
        backend=args.backend,
        scheduler=args.scheduler,
        retry_failed=args.retry_failed,
        progress=not args.quiet,
    )
    for line in summary.lines():
        print(line)
    print(f"results in {display_url(url)}; see: hpobench bench status {args.suite_file}")
    return 130 if summary.interrupted else 0


def _status(args: argparse.Namespace) -> int:
    from runners._status import status_table

    plan = _load_plan(args)
    table = status_table(plan, _storage_url(args))
    emit(table.to_dict(orient="records"), args)
    return 0
