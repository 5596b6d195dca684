"""Opening a database read-only and running a few bulk queries into DataFrames."""

from __future__ import annotations

import contextlib
import decimal
import gc
import itertools
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
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


def query(
    conn: Connection,
    sql: str,
    columns: Sequence[str],
    *,
    params: Mapping[str, Any] | None = None,
    kinds: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Run ``sql`` and return its rows as a DataFrame with ``columns``.

    ``kinds`` maps a column to how it is read (see :data:`KINDS`; ``"auto"`` when not
    given); telling spares inspecting every value. Rows come from the driver's cursor a
    thousand at a time and are turned into typed columns at once, while their objects
    are still in the CPU cache: far faster than pandas' ``read_sql`` or ``from_records``
    for millions of rows, and the rows are never all held in memory.
    """
    kinds = dict(kinds or {})
    unknown = {k: v for k, v in kinds.items() if v not in KINDS}
    if unknown:
        raise ValueError(f"kinds {unknown} are not among {sorted(KINDS)}.")
    readers = [KINDS[kinds.get(name, "auto")] for name in columns]
    parts: list[list[Any]] = [[] for _ in columns]
    with _collector_paused():
        cursor = conn.execute(text(sql), dict(params or {})).cursor
        # The driver's own tuples: SQLAlchemy's Row objects cost pandas ~10 us each.
        while cursor is not None and (rows := cursor.fetchmany(_CHUNK_ROWS)):
            for part, values, (read, _) in zip(parts, zip(*rows), readers):
                part.append(read(values))
            del rows
        # Joined (and the tuples of "auto" columns dropped) before the collector resumes:
        # walking millions of items at every collection would cost more than the fetch.
        return pd.DataFrame(
            {name: join(part) for name, part, (_, join) in zip(columns, parts, readers)}
        )


_CHUNK_ROWS = 1_000  # small enough for the rows of a chunk to stay in the CPU cache


def column(values: Sequence[Any]) -> np.ndarray | pd.Series:
    """Return one fetched column as an array of the type its values share.

    Examples
    --------
    >>> column((1, 2)).dtype, column((1, None)).dtype, column(("a", None)).dtype
    (dtype('int64'), dtype('float64'), <StringDtype(storage='python', na_value=nan)>)
    """
    if not values:
        return pd.Series(values, dtype=object)
    types = set(map(type, values))
    with contextlib.suppress(OverflowError):
        if types == {int}:
            return np.array(values, dtype=np.int64)
        if types <= _NUMBER_TYPES and types != {type(None)}:
            return np.array(values, dtype=float)
    return pd.Series(list(values))


def numbers(values: Sequence[Any] | pd.Series) -> np.ndarray:
    """Return JSON texts as floats: NaN where a value is missing or not a number.

    Examples
    --------
    >>> numbers(["0.5", None, "1e-05", '"text"']).tolist()
    [0.5, nan, 1e-05, nan]
    """
    try:  # numpy parses numeric text exactly as float() does, in one pass
        return np.array(values, dtype=float)
    except (TypeError, ValueError):  # a non-numeric value somewhere: parse leniently
        return pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy(float)


def _as(*dtypes: Any) -> Callable[[Sequence[Any]], np.ndarray]:
    """Read values as the first of ``dtypes`` that holds them all (object always does)."""

    def read(values: Sequence[Any]) -> np.ndarray:
        for dtype in dtypes:
            with contextlib.suppress(TypeError, ValueError, OverflowError):
                return np.array(values, dtype=dtype)
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return out

    return read


def _concatenate(dtype: Any) -> Callable[[list[np.ndarray]], np.ndarray | pd.Series]:
    def join(parts: list[np.ndarray]) -> np.ndarray | pd.Series:
        out = np.concatenate(parts) if parts else np.empty(0, dtype=dtype)
        # A Series of objects stays one: pandas would infer text from a bare array.
        return pd.Series(out, dtype=object) if out.dtype == object else out

    return join


def _infer(parts: list[Sequence[Any]]) -> np.ndarray | pd.Series:
    return column(tuple(itertools.chain.from_iterable(parts)))


_NUMBER_TYPES = frozenset({int, float, decimal.Decimal, type(None)})
_Reader = tuple[Callable[[Sequence[Any]], Any], Callable[[list[Any]], np.ndarray | pd.Series]]
KINDS: dict[str, _Reader] = {
    "auto": (tuple, _infer),
    "int": (_as(np.int64, float), _concatenate(np.int64)),
    "float": (_as(float), _concatenate(float)),
    "object": (_as(), _concatenate(object)),
    "number": (numbers, _concatenate(float)),
}
"""How :func:`query` reads a column (each a reader of a chunk of values and a joiner of
the chunks): ``"auto"`` infers the type from all the values (:func:`column`); ``"int"``
reads int64 (float64 with NaN if there are NULLs); ``"float"`` float64 (NULL as NaN);
``"object"`` keeps the driver's objects (e.g. datetime text for ``pandas.to_datetime``);
``"number"`` parses JSON number text into float64 (NaN for anything else). A column
that does not fit its kind is kept as objects."""


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of row tuples are created.

    Each allocation burst would otherwise trigger collections that traverse every tuple
    made so far; none of them can be part of a cycle.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
