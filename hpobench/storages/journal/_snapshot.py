"""Snapshots of a journal's replayed state, so that opening a long journal is fast.

A snapshot is a pickle of the :class:`Replica` after its first ``n_ops`` entries, tagged
with the hpobench version that wrote it: the pickle holds internal classes, so a
snapshot of another version is ignored and the log is replayed instead. The backend
checks that the snapshot belongs to its current log. Unpickling runs code, so keep the
journal's folder (or Redis server) as private as the journal itself.
"""

from __future__ import annotations

import contextlib
import gc
import pickle
import warnings
from collections.abc import Iterator

from hpobench import logging
from hpobench.storages.journal._base import BaseJournalSnapshot
from hpobench.storages.journal._replica import Replica
from hpobench.version import __version__

_logger = logging.get_logger(__name__)
_FORMAT = 1


def is_snapshot_point(n_ops: int, interval: int | None) -> bool:
    """Return whether the writer of operation number ``n_ops - 1`` saves a snapshot.

    Every ``interval`` operations up to ``10 * interval``; then the gap doubles each time
    the log doubles (``2 * interval`` up to ``20 * interval``, ``4 * interval`` up to
    ``40 * interval``, ...). A fixed gap would make the total cost of snapshots grow with
    the square of the log's length, since each one pickles the whole state; doubling
    keeps it linear, and the part left to replay on opening stays under a tenth of the log.

    Examples
    --------
    >>> [n for n in range(1, 300) if is_snapshot_point(n, 10)]  # doctest: +NORMALIZE_WHITESPACE
    [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 120, 140, 160, 180, 200, 240, 280]
    """
    if interval is None or n_ops <= 0:
        return False
    gap = interval
    while n_ops > 10 * gap:
        gap *= 2
    return n_ops % gap == 0


def save_snapshot(backend: BaseJournalSnapshot, replica: Replica) -> None:
    """Store a snapshot of ``replica``; a failure to write only warns.

    Examples
    --------
    >>> import tempfile, os
    >>> from hpobench.storages.journal import JournalFileBackend
    >>> backend = JournalFileBackend(os.path.join(tempfile.mkdtemp(), "j.log"))
    >>> save_snapshot(backend, Replica())
    >>> load_snapshot(backend).n_ops
    0
    """
    payload = {
        "format": _FORMAT,
        "version": __version__,
        "n_ops": replica.n_ops,
        "replica": replica,
    }
    with gc_paused():
        blob = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        backend.save_snapshot(blob, replica.n_ops)
    except OSError as err:
        warnings.warn(f"Could not save a journal snapshot: {err}", RuntimeWarning, stacklevel=3)


def load_snapshot(backend: BaseJournalSnapshot) -> Replica | None:
    """Return the replica of the backend's valid snapshot, or None when there is none."""
    loaded = backend.load_snapshot()
    if loaded is None:
        return None
    blob, log_number = loaded
    try:
        with gc_paused():
            payload = pickle.loads(blob)
        usable = (
            payload["format"] == _FORMAT
            and payload["version"] == __version__
            and payload["n_ops"] == log_number
            and isinstance(payload["replica"], Replica)
        )
    except Exception as err:
        warnings.warn(
            f"Ignoring an unreadable journal snapshot: {err}", RuntimeWarning, stacklevel=3
        )
        return None
    if not usable:
        _logger.info("Ignoring a journal snapshot written by another hpobench version.")
        return None
    return payload["replica"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building or walking a large state.

    Loading or replaying hundreds of thousands of trials allocates millions of objects
    and none of them is garbage; the collector would walk them all, several times, for
    nothing (it halves the time to load a snapshot).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
