"""What a journal backend provides: an append-only list of operations, plus extras.

A backend only stores and returns JSON-able operation dicts in order; it knows nothing of
studies or trials. :class:`~hpobench.storages.journal.JournalStorage` builds the state by
replaying them. Two optional interfaces let a backend also keep snapshots of that state
(:class:`BaseJournalSnapshot`) and heartbeats of running trials
(:class:`BaseJournalHeartbeats`) outside the log.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence
from typing import Any


class BaseJournalBackend(abc.ABC):
    """An append-only, totally ordered log of operations shared by every worker.

    Log numbers count entries from 0. Every reader must see the same entries in the same
    order: that order decides study ids, trial ids and trial numbers. An entry that cannot
    be read back (for example a line that is not JSON) is returned as an empty dict, so
    that numbering stays the same for every reader.

    Examples
    --------
    A backend that keeps the log in a list (one process only)::

        class ListBackend(BaseJournalBackend):
            def __init__(self):
                self.logs = []

            def read_logs(self, log_number_from):
                return self.logs[log_number_from:]

            def append_logs(self, logs):
                self.logs.extend(logs)
    """

    @abc.abstractmethod
    def read_logs(self, log_number_from: int) -> Iterable[dict[str, Any]]:
        """Return the entries from number ``log_number_from`` on, in log order."""

    @abc.abstractmethod
    def append_logs(self, logs: list[dict[str, Any]]) -> None:
        """Append ``logs`` atomically: no other writer's entry may land between them.

        When this returns, every reader, in any process, must see the new entries.
        """


class BaseJournalSnapshot(abc.ABC):
    """A backend that can also keep one snapshot of the replayed state.

    The snapshot is opaque bytes that reflect the first ``log_number`` entries. A backend
    must refuse (return None from :meth:`load_snapshot`) a snapshot that does not belong to
    its current log, for instance after the log was deleted and started again.
    """

    @abc.abstractmethod
    def save_snapshot(self, snapshot: bytes, log_number: int) -> None:
        """Store ``snapshot`` of the state after the first ``log_number`` entries."""

    @abc.abstractmethod
    def load_snapshot(self) -> tuple[bytes, int] | None:
        """Return ``(snapshot, log_number)``, or None when there is no valid snapshot."""


class BaseJournalHeartbeats(abc.ABC):
    """A backend that can also keep the last heartbeat time of each running trial.

    Heartbeats are kept out of the log because they are rewritten every few seconds.
    Times are seconds since the epoch (``time.time()``).
    """

    @abc.abstractmethod
    def write_heartbeat(self, trial_id: int, when: float) -> None:
        """Record that the worker of ``trial_id`` was alive at ``when``."""

    @abc.abstractmethod
    def read_heartbeats(self, trial_ids: Sequence[int]) -> dict[int, float]:
        """Return the last heartbeat of each of ``trial_ids`` that has one."""

    @abc.abstractmethod
    def delete_heartbeat(self, trial_id: int) -> None:
        """Forget the heartbeat of ``trial_id`` (it finished); no error when there is none."""
