"""``study optimize FILE METHOD``: optimize a study with an objective from a Python file."""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from hpobench.cli._errors import CommandError
from hpobench.cli._parser import Commands
from hpobench.cli._samplers import add_sampler_options, sampler_from
from hpobench.cli._storage import load_study
from hpobench.exceptions import CLIUsageError, HpobenchError


def register(commands: Commands) -> None:
    """Add ``study optimize``."""
    commands.add_group("study", help="act on one study (set-user-attr, optimize)")
    parser = commands.add(
        "optimize",
        _optimize,
        help="run trials of a study with an objective function from a Python file",
        group="study",
    )
    parser.add_argument("file", help="the Python file that defines the objective")
    parser.add_argument("method", help="the objective's name in that file")
    parser.add_argument("--study-name", required=True, help="the study")
    parser.add_argument("--n-trials", type=int, help="trials to run (default: no limit)")
    parser.add_argument(
        "--timeout", type=float, help="stop starting trials after this many seconds"
    )
    parser.add_argument(
        "--n-jobs", type=int, default=1, help="trials at once, in threads; -1 = CPU count"
    )
    add_sampler_options(parser)


def _optimize(args: argparse.Namespace) -> int:
    if args.n_trials is not None and args.n_trials < 1:
        raise CLIUsageError(f"--n-trials must be >= 1; got {args.n_trials}")
    study = load_study(args, sampler=sampler_from(args))
    with _importable_folder(Path(args.file)):
        objective = load_objective(Path(args.file), args.method)
        try:
            study.optimize(
                objective, n_trials=args.n_trials, timeout=args.timeout, n_jobs=args.n_jobs
            )
        except (HpobenchError, KeyboardInterrupt):
            raise
        except Exception as err:
            raise CommandError(
                f"optimization stopped: {args.method} raised {type(err).__name__}: {err} "
                "(the trial is stored as FAIL)"
            ) from err
    return 0


@contextlib.contextmanager
def _importable_folder(file: Path) -> Iterator[None]:
    """Let the objective's file import the modules next to it, as ``python FILE`` would."""
    folder = str(file.resolve().parent)
    sys.path.insert(0, folder)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(folder)


def load_objective(file: Path, name: str) -> Callable[..., Any]:
    """Import ``file`` (without running its ``__main__`` block) and return its ``name``.

    Raises
    ------
    CLIUsageError
        When the file is missing, is not Python, or has no callable ``name``.
    CommandError
        When importing the file raises.
    """
    module = _import_file(file)
    objective = getattr(module, name, None)
    if callable(objective):
        return objective
    found = sorted(n for n, v in vars(module).items() if callable(v) and not n.startswith("_"))
    problem = (
        f"{name!r} in {file} is not callable"
        if hasattr(module, name)
        else (f"{file} defines no {name!r}")
    )
    raise CLIUsageError(f"{problem}; callables there: {', '.join(found) or 'none'}")


def _import_file(file: Path) -> ModuleType:
    if not file.is_file():
        raise CLIUsageError(f"objective file {str(file)!r} does not exist")
    spec = importlib.util.spec_from_file_location(f"_hpobench_objective_{file.stem}", file)
    if spec is None or spec.loader is None:
        raise CLIUsageError(f"{str(file)!r} is not a Python file; give a .py file")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as err:
        raise CommandError(
            f"importing {file} failed: {type(err).__name__}: {err} "
            "(pass --debug for the traceback)"
        ) from err
    return module
