"""The operations of the journal: how each storage write is written down as a JSON dict.

Every operation carries ``"op"`` (its kind) and ``"tok"`` (a unique token, so that its
writer can find out, after replay, what became of it). Values travel in JSON, so a
distribution is written with :func:`~hpobench.distributions.distribution_to_json`, a
parameter in its internal (float) representation, a datetime as ISO text.
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from hpobench.distributions import BaseDistribution, distribution_to_json, json_to_distribution
from hpobench.study._study_direction import StudyDirection
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

CREATE_STUDY = "create_study"
DELETE_STUDY = "delete_study"
STUDY_USER_ATTR = "study_user_attr"
STUDY_SYSTEM_ATTR = "study_system_attr"
CREATE_TRIAL = "create_trial"
SET_PARAM = "set_param"
SET_STATE = "set_state"
SET_INTERMEDIATE = "set_intermediate"
TRIAL_USER_ATTR = "trial_user_attr"
TRIAL_SYSTEM_ATTR = "trial_system_attr"


def is_durability_point(op: dict[str, Any]) -> bool:
    """Return whether ``op`` must be on disk before its call returns.

    Those are the operations on studies, trial templates (``add_trial``) and state
    changes. The others belong to a running trial: if the machine crashes before its
    state changes, that trial is lost anyway, and the next durability point's ``fsync``
    flushes everything written before it.

    Examples
    --------
    >>> is_durability_point(new_op(SET_PARAM, trial=0)), is_durability_point(new_op(SET_STATE))
    (False, True)
    """
    return op.get("op") not in _RUNNING_TRIAL_OPS


_RUNNING_TRIAL_OPS = frozenset({SET_PARAM, SET_INTERMEDIATE, TRIAL_USER_ATTR, TRIAL_SYSTEM_ATTR})


def new_op(kind: str, **fields: Any) -> dict[str, Any]:
    """Return an operation of ``kind`` with a fresh token and ``fields``.

    Examples
    --------
    >>> op = new_op(DELETE_STUDY, study=3)
    >>> op["op"], op["study"], len(op["tok"])
    ('delete_study', 3, 32)
    """
    return {"op": kind, "tok": os.urandom(16).hex(), **fields}


@lru_cache(maxsize=1024)
def dist_json(dist: BaseDistribution) -> str:
    """Return :func:`~hpobench.distributions.distribution_to_json` of ``dist``, cached."""
    return distribution_to_json(dist)


def check_json(what: str, value: Any) -> Any:
    """Return ``value`` unchanged if it can be written as JSON; raise a clear error if not.

    Raises
    ------
    TypeError
        When ``value`` (or something inside it) has no JSON form.
    """
    try:
        json.dumps(value)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"{what} must be JSON-serialisable to be stored in a JournalStorage; got "
            f"{value!r} ({err}). Convert it, for example to a str, list or dict."
        ) from None
    return value


def encode_time(when: datetime.datetime | None) -> str | None:
    """Write a datetime as ISO text (None stays None)."""
    return None if when is None else when.isoformat()


def decode_time(text: str | None) -> datetime.datetime | None:
    """Read a datetime written by :func:`encode_time`."""
    return None if text is None else datetime.datetime.fromisoformat(text)


def encode_directions(directions: Sequence[StudyDirection]) -> list[int]:
    """Write study directions as their integer values."""
    return [int(StudyDirection(d)) for d in directions]


def encode_values(values: Sequence[float] | None) -> list[float] | None:
    """Write objective values as a list of plain floats."""
    return None if values is None else [float(v) for v in values]


def encode_template(trial: FrozenTrial) -> dict[str, Any]:
    """Write the fields of a template trial that ``create_new_trial`` copies.

    Raises
    ------
    TypeError
        When an attribute of the trial cannot be written as JSON.
    """
    dists = trial.distributions
    return {
        "state": int(trial.state),
        "values": encode_values(trial.values),
        "start": encode_time(trial.datetime_start),
        "complete": encode_time(trial.datetime_complete),
        "params": {name: dists[name].to_internal_repr(v) for name, v in trial.params.items()},
        "dists": {name: dist_json(d) for name, d in dists.items()},
        "user_attrs": check_json("The template's user_attrs", trial.user_attrs),
        "system_attrs": check_json("The template's system_attrs", trial.system_attrs),
        "intermediate": [[int(s), float(v)] for s, v in trial.intermediate_values.items()],
    }


def decode_template(data: dict[str, Any]) -> FrozenTrial:
    """Build the trial that :func:`encode_template` wrote (its number and id are unset)."""
    dists: dict[str, BaseDistribution] = {
        name: json_to_distribution(text) for name, text in data["dists"].items()
    }
    return FrozenTrial(
        number=-1,
        state=TrialState(data["state"]),
        value=None,
        values=data["values"],
        datetime_start=decode_time(data["start"]),
        datetime_complete=decode_time(data["complete"]),
        params={name: dists[name].to_external_repr(v) for name, v in data["params"].items()},
        distributions=dists,
        user_attrs=data["user_attrs"],
        system_attrs=data["system_attrs"],
        intermediate_values={int(s): float(v) for s, v in data["intermediate"]},
        trial_id=-1,
    )
