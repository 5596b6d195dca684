"""The runner's SIGINT guard: one KeyboardInterrupt, none inside a deferred block."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from runners._interrupt import InterruptGuard


def _ctrl_c() -> None:
    os.kill(os.getpid(), signal.SIGINT)  # the handler runs in this (the main) thread


def test_first_sigint_raises_later_ones_are_counted_only() -> None:
    with InterruptGuard() as guard:
        assert guard.installed
        with pytest.raises(KeyboardInterrupt):
            _ctrl_c()
        _ctrl_c()  # the cleanup after a Ctrl+C is not cut short by another one
        with guard.deferred():
            _ctrl_c()
    assert guard.count == 3
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_deferred_sigint_is_raised_when_the_block_ends() -> None:
    reached = []
    with InterruptGuard() as guard, pytest.raises(KeyboardInterrupt), guard.deferred():
        _ctrl_c()
        _ctrl_c()
        reached.append("end of block")
    assert reached == ["end of block"]
    assert guard.count == 2


def test_outside_the_main_thread_the_guard_changes_nothing() -> None:
    seen = []

    def check() -> None:
        with InterruptGuard() as guard:
            seen.append(guard.installed)

    thread = threading.Thread(target=check)
    thread.start()
    thread.join()
    assert seen == [False]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
