"""Replaying Optuna's journal file (its JSON-lines log of operations), read-only.

Optuna itself is not imported. The operations (``op_code`` 0-10) are replayed with
Optuna's rules: study ids count up from 0 in creation order, a trial's id counts every
trial created so far, operations on a deleted study or on a finished trial are ignored,
a parameter whose distribution changed kind is rejected, and a last line without its
newline (still being written) is left for later.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import _format
from analysis._raw import (
    PARAM_COLUMNS,
    STEP_COLUMNS,
    STUDY_COLUMNS,
    RawTables,
    assemble_trials,
    is_constraint_key,
)

_CREATE_STUDY, _DELETE_STUDY, _STUDY_USER_ATTR, _STUDY_SYSTEM_ATTR = 0, 1, 2, 3
_CREATE_TRIAL, _SET_PARAM, _SET_STATE, _SET_INTERMEDIATE = 4, 5, 6, 7
_TRIAL_USER_ATTR, _TRIAL_SYSTEM_ATTR, _DISCARD_TRIALS = 8, 9, 10
_STATES = ("RUNNING", "COMPLETE", "PRUNED", "FAIL", "WAITING")
_FINISHED = frozenset({"COMPLETE", "PRUNED", "FAIL"})


def is_optuna_journal(path: Path) -> bool:
    """Return whether the first line of the file at ``path`` is an Optuna journal operation."""
    with path.open("rb") as file:
        first = file.readline()
    try:
        op = json.loads(first)
    except ValueError:
        return False
    return isinstance(op, dict) and "op_code" in op


def read_optuna_journal(
    path: Path, *, study_names: list[str] | None, with_params: bool
) -> RawTables:
    """Replay an Optuna journal file and return its studies (all, or ``study_names``).

    Raises
    ------
    ValueError
        When a complete line is not a JSON object or names an unknown operation.
    """
    replay = _Replay()
    for number, op in _journal_lines(path):
        replay.apply(op, number)
    return replay.tables(study_names, with_params, source=str(path))


def _journal_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open("rb") as file:
        for number, line in enumerate(file, start=1):
            if not line.endswith(b"\n"):
                return  # a line still being written: Optuna ignores it too
            try:
                op = json.loads(line)
            except ValueError as err:
                raise ValueError(
                    f"journal {str(path)!r} line {number} is not JSON ({err}); the file is "
                    "damaged or not an Optuna journal."
                ) from None
            if not isinstance(op, dict) or "op_code" not in op:
                raise ValueError(
                    f"journal {str(path)!r} line {number} is not an Optuna operation "
                    f"(no 'op_code'): {line[:80]!r}"
                )
            yield number, op


class _Replay:
    """Optuna's journal replay, keeping only what the analysis reads."""

    def __init__(self) -> None:
        self.studies: dict[int, dict[str, Any]] = {}
        self.trials: list[dict[str, Any]] = []
        self.next_study_id = 0
        self.first_dists: dict[tuple[int, str], str] = {}

    def apply(self, op: dict[str, Any], line: int) -> None:
        code = op["op_code"]
        handler = _HANDLERS.get(code)
        if handler is None:
            if code in (_STUDY_SYSTEM_ATTR, _DISCARD_TRIALS):
                return
            raise ValueError(f"journal line {line}: unknown op_code {code!r}.")
        handler(self, op)

    def create_study(self, op: dict[str, Any]) -> None:
        if any(s["name"] == op["study_name"] for s in self.studies.values()):
            return
        self.studies[self.next_study_id] = {
            "name": op["study_name"],
            "directions": tuple(_direction(d) for d in op["directions"]),
            "user_attrs": {},
            "trials": [],
        }
        self.next_study_id += 1

    def delete_study(self, op: dict[str, Any]) -> None:
        self.studies.pop(op["study_id"], None)

    def study_user_attr(self, op: dict[str, Any]) -> None:
        study = self.studies.get(op["study_id"])
        if study is not None:
            study["user_attrs"].update(op["user_attr"])

    def create_trial(self, op: dict[str, Any]) -> None:
        study = self.studies.get(op["study_id"])
        if study is None:
            return
        values = op.get("values")
        if values is None and op.get("value") is not None:
            values = [op["value"]]
        trial = {
            "trial_id": len(self.trials),
            "study_id": op["study_id"],
            "number": len(study["trials"]),
            "state": _STATES[int(op.get("state", 0))],
            "datetime_start": op.get("datetime_start"),
            "datetime_complete": op.get("datetime_complete"),
            "values": values,
            "params": dict(op.get("params", {})),
            "dists": dict(op.get("distributions", {})),
            "user_attrs": dict(op.get("user_attrs", {})),
            "constraints": _constraint_attrs(op.get("system_attrs", {})),
            "steps": {int(k): v for k, v in op.get("intermediate_values", {}).items()},
        }
        self.trials.append(trial)
        study["trials"].append(trial["trial_id"])

    def _open_trial(self, op: dict[str, Any]) -> dict[str, Any] | None:
        trial_id = op["trial_id"]
        if not 0 <= trial_id < len(self.trials):
            return None
        trial = self.trials[trial_id]
        if trial["study_id"] not in self.studies or trial["state"] in _FINISHED:
            return None
        return trial

    def set_param(self, op: dict[str, Any]) -> None:
        trial = self._open_trial(op)
        if trial is None:
            return
        key = (trial["study_id"], op["param_name"])
        first = self.first_dists.setdefault(key, op["distribution"])
        if not _compatible(first, op["distribution"]):
            return  # Optuna rejects a parameter whose distribution changed kind
        trial["params"][op["param_name"]] = op["param_value_internal"]
        trial["dists"][op["param_name"]] = op["distribution"]

    def set_state(self, op: dict[str, Any]) -> None:
        trial = self._open_trial(op)
        if trial is None:
            return
        state = _STATES[int(op["state"])]
        if state == "RUNNING":
            if trial["state"] == "RUNNING":
                return  # another worker took this waiting trial first
            trial["datetime_start"] = op.get("datetime_start")
        if state in _FINISHED:
            trial["datetime_complete"] = op.get("datetime_complete")
        trial["state"] = state
        if op.get("values") is not None:
            trial["values"] = op["values"]

    def set_intermediate(self, op: dict[str, Any]) -> None:
        trial = self._open_trial(op)
        if trial is not None:
            trial["steps"][int(op["step"])] = op["intermediate_value"]

    def trial_user_attr(self, op: dict[str, Any]) -> None:
        trial = self._open_trial(op)
        if trial is not None:
            trial["user_attrs"].update(op["user_attr"])

    def trial_system_attr(self, op: dict[str, Any]) -> None:
        trial = self._open_trial(op)
        if trial is not None:
            trial["constraints"].update(_constraint_attrs(op["system_attr"]))

    def tables(self, names: list[str] | None, with_params: bool, *, source: str) -> RawTables:
        studies = [
            (sid, s["name"], s["directions"], s["user_attrs"])
            for sid, s in self.studies.items()
            if names is None or s["name"] in names
        ]
        keep = {row[0] for row in studies}
        kept = [t for t in self.trials if t["study_id"] in keep]
        trial_rows, values, attrs, steps, params, constraints = [], [], [], [], [], []
        for t in kept:
            trial_rows.append(
                {
                    k: t[k]
                    for k in (
                        "study_id",
                        "trial_id",
                        "number",
                        "state",
                        "datetime_start",
                        "datetime_complete",
                    )
                }
            )
            for i, v in enumerate(t["values"] or ()):
                values.append((t["trial_id"], i, math.nan if v is None else float(v)))
            for key, v in t["user_attrs"].items():
                if key in _format.TRIAL_NUMERIC_ATTRS:
                    attrs.append((t["trial_id"], key, json.dumps(v)))
            constraints.extend(
                (t["trial_id"], key, json.dumps(v)) for key, v in t["constraints"].items()
            )
            steps.extend((t["trial_id"], s, _float(v)) for s, v in sorted(t["steps"].items()))
            if with_params:
                params.extend(
                    (t["trial_id"], n, float(v), t["dists"][n]) for n, v in t["params"].items()
                )
        trials = pd.DataFrame(
            trial_rows,
            columns=[
                "study_id",
                "trial_id",
                "number",
                "state",
                "datetime_start",
                "datetime_complete",
            ],
        )
        for column in ("datetime_start", "datetime_complete"):
            stamps = pd.to_datetime(trials[column], utc=True, format="ISO8601")
            trials[column] = stamps.dt.tz_localize(None)
        return RawTables(
            studies=pd.DataFrame(studies, columns=list(STUDY_COLUMNS)),
            trials=assemble_trials(
                trials,
                pd.DataFrame(values, columns=["trial_id", "objective", "value"]),
                pd.DataFrame(attrs, columns=["trial_id", "key", "value_json"]),
                pd.DataFrame(constraints, columns=["trial_id", "key", "value_json"]),
            ),
            steps=pd.DataFrame(steps, columns=list(STEP_COLUMNS)),
            params=pd.DataFrame(params, columns=list(PARAM_COLUMNS)) if with_params else None,
            source=source,
        )


_HANDLERS = {
    _CREATE_STUDY: _Replay.create_study,
    _DELETE_STUDY: _Replay.delete_study,
    _STUDY_USER_ATTR: _Replay.study_user_attr,
    _CREATE_TRIAL: _Replay.create_trial,
    _SET_PARAM: _Replay.set_param,
    _SET_STATE: _Replay.set_state,
    _SET_INTERMEDIATE: _Replay.set_intermediate,
    _TRIAL_USER_ATTR: _Replay.trial_user_attr,
    _TRIAL_SYSTEM_ATTR: _Replay.trial_system_attr,
}


def _direction(code: Any) -> str:
    return ("not_set", "minimize", "maximize")[int(code)]


def _constraint_attrs(system_attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in system_attrs.items() if is_constraint_key(k)}


def _float(value: Any) -> float:
    return math.nan if value is None else float(value)


def _compatible(first: str, second: str) -> bool:
    """Optuna's rule: same distribution kind, and same choices for a categorical."""
    a, b = json.loads(first), json.loads(second)
    if a.get("name") != b.get("name"):
        return False
    if a.get("name") == "CategoricalDistribution":
        return a["attributes"]["choices"] == b["attributes"]["choices"]
    return True
