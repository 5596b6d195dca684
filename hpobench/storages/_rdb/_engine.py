"""Opening a database: driver choice, SQLite settings, a write lock, and retries."""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

from hpobench.exceptions import StorageInternalError
from hpobench.storages._flock import lock_exclusive

T = TypeVar("T")
_DRIVERS = {
    "postgresql": ("psycopg", "psycopg", "postgres"),
    "mysql": ("pymysql", "pymysql", "mysql"),
    "mariadb": ("pymysql", "pymysql", "mysql"),
}
_RETRYABLE_MARKERS = (
    "database is locked",
    "deadlock",
    "lock wait timeout",
    "could not serialize",
    "try restarting transaction",
    "server has gone away",
    "lost connection",
)


def parse_url(url: str) -> URL:
    """Parse a storage URL and pick an installed driver for PostgreSQL and MySQL.

    Raises
    ------
    ValueError
        When the URL is malformed.
    ImportError
        When the database's driver is not installed (the message names the extra).
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValueError(
            f"Malformed storage URL {url!r}; expected e.g. 'sqlite:///study.db', "
            "'postgresql://user@host/db' or 'mysql://user@host/db'."
        ) from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend in _DRIVERS and not driver:
        default_driver, module, extra = _DRIVERS[backend]
        if importlib.util.find_spec(module) is None:
            raise ImportError(
                f"Storage {url!r} needs the {module} driver; install it with "
                f'pip install "hpobench[{extra}]".'
            )
        parsed = parsed.set(drivername=f"{backend}+{default_driver}")
    return parsed


def build_engine(url: URL, engine_kwargs: dict[str, Any] | None) -> Engine:
    """Create the SQLAlchemy engine with the settings each database needs."""
    kwargs = dict(engine_kwargs or {})
    try:
        url.get_dialect()
    except NoSuchModuleError:
        raise ValueError(
            f"Unknown storage URL scheme {url.drivername!r}; use sqlite:///file.db, "
            "postgresql://…, mysql://… or redis://…."
        ) from None
    if url.get_backend_name() == "sqlite":
        connect_args = {"timeout": 60.0, "check_same_thread": False}
        connect_args.update(kwargs.pop("connect_args", {}))
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let this module issue BEGIN itself, so writers can take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        options = connection.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return
        immediate = options.get("hpobench_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class WriteLock:
    """For a SQLite file, serialises write transactions across threads and processes
    (an ``flock`` on ``<file>.lock``); for server databases it does nothing.

    SQLite's own busy handler polls with growing sleeps, so several processes writing
    one file spend most of their time asleep; a kernel lock hands over at once.
    """

    def __init__(self, sqlite_path: str | None) -> None:
        self._thread_lock = threading.RLock()
        self._path = None if sqlite_path is None else sqlite_path + ".lock"
        self._fd: int | None = None
        self._fd_pid = -1
        self._depth = 0

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        if self._path is None:
            # Server databases lock rows themselves; writers need not queue here.
            yield
            return
        with self._thread_lock:
            self._depth += 1
            try:
                if self._depth == 1:
                    lock_exclusive(self._lock_fd())
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    fcntl.flock(self._lock_fd(), fcntl.LOCK_UN)

    def _lock_fd(self) -> int:
        # One descriptor per process: flock belongs to an open file description, and a
        # forked child must not share its parent's.
        if self._fd is None or self._fd_pid != os.getpid():
            assert self._path is not None
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            self._fd_pid = os.getpid()
        return self._fd

    def __getstate__(self) -> dict[str, Any]:
        return {"_path": self._path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(None)  # type: ignore[misc]
        self._path = state["_path"]


def sqlite_file(url: URL) -> str | None:
    """Return the path of a file-backed SQLite database, else None."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    path = url.database
    if path.startswith("file:"):  # a URI filename, e.g. file:/x.db?mode=ro with uri=true
        path = path[len("file:") :].split("?", 1)[0]
        if path in ("", ":memory:") or "mode=memory" in url.database:
            return None
    return os.path.abspath(path)


def with_retries(action: Callable[[], T], *, attempts: int = 8) -> T:
    """Run a transaction, retrying it on lock conflicts and dropped connections."""
    for attempt in range(attempts):
        try:
            return action()
        except (OperationalError, DBAPIError, sqlite3.OperationalError) as err:
            message = str(getattr(err, "orig", None) or err).lower()
            retryable = any(marker in message for marker in _RETRYABLE_MARKERS)
            if not retryable or attempt == attempts - 1:
                raise
            time.sleep(random.uniform(0.0, min(2.0, 0.02 * 2**attempt)))
    raise StorageInternalError("unreachable")  # pragma: no cover
