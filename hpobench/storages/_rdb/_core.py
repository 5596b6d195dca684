"""The shared core of RDBStorage: engine state and transaction helpers."""

from __future__ import annotations

import contextlib
import datetime
import sqlite3
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from hpobench import logging
from hpobench.distributions import BaseDistribution
from hpobench.exceptions import StorageInternalError
from hpobench.storages._rdb._cache import StudyTrialCache
from hpobench.storages._rdb._engine import (
    WriteLock,
    with_retries,
)
from hpobench.storages._rdb._sqlite_fast import SqliteWriter
from hpobench.trial._frozen import FrozenTrial

_logger = logging.get_logger(__name__)
T = TypeVar("T")


class RDBCore:
    """What the parts of :class:`RDBStorage` share: the engine, caches and transactions."""

    url: str
    engine: Any
    _display_url: str
    _memory: bool
    _memory_lock: threading.RLock
    _write_lock: WriteLock
    _fast: SqliteWriter | None
    _caches: dict[int, StudyTrialCache]
    _study_of_trial: dict[int, int]
    _param_distributions: dict[tuple[int, str], BaseDistribution]
    _owned: dict[int, FrozenTrial]
    _skip_table_creation: bool
    _skip_compatibility_check: bool

    # -- transactions ------------------------------------------------------------------
    def _read(self, action: Callable[[Connection], T]) -> T:
        def attempt() -> T:
            with self._guard(), self.engine.connect() as conn, conn.begin():
                return action(conn)

        return self._translate(lambda: with_retries(attempt))

    def _read_one(self, statement: Any) -> Any:
        """Run one query outside a transaction (its own snapshot); return its first row."""

        def attempt() -> Any:
            with self._guard(), self.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT")
                return conn.execute(statement).first()

        return self._translate(lambda: with_retries(attempt))

    def _write(self, action: Callable[[Connection], T]) -> T:
        def attempt() -> T:
            with self._guard(), self.engine.connect() as conn:
                conn.execution_options(hpobench_write=True)
                with self._write_lock.hold(), conn.begin():
                    return action(conn)

        return self._translate(lambda: with_retries(attempt))

    def _fast_call(self, action: Callable[[], T]) -> T:
        """Run a raw SQLite write with the same retries and error messages as the others."""
        return self._translate(lambda: with_retries(action))

    def _guard(self) -> contextlib.AbstractContextManager[Any]:
        # An in-memory SQLite database is one connection: its users take turns.
        return self._memory_lock if self._memory else contextlib.nullcontext()

    def _translate(self, run: Callable[[], T]) -> T:
        try:
            return run()
        except (IntegrityError, sqlite3.IntegrityError):
            raise
        except (OperationalError, DBAPIError, sqlite3.Error) as err:
            reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
            raise StorageInternalError(
                f"Storage {self._display_url!r} failed: {reason}. {_hint(reason)}".strip()
            ) from err


def _now() -> datetime.datetime:
    return datetime.datetime.now()


def _hint(reason: str) -> str:
    lowered = reason.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return "The database file is read-only: check its permissions."
    if "disk" in lowered and "full" in lowered:
        return "The disk is full: free some space; the stored studies are intact."
    if "password" in lowered or "access denied" in lowered:
        return "Check the user name and password in the URL."
    if "connect" in lowered or "resolve" in lowered or "refused" in lowered:
        return "Check that the database server is running and the host and port are right."
    if "unable to open" in lowered:
        return "Check that the directory exists and is writable."
    return ""
