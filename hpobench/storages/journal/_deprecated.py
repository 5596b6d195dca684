"""The pre-4.0 Optuna names of the journal backends, kept so that old code still runs."""

from __future__ import annotations

import os
import warnings

from hpobench.exceptions import HpobenchDeprecationWarning
from hpobench.storages.journal._file import JournalFileBackend
from hpobench.storages.journal._file_lock import BaseJournalFileLock
from hpobench.storages.journal._redis import JournalRedisBackend


def _warn(old: str, new: str) -> None:
    warnings.warn(
        f"{old} is deprecated; use hpobench.storages.journal.{new} instead (same arguments).",
        HpobenchDeprecationWarning,
        stacklevel=3,
    )


class JournalFileStorage(JournalFileBackend):
    """Deprecated name of :class:`~hpobench.storages.journal.JournalFileBackend`.

    Examples
    --------
    >>> import tempfile, os, warnings
    >>> with warnings.catch_warnings(record=True):
    ...     backend = JournalFileStorage(os.path.join(tempfile.mkdtemp(), "j.log"))
    """

    def __init__(
        self, file_path: str | os.PathLike[str], lock_obj: BaseJournalFileLock | None = None
    ) -> None:
        _warn("JournalFileStorage", "JournalFileBackend")
        super().__init__(file_path, lock_obj)


class JournalRedisStorage(JournalRedisBackend):
    """Deprecated name of :class:`~hpobench.storages.journal.JournalRedisBackend`.

    Examples
    --------
    >>> JournalRedisStorage("redis://127.0.0.1:6379/0")  # doctest: +SKIP
    """

    def __init__(self, url: str, use_cluster: bool = False, prefix: str = "") -> None:
        _warn("JournalRedisStorage", "JournalRedisBackend")
        super().__init__(url, use_cluster, prefix)
