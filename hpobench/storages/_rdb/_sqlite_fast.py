"""The hot writes of a trial's life on a SQLite file, through raw ``sqlite3`` connections.

Creating a trial, recording a parameter or an intermediate value, finishing a trial and
beating its heart happen thousands of times per study. Through SQLAlchemy each costs a
few hundred microseconds of Python, most of it while holding the file's write lock, so
several processes writing one file would queue behind that overhead. The same SQL
through one ``sqlite3`` connection per thread costs a few microseconds.
"""

from __future__ import annotations

import datetime
import sqlite3
import threading
from collections.abc import Sequence

from hpobench.storages._rdb._codec import encode_float
from hpobench.storages._rdb._engine import WriteLock
from hpobench.trial._state import TrialState

_OPEN = f"({int(TrialState.RUNNING)}, {int(TrialState.WAITING)})"
_IF_OPEN = f"WHERE EXISTS (SELECT 1 FROM trials WHERE trial_id = ? AND state IN {_OPEN})"
_TAKE_NUMBER = (
    "UPDATE studies SET next_trial_number = next_trial_number + 1 WHERE study_id = ? "
    "RETURNING next_trial_number - 1"
)
_INSERT_TRIAL = "INSERT INTO trials (study_id, number, state, datetime_start) VALUES (?, ?, ?, ?)"
_INSERT_PARAM = (
    "INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) "
    f"SELECT ?, ?, ?, ? {_IF_OPEN}"
)
_INSERT_INTERMEDIATE = (
    "INSERT INTO trial_intermediate_values (trial_id, step, value, value_type) "
    f"SELECT ?, ?, ?, ? {_IF_OPEN}"
)
_FINISH = "UPDATE trials SET state = ?, datetime_complete = ? WHERE trial_id = ? AND state IN "
_INSERT_VALUE = (
    "INSERT INTO trial_values (trial_id, objective, value, value_type) VALUES (?, ?, ?, ?)"
)
_OLDEST_WAITING = (
    "SELECT (SELECT trial_id FROM trials WHERE study_id = ? AND state = ? ORDER BY number "
    "LIMIT 1), EXISTS (SELECT 1 FROM studies WHERE study_id = ?)"
)
_HEARTBEAT = (
    f"UPDATE trials SET heartbeat = ? WHERE trial_id = ? AND state = {int(TrialState.RUNNING)}"
)


def supported() -> bool:
    """Return whether this SQLite has what the fast path needs (RETURNING: 3.35+)."""
    return sqlite3.sqlite_version_info >= (3, 35, 0)


def as_text(moment: datetime.datetime) -> str:
    """Format a datetime the way SQLAlchemy stores it in SQLite."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


class SqliteWriter:
    """One ``sqlite3`` connection per thread, writing under the storage's file lock."""

    def __init__(self, path: str, lock: WriteLock) -> None:
        self._path = path
        self._lock = lock
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._path, timeout=60.0, isolation_level=None)
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
        return conn

    def create_trial(self, study_id: int, started: datetime.datetime) -> tuple[int, int] | None:
        """Create a RUNNING trial; return (trial id, number), or None for an unknown study."""
        conn = self._connection()
        with self._lock.hold():
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute(_TAKE_NUMBER, (study_id,)).fetchone()
                if row is None:
                    conn.execute("ROLLBACK")
                    return None
                number = int(row[0])
                cursor = conn.execute(
                    _INSERT_TRIAL, (study_id, number, int(TrialState.RUNNING), as_text(started))
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return int(cursor.lastrowid), number

    def insert_param(self, trial_id: int, name: str, value: float, dist_json: str) -> bool:
        """Record a new parameter of an unfinished trial; False when the trial is not open."""
        args = (trial_id, name, value, dist_json, trial_id)
        with self._lock.hold():
            return self._connection().execute(_INSERT_PARAM, args).rowcount == 1

    def insert_intermediate(self, trial_id: int, step: int, value: float) -> bool:
        """Record a new step's value of an unfinished trial; False when the trial is not open."""
        stored, value_type = encode_float(value)
        args = (trial_id, step, stored, value_type, trial_id)
        with self._lock.hold():
            return self._connection().execute(_INSERT_INTERMEDIATE, args).rowcount == 1

    def finish(
        self,
        trial_id: int,
        state: TrialState,
        finished_at: datetime.datetime,
        values: Sequence[float] | None,
    ) -> bool:
        """Finish a RUNNING or WAITING trial (with its first values); False when not open."""
        conn = self._connection()
        with self._lock.hold():
            conn.execute("BEGIN IMMEDIATE")
            try:
                changed = conn.execute(
                    _FINISH + _OPEN, (int(state), as_text(finished_at), trial_id)
                ).rowcount
                if changed and values is not None:
                    conn.executemany(
                        _INSERT_VALUE,
                        [(trial_id, i, *encode_float(float(v))) for i, v in enumerate(values)],
                    )
                conn.execute("COMMIT" if changed else "ROLLBACK")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return bool(changed)

    def oldest_waiting(self, study_id: int) -> int | None:
        """Return the id of the study's oldest WAITING trial, or None.

        Raises
        ------
        KeyError
            When there is no such study.
        """
        trial_id, study_exists = (
            self._connection()
            .execute(_OLDEST_WAITING, (study_id, int(TrialState.WAITING), study_id))
            .fetchone()
        )
        if not study_exists:
            raise KeyError(f"No study with id {study_id} in this storage.")
        return None if trial_id is None else int(trial_id)

    def heartbeat(self, trial_id: int, now: float) -> None:
        """Stamp a RUNNING trial's heartbeat."""
        with self._lock.hold():
            self._connection().execute(_HEARTBEAT, (now, trial_id))
