"""``python -m runners run|status SUITE_FILE …``: ``hpobench bench`` without the entry point.

Examples
--------
>>> main(["run", "quickstart", "--dry-run"])  # doctest: +SKIP
0
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from hpobench.cli import _app
from hpobench.cli._errors import error_line, exit_status
from hpobench.cli._parser import (
    Commands,
    Parser,
    add_global_options,
    merge_global_options,
    print_help_of,
)
from hpobench.exceptions import CLIUsageError
from runners._cli import GROUP_HELP, add_commands


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (default ``sys.argv[1:]``), run the command, return the exit status."""
    parser = Parser(prog="python -m runners", description=GROUP_HELP[0].upper() + GROUP_HELP[1:])
    add_global_options(parser, top=True, reserved=())
    parser.set_defaults(handler=print_help_of(parser))
    add_commands(Commands(parser.add_subparsers(metavar="COMMAND", title="commands")), group=None)
    try:
        args = merge_global_options(parser.parse_args(argv))
    except SystemExit as stop:  # --help
        return stop.code if isinstance(stop.code, int) else 1
    except CLIUsageError as err:
        print(error_line(err), file=sys.stderr)
        return exit_status(err)
    return _app._run(args)


if __name__ == "__main__":
    sys.exit(main())
