"""The stored format of a benchmark, as the runners write it: the one place that knows it.

It follows ``runners/_format.py`` (format version 1). A benchmark is a storage holding one
study per run, named ``"{benchmark}::{run_key}"`` with ``run_key =
"{problem}|{sampler label}|{pruner label or -}|{repeat}"``. The study's user attribute
``"hpobench.run"`` holds the run's record, a JSON dict (problem, seeds, sampler and pruner
``{name, kwargs, label}``, budget ``{trials, steps, seconds}``, workers, directions,
f_star, status ``"done"``/``"failed"``, error, totals, versions, suite, …); it is written
last, so a study without it is an incomplete run. Each trial's user attributes hold its
timings: ``ask_s``, ``objective_s``, ``tell_s``, ``wall_t`` (seconds since the run's
start), ``prune_s`` with a pruner, ``worker`` when several workers share a study.

The names shared with the runners (the attribute key, the separator, the format version)
are imported from ``runners`` (its public names); everything else about the format that the
analysis relies on is spelled out here, so a change of format is an edit of this module.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from runners import FORMAT_VERSION, RUN_ATTR
from runners import SEPARATOR as NAME_SEPARATOR
from runners import split_study_name as runner_split_study_name

__all__ = ["FORMAT_VERSION", "NAME_SEPARATOR", "RUN_ATTR", "RunInfo", "parse_run_attr"]

TIMING_ATTRS = ("ask_s", "objective_s", "tell_s", "prune_s")
WORKER_ATTR = "worker"
WALL_ATTR = "wall_t"
TRIAL_NUMERIC_ATTRS = (*TIMING_ATTRS, WORKER_ATTR, WALL_ATTR)
STATUS_DONE = "done"
STATUS_FAILED = "failed"
STATUS_INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class RunInfo:
    """What a run's ``"hpobench.run"`` attribute says, with defaults for missing fields.

    Attributes
    ----------
    benchmark, run_key, problem : str
        The benchmark's name, the run's key within it, the problem's case id.
    method : str
        The label the statistics compare: the sampler's label, with the pruner's label
        after ``" + "`` when a pruner was used.
    sampler, pruner : str or None
        The sampler's and the pruner's labels (None: no pruner).
    repeat : int
        The repeat index (0-based).
    status : str
        ``"done"``, ``"failed"`` or ``"incomplete"`` (no status stored).
    extra : dict
        Every other field as stored (seeds, budget, workers, totals, versions, ...).

    Examples
    --------
    >>> info = parse_run_attr({"benchmark": "b", "run_key": "k", "problem": "Branin",
    ...                        "sampler": {"name": "TPESampler", "label": "tpe"},
    ...                        "repeat": 3, "status": "done"}, study_name="b::k")
    >>> info.method, info.repeat, info.status
    ('tpe', 3, 'done')
    """

    benchmark: str
    run_key: str
    problem: str
    method: str
    sampler: str
    pruner: str | None
    repeat: int
    status: str
    extra: dict[str, Any]


def split_study_name(study_name: str) -> tuple[str, str]:
    """Return ``(benchmark, run_key)`` of a study name ``"{benchmark}::{run_key}"``.

    A name without the separator is a benchmark of its own: ``("", study_name)``.

    Examples
    --------
    >>> split_study_name("quickstart::Branin/tpe/0")
    ('quickstart', 'Branin/tpe/0')
    """
    benchmark, sep, run_key = study_name.partition(NAME_SEPARATOR)
    return (benchmark, run_key) if sep else ("", study_name)


def study_name_prefix(benchmark: str) -> str:
    """Return the prefix every study name of ``benchmark`` starts with."""
    return f"{benchmark}{NAME_SEPARATOR}"


def decode_run_attr(value: Any) -> dict[str, Any] | None:
    """Return the run attribute as a dict (it may be stored as JSON text), else None."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return dict(value) if isinstance(value, Mapping) else None


def _label(component: Any) -> str | None:
    """The label of a stored sampler or pruner description (a dict, a str or None)."""
    if component is None:
        return None
    if isinstance(component, str):
        return component
    if isinstance(component, Mapping):
        label = component.get("label") or component.get("name")
        return None if label is None else str(label)
    return str(component)


def parse_run_attr(attr: Mapping[str, Any], *, study_name: str) -> RunInfo:
    """Build a :class:`RunInfo` from a stored run attribute.

    Parameters
    ----------
    attr : mapping
        The decoded ``"hpobench.run"`` attribute.
    study_name : str
        The study's name; it supplies the benchmark and the run key when the attribute
        lacks them.

    Returns
    -------
    RunInfo
    """
    benchmark, run_key = split_study_name(study_name)
    sampler = _label(attr.get("sampler")) or "unknown"
    pruner = _label(attr.get("pruner"))
    method = attr.get("method")
    if not isinstance(method, str):
        method = sampler if pruner is None else f"{sampler} + {pruner}"
    status = attr.get("status")
    known = {"benchmark", "run_key", "problem", "method", "repeat", "status"}
    return RunInfo(
        benchmark=str(attr.get("benchmark", benchmark)),
        run_key=str(attr.get("run_key", run_key)),
        problem=str(attr.get("problem", "unknown")),
        method=method,
        sampler=sampler,
        pruner=pruner,
        repeat=int(attr.get("repeat", 0) or 0),
        status=str(status) if status else STATUS_INCOMPLETE,
        extra={k: v for k, v in attr.items() if k not in known},
    )


def attr_from_run_key(study_name: str) -> dict[str, Any] | None:
    """Rebuild what the study name tells of a run whose record is missing (incomplete).

    The runners name a run ``"{benchmark}::{problem}|{sampler}|{pruner or -}|{repeat}"``
    and write its record last, so a run killed before that still has a name to read.
    Returns None for a study name of another form.

    Examples
    --------
    >>> attr = attr_from_run_key("demo::Branin|tpe|median|2")
    >>> attr["problem"], attr["pruner"], attr["repeat"]
    ('Branin', 'median', 2)
    """
    parts = runner_split_study_name(study_name)
    if parts is None:
        return None
    problem, sampler, pruner, repeat = parts[1].rsplit("|", 3)
    return {
        "benchmark": parts[0],
        "run_key": parts[1],
        "problem": problem,
        "sampler": sampler,
        "pruner": None if pruner == "-" else pruner,
        "repeat": int(repeat) if repeat.isdigit() else 0,
    }


def run_columns(info: RunInfo) -> dict[str, Any]:
    """Return the flat columns of the runs table that come from the run attribute."""
    extra = info.extra
    totals = extra.get("totals") if isinstance(extra.get("totals"), Mapping) else {}
    f_star = extra.get("f_star")
    suite = extra.get("suite") if isinstance(extra.get("suite"), Mapping) else {}
    return {
        "benchmark": info.benchmark,
        "run_key": info.run_key,
        "problem": info.problem,
        "method": info.method,
        "sampler": info.sampler,
        "pruner": info.pruner,
        "repeat": info.repeat,
        "status": info.status,
        "error": extra.get("error"),
        "problem_seed": extra.get("problem_seed"),
        "sampler_seed": extra.get("sampler_seed"),
        "budget": _int_or_none(extra.get("budget")),
        "workers": _int_or_none(extra.get("workers")) or 1,
        "f_star": float(f_star) if _is_number(f_star) else math.nan,
        "wall_s": _float(totals.get("wall_s")),
        "total_ask_s": _float(totals.get("ask_s")),
        "total_objective_s": _float(totals.get("objective_s")),
        "total_tell_s": _float(totals.get("tell_s")),
        "budget_steps": _int_or_none(_budget_part(extra.get("budget"), "steps")),
        "suite": suite.get("name"),
    }


def _budget_part(budget: Any, key: str) -> Any:
    return budget.get(key) if isinstance(budget, Mapping) else None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _float(value: Any) -> float:
    return float(value) if _is_number(value) else math.nan


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, Mapping):  # a budget {"trials": 80, "steps": None, "seconds": None}
        value = value.get("trials")
    return int(value) if _is_number(value) else None


RUN_COLUMNS = tuple(run_columns(parse_run_attr({}, study_name="")))
"""The columns of the runs table that come from the run attribute, in order."""
