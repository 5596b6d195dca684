"""Where studies and trials live: in memory (the default) or shared between workers."""

from hpobench.storages import journal
from hpobench.storages._base import BaseStorage
from hpobench.storages._factory import get_storage
from hpobench.storages._heartbeat import BaseHeartbeat, fail_stale_trials
from hpobench.storages._in_memory import InMemoryStorage
from hpobench.storages._retry import RetryFailedTrialCallback, RetryHeartbeatStaleTrialCallback
from hpobench.storages.journal import JournalFileStorage, JournalRedisStorage, JournalStorage

__all__ = [
    "BaseHeartbeat",
    "BaseStorage",
    "InMemoryStorage",
    "JournalFileStorage",
    "JournalRedisStorage",
    "JournalStorage",
    "RDBStorage",
    "RetryFailedTrialCallback",
    "RetryHeartbeatStaleTrialCallback",
    "fail_stale_trials",
    "get_storage",
    "journal",
]


def __getattr__(name: str) -> object:
    # SQLAlchemy takes a noticeable share of start-up time; load it on first use.
    if name == "RDBStorage":
        from hpobench.storages._rdb import RDBStorage

        return RDBStorage
    raise AttributeError(f"module 'hpobench.storages' has no attribute {name!r}")
