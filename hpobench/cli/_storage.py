"""Turn ``--storage`` (or ``$HPOBENCH_STORAGE``) into a storage, and a name into a study."""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from hpobench.cli._errors import CommandError
from hpobench.exceptions import CLIUsageError

if TYPE_CHECKING:
    from hpobench.samplers import BaseSampler
    from hpobench.storages import BaseStorage
    from hpobench.study import Study

ENV_VAR = "HPOBENCH_STORAGE"
JOURNAL_SUFFIXES = (".log", ".jsonl", ".journal")
_REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_PASSWORD = re.compile(r"(://[^/@:]*:)[^/@]*@")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+:")  # two letters at least: not C:\path
_LISTED_NAMES = 10


def storage_url(args: argparse.Namespace) -> str:
    """Return ``--storage``, else ``$HPOBENCH_STORAGE``.

    Raises
    ------
    CLIUsageError
        When neither is set.
    """
    url = args.storage or os.environ.get(ENV_VAR, "").strip()
    if not url:
        raise CLIUsageError(
            f"no storage given; pass --storage URL (e.g. --storage sqlite:///example.db) "
            f"or set {ENV_VAR}"
        )
    return url


def display_url(url: str) -> str:
    """Return ``url`` with its password masked, for messages.

    Examples
    --------
    >>> display_url("postgresql://me:secret@host/db")
    'postgresql://me:***@host/db'
    """
    return _PASSWORD.sub(r"\1***@", url)


def storage_kind(url: str) -> str:
    """Return ``"redis"``, ``"journal"`` (a journal file) or ``"rdb"`` for ``url``.

    A value without ``://`` is a journal file when it is an existing file or ends in
    ``.log``, ``.jsonl`` or ``.journal``.

    Raises
    ------
    CLIUsageError
        When a value without ``://`` looks like a broken URL, is a SQLite file, or is
        neither kind of journal path.
    """
    if url.startswith(_REDIS_SCHEMES):
        return "redis"
    if "://" in url:
        return "rdb"
    if _SCHEME.match(url):
        raise CLIUsageError(
            f"malformed storage URL {display_url(url)!r}; write scheme://…, e.g. "
            "sqlite:///example.db or postgresql://user@host/db"
        )
    path = Path(url).expanduser()
    if path.is_file() and _is_sqlite_file(path):
        raise CLIUsageError(
            f"{url!r} is a SQLite database; pass it as a URL: --storage sqlite:///{path}"
        )
    if path.is_file() or path.suffix in JOURNAL_SUFFIXES:
        return "journal"
    raise CLIUsageError(
        f"storage {url!r} is neither a URL nor a journal file; use sqlite:///{url} for a "
        f"SQLite database, or a path ending in {', '.join(JOURNAL_SUFFIXES)} for a journal file"
    )


def _is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def open_storage(url: str, *, check_schema: bool = True) -> BaseStorage:
    """Open the storage that ``url`` names (see :func:`storage_kind`).

    Parameters
    ----------
    url : str
        The ``--storage`` value.
    check_schema : bool
        Refuse an RDB whose schema version differs from this hpobench's (False for
        ``storage upgrade``).

    Raises
    ------
    CLIUsageError
        For a malformed URL, an unknown database kind or an in-memory SQLite URL.
    StorageInternalError, OSError
        When the storage cannot be reached (the message says why).
    """
    kind = storage_kind(url)
    if kind == "redis":
        from hpobench.storages import get_storage

        return get_storage(url)
    if kind == "journal":
        from hpobench.storages.journal import JournalFileBackend, JournalStorage

        return JournalStorage(JournalFileBackend(Path(url).expanduser()))
    return _open_rdb(url, check_schema)


def _open_rdb(url: str, check_schema: bool) -> BaseStorage:
    from hpobench.storages import RDBStorage

    _refuse_in_memory(url)
    try:
        return RDBStorage(url, skip_compatibility_check=not check_schema)
    except ValueError as err:
        raise CLIUsageError(str(err)) from err


def _refuse_in_memory(url: str) -> None:
    scheme, _, rest = url.partition("://")
    database = rest.split("?")[0].lstrip("/")
    if scheme.split("+")[0] == "sqlite" and database in ("", ":memory:"):
        raise CLIUsageError(
            f"{url!r} is an in-memory database that vanishes when the command ends; "
            "use a file: --storage sqlite:///example.db"
        )


def find_study_name(storage: BaseStorage, url: str, study_name: str) -> None:
    """Check that ``storage`` holds ``study_name``.

    Raises
    ------
    CommandError
        When it does not (the message lists the studies there are).
    """
    try:
        storage.get_study_id_from_name(study_name)
        return
    except KeyError:
        names = [s.study_name for s in storage.get_all_studies()]
    where = display_url(url)
    if not names:
        raise CommandError(
            f"no study named {study_name!r} in {where}; it holds no studies yet (create one "
            "with: hpobench create-study)"
        )
    shown = ", ".join(repr(n) for n in names[:_LISTED_NAMES])
    more = f", … ({len(names) - _LISTED_NAMES} more)" if len(names) > _LISTED_NAMES else ""
    raise CommandError(f"no study named {study_name!r} in {where}; studies there: {shown}{more}")


def load_study(args: argparse.Namespace, *, sampler: BaseSampler | None = None) -> Study:
    """Load the study ``--study-name`` from the storage of ``args``.

    Raises
    ------
    CommandError
        When there is no such study.
    """
    import hpobench

    url = storage_url(args)
    storage = open_storage(url)
    find_study_name(storage, url, args.study_name)
    return hpobench.load_study(study_name=args.study_name, storage=storage, sampler=sampler)
