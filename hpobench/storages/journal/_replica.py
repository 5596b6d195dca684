"""The state a journal's operations build, replayed into an :class:`InMemoryStorage`.

Every operation goes through the in-memory storage's public methods, which enforce the
storage contract. An operation they refuse (a write to a trial another worker finished
first, a study name taken a moment earlier, a WAITING trial already claimed) changes
nothing; since every process replays the same log in the same order, every process
refuses the same operations and so agrees on the state, ids and trial numbers.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from hpobench import logging
from hpobench.distributions import BaseDistribution, json_to_distribution
from hpobench.storages._in_memory import InMemoryStorage
from hpobench.storages.journal import _ops
from hpobench.study._study_direction import StudyDirection
from hpobench.trial._frozen import FrozenTrial, new_running_trial
from hpobench.trial._state import TrialState

_logger = logging.get_logger(__name__)


class Replica:
    """An in-memory storage plus the few indexes that journal writers check against.

    Attributes
    ----------
    storage : InMemoryStorage
        The replayed studies and trials.
    n_ops : int
        How many log entries have been replayed.
    waiting : dict
        Trial id → study id of each WAITING trial, oldest first.
    trial_study : dict
        Trial id → study id of every trial.
    param_dists : dict
        Study id → the first distribution seen for each parameter name.

    Examples
    --------
    >>> replica = Replica()
    >>> replica.apply(_ops.new_op(_ops.CREATE_STUDY, name="s", directions=[1]))
    0
    >>> replica.storage.get_study_name_from_id(0), replica.n_ops
    ('s', 1)
    """

    def __init__(self) -> None:
        self.storage = InMemoryStorage()
        self.n_ops = 0
        self.waiting: dict[int, int] = {}
        self.trial_study: dict[int, int] = {}
        self.param_dists: dict[int, dict[str, BaseDistribution]] = {}

    def apply(self, op: dict[str, Any]) -> Any:
        """Replay one operation; return its result, or the exception that refused it.

        An entry of unknown kind (such as the ``{}`` of an unreadable line) is counted and
        otherwise ignored.
        """
        self.n_ops += 1
        handler = _HANDLERS.get(op.get("op"))  # type: ignore[arg-type]
        if handler is None:
            return None
        try:
            return handler(self, op)
        except Exception as err:  # a refused or malformed op is skipped by every replayer
            _logger.debug(f"Journal entry {self.n_ops - 1} ({op.get('op')}) skipped: {err}")
            return err

    # -- studies -----------------------------------------------------------------------
    def _create_study(self, op: dict[str, Any]) -> int:
        directions = [StudyDirection(d) for d in op["directions"]]
        study_id = self.storage.create_new_study(directions, str(op["name"]))
        self.param_dists[study_id] = {}
        return study_id

    def _delete_study(self, op: dict[str, Any]) -> None:
        study_id = int(op["study"])
        trials = self.storage.get_all_trials(study_id, deepcopy=False)
        self.storage.delete_study(study_id)
        for trial in trials:
            self.trial_study.pop(trial._trial_id, None)
            self.waiting.pop(trial._trial_id, None)
        self.param_dists.pop(study_id, None)

    def _set_study_attr(self, op: dict[str, Any]) -> None:
        setter = (
            self.storage.set_study_user_attr
            if op["op"] == _ops.STUDY_USER_ATTR
            else self.storage.set_study_system_attr
        )
        setter(int(op["study"]), str(op["key"]), op["value"])

    # -- trials ------------------------------------------------------------------------
    def _create_trial(self, op: dict[str, Any]) -> int:
        study_id = int(op["study"])
        if "template" in op:
            template = _ops.decode_template(op["template"])
        else:
            template = new_running_trial(start=_ops.decode_time(op["start"]))
        trial_id = self.storage.create_new_trial(study_id, template_trial=template)
        self.trial_study[trial_id] = study_id
        known = self.param_dists.setdefault(study_id, {})
        for name, dist in template.distributions.items():
            known.setdefault(name, dist)
        if template.state == TrialState.WAITING:
            self.waiting[trial_id] = study_id
        return trial_id

    def _set_param(self, op: dict[str, Any]) -> None:
        trial_id = int(op["trial"])
        dist = json_to_distribution(op["dist"])
        self.storage.set_trial_param(trial_id, str(op["name"]), float(op["value"]), dist)
        self.param_dists[self.trial_study[trial_id]].setdefault(op["name"], dist)

    def _set_state(self, op: dict[str, Any]) -> bool:
        trial_id = int(op["trial"])
        state = TrialState(op["state"])
        if not self.storage.set_trial_state_values(trial_id, state, op["values"]):
            return False
        self.waiting.pop(trial_id, None)
        self._stamp(self.storage.get_trial(trial_id), state, _ops.decode_time(op["time"]))
        return True

    @staticmethod
    def _stamp(trial: FrozenTrial, state: TrialState, when: datetime.datetime | None) -> None:
        # The in-memory storage stamps the replay time; every replayer must show the time
        # the writer chose instead. ``get_trial`` returned the stored (live) record.
        if when is None:
            return
        if state == TrialState.RUNNING:
            trial.datetime_start = when
        if state.is_finished():
            trial.datetime_complete = when

    def _set_intermediate(self, op: dict[str, Any]) -> None:
        self.storage.set_trial_intermediate_value(
            int(op["trial"]), int(op["step"]), float(op["value"])
        )

    def _set_trial_attr(self, op: dict[str, Any]) -> None:
        setter = (
            self.storage.set_trial_user_attr
            if op["op"] == _ops.TRIAL_USER_ATTR
            else self.storage.set_trial_system_attr
        )
        setter(int(op["trial"]), str(op["key"]), op["value"])


_HANDLERS: dict[str, Callable[[Replica, dict[str, Any]], Any]] = {
    _ops.CREATE_STUDY: Replica._create_study,
    _ops.DELETE_STUDY: Replica._delete_study,
    _ops.STUDY_USER_ATTR: Replica._set_study_attr,
    _ops.STUDY_SYSTEM_ATTR: Replica._set_study_attr,
    _ops.CREATE_TRIAL: Replica._create_trial,
    _ops.SET_PARAM: Replica._set_param,
    _ops.SET_STATE: Replica._set_state,
    _ops.SET_INTERMEDIATE: Replica._set_intermediate,
    _ops.TRIAL_USER_ATTR: Replica._set_trial_attr,
    _ops.TRIAL_SYSTEM_ATTR: Replica._set_trial_attr,
}
