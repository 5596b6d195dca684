"""Runs on a Dask cluster in batches sized by how long runs take.

Each Dask task costs the client and the scheduler a few milliseconds of CPU; on a small
cluster that CPU is taken from the workers, and runs of a few tens of milliseconds (a
cheap problem, 80 trials) then spend a fifth of their time on it. A task therefore
carries a batch of runs. The first tasks carry one run each; once runs have been timed,
a batch holds as many as take about :data:`TARGET_TASK_S` seconds, never more than
:data:`MAX_BATCH`, and never so many that the last tasks leave workers idle. Only about
two tasks per worker are in flight, so new batches follow what was measured.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from runners._plan import RunSpec

__all__ = ["MAX_BATCH", "TARGET_TASK_S", "BatchSizer", "run_batch", "submit_in_batches"]

TARGET_TASK_S = 0.5
MAX_BATCH = 32
_TASKS_PER_WORKER = 2
_RECOUNT_WORKERS_S = 1.0


class BatchSizer:
    """How many runs the next task carries, from the run times seen so far.

    Examples
    --------
    >>> sizer = BatchSizer()
    >>> sizer.next_size(remaining=100, n_workers=2)  # nothing timed yet
    1
    >>> sizer.observe(n_runs=4, seconds=0.2)  # 50 ms per run
    >>> sizer.next_size(remaining=100, n_workers=2)
    10
    >>> sizer.next_size(remaining=12, n_workers=2)  # the tail is shared out
    3
    """

    def __init__(self, target_s: float = TARGET_TASK_S, max_size: int = MAX_BATCH) -> None:
        self._target_s = target_s
        self._max_size = max_size
        self._runs = 0
        self._seconds = 0.0

    def observe(self, n_runs: int, seconds: float) -> None:
        """Record that a task ran ``n_runs`` runs in ``seconds``."""
        self._runs += n_runs
        self._seconds += seconds

    def next_size(self, remaining: int, n_workers: int) -> int:
        """Return the runs of the next task (at least 1)."""
        if self._runs == 0:
            return 1
        per_run = max(self._seconds / self._runs, 1e-6)
        by_time = int(self._target_s / per_run)
        fair_share = remaining // (_TASKS_PER_WORKER * max(n_workers, 1))
        return max(1, min(by_time, self._max_size, fair_share))


def run_batch(task: Callable[[RunSpec], Any], specs: Sequence[RunSpec]) -> tuple[list, float]:
    """Run ``task`` on each spec in turn (in a Dask worker); return the results and seconds."""
    start = time.perf_counter()
    results = [task(spec) for spec in specs]
    return results, time.perf_counter() - start


def submit_in_batches(
    client: Any,
    specs: Sequence[RunSpec],
    task: Callable[[RunSpec], Any],
    submitted: list,
    sizer: BatchSizer | None = None,
) -> Iterator[Any]:
    """Submit ``specs`` to ``client`` in batches; yield each run's result as batches end.

    ``submitted`` receives every future, so that the caller can cancel those still
    pending when it stops early.
    """
    from dask.distributed import as_completed

    sizer = sizer or BatchSizer()
    workers = _WorkerCount(client)
    queue = list(reversed(specs))

    def submit_next(pending: Any) -> None:
        size = sizer.next_size(len(queue), workers.get())
        batch = [queue.pop() for _ in range(min(size, len(queue)))]
        future = client.submit(run_batch, task, batch, pure=False)
        submitted.append(future)
        pending.add(future)

    pending = as_completed()
    for _ in range(_TASKS_PER_WORKER * workers.get()):
        if queue:
            submit_next(pending)
    for future in pending:
        results, seconds = future.result()
        future.release()
        sizer.observe(len(results), seconds)
        while queue and pending.count() < _TASKS_PER_WORKER * workers.get():
            submit_next(pending)
        yield from results


class _WorkerCount:
    """The cluster's worker threads, asked of the scheduler at most once a second."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._count = 1
        self._asked_at = -float("inf")

    def get(self) -> int:
        now = time.monotonic()
        if now - self._asked_at >= _RECOUNT_WORKERS_S:
            self._asked_at = now
            self._count = max(1, sum(self._client.nthreads().values()))
        return self._count
