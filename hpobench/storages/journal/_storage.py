"""JournalStorage: a storage shared through an append-only log of operations."""

from __future__ import annotations

import datetime
import threading
import time
import uuid
from collections.abc import Container, Sequence
from typing import Any

from hpobench import logging
from hpobench.distributions import (
    BaseDistribution,
    check_distribution_compatibility,
)
from hpobench.exceptions import (
    DuplicatedStudyError,
    StorageInternalError,
    UpdateFinishedTrialError,
)
from hpobench.storages._base import DEFAULT_STUDY_NAME_PREFIX, BaseStorage
from hpobench.storages._heartbeat import (
    BaseHeartbeat,
    FailedTrialCallback,
    check_heartbeat_settings,
)
from hpobench.storages._in_memory import InMemoryStorage
from hpobench.storages.journal import _ops
from hpobench.storages.journal._base import (
    BaseJournalBackend,
    BaseJournalHeartbeats,
    BaseJournalSnapshot,
)
from hpobench.storages.journal._replica import Replica
from hpobench.storages.journal._snapshot import (
    gc_paused,
    is_snapshot_point,
    load_snapshot,
    save_snapshot,
)
from hpobench.study._frozen import FrozenStudy
from hpobench.study._study_direction import StudyDirection
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

_logger = logging.get_logger(__name__)
_PENDING = object()


class JournalStorage(BaseStorage, BaseHeartbeat):
    """A storage that many processes share through a log of operations (a journal).

    Each write is validated against an up-to-date local replica, then appended to the log
    as one JSON operation. Before every read and after every write, the storage replays
    the operations it has not seen yet, in log order, into its replica (an
    :class:`~hpobench.storages.InMemoryStorage`). All processes replay the same log in
    the same order, so they agree on ids and gap-free trial numbers; an operation that
    lost a race (two workers finishing one trial, two claims of one WAITING trial) is
    refused by every replayer, and its writer gets the error or ``False``.

    Parameters
    ----------
    log_storage : BaseJournalBackend
        Where the log lives, for example a
        :class:`~hpobench.storages.journal.JournalFileBackend`.
    snapshot_interval : int or None, default=10000
        Every this many operations, the writer of the operation at that point saves a
        snapshot of the replica (when the backend can keep one), so that opening the
        journal replays only the operations after it. Past ten intervals the gap doubles
        whenever the log does (see :func:`is_snapshot_point`), which keeps the cost of
        snapshots proportional to the log's length. None writes no snapshots; a valid
        snapshot is still used on opening.
    heartbeat_interval : float or None, default=None
        Seconds between the heartbeats that running trials record (needs a backend that
        keeps heartbeats). None turns heartbeats off.
    grace_period : float or None, default=None
        A RUNNING trial whose last heartbeat is older than this is stale; defaults to
        twice ``heartbeat_interval``.
    failed_trial_callback : callable or None, default=None
        Called as ``callback(study, trial)`` on each trial failed for being stale.

    Raises
    ------
    TypeError
        When ``log_storage`` is not a journal backend.
    ValueError
        When ``snapshot_interval`` or a heartbeat argument is invalid, or heartbeats are
        asked of a backend that cannot keep them.

    Examples
    --------
    >>> import tempfile, os, hpobench
    >>> from hpobench.storages.journal import JournalFileBackend, JournalStorage
    >>> path = os.path.join(tempfile.mkdtemp(), "journal.log")
    >>> storage = JournalStorage(JournalFileBackend(path))
    >>> study = hpobench.create_study(storage=storage, study_name="demo")
    >>> study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=3)
    >>> reopened = JournalStorage(JournalFileBackend(path))
    >>> len(hpobench.load_study(study_name="demo", storage=reopened).trials)
    3
    """

    def __init__(
        self,
        log_storage: BaseJournalBackend,
        *,
        snapshot_interval: int | None = 10_000,
        heartbeat_interval: float | None = None,
        grace_period: float | None = None,
        failed_trial_callback: FailedTrialCallback | None = None,
    ) -> None:
        if not isinstance(log_storage, BaseJournalBackend):
            raise TypeError(
                "log_storage must be a journal backend such as JournalFileBackend(path); got "
                f"{type(log_storage).__name__}."
            )
        if snapshot_interval is not None and (
            isinstance(snapshot_interval, bool)
            or not isinstance(snapshot_interval, int)
            or snapshot_interval < 1
        ):
            raise ValueError(
                f"snapshot_interval must be None or an int >= 1; got {snapshot_interval!r}."
            )
        interval, grace = check_heartbeat_settings(
            heartbeat_interval, grace_period, failed_trial_callback
        )
        if interval is not None and not isinstance(log_storage, BaseJournalHeartbeats):
            raise ValueError(
                f"heartbeat_interval needs a backend that keeps heartbeats; "
                f"{type(log_storage).__name__} does not. Use JournalFileBackend or "
                "JournalRedisBackend, or leave heartbeat_interval=None."
            )
        self._backend = log_storage
        self._snapshot_interval = snapshot_interval
        self._heartbeat_interval = interval
        self._grace_period = grace
        self._failed_trial_callback = failed_trial_callback
        self._lock = threading.RLock()
        self._replica = Replica()
        self._awaited: dict[str, Any] = {}
        self._snapshot_due = False
        self._n_replayed = 0  # ops replayed by this object (not counting a loaded snapshot)
        with self._lock, gc_paused():
            if isinstance(log_storage, BaseJournalSnapshot):
                self._replica = load_snapshot(log_storage) or self._replica
            self._sync()

    def __getstate__(self) -> dict[str, Any]:
        return {
            "log_storage": self._backend,
            "snapshot_interval": self._snapshot_interval,
            "heartbeat_interval": self._heartbeat_interval,
            "grace_period": self._grace_period,
            "failed_trial_callback": self._failed_trial_callback,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state.pop("log_storage"), **state)  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"JournalStorage({self._backend!r})"

    # -- replay ------------------------------------------------------------------------
    def _sync(self) -> InMemoryStorage:
        """Replay the entries not seen yet; return the replica. The caller holds the lock."""
        replica = self._replica
        for op in self._backend.read_logs(replica.n_ops):
            result = replica.apply(op)
            self._n_replayed += 1
            token = op.get("tok")
            if isinstance(token, str) and token in self._awaited:
                self._awaited[token] = result
                if is_snapshot_point(replica.n_ops, self._snapshot_interval):
                    self._snapshot_due = True
        return replica.storage

    def _append(self, op: dict[str, Any]) -> Any:
        """Append one operation, replay up to it and return its result (or raise its error)."""
        return self._append_all([op])[0]

    def _append_all(self, ops: list[dict[str, Any]]) -> list[Any]:
        """Append ``ops`` in one backend append (contiguous in the log); return their results.

        Raises the first refused operation's error; the others were applied.
        """
        tokens = [op["tok"] for op in ops]
        for token in tokens:
            self._awaited[token] = _PENDING
        try:
            self._backend.append_logs(ops)
            self._sync()
        finally:
            results = [self._awaited.pop(token) for token in tokens]
        if any(result is _PENDING for result in results):
            raise StorageInternalError(
                f"An operation appended to {self._backend!r} was not found when reading the "
                "log back; the backend lost it or returns entries out of order."
            )
        if self._snapshot_due:
            self._snapshot_due = False
            if isinstance(self._backend, BaseJournalSnapshot):
                save_snapshot(self._backend, self._replica)
        for result in results:
            if isinstance(result, Exception):
                raise result
        return results

    # -- studies -----------------------------------------------------------------------
    def create_new_study(
        self, directions: Sequence[StudyDirection], study_name: str | None = None
    ) -> int:
        if study_name is None:
            study_name = DEFAULT_STUDY_NAME_PREFIX + str(uuid.uuid4())
        encoded = _ops.encode_directions(directions)
        with self._lock:
            replica = self._sync()
            try:
                replica.get_study_id_from_name(study_name)
            except KeyError:
                pass
            else:
                raise DuplicatedStudyError(
                    f"A study named {study_name!r} already exists; choose another name or "
                    "pass load_if_exists=True."
                )
            op = _ops.new_op(_ops.CREATE_STUDY, name=study_name, directions=encoded)
            return self._append(op)

    def delete_study(self, study_id: int) -> None:
        with self._lock:
            self._sync().get_study_name_from_id(study_id)
            self._append(_ops.new_op(_ops.DELETE_STUDY, study=study_id))

    def set_study_user_attr(self, study_id: int, key: str, value: Any) -> None:
        self._set_study_attr(_ops.STUDY_USER_ATTR, study_id, key, value)

    def set_study_system_attr(self, study_id: int, key: str, value: Any) -> None:
        self._set_study_attr(_ops.STUDY_SYSTEM_ATTR, study_id, key, value)

    def _set_study_attr(self, kind: str, study_id: int, key: str, value: Any) -> None:
        _ops.check_json(f"The value of study attribute {key!r}", value)
        with self._lock:
            self._sync().get_study_name_from_id(study_id)
            self._append(_ops.new_op(kind, study=study_id, key=key, value=value))

    def get_study_id_from_name(self, study_name: str) -> int:
        with self._lock:
            return self._sync().get_study_id_from_name(study_name)

    def get_study_name_from_id(self, study_id: int) -> str:
        with self._lock:
            return self._sync().get_study_name_from_id(study_id)

    def get_study_directions(self, study_id: int) -> list[StudyDirection]:
        with self._lock:
            return self._sync().get_study_directions(study_id)

    def get_study_user_attrs(self, study_id: int) -> dict[str, Any]:
        with self._lock:
            return self._sync().get_study_user_attrs(study_id)

    def get_study_system_attrs(self, study_id: int) -> dict[str, Any]:
        with self._lock:
            return self._sync().get_study_system_attrs(study_id)

    def get_all_studies(self) -> list[FrozenStudy]:
        with self._lock:
            return self._sync().get_all_studies()

    # -- trials ------------------------------------------------------------------------
    def create_new_trial(self, study_id: int, template_trial: FrozenTrial | None = None) -> int:
        if template_trial is None:
            fields: dict[str, Any] = {"start": _ops.encode_time(datetime.datetime.now())}
        else:
            fields = {"template": _ops.encode_template(template_trial)}
        with self._lock:
            self._sync().get_study_name_from_id(study_id)
            if template_trial is not None:
                for name, dist in template_trial.distributions.items():
                    self._check_distribution(study_id, name, dist)
            return self._append(_ops.new_op(_ops.CREATE_TRIAL, study=study_id, **fields))

    def create_new_trials(
        self, study_id: int, template_trials: Sequence[FrozenTrial]
    ) -> list[int]:
        """Create a trial from each template with one append; return their ids.

        The log gets the same entries as one :meth:`create_new_trial` per template, written
        together (the backend appends them atomically), so the trials are numbered
        consecutively and any reader replays them. Nothing is written when a template
        cannot be encoded or one of its distributions conflicts with the study's.
        """
        templates = list(template_trials)
        encoded = [_ops.encode_template(template) for template in templates]
        with self._lock:
            self._sync().get_study_name_from_id(study_id)
            if not templates:
                return []
            known = dict(self._replica.param_dists.get(study_id, {}))  # + the batch's own
            for template in templates:
                for name, dist in template.distributions.items():
                    seen = known.setdefault(name, dist)
                    if seen is not dist and seen != dist:
                        check_distribution_compatibility(seen, dist)
            ops = [_ops.new_op(_ops.CREATE_TRIAL, study=study_id, template=t) for t in encoded]
            return self._append_all(ops)

    def set_trial_param(
        self,
        trial_id: int,
        param_name: str,
        param_value_internal: float,
        distribution: BaseDistribution,
    ) -> None:
        with self._lock:
            self._check_updatable(trial_id)
            study_id = self._replica.trial_study[trial_id]
            self._check_distribution(study_id, param_name, distribution)
            op = _ops.new_op(
                _ops.SET_PARAM,
                trial=trial_id,
                name=param_name,
                value=float(param_value_internal),
                dist=_ops.dist_json(distribution),
            )
            self._append(op)

    def get_trial_id_from_study_id_trial_number(self, study_id: int, trial_number: int) -> int:
        with self._lock:
            return self._sync().get_trial_id_from_study_id_trial_number(study_id, trial_number)

    def set_trial_state_values(
        self, trial_id: int, state: TrialState, values: Sequence[float] | None = None
    ) -> bool:
        with self._lock:
            trial = self._check_updatable(trial_id)
            if state == TrialState.RUNNING and trial.state != TrialState.WAITING:
                return False
            op = _ops.new_op(
                _ops.SET_STATE,
                trial=trial_id,
                state=int(state),
                values=_ops.encode_values(values),
                time=_ops.encode_time(datetime.datetime.now()),
            )
            won = self._append(op)
        if won and state.is_finished():
            self._forget_heartbeat(trial_id)
        return won

    def set_trial_intermediate_value(
        self, trial_id: int, step: int, intermediate_value: float
    ) -> None:
        with self._lock:
            self._check_updatable(trial_id)
            op = _ops.new_op(
                _ops.SET_INTERMEDIATE,
                trial=trial_id,
                step=int(step),
                value=float(intermediate_value),
            )
            self._append(op)

    def set_trial_user_attr(self, trial_id: int, key: str, value: Any) -> None:
        self._set_trial_attr(_ops.TRIAL_USER_ATTR, trial_id, key, value)

    def set_trial_system_attr(self, trial_id: int, key: str, value: Any) -> None:
        self._set_trial_attr(_ops.TRIAL_SYSTEM_ATTR, trial_id, key, value)

    def _set_trial_attr(self, kind: str, trial_id: int, key: str, value: Any) -> None:
        _ops.check_json(f"The value of trial attribute {key!r}", value)
        with self._lock:
            self._check_updatable(trial_id)
            self._append(_ops.new_op(kind, trial=trial_id, key=key, value=value))

    def get_trial(self, trial_id: int) -> FrozenTrial:
        with self._lock:
            return self._sync().get_trial(trial_id)

    def get_all_trials(
        self,
        study_id: int,
        deepcopy: bool = True,
        states: Container[TrialState] | None = None,
    ) -> list[FrozenTrial]:
        with self._lock:
            return self._sync().get_all_trials(study_id, deepcopy=deepcopy, states=states)

    def get_n_trials(
        self, study_id: int, state: tuple[TrialState, ...] | TrialState | None = None
    ) -> int:
        with self._lock:
            return self._sync().get_n_trials(study_id, state)

    def get_best_trial(self, study_id: int) -> FrozenTrial:
        with self._lock:
            return self._sync().get_best_trial(study_id)

    def claim_waiting_trial(self, study_id: int) -> int | None:
        with self._lock:
            self._sync().get_study_name_from_id(study_id)
            candidates = [t for t, s in self._replica.waiting.items() if s == study_id]
            for trial_id in candidates:
                if trial_id in self._replica.waiting and self._claim(trial_id):
                    return trial_id
            return None

    def _claim(self, trial_id: int) -> bool:
        try:
            return self.set_trial_state_values(trial_id, TrialState.RUNNING)
        except UpdateFinishedTrialError:  # another worker finished it while WAITING
            return False

    # -- checks against the replica -----------------------------------------------------
    def _check_updatable(self, trial_id: int) -> FrozenTrial:
        trial = self._sync().get_trial(trial_id)
        self.check_trial_is_updatable(trial_id, trial.state)
        return trial

    def _check_distribution(self, study_id: int, name: str, dist: BaseDistribution) -> None:
        known = self._replica.param_dists.get(study_id, {}).get(name)
        if known is not None and known is not dist and known != dist:
            check_distribution_compatibility(known, dist)

    # -- heartbeats ----------------------------------------------------------------------
    def record_heartbeat(self, trial_id: int) -> None:
        """Record that the worker of ``trial_id`` is alive now (no-op when heartbeats are off)."""
        if self._heartbeat_interval is None:
            return
        with self._lock:  # no sync: this only skips beats of trials known to be over
            trial = self._replica.storage.get_trial(trial_id)
        if not trial.state.is_finished():
            self._heartbeats().write_heartbeat(trial_id, time.time())

    def _get_stale_trial_ids(self, study_id: int) -> list[int]:
        if self._grace_period is None:
            return []
        running = [
            t._trial_id
            for t in self.get_all_trials(study_id, deepcopy=False, states=(TrialState.RUNNING,))
        ]
        beats = self._heartbeats().read_heartbeats(running)
        now = time.time()
        return [t for t in running if t in beats and now - beats[t] > self._grace_period]

    def get_heartbeat_interval(self) -> float | None:
        return self._heartbeat_interval

    def get_failed_trial_callback(self) -> FailedTrialCallback | None:
        return self._failed_trial_callback

    def _heartbeats(self) -> BaseJournalHeartbeats:
        assert isinstance(self._backend, BaseJournalHeartbeats)  # checked in __init__
        return self._backend

    def _forget_heartbeat(self, trial_id: int) -> None:
        if self._heartbeat_interval is not None:
            self._heartbeats().delete_heartbeat(trial_id)
