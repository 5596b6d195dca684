"""Reading a database that Optuna wrote (its RDB schema), read-only.

Optuna itself is not imported: the tables are read as data. The schema is the one of
Optuna 3.0 and later (Alembic revisions ``v3.0.0.*`` and ``v3.2.0.a``: enum names as text,
one ``trial_values`` row per objective). Optuna's journal file is replayed by
:mod:`analysis._optuna_journal`.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from sqlalchemy.engine import Connection

from analysis import _format, _sql
from analysis._raw import (
    LEGACY_CONSTRAINTS_ATTR,
    PARAM_COLUMNS,
    STUDY_COLUMNS,
    RawTables,
    assemble_trials,
    decode_values,
)

OPTUNA_TABLES = frozenset(
    {
        "studies",
        "study_directions",
        "study_user_attributes",
        "trials",
        "trial_values",
        "trial_intermediate_values",
        "trial_user_attributes",
        "trial_params",
    }
)
_DIRECTION_NAMES = {"MINIMIZE": "minimize", "MAXIMIZE": "maximize", "NOT_SET": "not_set"}


def is_optuna_rdb(tables: set[str]) -> bool:
    """Return whether a database with ``tables`` has Optuna's schema."""
    return "study_user_attributes" in tables


def read_optuna_rdb(
    conn: Connection, *, study_names: list[str] | None, with_params: bool, source: str
) -> RawTables:
    """Read the studies of an Optuna database (all, or those in ``study_names``).

    Raises
    ------
    ValueError
        When tables of the Optuna 3 schema are missing (an older Optuna wrote it).
    """
    missing = OPTUNA_TABLES - _sql.table_names(conn)
    if missing:
        raise ValueError(
            f"storage {source!r} lacks the tables {sorted(missing)} of Optuna's schema "
            "(version 3.0 or later); upgrade it first with: optuna storage upgrade "
            f"--storage {source}"
        )
    studies = _sql.query(
        conn, "SELECT study_id, study_name FROM studies", ("study_id", "study_name")
    )
    if study_names is not None:
        studies = studies[studies["study_name"].isin(study_names)]
    keep = set(studies["study_id"])
    directions = _sql.query(
        conn,
        "SELECT study_id, objective, direction FROM study_directions",
        ("study_id", "objective", "direction"),
    )
    key = _sql.quoted(conn, "key")
    attrs = _sql.query(
        conn,
        f"SELECT study_id, {key}, value_json FROM study_user_attributes",
        ("study_id", "key", "value_json"),
    )
    trials = _sql.query(
        conn,
        "SELECT study_id, trial_id, number, state, datetime_start, datetime_complete FROM trials",
        ("study_id", "trial_id", "number", "state", "datetime_start", "datetime_complete"),
    )
    trials = trials[trials["study_id"].isin(keep)]
    trial_ids = set(trials["trial_id"])
    values = _floats(
        conn,
        "SELECT trial_id, objective, value, value_type FROM trial_values",
        "objective",
        trial_ids,
    )
    steps = _floats(
        conn,
        "SELECT trial_id, step, intermediate_value, intermediate_value_type "
        "FROM trial_intermediate_values",
        "step",
        trial_ids,
    )
    trial_attrs = _sql.query(
        conn,
        f"SELECT trial_id, {key}, value_json FROM trial_user_attributes",
        ("trial_id", "key", "value_json"),
    )
    trial_attrs = trial_attrs[
        trial_attrs["trial_id"].isin(trial_ids)
        & trial_attrs["key"].isin(_format.TRIAL_NUMERIC_ATTRS)
    ]
    constraints = _constraints(conn, trial_ids)
    params = None
    if with_params:
        params = _sql.query(
            conn,
            "SELECT trial_id, param_name, param_value, distribution_json FROM trial_params "
            "ORDER BY param_id",
            PARAM_COLUMNS,
        )
        params = params[params["trial_id"].isin(trial_ids)].reset_index(drop=True)
    return RawTables(
        studies=_rdb_studies(studies, directions, attrs),
        trials=assemble_trials(trials.reset_index(drop=True), values, trial_attrs, constraints),
        steps=steps,
        params=params,
        source=source,
    )


def _constraints(conn: Connection, trial_ids: set[Any]) -> pd.DataFrame | None:
    """Optuna's ``constraints`` system attribute (a JSON list) of the kept trials."""
    if "trial_system_attributes" not in _sql.table_names(conn):
        return None
    key = _sql.quoted(conn, "key")
    frame = _sql.query(
        conn,
        f"SELECT trial_id, {key}, value_json FROM trial_system_attributes "
        f"WHERE substr({key}, 1, {len(LEGACY_CONSTRAINTS_ATTR)}) = '{LEGACY_CONSTRAINTS_ATTR}'",
        ("trial_id", "key", "value_json"),
    )
    return frame[frame["trial_id"].isin(trial_ids)].reset_index(drop=True)


def _floats(conn: Connection, sql: str, key: str, trial_ids: set[Any]) -> pd.DataFrame:
    frame = _sql.query(conn, sql, ("trial_id", key, "value", "value_type"))
    frame = frame[frame["trial_id"].isin(trial_ids)]
    frame["value"] = decode_values(
        frame["value"], frame["value_type"], nan_code="NAN", inf_codes=("INF_POS", "INF_NEG")
    )
    return frame.drop(columns="value_type").reset_index(drop=True)


def _rdb_studies(
    studies: pd.DataFrame, directions: pd.DataFrame, attrs: pd.DataFrame
) -> pd.DataFrame:
    directions = directions.sort_values(["study_id", "objective"])
    names = directions["direction"].map(lambda d: _DIRECTION_NAMES[str(d)])
    by_study = names.groupby(directions["study_id"]).agg(tuple)
    user_attrs: dict[int, dict[str, Any]] = {}
    for sid, key, value in attrs.itertuples(index=False):
        user_attrs.setdefault(int(sid), {})[str(key)] = json.loads(value)
    out = studies.copy()
    out["directions"] = out["study_id"].map(lambda sid: by_study.get(sid, ()))
    out["user_attrs"] = out["study_id"].map(lambda sid: user_attrs.get(int(sid), {}))
    return out.reset_index(drop=True)[list(STUDY_COLUMNS)]
