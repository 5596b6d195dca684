"""Where runs execute: in this process, in local processes (joblib/loky) or on Dask.

Each backend is a generator of :class:`RunResult` in completion order; closing it (the
runner does on Ctrl+C) cancels the runs not yet finished and shuts its workers down.
A run computes the same trials wherever it executes: its seeds travel with its spec.
:func:`iter_committed` has the workers commit each run themselves and yield only a
:class:`runners._remote.RunOutcome` per run.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from runners._dask_batches import submit_in_batches
from runners._execute import RunResult, execute_run
from runners._plan import RunSpec
from runners._remote import RunOutcome, execute_and_commit

__all__ = ["BACKENDS", "BackendError", "iter_committed", "iter_results"]

_Task = Callable[[RunSpec], Any]

BACKENDS = ("local", "dask")


class BackendError(RuntimeError):
    """The backend could not start (e.g. the Dask scheduler is unreachable)."""


def check_backend(backend: str, n_jobs: int, scheduler: str | None) -> None:
    """Validate the backend options.

    Raises
    ------
    ValueError
        For an unknown backend, ``n_jobs`` below 1 (other than -1) or a scheduler address
        with the local backend.
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}; got {backend!r}.")
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or (n_jobs < 1 and n_jobs != -1):
        raise ValueError(f"n_jobs must be an int >= 1, or -1 for every core; got {n_jobs!r}.")
    if scheduler is not None and backend != "dask":
        raise ValueError(
            f"a scheduler address ({scheduler!r}) needs the dask backend; add --backend dask."
        )


def _import_runners() -> bool:
    """Run in a fresh worker: importing this module imports the runner and the engine."""
    import suites  # noqa: F401  (the problem registry, used by every run)

    return True


def warm_up(backend: str, n_jobs: int) -> threading.Thread | None:
    """Start the local worker processes in the background; join before running.

    A loky worker spends about a second importing numpy, scipy and hpobench; started
    while the runner opens and scans the storage, that second is not waited for.
    """
    if backend != "local" or n_jobs == 1:
        return None
    from joblib import Parallel, delayed

    def start() -> None:
        Parallel(n_jobs=n_jobs, backend="loky")(
            delayed(_import_runners)() for _ in range(2 * n_jobs)
        )

    thread = threading.Thread(target=start, name="hpobench-warm-up", daemon=True)
    thread.start()
    return thread


def _serial(specs: Sequence[RunSpec], task: _Task) -> Iterator[Any]:
    for spec in specs:
        yield task(spec)


def _loky(specs: Sequence[RunSpec], n_jobs: int, task: _Task) -> Iterator[Any]:
    from joblib import Parallel, delayed

    parallel = Parallel(n_jobs=n_jobs, backend="loky", return_as="generator_unordered")
    yield from parallel(delayed(task)(spec) for spec in specs)


def _worker_environ() -> dict[str, Any]:
    """The environment Dask's nanny gives LocalCluster workers, less its malloc settings.

    The nanny sets ``MALLOC_TRIM_THRESHOLD_``, which turns off glibc's dynamic mmap
    threshold: every array above 128 KiB is then mapped and unmapped anew, and a GP run
    took about 50% longer in a Dask worker than in this process or a loky worker.
    """
    import dask

    environ = dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {}
    return {k: v for k, v in environ.items() if not k.startswith("MALLOC_")}


def _local_cluster_config() -> dict[str, Any]:
    """Dask settings for the runner's own LocalCluster.

    Besides :func:`_worker_environ`: no statistical profiler in the workers. It samples
    every task thread's stack every 10 ms for a dashboard that this cluster does not
    serve, and cost runs about 4 % of their time.
    """
    return {
        "distributed.nanny.pre-spawn-environ": _worker_environ(),
        "distributed.worker.profile.enabled": False,
    }


def _dask_client(scheduler: str | None, n_jobs: int) -> tuple:
    try:
        import dask
        from dask.distributed import Client, LocalCluster
    except ImportError as err:
        raise BackendError(
            "the dask backend needs dask.distributed: pip install 'dask[distributed]' "
            "(or pip install 'hpobench[dask]')"
        ) from err
    if scheduler is None:
        n_workers = n_jobs if n_jobs > 0 else None
        with dask.config.set(_local_cluster_config()):
            cluster = LocalCluster(
                n_workers=n_workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout=10), None
    except Exception as err:  # OSError, TimeoutError, ValueError for a bad address
        reason = " ".join(str(err).split()) or type(err).__name__
        raise BackendError(f"cannot reach the Dask scheduler {scheduler!r}: {reason}") from err


def _dask(
    specs: Sequence[RunSpec], n_jobs: int, scheduler: str | None, task: _Task
) -> Iterator[Any]:
    client, cluster = _dask_client(scheduler, n_jobs)
    futures: list = []
    try:
        yield from submit_in_batches(client, specs, task, futures)
    finally:
        client.cancel(futures)
        client.close()
        if cluster is not None:
            cluster.close()


def iter_results(
    specs: Sequence[RunSpec],
    *,
    backend: str = "local",
    n_jobs: int = 1,
    scheduler: str | None = None,
) -> Iterator[RunResult]:
    """Execute ``specs`` and yield their results as they finish.

    Parameters
    ----------
    specs : sequence of RunSpec
        The runs.
    backend : {"local", "dask"}
        ``"local"``: in this process (``n_jobs=1``) or in ``n_jobs`` loky processes;
        ``"dask"``: on the cluster at ``scheduler``, or a ``LocalCluster`` of ``n_jobs``
        one-thread worker processes when no address is given; a Dask task carries a
        batch of runs (see :mod:`runners._dask_batches`).
    n_jobs : int
        Local processes (-1: one per core).
    scheduler : str or None
        A Dask scheduler address such as ``"tcp://10.0.0.5:8786"``.
    """
    return _iterate(specs, execute_run, backend, n_jobs, scheduler)


def iter_committed(
    specs: Sequence[RunSpec],
    url: str,
    token: str,
    *,
    backend: str = "local",
    n_jobs: int = 1,
    scheduler: str | None = None,
) -> Iterator[RunOutcome]:
    """Execute and commit ``specs`` in the workers; yield each run's outcome as it ends.

    Parameters
    ----------
    specs : sequence of RunSpec
        The runs.
    url : str
        The results storage, which every worker opens (see
        :func:`runners._remote.worker_url`).
    token : str
        Identifies this plan run (a worker reopens the storage for a new one).
    backend, n_jobs, scheduler
        As for :func:`iter_results`.
    """
    task = functools.partial(execute_and_commit, url=url, token=token)
    return _iterate(specs, task, backend, n_jobs, scheduler)


def _iterate(
    specs: Sequence[RunSpec], task: _Task, backend: str, n_jobs: int, scheduler: str | None
) -> Iterator[Any]:
    check_backend(backend, n_jobs, scheduler)
    if not specs:
        return iter(())
    if backend == "dask":
        return _dask(specs, n_jobs, scheduler, task)
    if n_jobs == 1:
        return _serial(specs, task)
    return _loky(specs, n_jobs, task)
