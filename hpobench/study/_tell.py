from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hpobench import logging
from hpobench.exceptions import UpdateFinishedTrialError
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState
from hpobench.trial._trial import Trial

if TYPE_CHECKING:
    from hpobench.study._study import Study

_logger = logging.get_logger(__name__)
_TELLABLE_STATES = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL)


def resolve_trial_id(study: Study, trial: Trial | int) -> int:
    """Return the storage id of ``trial`` (a Trial of this study or a trial number)."""
    if isinstance(trial, Trial):
        if trial.study._study_id != study._study_id or trial.storage is not study._storage:
            raise ValueError(f"Trial {trial.number} belongs to another study.")
        return trial._trial_id
    if isinstance(trial, numbers.Integral) and not isinstance(trial, bool):
        try:
            return study._storage.get_trial_id_from_study_id_trial_number(
                study._study_id, int(trial)
            )
        except KeyError:
            raise ValueError(
                f"trial must be a Trial or the number of one of this study's trials; "
                f"study {study.study_name!r} has no trial number {trial}."
            ) from None
    raise TypeError(f"trial must be a Trial or a trial number (int); got {trial!r}.")


def convert_values(values: Any, n_objectives: int) -> tuple[list[float] | None, str | None]:
    """Return ``(values as floats, None)``, or ``(None, reason)`` when they are unusable."""
    if values is None:
        return None, "the objective returned None"
    if type(values) is float:  # the common case, without checking the Sequence ABC
        seq = [values]
    elif isinstance(values, Sequence) and not isinstance(values, str):
        seq = list(values)
    else:
        seq = [values]
    if len(seq) != n_objectives:
        return None, (
            f"the objective returned {len(seq)} value(s) for a study of {n_objectives} "
            f"objective(s): {values!r}"
        )
    converted = []
    for v in seq:
        try:
            f = float(v)
        except (TypeError, ValueError):
            return None, f"the value {v!r} could not be cast to float"
        if math.isnan(f):
            return None, "the objective returned NaN"
        converted.append(f)
    return converted, None


def tell(
    study: Study,
    trial: Trial | int,
    values: float | Sequence[float] | None,
    state: TrialState | None,
    skip_if_finished: bool,
) -> tuple[FrozenTrial, str | None]:
    """Finish a trial; return it and, when it became FAIL for bad values, the reason."""
    if state is not None and state not in _TELLABLE_STATES:
        raise ValueError(f"state must be COMPLETE, PRUNED, FAIL or None; got {state!r}.")
    if state in (TrialState.PRUNED, TrialState.FAIL) and values is not None:
        raise ValueError(f"values must be None when state is {state.name}; got {values!r}.")
    storage = study._storage
    trial_id = resolve_trial_id(study, trial)
    frozen = storage.get_trial(trial_id)
    if frozen.state.is_finished():
        if skip_if_finished:
            _logger.info(f"Trial {frozen.number} has already finished; tell is skipped.")
            return frozen._clone(deep=True), None
        raise UpdateFinishedTrialError(
            f"Trial {frozen.number} has already finished with state {frozen.state.name}; "
            "pass skip_if_finished=True to ignore such calls."
        )
    reason = None
    converted: list[float] | None = None
    if state == TrialState.PRUNED:
        from hpobench.pruners._objective import last_reported_values

        converted = last_reported_values(frozen, len(study.directions))
    elif state == TrialState.COMPLETE or state is None:
        converted, reason = convert_values(values, len(study.directions))
        if reason is not None and state == TrialState.COMPLETE:
            raise ValueError(f"Cannot tell trial {frozen.number} COMPLETE: {reason}.")
        state = TrialState.FAIL if reason is not None else TrialState.COMPLETE
    try:
        study.sampler.after_trial(study, frozen, state, converted)
    finally:
        storage.set_trial_state_values(trial_id, state, converted)
        study._stop_heartbeat(trial_id)
    finished = storage.get_trial(trial_id)._clone(deep=True)
    if state == TrialState.COMPLETE:
        log_completed(study, finished)
    return finished, reason


def log_completed(study: Study, trial: FrozenTrial) -> None:
    """Write the INFO line of a COMPLETE trial, as Optuna does."""
    if not _logger.isEnabledFor(logging.INFO):
        return
    if len(trial.values) > 1:
        _logger.info(
            f"Trial {trial.number} finished with values: {trial.values} and parameters: "
            f"{trial.params}."
        )
        return
    try:
        best = study._storage.get_best_trial(study._study_id)
        best_text = f" Best is trial {best.number} with value: {best.values[0]}."
    except ValueError:
        best_text = " No feasible trial yet."
    _logger.info(
        f"Trial {trial.number} finished with value: {trial.values[0]} and parameters: "
        f"{trial.params}.{best_text}"
    )
