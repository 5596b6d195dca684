"""A storage shared through an append-only journal of operations, in a file or in Redis."""

from hpobench.storages.journal._base import (
    BaseJournalBackend,
    BaseJournalHeartbeats,
    BaseJournalSnapshot,
)
from hpobench.storages.journal._deprecated import JournalFileStorage, JournalRedisStorage
from hpobench.storages.journal._file import JournalFileBackend
from hpobench.storages.journal._file_lock import (
    BaseJournalFileLock,
    JournalFileOpenLock,
    JournalFileSymlinkLock,
)
from hpobench.storages.journal._redis import JournalRedisBackend
from hpobench.storages.journal._storage import JournalStorage

__all__ = [
    "BaseJournalBackend",
    "BaseJournalFileLock",
    "BaseJournalHeartbeats",
    "BaseJournalSnapshot",
    "JournalFileBackend",
    "JournalFileOpenLock",
    "JournalFileStorage",
    "JournalFileSymlinkLock",
    "JournalRedisBackend",
    "JournalRedisStorage",
    "JournalStorage",
]
