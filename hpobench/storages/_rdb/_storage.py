"""RDBStorage: studies in a relational database (SQLite, PostgreSQL, MySQL/MariaDB)."""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.pool import StaticPool

from hpobench import logging
from hpobench.distributions import BaseDistribution
from hpobench.storages._base import BaseStorage
from hpobench.storages._heartbeat import (
    BaseHeartbeat,
    FailedTrialCallback,
    check_heartbeat_settings,
)
from hpobench.storages._rdb import _schema as s
from hpobench.storages._rdb import _sqlite_fast
from hpobench.storages._rdb._cache import StudyTrialCache
from hpobench.storages._rdb._engine import (
    WriteLock,
    build_engine,
    parse_url,
    sqlite_file,
)
from hpobench.storages._rdb._sqlite_fast import SqliteWriter
from hpobench.storages._rdb._studies import StudyMixin
from hpobench.storages._rdb._trial_reads import TrialReadMixin
from hpobench.storages._rdb._trial_writes import TrialWriteMixin
from hpobench.storages._rdb._versions import SchemaMixin
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

_logger = logging.get_logger(__name__)


class RDBStorage(
    SchemaMixin, StudyMixin, TrialWriteMixin, TrialReadMixin, BaseStorage, BaseHeartbeat
):
    """A storage in a relational database: SQLite, PostgreSQL or MySQL/MariaDB.

    Every process that opens the same URL shares the studies, so workers on many
    machines can optimize one study. ``create_study(storage="sqlite:///x.db")`` builds
    one of these.

    Parameters
    ----------
    url : str
        A SQLAlchemy URL: ``sqlite:///path.db``, ``postgresql://user:pw@host/db``
        (psycopg 3), ``mysql://user:pw@host/db`` (PyMySQL).
    engine_kwargs : dict or None
        Passed to :func:`sqlalchemy.create_engine`.
    skip_compatibility_check : bool
        Open a database of another schema version without raising (not advised).
    heartbeat_interval : float or None
        Seconds between heartbeats of running trials; None turns heartbeats off.
    grace_period : float or None
        Age of the last heartbeat after which a RUNNING trial counts as dead (default:
        twice the interval).
    failed_trial_callback : callable or None
        Called as ``callback(study, trial)`` on each trial failed for its heartbeat.
    skip_table_creation : bool
        Do not create missing tables.

    Raises
    ------
    ValueError
        For a malformed URL or bad heartbeat settings.
    StorageInternalError
        When the database cannot be reached (the message says why), or its schema
        version differs from this library's (the message says what to run).

    Examples
    --------
    >>> import hpobench, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "example.db")
    >>> storage = hpobench.storages.RDBStorage(f"sqlite:///{path}")
    >>> study = hpobench.create_study(storage=storage, study_name="demo")
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    >>> len(hpobench.load_study(study_name="demo", storage=f"sqlite:///{path}").trials)
    3
    """

    def __init__(
        self,
        url: str,
        engine_kwargs: dict[str, Any] | None = None,
        skip_compatibility_check: bool = False,
        *,
        heartbeat_interval: float | None = None,
        grace_period: float | None = None,
        failed_trial_callback: FailedTrialCallback | None = None,
        skip_table_creation: bool = False,
    ) -> None:
        if not isinstance(url, str):
            raise TypeError(f"url must be a str; got {url!r}.")
        self._heartbeat_interval, self._grace_period = check_heartbeat_settings(
            heartbeat_interval, grace_period, failed_trial_callback
        )
        self._failed_trial_callback = failed_trial_callback
        self.url = url
        self._engine_kwargs = dict(engine_kwargs or {})
        self._skip_table_creation = skip_table_creation
        self._skip_compatibility_check = skip_compatibility_check
        self._open()

    def _open(self) -> None:
        parsed = parse_url(self.url)
        self._display_url = parsed.render_as_string(hide_password=True)
        kwargs = dict(self._engine_kwargs)
        self._sqlite = parsed.get_backend_name() == "sqlite"
        self._memory = self._sqlite and sqlite_file(parsed) is None
        if self._memory:
            kwargs.setdefault("poolclass", StaticPool)
        self.engine = build_engine(parsed, kwargs)
        self._write_lock = WriteLock(sqlite_file(parsed))
        path = sqlite_file(parsed)
        self._fast = (
            SqliteWriter(path, self._write_lock)
            if path is not None and _sqlite_fast.supported() and "mode=ro" not in self.url
            else None
        )
        self._memory_lock = threading.RLock()
        self._caches: dict[int, StudyTrialCache] = {}
        self._study_of_trial: dict[int, int] = {}
        self._param_distributions: dict[tuple[int, str], BaseDistribution] = {}
        # Trials this process runs: their writes go through this object, so it keeps an
        # up-to-date copy instead of reading them back from the database.
        self._owned: dict[int, FrozenTrial] = {}
        self._prepare_schema()

    def __getstate__(self) -> dict[str, Any]:
        keep = (
            "url",
            "_engine_kwargs",
            "_skip_table_creation",
            "_skip_compatibility_check",
            "_heartbeat_interval",
            "_grace_period",
            "_failed_trial_callback",
        )
        return {k: self.__dict__[k] for k in keep}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._open()

    def __repr__(self) -> str:
        return f"RDBStorage({self._display_url!r})"

    # -- heartbeats --------------------------------------------------------------------
    def record_heartbeat(self, trial_id: int) -> None:
        now = time.time()
        if self._fast is not None:
            fast = self._fast
            self._fast_call(lambda: fast.heartbeat(trial_id, now))
            return
        self._write(
            lambda c: c.execute(
                update(s.trials)
                .where(
                    (s.trials.c.trial_id == trial_id)
                    & (s.trials.c.state == int(TrialState.RUNNING))
                )
                .values(heartbeat=now)
            )
        )

    def _get_stale_trial_ids(self, study_id: int) -> list[int]:
        if self._grace_period is None:
            return []
        deadline = time.time() - self._grace_period
        query = select(s.trials.c.trial_id).where(
            (s.trials.c.study_id == study_id)
            & (s.trials.c.state == int(TrialState.RUNNING))
            & (s.trials.c.heartbeat.is_not(None))
            & (s.trials.c.heartbeat < deadline)
        )
        return [int(r[0]) for r in self._read(lambda c: c.execute(query).all())]

    def get_heartbeat_interval(self) -> float | None:
        return self._heartbeat_interval

    def get_failed_trial_callback(self) -> FailedTrialCallback | None:
        return self._failed_trial_callback

    def remove_session(self) -> None:
        self.engine.dispose()
