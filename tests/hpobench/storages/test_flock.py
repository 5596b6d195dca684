"""The exclusive file lock that SQLite writers take: polls briefly, then blocks."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

import pytest

from hpobench.storages._flock import SPIN_NS, lock_exclusive


def _open(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT)


def test_free_lock_is_taken_at_once(tmp_path: Path) -> None:
    fd = _open(tmp_path / "x.lock")
    lock_exclusive(fd)
    other = _open(tmp_path / "x.lock")
    with pytest.raises(BlockingIOError):
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
    os.close(other)


def test_waiter_outlasting_the_poll_blocks_until_release(tmp_path: Path) -> None:
    holder = _open(tmp_path / "x.lock")
    waiter = _open(tmp_path / "x.lock")
    fcntl.flock(holder, fcntl.LOCK_EX)
    hold_s = 10 * SPIN_NS / 1e9
    released_at: list[float] = []
    acquired_at: list[float] = []

    def wait() -> None:
        lock_exclusive(waiter)
        acquired_at.append(time.perf_counter())

    thread = threading.Thread(target=wait)
    thread.start()
    time.sleep(hold_s)
    assert not acquired_at, "the waiter took a lock that another descriptor holds"
    released_at.append(time.perf_counter())
    fcntl.flock(holder, fcntl.LOCK_UN)
    thread.join(timeout=10)
    assert acquired_at and acquired_at[0] >= released_at[0]
    os.close(holder)
    os.close(waiter)
