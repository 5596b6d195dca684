"""``study.optimize(..., parallel="process")``: workers in processes sharing one storage."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from hpobench import logging
from hpobench.storages._in_memory import InMemoryStorage

if TYPE_CHECKING:
    from hpobench.study._optimize import _Run

_POLL_SECONDS = 0.25


def run_processes(run: _Run, n_jobs: int) -> None:
    """Run ``n_jobs`` worker processes (joblib's loky) that optimize the same stored study.

    The trials are shared out (``n_trials`` split evenly; each worker keeps the same
    ``timeout``), so the study gets exactly ``n_trials`` trials. Objectives and callbacks
    are sent with cloudpickle, so lambdas and closures work.
    """
    from joblib import Parallel, delayed

    study = run.study
    if isinstance(study._storage, InMemoryStorage):
        raise ValueError(
            "parallel='process' needs a storage that processes can share (e.g. "
            "storage='sqlite:///study.db', a journal file or Redis); this study keeps its "
            "trials in memory."
        )
    shares = _shares(run.n_trials, n_jobs)
    n_before = study._storage.get_n_trials(study._study_id)
    stop_polling = threading.Event()
    poller = threading.Thread(
        target=_poll_progress, args=(run, n_before, stop_polling), daemon=True
    )
    poller.start()
    try:
        Parallel(n_jobs=len(shares), backend="loky")(
            delayed(_worker)(
                study.study_name,
                study._storage,
                study.sampler,
                study.pruner,
                run.func,
                share,
                _remaining(run),
                run.catch,
                run.callbacks,
                run.gc_after_trial,
                logging.get_verbosity(),
            )
            for share in shares
        )
    finally:
        stop_polling.set()
        poller.join()


def _shares(n_trials: int | None, n_jobs: int) -> list[int | None]:
    if n_trials is None:
        return [None] * n_jobs
    n_workers = max(1, min(n_jobs, n_trials))
    return [n_trials // n_workers + (i < n_trials % n_workers) for i in range(n_workers)]


def _remaining(run: _Run) -> float | None:
    return None if run.timeout is None else max(run.timeout - run.elapsed(), 1e-3)


def _poll_progress(run: _Run, n_before: int, stop: threading.Event) -> None:
    seen = n_before
    while not stop.wait(_POLL_SECONDS):
        count = run.study._storage.get_n_trials(run.study._study_id)
        if count > seen:
            run.progress.update(run.elapsed(), run.study, count - seen)
            seen = count


def _worker(
    study_name: str,
    storage: Any,
    sampler: Any,
    pruner: Any,
    func: Any,
    n_trials: int | None,
    timeout: float | None,
    catch: tuple[type[Exception], ...],
    callbacks: list[Any],
    gc_after_trial: bool,
    verbosity: int,
) -> int:
    from hpobench.study._functions import load_study

    logging.set_verbosity(verbosity)
    study = load_study(study_name=study_name, storage=storage, sampler=sampler, pruner=pruner)
    started = time.perf_counter()
    study.optimize(
        func,
        n_trials=n_trials,
        timeout=timeout,
        catch=catch,
        callbacks=callbacks,
        gc_after_trial=gc_after_trial,
    )
    return int(time.perf_counter() - started)
