"""Bulk reading of an hpobench database: a handful of SQL queries instead of one per study.

Loading 10,000 studies one by one through ``load_study`` would run tens of thousands of
queries; here each table is read once (restricted to one benchmark's studies when a name
is given) and joined in pandas.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.engine import Connection

from analysis import _format, _sql
from analysis._raw import (
    DIRECTIONS,
    LEGACY_CONSTRAINTS_ATTR,
    STATES,
    RawTables,
    decode_values,
    pivot_values,
    with_feasible,
)

_FINITE, _INF_POS, _INF_NEG, _NAN = 0, 1, 2, 3  # hpobench.storages._rdb._codec
_USER, _SYSTEM = 0, 1  # hpobench.storages._rdb._schema.USER, SYSTEM
_MYSQL_DIALECTS = ("mysql", "mariadb")
HPOBENCH_TABLES = frozenset({"studies", "trials", "study_attrs", "trial_attrs", "trial_values"})


def read_hpobench_rdb(
    conn: Connection, *, prefix: str | None, with_params: bool, source: str
) -> RawTables:
    """Read the studies (whose names start with ``prefix``) of an hpobench database."""
    params: dict[str, Any] = {}
    study_where = trial_where = ""
    if prefix is not None and _every_study_matches(conn, prefix):
        prefix = None  # filtering the child tables would only cost time
    if prefix is not None:
        params = _prefix_params(conn, prefix)
        study_where = "substr(study_name, 1, :n) = :prefix"
        study_in = f"study_id IN (SELECT study_id FROM studies WHERE {study_where})"
        trial_where = f"trial_id IN (SELECT trial_id FROM trials WHERE {study_in})"
    else:
        study_in = ""

    def where(*conditions: str) -> str:
        kept = [c for c in conditions if c]
        return f" WHERE {' AND '.join(kept)}" if kept else ""

    studies = _sql.query(
        conn,
        f"SELECT study_id, study_name FROM studies{where(study_where)}",
        ("study_id", "study_name"),
        params=params,
    )
    studies["study_name"] = _texts(studies["study_name"])
    directions = _sql.query(
        conn,
        f"SELECT study_id, objective, direction FROM study_directions{where(study_in)}",
        ("study_id", "objective", "direction"),
        params=params,
    )
    attrs = _sql.query(
        conn,
        f"SELECT study_id, attr_key, value_json FROM study_attrs{where(study_in, 'kind = 0')}",
        ("study_id", "key", "value_json"),
        params=params,
    )
    trials = _read_trials(conn, study_in, params)
    more = directions["objective"] > 0
    values = (
        _read_floats(
            conn, "trial_values", "objective", where(trial_where, "objective > 0"), params
        )
        if more.any()
        else pd.DataFrame(columns=["trial_id", "objective", "value"])
    )
    steps = _read_floats(conn, "trial_intermediate_values", "step", where(trial_where), params)
    constraints = _read_constraints(conn, where(trial_where, _CONSTRAINT_ROWS), params)
    return RawTables(
        studies=_study_frame(studies, directions, attrs),
        trials=with_feasible(_join_more_values(trials, values), constraints),
        steps=steps,
        params=_read_params(conn, where(trial_where), params) if with_params else None,
        source=source,
    )


def _every_study_matches(conn: Connection, prefix: str) -> bool:
    counts = _sql.query(
        conn,
        "SELECT COUNT(*), SUM(CASE WHEN substr(study_name, 1, :n) = :prefix THEN 1 ELSE 0 END)"
        " FROM studies",
        ("total", "matching"),
        params=_prefix_params(conn, prefix),
    )
    total, matching = counts.iloc[0]
    return int(total) == int(matching or 0)


def _prefix_params(conn: Connection, prefix: str) -> dict[str, Any]:
    """The parameters of ``substr(study_name, 1, :n) = :prefix``.

    On MySQL and MariaDB the names are VARBINARY columns holding UTF-8 (so that they
    compare exactly, not case-folded): there ``substr`` counts bytes, not characters.
    """
    if conn.dialect.name in _MYSQL_DIALECTS:
        encoded = prefix.encode("utf-8")
        return {"n": len(encoded), "prefix": encoded}
    return {"n": len(prefix), "prefix": prefix}


def _read_trials(conn: Connection, study_in: str, params: dict[str, Any]) -> pd.DataFrame:
    """One row per trial with its first value and timing attributes, in one query.

    Each attribute is a join on the attributes' primary key (trial, kind, key): the rows
    fetched, not the lookups, bound the time of a bulk read, and this fetches one row per
    trial instead of one per attribute.
    """
    names = _format.TRIAL_NUMERIC_ATTRS
    joins = " ".join(
        f"LEFT JOIN trial_attrs a{i} ON a{i}.trial_id = t.trial_id AND a{i}.kind = 0 "
        f"AND a{i}.attr_key = '{name}'"
        for i, name in enumerate(names)
    )
    study_filter = f" WHERE t.{study_in}" if study_in else ""
    columns = (
        "study_id",
        "trial_id",
        "number",
        "state",
        "datetime_start",
        "datetime_complete",
        "value_0",
        "value_type",
        *names,
    )
    frame = _sql.query(
        conn,
        "SELECT t.study_id, t.trial_id, t.number, t.state, t.datetime_start, "
        "t.datetime_complete, v.value, v.value_type, "
        + ", ".join(f"a{i}.value_json" for i in range(len(names)))
        + " FROM trials t LEFT JOIN trial_values v ON v.trial_id = t.trial_id AND "
        f"v.objective = 0 {joins}{study_filter}",
        columns,
        params=params,
        kinds={
            **dict.fromkeys(("study_id", "trial_id", "number", "state"), "int"),
            **dict.fromkeys(("datetime_start", "datetime_complete"), "object"),
            **dict.fromkeys(("value_0", "value_type"), "float"),
            **dict.fromkeys(names, "number"),
        },
    )
    frame["state"] = pd.Categorical.from_codes(frame["state"].astype(int), STATES).astype(str)
    frame["value_0"] = decode_values(
        frame["value_0"], frame["value_type"], nan_code=_NAN, inf_codes=(_INF_POS, _INF_NEG)
    )
    frame.loc[frame["value_type"].isna(), "value_0"] = np.nan
    return frame.drop(columns="value_type")


def _join_more_values(trials: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """Add ``value_1`` … of multi-objective trials."""
    if values.empty:
        return trials
    return trials.merge(pivot_values(values), on="trial_id", how="left")


def _read_floats(
    conn: Connection, table: str, key: str, where: str, params: dict[str, Any]
) -> pd.DataFrame:
    frame = _sql.query(
        conn,
        f"SELECT trial_id, {key}, value, value_type FROM {table}{where}",
        ("trial_id", key, "value", "value_type"),
        params=params,
        kinds={"trial_id": "int", key: "int", "value": "float", "value_type": "int"},
    )
    frame["value"] = decode_values(
        frame["value"], frame["value_type"], nan_code=_NAN, inf_codes=(_INF_POS, _INF_NEG)
    )
    return frame.drop(columns="value_type")


# Both the per-constraint keys ("constraints:0", ...) and the legacy list ("constraints").
_CONSTRAINT_ROWS = (
    f"kind = {_SYSTEM} AND substr(attr_key, 1, {len(LEGACY_CONSTRAINTS_ATTR)}) = "
    f"'{LEGACY_CONSTRAINTS_ATTR}'"
)


def _read_constraints(conn: Connection, where: str, params: dict[str, Any]) -> pd.DataFrame:
    """The constraint system attributes of the selected trials: one query."""
    frame = _sql.query(
        conn,
        f"SELECT trial_id, attr_key, value_json FROM trial_attrs{where}",
        ("trial_id", "key", "value_json"),
        params=params,
    )
    frame["key"] = _texts(frame["key"])
    frame["value_json"] = _texts(frame["value_json"])
    return frame


def _read_params(conn: Connection, where: str, params: dict[str, Any]) -> pd.DataFrame:
    frame = _sql.query(
        conn,
        f"SELECT trial_id, param_name, param_value, distribution_json FROM trial_params{where}"
        " ORDER BY param_id",
        ("trial_id", "param", "value", "distribution"),
        params=params,
        kinds={"trial_id": "int", "value": "float"},
    )
    frame["param"] = _texts(frame["param"])
    frame["value"] = frame["value"].astype(float)
    return frame


def _study_frame(
    studies: pd.DataFrame, directions: pd.DataFrame, attrs: pd.DataFrame
) -> pd.DataFrame:
    directions = directions.sort_values(["study_id", "objective"], kind="stable")
    by_study: dict[int, tuple[str, ...]] = {}
    for sid, code in zip(directions["study_id"].tolist(), directions["direction"].tolist()):
        by_study[int(sid)] = (*by_study.get(int(sid), ()), DIRECTIONS[int(code)])
    user_attrs: dict[int, dict[str, Any]] = {}
    for sid, key, value in attrs.itertuples(index=False):
        user_attrs.setdefault(int(sid), {})[_text(key)] = json.loads(value)
    ids = [int(sid) for sid in studies["study_id"].tolist()]
    out = studies.copy()
    out["directions"] = pd.Series(
        [by_study.get(i, ()) for i in ids], index=out.index, dtype=object
    )
    out["user_attrs"] = pd.Series(
        [user_attrs.get(i, {}) for i in ids], index=out.index, dtype=object
    )
    return out


def _texts(column: pd.Series) -> pd.Series:
    """A column of names as text; already text unless the driver returned bytes (MySQL)."""
    if isinstance(column.dtype, pd.StringDtype):
        return column
    return column.map(_text)


def _text(value: Any) -> str:
    """A name column as text (MySQL returns the VARBINARY name columns as bytes)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8")
    return str(value)
