"""Ctrl+C while a plan runs: one interrupt, never one that cuts the cleanup short.

The first SIGINT raises :class:`KeyboardInterrupt` in the main thread, as usual: it
stops the run computing there (or the wait for the workers). Every later SIGINT is only
counted, so the cleanup that follows (cancelling the runs in flight, then waiting for
the committer thread to store the runs that finished) always completes and the summary
reports exactly what the storage holds. Inside :meth:`InterruptGuard.deferred` even the
first SIGINT waits: it is raised when the block ends.

Why not Python's own handler: a ``KeyboardInterrupt`` raised while the main thread
waits in ``Thread.join`` can leave the thread marked as stopped although it still runs
(CPython 3.11, the bpo-45274 fix), so the runner would report and exit in the middle of
a commit.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType

__all__ = ["InterruptGuard"]


class InterruptGuard:
    """Handle SIGINT for the duration of a ``with`` block (main thread only).

    Outside the main thread, or when SIGINT has a handler other than Python's default
    one (an application's own, or ignored), the guard changes nothing.

    Attributes
    ----------
    count : int
        SIGINTs received in the block.

    Examples
    --------
    >>> with InterruptGuard() as guard:
    ...     with guard.deferred():
    ...         pass  # a SIGINT here is raised only when this block ends
    >>> guard.count
    0
    """

    def __init__(self) -> None:
        self.count = 0
        self._raised = False
        self._deferring = False
        self._previous: signal.Handlers | None = None
        self._installed = False

    def __enter__(self) -> InterruptGuard:
        if (
            threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler
        ):
            self._previous = signal.signal(signal.SIGINT, self._on_sigint)
            self._installed = True
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)
            self._installed = False

    @property
    def installed(self) -> bool:
        """Whether the guard handles SIGINT (the block runs in the main thread)."""
        return self._installed

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold a first SIGINT until the block ends, then raise it."""
        previous, self._deferring = self._deferring, True
        try:
            yield
        finally:
            self._deferring = previous
        if self.count and not self._raised and not previous:
            self._raised = True
            raise KeyboardInterrupt

    def _on_sigint(self, signum: int, frame: FrameType | None) -> None:
        self.count += 1
        if self._deferring or self._raised:
            return
        self._raised = True
        raise KeyboardInterrupt
