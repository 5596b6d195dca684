"""Runs travel to Dask in batches sized by their measured time."""

from __future__ import annotations

import time

import pytest

from runners._dask_batches import MAX_BATCH, BatchSizer, submit_in_batches


def test_first_tasks_carry_one_run() -> None:
    assert BatchSizer().next_size(remaining=1000, n_workers=4) == 1


def test_batch_holds_the_runs_of_the_target_time() -> None:
    sizer = BatchSizer(target_s=1.0)
    sizer.observe(n_runs=10, seconds=1.0)
    assert sizer.next_size(remaining=1000, n_workers=2) == 10


def test_batch_is_capped_for_very_short_runs() -> None:
    sizer = BatchSizer()
    sizer.observe(n_runs=1000, seconds=0.001)
    assert sizer.next_size(remaining=100_000, n_workers=2) == MAX_BATCH


def test_tail_is_shared_between_workers() -> None:
    sizer = BatchSizer()
    sizer.observe(n_runs=1000, seconds=0.001)
    assert sizer.next_size(remaining=40, n_workers=4) == 5
    assert sizer.next_size(remaining=3, n_workers=4) == 1


def test_slow_runs_go_one_per_task() -> None:
    sizer = BatchSizer()
    sizer.observe(n_runs=2, seconds=60.0)
    assert sizer.next_size(remaining=1000, n_workers=2) == 1


def _square_slowly(x: int) -> int:
    time.sleep(0.002)
    return x * x


def test_every_run_is_done_once_in_fewer_tasks() -> None:
    distributed = pytest.importorskip("dask.distributed", reason="needs dask[distributed]")
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2) as client:
        futures: list = []
        results = list(submit_in_batches(client, list(range(200)), _square_slowly, futures))
    assert sorted(results) == [x * x for x in range(200)]
    assert len(futures) < 100, "runs of 2 ms should share tasks"
