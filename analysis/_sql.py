"""Opening a database read-only and running a few bulk queries into DataFrames."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection, Engine

from hpobench.storages._rdb._engine import parse_url


def open_engine(url: str) -> Engine:
    """Return an engine on ``url`` that cannot create or change a SQLite file.

    Raises
    ------
    FileNotFoundError
        When a SQLite URL names a file that does not exist.
    ValueError
        For a malformed URL or an in-memory SQLite database (nothing to read there).
    """
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed)
    database = parsed.database or ""
    if database in ("", ":memory:"):
        raise ValueError(
            f"storage {url!r} is an in-memory SQLite database, which holds nothing to read; "
            "pass the URL of a file, e.g. 'sqlite:///benchmark.db'."
        )
    path = Path(database).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"storage {url!r}: no SQLite file at {str(path)!r}.")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))


@contextlib.contextmanager
def connect(url: str) -> Iterator[Connection]:
    """Open a read-only connection to ``url`` and dispose of the engine afterwards."""
    engine = open_engine(url)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def table_names(conn: Connection) -> set[str]:
    """Return the names of the tables of the database."""
    return set(inspect(conn).get_table_names())


def quoted(conn: Connection, name: str) -> str:
    """Return the column or table ``name`` quoted when the database reserves it.

    Optuna's tables have a ``key`` column, a reserved word on MySQL and MariaDB.

    Examples
    --------
    >>> from sqlalchemy import create_engine
    >>> with create_engine("sqlite://").connect() as conn:
    ...     quoted(conn, "key"), quoted(conn, "trial_id")
    ('"key"', 'trial_id')
    """
    return conn.dialect.identifier_preparer.quote(name)


def query(conn: Connection, sql: str, columns: Sequence[str], **params: Any) -> pd.DataFrame:
    """Run ``sql`` and return its rows as a DataFrame with ``columns``.

    Rows are fetched with the driver's cursor in one go: far faster than pandas'
    ``read_sql`` row objects for millions of rows.
    """
    result = conn.execute(text(sql), params)
    # The driver's own tuples: SQLAlchemy's Row objects cost pandas ~10 us each.
    rows = result.cursor.fetchall() if result.cursor is not None else []
    return pd.DataFrame.from_records(rows, columns=list(columns), coerce_float=True)
