"""The argument parser: one-line errors, global options anywhere, and command registration.

A command module adds itself with a ``register(commands)`` function that calls
:meth:`Commands.add` (and :meth:`Commands.add_group` for two-word commands such as
``study optimize``); ``hpobench.cli._app`` lists those functions.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from hpobench.cli._errors import ParserError

Handler = Callable[[argparse.Namespace], int]

# Options given after the (sub)command are parsed into "<prefix><dest>" and merged into
# "<dest>" afterwards: a subparser would otherwise reset the values given before it.
_AFTER = "global_after_"


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors become a :class:`ParserError` (one line, exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise ParserError(self.prog, f"{message}; see '{self.prog} --help'")


_GLOBAL_OPTIONS: tuple[tuple[tuple[str, ...], dict[str, Any]], ...] = (
    (
        ("--storage",),
        {
            "metavar": "URL",
            "help": "where the studies live: sqlite:///example.db, postgresql://…, "
            "mysql://…, redis://… or a journal file (path ending in .log, .jsonl or "
            ".journal); default: $HPOBENCH_STORAGE",
        },
    ),
    (("-v", "--verbose"), {"action": "count", "help": "log more; repeat (-vv) for SQL too"}),
    (("-q", "--quiet"), {"action": "store_true", "help": "log only warnings and errors"}),
    (("--log-file",), {"metavar": "PATH", "help": "also write the log lines to PATH"}),
    (("--debug",), {"action": "store_true", "help": "show the traceback of an error"}),
)
_TOP_DEFAULTS = {"storage": None, "verbose": 0, "quiet": False, "log_file": None, "debug": False}


def add_global_options(
    parser: argparse.ArgumentParser, *, top: bool, reserved: Sequence[str]
) -> None:
    """Add the global options to ``parser``, leaving out the flags in ``reserved``.

    On the top parser they get their defaults; on a subcommand they default to nothing
    (``argparse.SUPPRESS``) and are merged by :func:`merge_global_options`.
    """
    group = parser.add_argument_group("global options (before or after the command)")
    for flags, kwargs in _GLOBAL_OPTIONS:
        dest = flags[-1].lstrip("-").replace("-", "_")
        kept = [flag for flag in flags if flag not in reserved]
        if top:
            group.add_argument(*kept, dest=dest, default=_TOP_DEFAULTS[dest], **kwargs)
        else:
            group.add_argument(*kept, dest=_AFTER + dest, default=argparse.SUPPRESS, **kwargs)


def merge_global_options(args: argparse.Namespace) -> argparse.Namespace:
    """Fold the global options given after the command into the ones given before it."""
    for dest in _TOP_DEFAULTS:
        after = vars(args).pop(_AFTER + dest, None)
        if after is None:
            continue
        setattr(args, dest, args.verbose + after if dest == "verbose" else after)
    return args


def print_help_of(parser: argparse.ArgumentParser) -> Handler:
    """Return a handler that prints ``parser``'s help and exits 2 (a command is missing)."""

    def handler(args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    return handler


class Commands:
    """The registry that command modules add their subcommands to.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The top parser's subcommands.
    """

    def __init__(self, subparsers: argparse._SubParsersAction) -> None:
        self._root = subparsers
        self._groups: dict[str, argparse._SubParsersAction] = {}

    def add_group(self, name: str, *, help: str) -> None:
        """Add a two-word command group such as ``study`` (a no-op when it exists)."""
        if name in self._groups:
            return
        parser = self._new_parser(self._root, name, help=help, reserved=())
        parser.set_defaults(handler=print_help_of(parser))
        self._groups[name] = parser.add_subparsers(metavar="COMMAND", title="commands")

    def add(
        self,
        name: str,
        handler: Handler,
        *,
        help: str,
        group: str | None = None,
        reserved: Sequence[str] = (),
    ) -> Parser:
        """Add the command ``name`` (in ``group``, if given) that runs ``handler``.

        Parameters
        ----------
        name : str
            The command word, e.g. ``"create-study"``.
        handler : callable
            Called with the parsed arguments; returns the exit status.
        help : str
            One line for the command list.
        group : str or None
            The first word of a two-word command, added with :meth:`add_group` first.
        reserved : sequence of str
            Global short flags this command uses for itself (``-v`` of ``set-user-attr``).

        Returns
        -------
        Parser
            The command's parser, to add its own arguments to.
        """
        if group is not None and group not in self._groups:
            raise ValueError(f"Command group {group!r} is unknown; call add_group({group!r}).")
        where = self._root if group is None else self._groups[group]
        parser = self._new_parser(where, name, help=help, reserved=reserved)
        parser.set_defaults(handler=handler)
        return parser

    @staticmethod
    def _new_parser(
        where: argparse._SubParsersAction, name: str, *, help: str, reserved: Sequence[str]
    ) -> Parser:
        parser = where.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")
        add_global_options(parser, top=False, reserved=reserved)
        return parser
