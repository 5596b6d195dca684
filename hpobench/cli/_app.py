"""The ``hpobench`` command: the parser, logging set-up and error reporting.

To add a command, write a module with a ``register(commands)`` function (see
:class:`hpobench.cli._parser.Commands`) and add that function to ``_REGISTRATIONS``.
Layers above the engine (suites, runners, analysis, reports) add theirs through the
``hpobench.commands`` entry-point group, so that the engine never imports them.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import io
import logging
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from hpobench import logging as hpobench_logging
from hpobench.cli import _ask_tell, _example, _optimize, _studies, _trials, _upgrade
from hpobench.cli._errors import error_line, exit_status
from hpobench.cli._parser import (
    Commands,
    Parser,
    add_global_options,
    merge_global_options,
    print_help_of,
)
from hpobench.exceptions import CLIUsageError
from hpobench.version import __version__

_REGISTRATIONS: tuple[Callable[[Commands], None], ...] = (
    _studies.register,
    _trials.register,
    _optimize.register,
    _ask_tell.register,
    _upgrade.register,
    _example.register,
)
PLUGIN_GROUP = "hpobench.commands"
_LOG_FORMAT = "[%(levelname)1.1s %(asctime)s] %(message)s"


def build_parser() -> Parser:
    """Return the parser of the ``hpobench`` command and all its subcommands."""
    parser = Parser(
        prog="hpobench",
        description="Define-by-run hyperparameter optimization and optimizer benchmarking.",
        epilog="Run 'hpobench COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"hpobench {__version__}")
    add_global_options(parser, top=True, reserved=())
    parser.set_defaults(handler=print_help_of(parser))
    commands = Commands(parser.add_subparsers(metavar="COMMAND", title="commands"))
    for register in (*_REGISTRATIONS, *_plugin_registrations()):
        register(commands)
    return parser


def _plugin_registrations() -> list[Callable[[Commands], None]]:
    """The ``register`` functions of the ``hpobench.commands`` entry points, by name."""
    found = importlib.metadata.entry_points(group=PLUGIN_GROUP)
    return [entry.load() for entry in sorted(found, key=lambda entry: entry.name)]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); return the exit status.

    Errors print one line on stderr (the traceback with ``--debug``) and give status 2
    for a usage error and 1 for a failure.

    Examples
    --------
    >>> main(["--storage", "sqlite:///example.db", "study-names"])  # doctest: +SKIP
    0
    """
    try:
        args = merge_global_options(build_parser().parse_args(argv))
    except SystemExit as stop:  # --help and --version
        return stop.code if isinstance(stop.code, int) else 1
    except CLIUsageError as err:
        print(error_line(err), file=sys.stderr)
        return exit_status(err)
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        with _session(args):
            return int(args.handler(args))
    except BrokenPipeError:  # e.g. "hpobench trials … | head": stop printing quietly
        _silence_stdout()
        return 1
    except (Exception, KeyboardInterrupt) as err:
        if args.debug:
            traceback.print_exception(err, file=sys.stderr)
        else:
            print(error_line(err), file=sys.stderr)
        return exit_status(err)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that flushing it at exit does not fail again."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@contextlib.contextmanager
def _session(args: argparse.Namespace) -> Iterator[None]:
    """Set the log level, the log file and one-line warnings; undo them afterwards."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(_verbosity(args.verbose, args.quiet))
        if args.log_file:
            stack.enter_context(_log_file(args.log_file))
        if not args.debug:
            stack.enter_context(_short_warnings())
        yield


@contextlib.contextmanager
def _verbosity(verbose: int, quiet: bool) -> Iterator[None]:
    level = hpobench_logging.WARNING if quiet else hpobench_logging.INFO
    if verbose and not quiet:
        level = hpobench_logging.DEBUG
    previous = hpobench_logging.get_verbosity()
    hpobench_logging.set_verbosity(level)
    with _sql_echo() if verbose >= 2 else contextlib.nullcontext():
        try:
            yield
        finally:
            hpobench_logging.set_verbosity(previous)


@contextlib.contextmanager
def _sql_echo() -> Iterator[None]:
    """Log SQLAlchemy's statements to stderr (``-vv``)."""
    sql = logging.getLogger("sqlalchemy.engine")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_LOG_FORMAT))
    previous = sql.level
    sql.addHandler(handler)
    sql.setLevel(logging.INFO)
    try:
        yield
    finally:
        sql.removeHandler(handler)
        sql.setLevel(previous)


@contextlib.contextmanager
def _log_file(path: str) -> Iterator[None]:
    try:
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as err:
        raise CLIUsageError(f"--log-file {path!r} cannot be opened: {err.strerror}") from err
    handler.setFormatter(logging.Formatter(_LOG_FORMAT))
    logger = hpobench_logging.get_logger("hpobench")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        handler.close()


@contextlib.contextmanager
def _short_warnings() -> Iterator[None]:
    """Print each warning as one ``hpobench: warning: …`` line instead of two with source."""

    def show(message: Any, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        sys.stderr.write(f"hpobench: warning: {' '.join(str(message).split())}\n")

    with warnings.catch_warnings():
        warnings.showwarning = show
        yield
