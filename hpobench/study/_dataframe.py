from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from hpobench.trial._frozen import FrozenTrial

if TYPE_CHECKING:
    from hpobench.study._study import Study

_ATTRS = (
    "number",
    "value",
    "values",
    "datetime_start",
    "datetime_complete",
    "duration",
    "params",
    "user_attrs",
    "system_attrs",
    "state",
    "intermediate_values",
    "distributions",
    "trial_id",
)
_DICT_ATTRS = ("params", "user_attrs", "system_attrs", "intermediate_values", "distributions")
Column = tuple[str, Any]


def trials_dataframe(study: Study, attrs: Sequence[str], multi_index: bool) -> pd.DataFrame:
    """Build the DataFrame of ``Study.trials_dataframe`` column by column."""
    unknown = [a for a in attrs if a not in _ATTRS]
    if unknown:
        raise ValueError(f"Unknown attrs {unknown}; choose from: {', '.join(_ATTRS)}.")
    trials = study.get_trials(deepcopy=False)
    n_objectives = len(study.directions)
    metric_names = study.metric_names
    columns: dict[Column, list[Any]] = {}
    for attr in _expand_value_attr(attrs, n_objectives):
        if attr in _DICT_ATTRS:
            columns.update(_dict_columns(trials, attr))
        elif attr in ("value", "values"):
            columns.update(_value_columns(trials, attr, n_objectives, metric_names))
        elif attr == "state":
            columns[("state", "")] = [t.state.name for t in trials]
        elif attr == "trial_id":
            columns[("trial_id", "")] = [t._trial_id for t in trials]
        else:
            columns[(attr, "")] = [getattr(t, attr) for t in trials]
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(trials)))
    if multi_index:
        frame.columns = pd.MultiIndex.from_tuples(list(columns))
    else:
        frame.columns = [_flat_name(col) for col in columns]
    return frame


def _expand_value_attr(attrs: Sequence[str], n_objectives: int) -> list[str]:
    if n_objectives == 1:
        return list(dict.fromkeys(attrs))
    return list(dict.fromkeys("values" if a == "value" else a for a in attrs))


def _dict_columns(trials: list[FrozenTrial], attr: str) -> dict[Column, list[Any]]:
    dicts = [getattr(t, attr) for t in trials]
    keys = sorted({k for d in dicts for k in d}, key=lambda k: (str(type(k)), k))
    return {(attr, k): [d.get(k) for d in dicts] for k in keys}


def _value_columns(
    trials: list[FrozenTrial],
    attr: str,
    n_objectives: int,
    metric_names: list[str] | None,
) -> dict[Column, list[Any]]:
    if n_objectives == 1 and attr == "value":
        name = "" if metric_names is None else metric_names[0]
        return {("value", name): [t.values[0] if t.values else None for t in trials]}
    labels: list[Any] = list(range(n_objectives)) if metric_names is None else metric_names
    return {
        ("values", label): [t.values[i] if t.values else None for t in trials]
        for i, label in enumerate(labels)
    }


def _flat_name(column: Column) -> str:
    return "_".join(str(part) for part in column if part != "")
