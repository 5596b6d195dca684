"""The bulk reader's columns: typed as told, across fetch chunks, NULLs and odd values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from analysis import _sql

N_ROWS = 2 * _sql._CHUNK_ROWS + 7  # three chunks, the last one short


@pytest.fixture
def conn():
    engine = create_engine("sqlite://")
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE t (i INTEGER, f REAL, s TEXT, j TEXT)"))
        rows = [
            {
                "i": k,
                "f": None if k % 5 == 0 else k / 4,
                "s": f"name-{k}",
                "j": repr(k / 8) if k % 3 else None,
            }
            for k in range(N_ROWS)
        ]
        # The only NULL of ``i`` and the only non-number of ``j`` are in the last chunk.
        rows[-1] = {"i": None, "f": 1.5, "s": None, "j": '"text"'}
        connection.execute(text("INSERT INTO t VALUES (:i, :f, :s, :j)"), rows)
        yield connection
    engine.dispose()


def _read(conn, **kinds):
    return _sql.query(conn, "SELECT i, f, s, j FROM t", ("i", "f", "s", "j"), kinds=kinds)


def test_kinds_read_every_chunk_as_told(conn):
    frame = _read(conn, i="int", f="float", s="object", j="number")
    assert len(frame) == N_ROWS
    # A NULL in a late chunk turns the integers into floats with NaN, not objects.
    assert frame["i"].dtype == np.float64 and np.isnan(frame["i"].iloc[-1])
    assert frame["i"].iloc[:-1].tolist() == list(range(N_ROWS - 1))
    assert frame["f"].dtype == np.float64 and np.isnan(frame["f"].iloc[5])
    assert frame["f"].iloc[6] == 6 / 4
    assert frame["s"].dtype == object and frame["s"].iloc[-1] is None
    assert frame["j"].iloc[1] == 1 / 8 and np.isnan(frame["j"].iloc[3])
    assert np.isnan(frame["j"].iloc[-1])  # '"text"' is not a number


def test_auto_infers_from_all_chunks_like_pandas(conn):
    frame = _read(conn)
    want = pd.DataFrame.from_records(
        conn.execute(text("SELECT i, f, s, j FROM t")).fetchall(),
        columns=["i", "f", "s", "j"],
        coerce_float=True,
    )
    pd.testing.assert_frame_equal(frame, want, check_exact=True)


def test_an_empty_result_keeps_the_kinds(conn):
    frame = _sql.query(
        conn,
        "SELECT i, f, s, j FROM t WHERE 0",
        ("i", "f", "s", "j"),
        kinds={"i": "int", "f": "float", "s": "object"},
    )
    assert frame.empty
    assert frame.dtypes.tolist() == [np.int64, np.float64, object, object]


def test_an_unknown_kind_is_refused(conn):
    with pytest.raises(ValueError, match="kinds .'i': 'integer'. are not among"):
        _read(conn, i="integer")
