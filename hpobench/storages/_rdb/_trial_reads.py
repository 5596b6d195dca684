"""Reading trials, with finished ones cached."""

from __future__ import annotations

from collections.abc import Container

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from hpobench import logging
from hpobench.exceptions import UpdateFinishedTrialError
from hpobench.storages._base import best_of
from hpobench.storages._rdb import _schema as s
from hpobench.storages._rdb._cache import StudyTrialCache
from hpobench.storages._rdb._core import RDBCore
from hpobench.storages._rdb._trials import load_trials
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

_logger = logging.get_logger(__name__)


class TrialReadMixin(RDBCore):
    """Trial reads: one trial, a study's trials, counts, the best, waiting trials."""

    def get_trial_id_from_study_id_trial_number(self, study_id: int, trial_number: int) -> int:
        query = select(s.trials.c.trial_id).where(
            (s.trials.c.study_id == study_id) & (s.trials.c.number == trial_number)
        )
        row = self._read(lambda c: c.execute(query).first())
        if row is None:
            raise KeyError(f"Study {study_id} has no trial number {trial_number}.")
        return int(row[0])

    def get_trial(self, trial_id: int) -> FrozenTrial:
        study_id = self._study_id_of(trial_id)
        owned = self._owned.get(trial_id)
        if owned is not None:
            return owned
        cache = self._caches.get(study_id)
        cached = None if cache is None else cache.finished(trial_id)
        if cached is not None:
            return cached
        found = self._read(lambda c: load_trials(c, s.trials.c.trial_id == trial_id))
        if not found:
            raise KeyError(f"No trial with id {trial_id} in this storage.")
        return found[0]

    def get_all_trials(
        self,
        study_id: int,
        deepcopy: bool = True,
        states: Container[TrialState] | None = None,
    ) -> list[FrozenTrial]:
        cache = self._caches.setdefault(study_id, StudyTrialCache())

        def load_from(first_id: int) -> list[FrozenTrial]:
            where = (s.trials.c.study_id == study_id) & (s.trials.c.trial_id >= first_id)

            def read(conn: Connection) -> list[FrozenTrial]:
                self._require_study(conn, study_id)
                return load_trials(conn, where)

            return self._read(read)

        trials = cache.refresh(load_from)
        for trial in trials:
            self._study_of_trial.setdefault(trial._trial_id, study_id)
        if states is not None:
            trials = [t for t in trials if t.state in states]
        return [t._clone(deep=True) for t in trials] if deepcopy else trials

    def get_n_trials(
        self, study_id: int, state: tuple[TrialState, ...] | TrialState | None = None
    ) -> int:
        states = (state,) if isinstance(state, TrialState) else state
        where = s.trials.c.study_id == study_id
        if states is not None:
            where = where & s.trials.c.state.in_([int(x) for x in states])
        query = select(func.count()).select_from(s.trials).where(where)

        def read(conn: Connection) -> int:
            self._require_study(conn, study_id)
            return int(conn.execute(query).scalar_one())

        return self._read(read)

    def get_best_trial(self, study_id: int) -> FrozenTrial:
        directions = self.get_study_directions(study_id)
        if len(directions) > 1:
            raise RuntimeError(
                "A multi-objective study has no single best trial; use study.best_trials."
            )
        complete = self.get_all_trials(study_id, deepcopy=False, states=(TrialState.COMPLETE,))
        return best_of(complete, directions[0], study_id)

    def claim_waiting_trial(self, study_id: int) -> int | None:
        while True:
            trial_id = self._oldest_waiting(study_id)
            if trial_id is None:
                return None
            try:
                if self.set_trial_state_values(trial_id, TrialState.RUNNING):
                    self._study_of_trial[trial_id] = study_id
                    self._owned[trial_id] = self.get_trial(trial_id)
                    return trial_id
            except UpdateFinishedTrialError:
                continue  # another worker ran and finished it meanwhile

    def _oldest_waiting(self, study_id: int) -> int | None:
        """Return the id of the study's oldest WAITING trial, or None; KeyError if no study."""
        fast = self._fast
        if fast is not None:
            return self._fast_call(lambda: fast.oldest_waiting(study_id))
        query = (
            select(s.trials.c.trial_id)
            .where(
                (s.trials.c.study_id == study_id) & (s.trials.c.state == int(TrialState.WAITING))
            )
            .order_by(s.trials.c.number)
            .limit(1)
        )
        row = self._read_one(query)
        if row is None:
            self._read(lambda c: self._require_study(c, study_id))
            return None
        return int(row[0])
