from __future__ import annotations

from hpobench.storages._base import BaseStorage
from hpobench.storages._in_memory import InMemoryStorage

_REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def get_storage(storage: str | BaseStorage | None) -> BaseStorage:
    """Turn the ``storage`` argument of ``create_study``/``load_study`` into a storage.

    Parameters
    ----------
    storage : str, BaseStorage or None
        None gives a new :class:`InMemoryStorage`; a storage object is used as it is; a
        ``redis://`` URL opens a :class:`~hpobench.storages.journal.JournalStorage` on
        Redis; any other URL (``sqlite:///file.db``, ``postgresql://…``, ``mysql://…``)
        opens an :class:`~hpobench.storages.RDBStorage`.

    Raises
    ------
    TypeError
        When ``storage`` is of another type.
    ValueError
        When the string is not a URL (the message shows the forms that work).

    Examples
    --------
    >>> from hpobench.storages import get_storage
    >>> type(get_storage(None)).__name__
    'InMemoryStorage'
    """
    if storage is None:
        return InMemoryStorage()
    if isinstance(storage, BaseStorage):
        return storage
    if not isinstance(storage, str):
        raise TypeError(
            f"storage must be None, a URL string or a BaseStorage; got {type(storage).__name__}."
        )
    if storage.startswith(_REDIS_SCHEMES):
        from hpobench.storages.journal import JournalRedisBackend, JournalStorage

        return JournalStorage(JournalRedisBackend(storage))
    if "://" not in storage:
        raise ValueError(
            f"storage {storage!r} is not a URL; use e.g. 'sqlite:///{storage}' for a SQLite "
            "file, or JournalStorage(JournalFileBackend(path)) for a journal file."
        )
    from hpobench.storages._rdb import RDBStorage

    return RDBStorage(storage)
