"""The storage-neutral tables every reader produces before the analysis tables are built.

Readers differ (bulk SQL on an hpobench database, SQL on an Optuna database, a replay of
an Optuna journal, the storage API for anything else) but all hand over a
:class:`RawTables`: studies, trials, intermediate values and (optionally) parameters, with
states and directions as names and numbers as floats.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from analysis import _format

if TYPE_CHECKING:
    from hpobench.storages import BaseStorage

STUDY_COLUMNS = ("study_id", "study_name", "directions", "user_attrs")
TRIAL_COLUMNS = ("study_id", "trial_id", "number", "state", "datetime_start", "datetime_complete")
STEP_COLUMNS = ("trial_id", "step", "value")
PARAM_COLUMNS = ("trial_id", "param", "value", "distribution")
STATES = ("RUNNING", "COMPLETE", "PRUNED", "FAIL", "WAITING")
DIRECTIONS = ("not_set", "minimize", "maximize")
# The keys of hpobench.trial._frozen: one attribute per constraint set with
# ``trial.set_constraint``, and the list a sampler's ``constraints_func`` (or Optuna) stores.
CONSTRAINT_ATTR_PREFIX = "constraints:"
LEGACY_CONSTRAINTS_ATTR = "constraints"


@dataclass(frozen=True)
class RawTables:
    """What a reader found, before any metric is computed.

    Attributes
    ----------
    studies : pandas.DataFrame
        ``study_id``, ``study_name``, ``directions`` (tuple of ``"minimize"`` /
        ``"maximize"``) and ``user_attrs`` (dict).
    trials : pandas.DataFrame
        ``study_id``, ``trial_id``, ``number``, ``state`` (``"COMPLETE"``, ...),
        ``datetime_start``, ``datetime_complete``, ``value_0`` … ``value_{m-1}`` and the
        numeric trial attributes of :data:`analysis._format.TRIAL_NUMERIC_ATTRS` and
        ``feasible`` (True unless a constraint value is above 0).
    steps : pandas.DataFrame
        ``trial_id``, ``step``, ``value``: the intermediate values.
    params : pandas.DataFrame or None
        ``trial_id``, ``param``, ``value`` (the internal float), ``distribution`` (JSON);
        None when parameters were not asked for.
    source : str
        Where the tables came from (a URL or a path), for messages.
    """

    studies: pd.DataFrame
    trials: pd.DataFrame
    steps: pd.DataFrame
    params: pd.DataFrame | None
    source: str


def empty_frame(columns: Iterable[str]) -> pd.DataFrame:
    """Return an empty DataFrame with ``columns``."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def decode_value(value: float | None, value_type: Any, *, nan_code: Any, inf_codes: Any) -> float:
    """Return the float a database stored as ``(value, value_type)``.

    ``inf_codes`` is ``(positive, negative)``; anything else with a value is finite.
    """
    if value_type == nan_code:
        return math.nan
    if value_type == inf_codes[0]:
        return math.inf
    if value_type == inf_codes[1]:
        return -math.inf
    return math.nan if value is None else float(value)


def decode_values(
    values: pd.Series, types: pd.Series, *, nan_code: Any, inf_codes: Any
) -> np.ndarray:
    """Vectorised :func:`decode_value` over two columns."""
    out = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, copy=True)
    codes = types.to_numpy()
    out[codes == nan_code] = math.nan
    out[codes == inf_codes[0]] = math.inf
    out[codes == inf_codes[1]] = -math.inf
    return out


def pivot_values(values: pd.DataFrame) -> pd.DataFrame:
    """Turn long ``trial_id, objective, value`` rows into ``trial_id, value_0, value_1, …``."""
    if values.empty:
        return pd.DataFrame({"trial_id": pd.Series(dtype="int64")})
    wide = values.pivot(index="trial_id", columns="objective", values="value")
    wide.columns = [f"value_{int(c)}" for c in wide.columns]
    return wide.reset_index()


def pivot_trial_attrs(attrs: pd.DataFrame) -> pd.DataFrame:
    """Turn long ``trial_id, key, value_json`` rows of numeric attributes into columns.

    Values that are not JSON numbers become NaN.
    """
    if attrs.empty:
        return pd.DataFrame({"trial_id": pd.Series(dtype="int64")})
    numbers = pd.to_numeric(attrs["value_json"], errors="coerce")
    long = pd.DataFrame({"trial_id": attrs["trial_id"], "key": attrs["key"], "v": numbers})
    wide = long.pivot_table(index="trial_id", columns="key", values="v", aggfunc="last")
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index()


def is_constraint_key(key: str) -> bool:
    """Return whether a trial system attribute ``key`` holds constraint values."""
    return key == LEGACY_CONSTRAINTS_ATTR or key.startswith(CONSTRAINT_ATTR_PREFIX)


def feasible_from_attrs(system_attrs: Mapping[str, Any]) -> bool:
    """Return whether every constraint value among ``system_attrs`` is <= 0.

    A trial without constraint values is feasible, as in
    :func:`hpobench.trial.is_feasible`.

    Examples
    --------
    >>> feasible_from_attrs({"constraints:0": -1.0, "constraints:1": 0.0})
    True
    >>> feasible_from_attrs({"constraints": [0.5]})
    False
    >>> feasible_from_attrs({})
    True
    """
    found: list[float] = []
    for key, value in system_attrs.items():
        if key == LEGACY_CONSTRAINTS_ATTR:
            found.extend(float(v) for v in value or ())
        elif key.startswith(CONSTRAINT_ATTR_PREFIX):
            found.append(float(value))
    return all(c <= 0.0 for c in found)


def feasibility(constraints: pd.DataFrame) -> pd.Series:
    """Per-trial feasibility from long ``trial_id, key, value_json`` constraint rows.

    The values are JSON text (a number per ``constraints:…`` key, a list for
    ``constraints``); rows of other keys are ignored. Returns a boolean Series indexed by
    ``trial_id`` with one entry per trial that has constraint rows.
    """
    rows = constraints[constraints["key"].map(lambda k: is_constraint_key(str(k)))]
    if rows.empty:
        return pd.Series(dtype=bool, index=pd.Index([], name="trial_id"))
    decoded = [json.loads(v) for v in rows["value_json"]]
    ok = [feasible_from_attrs({str(k): v}) for k, v in zip(rows["key"], decoded, strict=True)]
    return pd.Series(ok, index=rows["trial_id"].to_numpy()).groupby(level=0).all()


def with_feasible(trials: pd.DataFrame, constraints: pd.DataFrame | None) -> pd.DataFrame:
    """Add the boolean ``feasible`` column (True for trials without constraint rows)."""
    out = trials.copy()
    if constraints is None or constraints.empty:
        out["feasible"] = True
        return out
    ok = feasibility(constraints)
    out["feasible"] = out["trial_id"].map(ok).fillna(True).astype(bool)
    return out


def assemble_trials(
    trials: pd.DataFrame,
    values: pd.DataFrame,
    attrs: pd.DataFrame,
    constraints: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Join the wide objective values, trial attributes and feasibility onto the trials.

    ``constraints`` holds long ``trial_id, key, value_json`` rows of the constraint
    system attributes (None: no trial is constrained).
    """
    out = trials.merge(pivot_values(values), on="trial_id", how="left")
    out = out.merge(pivot_trial_attrs(attrs), on="trial_id", how="left")
    out = with_feasible(out, constraints)
    for name in _format.TRIAL_NUMERIC_ATTRS:
        if name not in out:
            out[name] = math.nan
    if "value_0" not in out:
        out["value_0"] = math.nan
    return out


def raw_from_storage(
    storage: BaseStorage, *, prefix: str | None, with_params: bool, source: str
) -> RawTables:
    """Read every study (whose name starts with ``prefix``) through the storage API.

    This path serves journal files, Redis and in-memory storages; databases are read
    in bulk with SQL instead (:mod:`analysis._rdb_reader`).
    """
    studies, trials, steps, params = [], [], [], []
    for study in storage.get_all_studies():
        if prefix is not None and not study.study_name.startswith(prefix):
            continue
        sid = study._study_id
        studies.append(
            (sid, study.study_name, _direction_names(study.directions), dict(study.user_attrs))
        )
        for t in storage.get_all_trials(sid, deepcopy=False):
            trials.append(_trial_row(sid, t))
            steps.extend((t._trial_id, int(s), float(v)) for s, v in t.intermediate_values.items())
            if with_params:
                params.extend(_param_rows(t))
    return RawTables(
        studies=pd.DataFrame(studies, columns=list(STUDY_COLUMNS)),
        trials=_trial_frame(trials),
        steps=pd.DataFrame(steps, columns=list(STEP_COLUMNS)),
        params=pd.DataFrame(params, columns=list(PARAM_COLUMNS)) if with_params else None,
        source=source,
    )


def _direction_names(directions: Iterable[Any]) -> tuple[str, ...]:
    return tuple(DIRECTIONS[int(d)] for d in directions)


def _trial_row(study_id: int, trial: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "study_id": study_id,
        "trial_id": trial._trial_id,
        "number": trial.number,
        "state": trial.state.name,
        "datetime_start": trial.datetime_start,
        "datetime_complete": trial.datetime_complete,
        "feasible": feasible_from_attrs(trial.system_attrs),
    }
    for i, v in enumerate(trial.values or ()):
        row[f"value_{i}"] = math.nan if v is None else float(v)
    for name in _format.TRIAL_NUMERIC_ATTRS:
        v = trial.user_attrs.get(name)
        row[name] = float(v) if _format._is_number(v) else math.nan
    return row


def _trial_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    if frame.empty:
        frame = empty_frame(TRIAL_COLUMNS)
        for name in ("value_0", *_format.TRIAL_NUMERIC_ATTRS):
            frame[name] = pd.Series(dtype=float)
        frame["feasible"] = pd.Series(dtype=bool)
    elif "value_0" not in frame:
        frame["value_0"] = math.nan
    return frame


def _param_rows(trial: Any) -> list[tuple[int, str, float, str]]:
    from hpobench.distributions import distribution_to_json

    rows = []
    for name, dist in trial.distributions.items():
        internal = dist.to_internal_repr(trial.params[name])
        rows.append((trial._trial_id, name, float(internal), distribution_to_json(dist)))
    return rows
