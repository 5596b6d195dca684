from __future__ import annotations

import copy
import datetime
import threading
import uuid
from collections import deque
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from typing import Any

from hpobench.distributions import BaseDistribution, check_distribution_compatibility
from hpobench.exceptions import DuplicatedStudyError
from hpobench.storages._base import (
    DEFAULT_STUDY_NAME_PREFIX,
    BaseStorage,
    is_better,
)
from hpobench.study._frozen import FrozenStudy
from hpobench.study._study_direction import StudyDirection
from hpobench.trial._frozen import FrozenTrial, is_feasible, new_running_trial
from hpobench.trial._state import TrialState


@dataclass
class _StudyRecord:
    name: str
    directions: list[StudyDirection]
    user_attrs: dict[str, Any] = field(default_factory=dict)
    system_attrs: dict[str, Any] = field(default_factory=dict)
    trials: list[FrozenTrial] = field(default_factory=list)
    param_distributions: dict[str, BaseDistribution] = field(default_factory=dict)
    best_trial_id: int | None = None
    waiting_numbers: deque[int] = field(default_factory=deque)


class InMemoryStorage(BaseStorage):
    """A thread-safe storage in the process's memory; the default of ``create_study``.

    Trials are kept as FrozenTrial objects, updated in place while they run and never
    again once finished, so readers that ask for ``deepcopy=False`` share them at no
    cost. A study on this storage can be pickled and resumed.

    Examples
    --------
    >>> import hpobench
    >>> storage = hpobench.storages.InMemoryStorage()
    >>> study = hpobench.create_study(storage=storage)
    >>> study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=3)
    >>> storage.get_n_trials(study._study_id)
    3
    """

    def __init__(self) -> None:
        self._studies: dict[int, _StudyRecord] = {}
        self._study_ids_by_name: dict[str, int] = {}
        self._trial_locations: dict[int, tuple[int, int]] = {}
        self._next_study_id = 0
        self._next_trial_id = 0
        self._lock = threading.RLock()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.RLock()

    # -- studies -----------------------------------------------------------------------
    def create_new_study(
        self, directions: Sequence[StudyDirection], study_name: str | None = None
    ) -> int:
        with self._lock:
            if study_name is None:
                study_name = DEFAULT_STUDY_NAME_PREFIX + str(uuid.uuid4())
            if study_name in self._study_ids_by_name:
                raise DuplicatedStudyError(
                    f"A study named {study_name!r} already exists; choose another name or "
                    "pass load_if_exists=True."
                )
            study_id = self._next_study_id
            self._next_study_id += 1
            self._studies[study_id] = _StudyRecord(study_name, list(directions))
            self._study_ids_by_name[study_name] = study_id
            return study_id

    def delete_study(self, study_id: int) -> None:
        with self._lock:
            record = self._study(study_id)
            for trial in record.trials:
                del self._trial_locations[trial._trial_id]
            del self._study_ids_by_name[record.name]
            del self._studies[study_id]

    def set_study_user_attr(self, study_id: int, key: str, value: Any) -> None:
        with self._lock:
            self._study(study_id).user_attrs[key] = copy.deepcopy(value)

    def set_study_system_attr(self, study_id: int, key: str, value: Any) -> None:
        with self._lock:
            self._study(study_id).system_attrs[key] = copy.deepcopy(value)

    def get_study_id_from_name(self, study_name: str) -> int:
        with self._lock:
            if study_name not in self._study_ids_by_name:
                raise KeyError(f"No study named {study_name!r} in this storage.")
            return self._study_ids_by_name[study_name]

    def get_study_name_from_id(self, study_id: int) -> str:
        with self._lock:
            return self._study(study_id).name

    def get_study_directions(self, study_id: int) -> list[StudyDirection]:
        with self._lock:
            return list(self._study(study_id).directions)

    def get_study_user_attrs(self, study_id: int) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._study(study_id).user_attrs)

    def get_study_system_attrs(self, study_id: int) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._study(study_id).system_attrs)

    def get_all_studies(self) -> list[FrozenStudy]:
        with self._lock:
            return [
                FrozenStudy(
                    study_name=record.name,
                    direction=None,
                    directions=record.directions,
                    user_attrs=copy.deepcopy(record.user_attrs),
                    system_attrs=copy.deepcopy(record.system_attrs),
                    study_id=study_id,
                )
                for study_id, record in self._studies.items()
            ]

    # -- trials ------------------------------------------------------------------------
    def create_new_trial(self, study_id: int, template_trial: FrozenTrial | None = None) -> int:
        with self._lock:
            record = self._study(study_id)
            trial_id = self._next_trial_id
            number = len(record.trials)
            if template_trial is None:
                trial = new_running_trial(number, trial_id)
            else:
                trial = template_trial._clone(deep=True)
                trial.number = number
                trial._trial_id = trial_id
                for name, dist in trial.distributions.items():
                    self._check_distribution(record, name, dist)
            self._next_trial_id += 1
            record.trials.append(trial)
            self._trial_locations[trial_id] = (study_id, number)
            for name, dist in trial.distributions.items():
                record.param_distributions.setdefault(name, dist)
            if trial.state == TrialState.COMPLETE:
                self._update_best(record, trial)
            elif trial.state == TrialState.WAITING:
                record.waiting_numbers.append(number)
            return trial_id

    def set_trial_param(
        self,
        trial_id: int,
        param_name: str,
        param_value_internal: float,
        distribution: BaseDistribution,
    ) -> None:
        with self._lock:
            record, trial = self._updatable_trial(trial_id)
            self._check_distribution(record, param_name, distribution)
            record.param_distributions.setdefault(param_name, distribution)
            trial.params[param_name] = distribution.to_external_repr(param_value_internal)
            trial.distributions[param_name] = distribution

    def get_trial_id_from_study_id_trial_number(self, study_id: int, trial_number: int) -> int:
        with self._lock:
            trials = self._study(study_id).trials
            if not 0 <= trial_number < len(trials):
                raise KeyError(f"Study {study_id} has no trial number {trial_number}.")
            return trials[trial_number]._trial_id

    def set_trial_state_values(
        self, trial_id: int, state: TrialState, values: Sequence[float] | None = None
    ) -> bool:
        with self._lock:
            record, trial = self._updatable_trial(trial_id)
            if state == TrialState.RUNNING:
                if trial.state != TrialState.WAITING:
                    return False
                trial.datetime_start = datetime.datetime.now()
            if values is not None:
                trial.values = values
            trial.state = state
            if state.is_finished():
                trial.datetime_complete = datetime.datetime.now()
            if state == TrialState.COMPLETE:
                self._update_best(record, trial)
            return True

    def set_trial_intermediate_value(
        self, trial_id: int, step: int, intermediate_value: float
    ) -> None:
        with self._lock:
            _, trial = self._updatable_trial(trial_id)
            trial.intermediate_values[step] = intermediate_value

    def set_trial_user_attr(self, trial_id: int, key: str, value: Any) -> None:
        with self._lock:
            _, trial = self._updatable_trial(trial_id)
            trial.user_attrs[key] = copy.deepcopy(value)

    def set_trial_system_attr(self, trial_id: int, key: str, value: Any) -> None:
        with self._lock:
            _, trial = self._updatable_trial(trial_id)
            trial.system_attrs[key] = copy.deepcopy(value)

    def get_trial(self, trial_id: int) -> FrozenTrial:
        with self._lock:
            return self._trial(trial_id)[1]

    def get_all_trials(
        self,
        study_id: int,
        deepcopy: bool = True,
        states: Container[TrialState] | None = None,
    ) -> list[FrozenTrial]:
        with self._lock:
            trials = self._study(study_id).trials
            if states is not None:
                trials = [t for t in trials if t.state in states]
            if deepcopy:
                return [t._clone(deep=True) for t in trials]
            return list(trials)

    def get_n_trials(
        self, study_id: int, state: tuple[TrialState, ...] | TrialState | None = None
    ) -> int:
        with self._lock:
            trials = self._study(study_id).trials
            if state is None:
                return len(trials)
            states = (state,) if isinstance(state, TrialState) else state
            return sum(1 for t in trials if t.state in states)

    def get_best_trial(self, study_id: int) -> FrozenTrial:
        with self._lock:
            record = self._study(study_id)
            if len(record.directions) > 1:
                raise RuntimeError(
                    "A multi-objective study has no single best trial; use study.best_trials."
                )
            if record.best_trial_id is None:
                raise ValueError(
                    f"Study {record.name!r} has no feasible COMPLETE trial yet, so it has no "
                    "best trial."
                )
            return self._trial(record.best_trial_id)[1]

    def claim_waiting_trial(self, study_id: int) -> int | None:
        with self._lock:
            record = self._study(study_id)
            while record.waiting_numbers:
                trial = record.trials[record.waiting_numbers.popleft()]
                if trial.state == TrialState.WAITING:
                    trial.state = TrialState.RUNNING
                    trial.datetime_start = datetime.datetime.now()
                    return trial._trial_id
            return None

    # -- internals ---------------------------------------------------------------------
    def _study(self, study_id: int) -> _StudyRecord:
        try:
            return self._studies[study_id]
        except KeyError:
            raise KeyError(f"No study with id {study_id} in this storage.") from None

    def _trial(self, trial_id: int) -> tuple[_StudyRecord, FrozenTrial]:
        try:
            study_id, number = self._trial_locations[trial_id]
        except KeyError:
            raise KeyError(f"No trial with id {trial_id} in this storage.") from None
        record = self._studies[study_id]
        return record, record.trials[number]

    def _updatable_trial(self, trial_id: int) -> tuple[_StudyRecord, FrozenTrial]:
        record, trial = self._trial(trial_id)
        self.check_trial_is_updatable(trial_id, trial.state)
        return record, trial

    @staticmethod
    def _check_distribution(record: _StudyRecord, name: str, dist: BaseDistribution) -> None:
        known = record.param_distributions.get(name)
        if known is not None and known is not dist and known != dist:
            check_distribution_compatibility(known, dist)

    def _update_best(self, record: _StudyRecord, trial: FrozenTrial) -> None:
        if len(record.directions) != 1 or not is_feasible(trial):
            return
        if record.best_trial_id is None:
            record.best_trial_id = trial._trial_id
            return
        best = self._trial(record.best_trial_id)[1]
        value, best_value = trial.values[0], best.values[0]
        ties_earlier = value == best_value and trial.number < best.number
        if ties_earlier or is_better(value, best_value, record.directions[0]):
            record.best_trial_id = trial._trial_id
