"""Studies and trials as the flat records the listing commands print."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hpobench.study import StudySummary
    from hpobench.trial import FrozenTrial

Record = dict[str, Any]


def study_record(summary: StudySummary) -> Record:
    """Return the name, directions, trial count, start time and user attributes of a study."""
    return {
        "name": summary.study_name,
        "directions": [d.name for d in summary.directions],
        "n_trials": summary.n_trials,
        "datetime_start": summary.datetime_start,
        "user_attrs": summary.user_attrs,
    }


def trial_record(trial: FrozenTrial, n_objectives: int) -> Record:
    """Return a trial's number, state, value(s), params, user attributes and times.

    A single-objective study gets a ``value`` field, a multi-objective one ``values``
    (as in ``Study.trials_dataframe``); ``duration`` is in seconds.
    """
    record: Record = {"number": trial.number, "state": trial.state.name}
    if n_objectives == 1:
        record["value"] = trial.values[0] if trial.values else None
    else:
        record["values"] = list(trial.values) if trial.values else None
    record["params"] = dict(trial.params)
    record["user_attrs"] = dict(trial.user_attrs)
    record["datetime_start"] = trial.datetime_start
    record["datetime_complete"] = trial.datetime_complete
    record["duration"] = _seconds(trial)
    return record


def _seconds(trial: FrozenTrial) -> float | None:
    if trial.datetime_start is None or trial.datetime_complete is None:
        return None
    return (trial.datetime_complete - trial.datetime_start).total_seconds()
