from __future__ import annotations

import enum


class TrialState(enum.IntEnum):
    """The life-cycle state of a trial.

    ``WAITING`` (enqueued, not started) → ``RUNNING`` → one of the finished states
    ``COMPLETE``, ``PRUNED`` or ``FAIL``.

    Examples
    --------
    >>> from hpobench.trial import TrialState
    >>> TrialState.COMPLETE.is_finished()
    True
    """

    RUNNING = 0
    COMPLETE = 1
    PRUNED = 2
    FAIL = 3
    WAITING = 4

    def __repr__(self) -> str:
        return f"TrialState.{self.name}"

    def is_finished(self) -> bool:
        """Return whether the state is COMPLETE, PRUNED or FAIL."""
        return self in _FINISHED


_FINISHED = frozenset({TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL})
