"""Inter-process locks that serialise appends to a journal file."""

from __future__ import annotations

import abc
import os
import socket
import threading
import time
import uuid
import warnings
from types import TracebackType
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_MAX_WAIT = 0.05  # seconds between two tries of a busy symlink lock


class BaseJournalFileLock(abc.ABC):
    """A lock that one process at a time holds while it appends to a journal file.

    Locks also serialise the threads of one process. Use them as context managers.
    """

    @abc.abstractmethod
    def acquire(self) -> bool:
        """Block until the lock is held; return True."""

    @abc.abstractmethod
    def release(self) -> None:
        """Release the lock."""

    def __enter__(self) -> BaseJournalFileLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


class JournalFileOpenLock(BaseJournalFileLock):
    """An ``fcntl.flock`` on ``<file_path>.lock``; the default lock of a journal file.

    The operating system releases the lock when its holder dies, so a killed worker never
    leaves a stale lock. ``flock`` works on local file systems and on NFS v4; on older NFS
    use :class:`JournalFileSymlinkLock`.

    Parameters
    ----------
    file_path : str or path-like
        The journal file; the lock file is this path with ``.lock`` appended.
    grace_period : float or None, default=30
        Accepted for compatibility with Optuna and ignored: a flock cannot go stale.

    Raises
    ------
    RuntimeError
        On a platform without ``fcntl`` (Windows).

    Examples
    --------
    >>> import tempfile, os
    >>> lock = JournalFileOpenLock(os.path.join(tempfile.mkdtemp(), "journal.log"))
    >>> with lock:
    ...     pass
    """

    def __init__(self, file_path: str | os.PathLike[str], grace_period: float | None = 30) -> None:
        if fcntl is None:  # pragma: no cover - Windows
            raise RuntimeError(
                "JournalFileOpenLock needs fcntl, which this platform lacks; pass "
                "lock_obj=JournalFileSymlinkLock(file_path) instead."
            )
        self._lock_path = os.fspath(file_path) + ".lock"
        self._thread_lock = threading.Lock()
        self._fd: int | None = None
        self._pid = -1

    def __getstate__(self) -> dict[str, Any]:
        return {"lock_path": self._lock_path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._lock_path = state["lock_path"]
        self._thread_lock = threading.Lock()
        self._fd = None
        self._pid = -1

    def acquire(self) -> bool:
        self._thread_lock.acquire()
        try:
            fcntl.flock(self._lock_fd(), fcntl.LOCK_EX)
        except BaseException:
            self._thread_lock.release()
            raise
        return True

    def release(self) -> None:
        try:
            fcntl.flock(self._lock_fd(), fcntl.LOCK_UN)
        finally:
            self._thread_lock.release()

    def _lock_fd(self) -> int:
        # A forked child shares its parent's open file description, and with it the
        # flock; each process therefore opens the lock file for itself.
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o666)
            self._pid = os.getpid()
        return self._fd


class JournalFileSymlinkLock(BaseJournalFileLock):
    """A lock that exists while the symlink ``<file_path>.symlock`` does; for any NFS.

    Creating a symlink is atomic even on NFS v2/v3, where ``flock`` may not work. A lock
    whose holder died stays until it is older than ``grace_period``; then the next
    process that wants the lock breaks it (with a warning). Appends take milliseconds,
    so a grace period of seconds is safe.

    Parameters
    ----------
    file_path : str or path-like
        The journal file; the lock is this path with ``.symlock`` appended.
    grace_period : float or None, default=30
        Seconds after which a held lock counts as abandoned; None never breaks a lock.

    Raises
    ------
    ValueError
        When ``grace_period`` is not None or a number > 0.

    Examples
    --------
    >>> import tempfile, os
    >>> lock = JournalFileSymlinkLock(os.path.join(tempfile.mkdtemp(), "journal.log"))
    >>> with lock:
    ...     pass
    """

    def __init__(self, file_path: str | os.PathLike[str], grace_period: float | None = 30) -> None:
        if grace_period is not None and (
            isinstance(grace_period, bool)
            or not isinstance(grace_period, (int, float))
            or grace_period <= 0
        ):
            raise ValueError(
                f"grace_period must be None or a number of seconds > 0; got {grace_period!r}."
            )
        self._lock_path = os.fspath(file_path) + ".symlock"
        self._grace_period = grace_period
        self._thread_lock = threading.Lock()
        self._holder: str | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"lock_path": self._lock_path, "grace_period": self._grace_period}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._lock_path = state["lock_path"]
        self._grace_period = state["grace_period"]
        self._thread_lock = threading.Lock()
        self._holder = None

    def acquire(self) -> bool:
        self._thread_lock.acquire()
        holder = f"{socket.gethostname()}.{os.getpid()}.{uuid.uuid4().hex}"
        wait = 0.001
        try:
            while True:
                try:
                    os.symlink(holder, self._lock_path)
                    self._holder = holder
                    return True
                except FileExistsError:
                    pass
                if not self._break_if_stale():
                    time.sleep(wait)
                    wait = min(2 * wait, _MAX_WAIT)
        except BaseException:
            self._thread_lock.release()
            raise

    def release(self) -> None:
        try:
            if os.readlink(self._lock_path) == self._holder:
                os.unlink(self._lock_path)
            else:
                warnings.warn(
                    f"The journal lock {self._lock_path!r} was broken by another process "
                    "while this one held it; raise grace_period.",
                    RuntimeWarning,
                    stacklevel=2,
                )
        except FileNotFoundError:
            pass
        finally:
            self._holder = None
            self._thread_lock.release()

    def _break_if_stale(self) -> bool:
        """Remove the lock if it is older than the grace period; return whether it is gone."""
        try:
            age = time.time() - os.lstat(self._lock_path).st_mtime
        except FileNotFoundError:
            return True
        if self._grace_period is None or age <= self._grace_period:
            return False
        # Renaming is atomic, so only one of several waiting processes breaks the lock.
        stale = f"{self._lock_path}.stale-{uuid.uuid4().hex}"
        try:
            os.rename(self._lock_path, stale)
        except FileNotFoundError:
            return True
        warnings.warn(
            f"Broke the journal lock {self._lock_path!r}, held for {age:.0f} s (more than "
            f"grace_period={self._grace_period} s); its holder probably died.",
            RuntimeWarning,
            stacklevel=3,
        )
        os.unlink(stale)
        return True
