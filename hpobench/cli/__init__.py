"""The ``hpobench`` command line: thin subcommands over the public API.

``hpobench --help`` lists the commands. Each lives in a small module with a
``register(commands)`` function, listed once in :mod:`hpobench.cli._app`.
"""

from hpobench.cli._app import build_parser, main

__all__ = ["build_parser", "main"]
