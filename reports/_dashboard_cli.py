"""``hpobench dashboard``: a study's page as one HTML file, or a local server of all studies.

The engine's command line finds :func:`register` through the ``hpobench.commands`` entry
point group (``dashboard = "reports._dashboard_cli:register"`` in pyproject.toml).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hpobench.cli._parser import Commands
from hpobench.cli._storage import display_url, open_storage, storage_url
from hpobench.exceptions import CLIUsageError

__all__ = ["register"]

DEFAULT_PORT = 8080
DEFAULT_HOST = "127.0.0.1"


def register(commands: Commands) -> None:
    """Add the ``dashboard`` command."""
    parser = commands.add(
        "dashboard",
        _dashboard,
        help="serve a live dashboard of a storage's studies, or write one study's page (--out)",
    )
    parser.add_argument(
        "--study-name",
        metavar="NAME",
        help="the study to show (may be left out when the storage holds only one)",
    )
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="write the study's self-contained HTML page to FILE instead of serving",
    )
    parser.add_argument(
        "--host",
        metavar="H",
        help=f"the address to listen on (default {DEFAULT_HOST}; the pages have no login)",
    )
    parser.add_argument(
        "--port",
        type=_port,
        metavar="P",
        help=f"the port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    parser.add_argument(
        "--refresh",
        type=_seconds,
        metavar="SECONDS",
        help="reload the served pages every SECONDS (default 0: never)",
    )


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer in 0-65535; got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be an integer in 0-65535; got {text!r}")
    return value


def _seconds(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of seconds; got {text!r}"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (never) or more seconds; got {text!r}")
    return value


def _dashboard(args: argparse.Namespace) -> int:
    url = storage_url(args)
    if args.out is not None:
        return _write(args, url)
    from reports._dashboard import choose_study
    from reports._dashboard_index import study_url
    from reports._dashboard_server import make_server, run_server

    storage = open_storage(url)
    first = None
    if args.study_name is not None:
        first = study_url(choose_study(storage, args.study_name))
    server = make_server(
        storage,
        host=args.host or DEFAULT_HOST,
        port=DEFAULT_PORT if args.port is None else args.port,
        refresh=args.refresh or None,
        source=display_url(url),
    )
    run_server(server, first_page=first)
    return 0


def _write(args: argparse.Namespace, url: str) -> int:
    given = [f"--{n}" for n in ("host", "port", "refresh") if getattr(args, n) is not None]
    if given:
        them = "it" if len(given) == 1 else "them"
        raise CLIUsageError(
            f"{', '.join(given)}: only for the server; drop {them}, or drop --out to serve"
        )
    path = Path(args.out)
    if not path.parent.is_dir():
        raise CLIUsageError(f"--out {args.out}: the folder {str(path.parent)!r} does not exist")
    from reports._dashboard import choose_study, snapshot, study_page

    storage = open_storage(url)
    study = snapshot(storage, choose_study(storage, args.study_name))
    path.write_text(study_page(study, source=display_url(url)), encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)
    return 0
