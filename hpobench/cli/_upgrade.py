"""``storage upgrade``: bring an RDB's schema to this hpobench's version."""

from __future__ import annotations

import argparse
from typing import Any

from hpobench.cli._parser import Commands
from hpobench.cli._storage import display_url, open_storage, storage_kind, storage_url


def register(commands: Commands) -> None:
    """Add ``storage upgrade``."""
    commands.add_group("storage", help="maintain a storage (upgrade)")
    commands.add(
        "upgrade",
        _upgrade,
        help="upgrade the schema of an RDB storage to this hpobench's version",
        group="storage",
    )


def _upgrade(args: argparse.Namespace) -> int:
    url = storage_url(args)
    where = display_url(url)
    if storage_kind(url) != "rdb":
        print(f"{where} is a journal storage: it has no schema, so there is nothing to upgrade.")
        return 0
    storage: Any = open_storage(url, check_schema=False)  # an RDBStorage
    before = (storage.get_current_version(), storage.get_current_version_number())
    storage.upgrade()
    after = (storage.get_current_version(), storage.get_current_version_number())
    head = storage.get_head_version()
    if before == after:
        print(f"{where} is up to date: {_version(after)}; the newest revision is {head}.")
    else:
        print(f"Upgraded {where} from {_version(before)} to {_version(after)}.")
    return 0


def _version(version: tuple[str, int]) -> str:
    revision, number = version
    return f"schema {number} (revision {revision or 'none'})"
