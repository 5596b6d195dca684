from __future__ import annotations

import abc
from collections.abc import Callable
from typing import TYPE_CHECKING

from hpobench.trial._frozen import FrozenTrial

if TYPE_CHECKING:
    from hpobench.study._study import Study

FailedTrialCallback = Callable[["Study", FrozenTrial], None]


class BaseHeartbeat(abc.ABC):
    """What a storage offers so that trials of dead workers are detected and failed.

    While a trial runs, its worker calls :meth:`record_heartbeat` every
    ``heartbeat_interval`` seconds. A RUNNING trial whose last heartbeat is older than
    the grace period is *stale*: its worker died. The next worker that asks for a
    trial (``study.ask``, also inside ``optimize``) marks stale trials FAIL and runs
    the storage's ``failed_trial_callback`` on each.
    """

    @abc.abstractmethod
    def record_heartbeat(self, trial_id: int) -> None:
        """Record that the worker of ``trial_id`` is alive now."""

    @abc.abstractmethod
    def _get_stale_trial_ids(self, study_id: int) -> list[int]:
        """Return the ids of RUNNING trials whose heartbeat is older than the grace period."""

    @abc.abstractmethod
    def get_heartbeat_interval(self) -> float | None:
        """Return the heartbeat interval in seconds, or None when heartbeats are off."""

    @abc.abstractmethod
    def get_failed_trial_callback(self) -> FailedTrialCallback | None:
        """Return the callback run on each trial failed for a missing heartbeat."""


def check_heartbeat_settings(
    heartbeat_interval: float | None,
    grace_period: float | None,
    failed_trial_callback: FailedTrialCallback | None,
) -> tuple[float | None, float | None]:
    """Validate heartbeat arguments; return (interval, grace period) with the default grace.

    The grace period defaults to twice the interval.
    """
    if heartbeat_interval is not None and (
        isinstance(heartbeat_interval, bool)
        or not isinstance(heartbeat_interval, (int, float))
        or heartbeat_interval <= 0
    ):
        raise ValueError(
            f"heartbeat_interval must be None or a number of seconds > 0; got "
            f"{heartbeat_interval!r}."
        )
    if grace_period is not None:
        if heartbeat_interval is None:
            raise ValueError("grace_period needs heartbeat_interval to be set.")
        if (
            isinstance(grace_period, bool)
            or not isinstance(grace_period, (int, float))
            or (grace_period <= 0)
        ):
            raise ValueError(
                f"grace_period must be None or a number of seconds > 0; got {grace_period!r}."
            )
    if failed_trial_callback is not None and not callable(failed_trial_callback):
        raise TypeError(
            f"failed_trial_callback must be a callable (study, trial); got "
            f"{failed_trial_callback!r}."
        )
    if heartbeat_interval is None:
        return None, None
    return float(heartbeat_interval), float(grace_period or 2 * heartbeat_interval)


def is_heartbeat_enabled(storage: object) -> bool:
    """Return whether ``storage`` records heartbeats (a BaseHeartbeat with an interval)."""
    return isinstance(storage, BaseHeartbeat) and storage.get_heartbeat_interval() is not None


def fail_stale_trials(study: Study) -> list[int]:
    """Mark FAIL the RUNNING trials whose worker stopped beating; return their numbers.

    Each stale trial is failed by exactly one caller, which then runs the storage's
    ``failed_trial_callback`` on it. ``study.ask`` calls this when heartbeats are on.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study()
    >>> hpobench.storages.fail_stale_trials(study)
    []
    """
    from hpobench.exceptions import UpdateFinishedTrialError
    from hpobench.trial._state import TrialState

    storage = study._storage
    if not is_heartbeat_enabled(storage):
        return []
    assert isinstance(storage, BaseHeartbeat)
    failed = []
    for trial_id in storage._get_stale_trial_ids(study._study_id):
        try:
            if storage.set_trial_state_values(trial_id, TrialState.FAIL):
                failed.append(trial_id)
        except UpdateFinishedTrialError:
            continue  # another worker failed it first
    callback = storage.get_failed_trial_callback()
    numbers = []
    for trial_id in failed:
        frozen = study._storage.get_trial(trial_id)._clone(deep=True)
        numbers.append(frozen.number)
        if callback is not None:
            callback(study, frozen)
    return numbers


class HeartbeatThread:
    """Beats for one running trial every ``interval`` seconds until :meth:`stop`."""

    def __init__(self, storage: BaseHeartbeat, trial_id: int, interval: float) -> None:
        import threading

        self._storage, self._trial_id, self._interval = storage, trial_id, interval
        self._stopped = threading.Event()
        storage.record_heartbeat(trial_id)
        self._thread = threading.Thread(
            target=self._run, name=f"hpobench-heartbeat-{trial_id}", daemon=True
        )
        self._thread.start()

    def _run(self) -> None:
        from hpobench import logging

        warned = False
        while not self._stopped.wait(self._interval):
            try:
                self._storage.record_heartbeat(self._trial_id)
            except KeyError:
                return  # the trial or its study was deleted
            except Exception as err:  # a missed beat must not kill the trial
                if not warned:
                    logging.get_logger(__name__).warning(
                        f"Heartbeat of trial id {self._trial_id} failed (further failures "
                        f"are not logged): {err}"
                    )
                    warned = True

    def stop(self) -> None:
        """Stop beating (the trial has been told)."""
        self._stopped.set()
