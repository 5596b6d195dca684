"""Finished trials read once: a study's trials are re-read only from the first unsettled one."""

from __future__ import annotations

import threading
from collections.abc import Callable

from hpobench.trial._frozen import FrozenTrial

Loader = Callable[[int], list[FrozenTrial]]


class StudyTrialCache:
    """The trials of one study as last read, with the finished ones kept for good.

    A finished trial never changes, so a refresh asks the database only for trials
    whose id is at least the smallest id that was still unfinished (or new).
    """

    def __init__(self) -> None:
        self._by_number: list[FrozenTrial | None] = []
        self._finished: dict[int, FrozenTrial] = {}
        self._first_unsettled_id = 0
        self._lock = threading.Lock()

    def refresh(self, load_from_id: Loader) -> list[FrozenTrial]:
        """Read what may have changed with ``load_from_id(min_trial_id)``; return all trials."""
        with self._lock:
            fresh = load_from_id(self._first_unsettled_id)
            for trial in fresh:
                while len(self._by_number) <= trial.number:
                    self._by_number.append(None)
                self._by_number[trial.number] = trial
                if trial.state.is_finished():
                    self._finished[trial._trial_id] = trial
            unsettled = [t._trial_id for t in fresh if not t.state.is_finished()]
            if unsettled:
                self._first_unsettled_id = min(unsettled)
            elif fresh:
                self._first_unsettled_id = max(t._trial_id for t in fresh) + 1
            return [t for t in self._by_number if t is not None]

    def remember_finished(self, trial: FrozenTrial) -> None:
        """Keep a trial this process finished, so reading it back needs no query."""
        with self._lock:
            self._finished[trial._trial_id] = trial

    def finished(self, trial_id: int) -> FrozenTrial | None:
        """Return the trial when it was read as finished (it cannot have changed since)."""
        return self._finished.get(trial_id)
