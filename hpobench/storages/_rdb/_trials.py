"""Reading trials: rows of the trial tables assembled into FrozenTrials."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from hpobench.distributions import json_to_distribution
from hpobench.storages._rdb import _schema as s
from hpobench.storages._rdb._codec import decode_float, decode_json
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState


def load_trials(conn: Connection, where: ColumnElement[bool]) -> list[FrozenTrial]:
    """Load the trials matching ``where`` (a condition on the ``trials`` table), by number."""
    rows = conn.execute(
        select(
            s.trials.c.trial_id,
            s.trials.c.number,
            s.trials.c.state,
            s.trials.c.datetime_start,
            s.trials.c.datetime_complete,
        )
        .where(where)
        .order_by(s.trials.c.number)
    ).all()
    if not rows:
        return []
    ids = select(s.trials.c.trial_id).where(where).scalar_subquery()
    params = _params(conn, ids)
    values = _values(conn, ids)
    intermediate = _intermediate_values(conn, ids)
    user_attrs, system_attrs = _attrs(conn, ids)
    result = []
    for trial_id, number, state, start, complete in rows:
        names_values = params.get(trial_id, {})
        trial_values = values.get(trial_id)
        result.append(
            FrozenTrial(
                number=number,
                state=TrialState(state),
                value=None,
                values=None if trial_values is None else [v for _, v in sorted(trial_values)],
                datetime_start=start,
                datetime_complete=complete,
                params={name: pv[0] for name, pv in names_values.items()},
                distributions={name: pv[1] for name, pv in names_values.items()},
                user_attrs=user_attrs.get(trial_id, {}),
                system_attrs=system_attrs.get(trial_id, {}),
                intermediate_values=dict(sorted(intermediate.get(trial_id, {}).items())),
                trial_id=trial_id,
            )
        )
    return result


def _in(table: Any, ids: Any) -> Select[Any]:
    return select(table).where(table.c.trial_id.in_(ids))


def _params(conn: Connection, ids: Any) -> dict[int, dict[str, tuple[Any, Any]]]:
    out: dict[int, dict[str, tuple[Any, Any]]] = defaultdict(dict)
    table = s.trial_params
    query = (
        select(
            table.c.trial_id, table.c.param_name, table.c.param_value, table.c.distribution_json
        )
        .where(table.c.trial_id.in_(ids))
        .order_by(table.c.param_id)
    )
    for trial_id, name, value, dist_json in conn.execute(query):
        dist = json_to_distribution(dist_json)
        out[trial_id][name] = (dist.to_external_repr(value), dist)
    return out


def _values(conn: Connection, ids: Any) -> dict[int, list[tuple[int, float]]]:
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for trial_id, objective, value, value_type in conn.execute(_in(s.trial_values, ids)):
        out[trial_id].append((objective, decode_float(value, value_type)))
    return out


def _intermediate_values(conn: Connection, ids: Any) -> dict[int, dict[int, float]]:
    out: dict[int, dict[int, float]] = defaultdict(dict)
    for trial_id, step, value, value_type in conn.execute(_in(s.trial_intermediate_values, ids)):
        out[trial_id][step] = decode_float(value, value_type)
    return out


def _attrs(
    conn: Connection, ids: Any
) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, Any]]]:
    user: dict[int, dict[str, Any]] = defaultdict(dict)
    system: dict[int, dict[str, Any]] = defaultdict(dict)
    for trial_id, kind, key, value_json in conn.execute(_in(s.trial_attrs, ids)):
        (user if kind == s.USER else system)[trial_id][key] = decode_json(value_json)
    return user, system
