"""The report of a single study: the dashboard's page of it.

When the storage (or ``benchmark``) selects exactly one study that the runners did not
write, there is nothing to compare: the report is then the study's dashboard page
(:func:`reports._dashboard.study_page`). The study is rebuilt in memory from the tables the
analysis loaded, so that this works on every storage the analysis reads, Optuna's included,
without opening it for writing.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

import analysis
import hpobench
from hpobench.distributions import json_to_distribution
from hpobench.study import Study, StudyDirection
from hpobench.trial import FrozenTrial, TrialState
from reports._dashboard import study_page

# The states a finished snapshot keeps; RUNNING and WAITING trials are still to come.
_KEPT_STATES = ("COMPLETE", "PRUNED", "FAIL")


def single_study(data: analysis.BenchmarkData) -> str | None:
    """The name of ``data``'s only study when the runners did not write it, else None.

    Examples
    --------
    >>> storage = hpobench.storages.InMemoryStorage()
    >>> study = hpobench.create_study(study_name="solo", storage=storage)
    >>> study.add_trial(hpobench.create_trial(value=1.0))
    >>> single_study(analysis.load_benchmark(storage))
    'solo'
    """
    runs = data.runs
    if len(runs) != 1 or runs["benchmark"].iloc[0]:
        return None
    return str(runs["run_id"].iloc[0])


def rebuilt_study(data: analysis.BenchmarkData, run_id: str) -> hpobench.Study:
    """The finished trials of run ``run_id`` as a study in memory: states, values,
    parameters, intermediate values and times as loaded.

    Raises
    ------
    ValueError
        When the parameters were not loaded (``params=True``).
    """
    if data.params is None:
        raise ValueError(
            "a single study's page needs the trials' parameters; load the benchmark with "
            "params=True."
        )
    run = data.runs.set_index("run_id").loc[run_id]
    trials = data.trials[data.trials["run_id"] == run_id].sort_values("number")
    trials = trials[trials["state"].isin(_KEPT_STATES)]
    params = {n: g for n, g in data.params[data.params["run_id"] == run_id].groupby("number")}
    steps = {n: g for n, g in data.steps[data.steps["run_id"] == run_id].groupby("number")}
    columns = ["value"] + [f"value_{i}" for i in range(1, int(run["n_objectives"]))]
    # Built directly rather than with create_study, which would log a "new study" line.
    storage = hpobench.storages.InMemoryStorage()
    directions = [StudyDirection[d.upper()] for d in run["directions"] or ("minimize",)]
    storage.create_new_study(directions, run_id)
    study = Study(run_id, storage, sampler=hpobench.samplers.RandomSampler(seed=0))
    study.add_trials(
        _frozen(row, params.get(row["number"]), steps.get(row["number"]), columns)
        for _, row in trials.iterrows()
    )
    return study


def _frozen(
    row: pd.Series, params: pd.DataFrame | None, steps: pd.DataFrame | None, columns: list[str]
) -> FrozenTrial:
    state = TrialState[row["state"]]
    dists, values = {}, {}
    if params is not None:
        for name, dist, value in zip(params["param"], params["distribution"], params["value"]):
            dists[name] = json_to_distribution(dist)
            values[name] = dists[name].to_external_repr(value)
    intermediate = {}
    if steps is not None:
        intermediate = {int(s): float(v) for s, v in zip(steps["step"], steps["value"])}
    objectives: list[float] | None = [float(row[c]) for c in columns]
    # A PRUNED trial keeps the value it was pruned at, when it has one; a FAIL has none.
    if state != TrialState.COMPLETE and not all(map(math.isfinite, objectives)):
        objectives = None
    return FrozenTrial(
        number=int(row["number"]),
        state=state,
        value=None,
        values=objectives,
        datetime_start=_datetime(row.get("datetime_start")),
        datetime_complete=_datetime(row.get("datetime_complete")),
        params=values,
        distributions=dists,
        user_attrs={},
        system_attrs={},
        intermediate_values=intermediate,
        trial_id=int(row["number"]),
    )


def _datetime(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return None
    return pd.Timestamp(value).to_pydatetime()


def single_study_page(data: analysis.BenchmarkData, run_id: str, *, source: str) -> str:
    """The dashboard page of the study ``run_id`` of ``data``, built from ``source``."""
    return study_page(rebuilt_study(data, run_id), source=source)
