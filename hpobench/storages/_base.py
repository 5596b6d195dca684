from __future__ import annotations

import abc
import math
from collections.abc import Container, Sequence
from typing import Any

from hpobench.distributions import BaseDistribution
from hpobench.exceptions import UpdateFinishedTrialError
from hpobench.study._frozen import FrozenStudy
from hpobench.study._study_direction import StudyDirection
from hpobench.trial._frozen import FrozenTrial, is_feasible
from hpobench.trial._state import TrialState

DEFAULT_STUDY_NAME_PREFIX = "no-name-"


class BaseStorage(abc.ABC):
    """The interface every storage implements: studies, trials and their attributes.

    A storage is shared by every worker of a study. The contract that backends keep,
    and that ``hpobench.testing.storages.StorageTests`` checks:

    - trial numbers of a study are 0, 1, 2, … without gaps or repeats, also when many
      workers create trials at once;
    - a finished trial (COMPLETE, PRUNED, FAIL) never changes again: every write to it
      raises :class:`~hpobench.exceptions.UpdateFinishedTrialError`;
    - ``set_trial_state_values(trial_id, RUNNING)`` on a WAITING trial is an atomic claim:
      exactly one caller gets ``True``;
    - unknown study or trial ids raise ``KeyError``.

    Parameter values are passed in their internal (float) representation together with
    their distribution; ``get_trial`` returns them in the external one.
    """

    # -- studies -----------------------------------------------------------------------
    @abc.abstractmethod
    def create_new_study(
        self, directions: Sequence[StudyDirection], study_name: str | None = None
    ) -> int:
        """Create a study and return its id; raise DuplicatedStudyError on a taken name."""

    @abc.abstractmethod
    def delete_study(self, study_id: int) -> None:
        """Delete a study and all its trials."""

    @abc.abstractmethod
    def set_study_user_attr(self, study_id: int, key: str, value: Any) -> None:
        """Set a user attribute of a study."""

    @abc.abstractmethod
    def set_study_system_attr(self, study_id: int, key: str, value: Any) -> None:
        """Set a system attribute of a study."""

    @abc.abstractmethod
    def get_study_id_from_name(self, study_name: str) -> int:
        """Return the id of the study of that name; raise KeyError if there is none."""

    @abc.abstractmethod
    def get_study_name_from_id(self, study_id: int) -> str:
        """Return a study's name."""

    @abc.abstractmethod
    def get_study_directions(self, study_id: int) -> list[StudyDirection]:
        """Return a study's directions."""

    @abc.abstractmethod
    def get_study_user_attrs(self, study_id: int) -> dict[str, Any]:
        """Return a study's user attributes."""

    @abc.abstractmethod
    def get_study_system_attrs(self, study_id: int) -> dict[str, Any]:
        """Return a study's system attributes."""

    @abc.abstractmethod
    def get_all_studies(self) -> list[FrozenStudy]:
        """Return every study of the storage."""

    # -- trials ------------------------------------------------------------------------
    @abc.abstractmethod
    def create_new_trial(self, study_id: int, template_trial: FrozenTrial | None = None) -> int:
        """Create a trial (RUNNING, or a copy of ``template_trial``) and return its id."""

    @abc.abstractmethod
    def set_trial_param(
        self,
        trial_id: int,
        param_name: str,
        param_value_internal: float,
        distribution: BaseDistribution,
    ) -> None:
        """Record a parameter; raise ValueError if it clashes with the study's distribution."""

    @abc.abstractmethod
    def get_trial_id_from_study_id_trial_number(self, study_id: int, trial_number: int) -> int:
        """Return the id of a study's trial by its number."""

    @abc.abstractmethod
    def set_trial_state_values(
        self, trial_id: int, state: TrialState, values: Sequence[float] | None = None
    ) -> bool:
        """Set a trial's state (and values); return False if a WAITING claim was lost."""

    @abc.abstractmethod
    def set_trial_intermediate_value(
        self, trial_id: int, step: int, intermediate_value: float
    ) -> None:
        """Record the value reported at a step."""

    @abc.abstractmethod
    def set_trial_user_attr(self, trial_id: int, key: str, value: Any) -> None:
        """Set a user attribute of a trial."""

    @abc.abstractmethod
    def set_trial_system_attr(self, trial_id: int, key: str, value: Any) -> None:
        """Set a system attribute of a trial."""

    @abc.abstractmethod
    def get_trial(self, trial_id: int) -> FrozenTrial:
        """Return a trial. Callers must not modify it."""

    @abc.abstractmethod
    def get_all_trials(
        self,
        study_id: int,
        deepcopy: bool = True,
        states: Container[TrialState] | None = None,
    ) -> list[FrozenTrial]:
        """Return a study's trials in order of number, optionally only those in ``states``."""

    # -- derived operations with default implementations -------------------------------
    def create_new_trials(
        self, study_id: int, template_trials: Sequence[FrozenTrial]
    ) -> list[int]:
        """Create a trial from each template, numbered consecutively; return their ids.

        Storages that can do it in one transaction override this.
        """
        return [self.create_new_trial(study_id, template) for template in template_trials]

    def get_n_trials(
        self, study_id: int, state: tuple[TrialState, ...] | TrialState | None = None
    ) -> int:
        """Return the number of a study's trials, optionally of the given state(s)."""
        if isinstance(state, TrialState):
            state = (state,)
        return len(self.get_all_trials(study_id, deepcopy=False, states=state))

    def get_best_trial(self, study_id: int) -> FrozenTrial:
        """Return the best feasible COMPLETE trial of a single-objective study.

        Raises
        ------
        ValueError
            When the study has no feasible COMPLETE trial yet.
        RuntimeError
            When the study has several objectives.
        """
        directions = self.get_study_directions(study_id)
        if len(directions) > 1:
            raise RuntimeError(
                "A multi-objective study has no single best trial; use study.best_trials."
            )
        trials = self.get_all_trials(study_id, deepcopy=False, states=(TrialState.COMPLETE,))
        return best_of(trials, directions[0], study_id)

    def get_trial_number_from_id(self, trial_id: int) -> int:
        """Return a trial's number."""
        return self.get_trial(trial_id).number

    def get_trial_param(self, trial_id: int, param_name: str) -> float:
        """Return a parameter's internal representation."""
        trial = self.get_trial(trial_id)
        return trial.distributions[param_name].to_internal_repr(trial.params[param_name])

    def get_trial_params(self, trial_id: int) -> dict[str, Any]:
        """Return a trial's parameters."""
        return self.get_trial(trial_id).params

    def get_trial_user_attrs(self, trial_id: int) -> dict[str, Any]:
        """Return a trial's user attributes."""
        return self.get_trial(trial_id).user_attrs

    def get_trial_system_attrs(self, trial_id: int) -> dict[str, Any]:
        """Return a trial's system attributes."""
        return self.get_trial(trial_id).system_attrs

    def claim_waiting_trial(self, study_id: int) -> int | None:
        """Atomically turn the oldest WAITING trial RUNNING and return its id, or None."""
        for trial in self.get_all_trials(study_id, deepcopy=False, states=(TrialState.WAITING,)):
            if self.set_trial_state_values(trial._trial_id, TrialState.RUNNING):
                return trial._trial_id
        return None

    def check_trial_is_updatable(self, trial_id: int, trial_state: TrialState) -> None:
        """Raise UpdateFinishedTrialError when the trial has already finished."""
        if trial_state.is_finished():
            number = self.get_trial_number_from_id(trial_id)
            raise UpdateFinishedTrialError(
                f"Trial {number} has already finished with state {trial_state.name} and "
                "cannot be updated."
            )

    def remove_session(self) -> None:
        """Release connections (for storages that hold any)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def is_better(a: float, b: float, direction: StudyDirection) -> bool:
    """Return whether value ``a`` is strictly better than ``b`` in ``direction``."""
    if math.isnan(b):
        return not math.isnan(a)
    return a > b if direction == StudyDirection.MAXIMIZE else a < b


def best_of(
    complete: Sequence[FrozenTrial], direction: StudyDirection, study_id: int
) -> FrozenTrial:
    """Return the best feasible trial of ``complete``; the earliest one wins ties."""
    best: FrozenTrial | None = None
    for trial in complete:
        if not is_feasible(trial):
            continue
        if best is None or is_better(trial.values[0], best.values[0], direction):
            best = trial
    if best is None:
        reason = "no feasible COMPLETE trial" if complete else "no COMPLETE trial"
        raise ValueError(f"Study {study_id} has {reason} yet, so it has no best trial.")
    return best
