"""JournalFileBackend: the journal as a file of JSON lines, one operation per line."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import uuid
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

from hpobench.exceptions import StorageInternalError
from hpobench.storages.journal import _ops
from hpobench.storages.journal._base import (
    BaseJournalBackend,
    BaseJournalHeartbeats,
    BaseJournalSnapshot,
)
from hpobench.storages.journal._file_lock import BaseJournalFileLock, JournalFileOpenLock

_FINGERPRINT_BYTES = 4096
_SEPARATORS = (",", ":")
_READ_CHUNK = 1 << 22  # bytes read at a time
_MAX_REMEMBERED_POSITIONS = 64


class JournalFileBackend(BaseJournalBackend, BaseJournalSnapshot, BaseJournalHeartbeats):
    """Keep a journal in a file of JSON lines that processes on one machine (or NFS) share.

    Writers append whole lines with ``O_APPEND`` while holding ``lock_obj``, then
    ``fsync``. Readers take no lock: they read from where they stopped and use only
    complete lines, leaving a line still being written for the next read. A line torn by
    a writer that died mid-write is ended by the next writer, then skipped with a warning
    like any other line that is not a JSON object.

    Two side files sit next to the journal: ``<file_path>.snapshot`` (the latest snapshot
    of the replayed state, replaced atomically) and the folder ``<file_path>.heartbeats``
    (one empty file per running trial, whose modification time is its last heartbeat).

    Parameters
    ----------
    file_path : str or path-like
        The journal file; created when missing. Its folder must exist.
    lock_obj : BaseJournalFileLock or None, default=None
        The inter-process lock; None uses :class:`JournalFileOpenLock` (``flock``). On NFS
        without working ``flock``, pass :class:`JournalFileSymlinkLock`.
    fsync : bool or "always", default=True
        When appends wait until the data is on disk. True: at durability points — every
        change of a study or of a trial's state (then everything appended before is on
        disk too); a running trial's parameters and reports are written (visible to every
        process, safe from a worker's crash) but synced with its end. ``"always"``: after
        every append. False: never, so a crash of the machine (not of a worker) may lose
        or garble the latest appends.

    Raises
    ------
    FileNotFoundError
        When the folder of ``file_path`` does not exist.
    PermissionError
        When the file cannot be opened for appending.
    IsADirectoryError
        When ``file_path`` is a folder.

    Examples
    --------
    >>> import tempfile, os
    >>> backend = JournalFileBackend(os.path.join(tempfile.mkdtemp(), "journal.log"))
    >>> backend.append_logs([{"op": "demo"}])
    >>> list(backend.read_logs(0))
    [{'op': 'demo'}]
    """

    def __init__(
        self,
        file_path: str | os.PathLike[str],
        lock_obj: BaseJournalFileLock | None = None,
        *,
        fsync: bool | str = True,
    ) -> None:
        if lock_obj is not None and not isinstance(lock_obj, BaseJournalFileLock):
            raise TypeError(
                "lock_obj must be None or a BaseJournalFileLock such as "
                f"JournalFileSymlinkLock(file_path); got {type(lock_obj).__name__}."
            )
        self._path = os.fspath(file_path)
        self._lock = lock_obj if lock_obj is not None else JournalFileOpenLock(self._path)
        if fsync not in (True, False, "always"):
            raise ValueError(f"fsync must be True, False or 'always'; got {fsync!r}.")
        self._fsync = fsync
        self._init_process_state()
        self._writer_fd()  # create the file now, so that a bad path fails here

    def _init_process_state(self) -> None:
        self._fd: int | None = None
        self._pid = -1
        self._positions_lock = threading.Lock()
        self._positions: dict[int, int] = {0: 0}  # log number -> byte offset of its line

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self._path, "lock": self._lock, "fsync": self._fsync}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._path, self._lock, self._fsync = state["path"], state["lock"], state["fsync"]
        self._init_process_state()

    def __repr__(self) -> str:
        return f"JournalFileBackend({self._path!r})"

    # -- the log -------------------------------------------------------------------------
    def read_logs(self, log_number_from: int) -> Iterator[dict[str, Any]]:
        number, offset = log_number_from, self._offset_of(log_number_from)
        try:
            for line in _complete_lines(self._path, offset):
                entry = _parse(line, self._path, number, offset)
                number, offset = number + 1, offset + len(line) + 1
                yield entry
        finally:
            if number != log_number_from:
                self._remember(number, offset)

    def append_logs(self, logs: list[dict[str, Any]]) -> None:
        payload = b"".join(
            json.dumps(log, separators=_SEPARATORS).encode() + b"\n" for log in logs
        )
        with self._lock:
            fd = self._writer_fd()
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                payload = b"\n" + payload  # end a line torn by a writer that died
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            if self._fsync == "always" or (
                self._fsync and any(_ops.is_durability_point(log) for log in logs)
            ):
                os.fsync(fd)

    def _writer_fd(self) -> int:
        if self._fd is None or self._pid != os.getpid():
            self._fd = _open_for_append(self._path)
            self._pid = os.getpid()
        try:
            same = os.path.samestat(os.fstat(self._fd), os.stat(self._path))
        except FileNotFoundError:
            same = False
        if not same:
            raise StorageInternalError(
                f"Journal file {self._path!r} was deleted or replaced while in use; this "
                "process's state no longer matches the file. Restart the workers."
            )
        return self._fd

    def _offset_of(self, log_number: int) -> int:
        with self._positions_lock:
            known = self._positions.get(log_number)
            if known is not None:
                return known
            # Slow path: count lines from the closest known position before it.
            number = max(n for n in self._positions if n <= log_number)
            offset = self._positions[number]
        for line in _complete_lines(self._path, offset):
            if number == log_number:
                break
            number, offset = number + 1, offset + len(line) + 1
        if number != log_number:
            raise ValueError(
                f"log_number_from={log_number} is past the end of journal {self._path!r}, "
                f"which has {number} complete lines."
            )
        return offset

    def _remember(self, log_number: int, offset: int) -> None:
        with self._positions_lock:
            self._positions[log_number] = offset
            if len(self._positions) > _MAX_REMEMBERED_POSITIONS:
                oldest = next(n for n in self._positions if n)  # keeps 0 -> 0
                del self._positions[oldest]

    # -- snapshots -----------------------------------------------------------------------
    def save_snapshot(self, snapshot: bytes, log_number: int) -> None:
        with self._positions_lock:
            offset = self._positions.get(log_number)
        if offset is None:
            return  # this backend has not read that far; a later snapshot will do
        header = {"log_number": log_number, "offset": offset, **self._fingerprint(offset)}
        data = json.dumps(header).encode() + b"\n" + snapshot
        _replace_atomically(self._path + ".snapshot", data, fsync=bool(self._fsync))

    def load_snapshot(self) -> tuple[bytes, int] | None:
        try:
            with open(self._path + ".snapshot", "rb") as f:
                header, snapshot = json.loads(f.readline()), f.read()
            log_number, offset = int(header["log_number"]), int(header["offset"])
            valid = self._fingerprint(offset) == {k: header[k] for k in ("head", "tail")}
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as err:
            warnings.warn(f"Ignoring unreadable snapshot of {self._path!r}: {err}", stacklevel=3)
            return None
        if not valid:
            warnings.warn(
                f"Ignoring the snapshot of {self._path!r}: it does not match the journal, "
                "which was replaced or truncated since.",
                RuntimeWarning,
                stacklevel=3,
            )
            return None
        self._remember(log_number, offset)
        return snapshot, log_number

    def _fingerprint(self, offset: int) -> dict[str, str | None]:
        """Hash the journal's first bytes and the bytes before ``offset``."""
        with open(self._path, "rb") as f:
            if os.fstat(f.fileno()).st_size < offset:
                return {"head": None, "tail": None}
            head = f.read(min(offset, _FINGERPRINT_BYTES))
            f.seek(max(0, offset - _FINGERPRINT_BYTES))
            tail = f.read(min(offset, _FINGERPRINT_BYTES))
        return {"head": hashlib.sha256(head).hexdigest(), "tail": hashlib.sha256(tail).hexdigest()}

    # -- heartbeats ----------------------------------------------------------------------
    def write_heartbeat(self, trial_id: int, when: float) -> None:
        path = self._heartbeat_path(trial_id)
        try:
            os.utime(path, (when, when))
        except FileNotFoundError:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o666))
            os.utime(path, (when, when))

    def read_heartbeats(self, trial_ids: Sequence[int]) -> dict[int, float]:
        beats = {}
        for trial_id in trial_ids:
            with contextlib.suppress(FileNotFoundError):
                beats[trial_id] = os.stat(self._heartbeat_path(trial_id)).st_mtime
        return beats

    def delete_heartbeat(self, trial_id: int) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._heartbeat_path(trial_id))

    def _heartbeat_path(self, trial_id: int) -> str:
        return os.path.join(self._path + ".heartbeats", str(int(trial_id)))


def _complete_lines(path: str, offset: int) -> Iterator[bytes]:
    """Yield the complete lines (without their newline) from byte ``offset`` on.

    A last line without its newline is still being written, or was torn; it is left for a
    later read.
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        raise StorageInternalError(
            f"Journal file {path!r} was deleted while in use. Restart the workers."
        ) from None
    try:
        size, pending = os.fstat(fd).st_size, b""
        while offset < size:
            chunk = os.pread(fd, min(_READ_CHUNK, size - offset), offset)
            if not chunk:
                break
            offset += len(chunk)
            data = pending + chunk
            end = data.rfind(b"\n") + 1
            pending = data[end:]
            if end:
                yield from data[: end - 1].split(b"\n")
    finally:
        os.close(fd)


def _parse(line: bytes, path: str, number: int, offset: int) -> dict[str, Any]:
    """Read one complete line; an unreadable one warns and becomes ``{}``."""
    try:
        entry = json.loads(line)
    except ValueError:
        entry = None
    if isinstance(entry, dict):
        return entry
    warnings.warn(
        f"Skipped line {number} of journal {path!r} (byte {offset}): not a JSON object, "
        f"probably written by a worker that died mid-write: {line[:80]!r}",
        RuntimeWarning,
        stacklevel=4,
    )
    return {}


def _open_for_append(path: str) -> int:
    """Open (creating) the journal for appending; explain the usual failures."""
    try:
        return os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)
    except FileNotFoundError:
        folder = os.path.dirname(os.path.abspath(path))
        raise FileNotFoundError(
            f"Cannot create journal file {path!r}: its folder {folder!r} does not exist. "
            "Create the folder first or choose another file_path."
        ) from None
    except PermissionError:
        raise PermissionError(
            f"Cannot open journal file {path!r} for appending: permission denied. Make the "
            "file and its folder writable by this user, or choose another file_path."
        ) from None
    except IsADirectoryError:
        raise IsADirectoryError(
            f"Journal file_path {path!r} is a folder; give the path of a file inside it."
        ) from None


def _replace_atomically(path: str, data: bytes, *, fsync: bool) -> None:
    """Write ``data`` to a temporary file next to ``path``, then rename it over ``path``."""
    temporary = f"{path}.{os.getpid()}-{uuid.uuid4().hex}.tmp"
    try:
        with open(temporary, "wb") as f:
            f.write(data)
            if fsync:
                f.flush()
                os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
