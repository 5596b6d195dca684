"""single_threaded_blas: BLAS runs on one thread inside, and its thread count comes back."""

from __future__ import annotations

import threading

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from hpobench.samplers._blas import single_threaded_blas


def _blas_threads() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


@pytest.fixture
def two_blas_threads():
    if not _blas_threads():
        pytest.skip("no BLAS library that threadpoolctl can control is loaded")
    with threadpool_limits(limits=2, user_api="blas"):
        yield


def test_limits_to_one_thread_and_restores(two_blas_threads: None) -> None:
    before = _blas_threads()
    with single_threaded_blas():
        assert set(_blas_threads()) == {1}
    assert _blas_threads() == before


def test_nested_blocks_restore_only_at_the_outermost(two_blas_threads: None) -> None:
    before = _blas_threads()
    with single_threaded_blas():
        with single_threaded_blas():
            pass
        assert set(_blas_threads()) == {1}
    assert _blas_threads() == before


def test_restores_after_an_error(two_blas_threads: None) -> None:
    before = _blas_threads()
    with pytest.raises(RuntimeError), single_threaded_blas():
        raise RuntimeError("boom")
    assert _blas_threads() == before


def test_overlapping_blocks_in_threads_restore_the_counts(two_blas_threads: None) -> None:
    before = _blas_threads()
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with single_threaded_blas():
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=hold)
    worker.start()
    inside.wait(5)
    with single_threaded_blas():
        pass
    release.set()
    worker.join()
    assert _blas_threads() == before
