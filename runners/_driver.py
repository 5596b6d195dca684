"""Run a plan against a storage: resume, execute, commit each run, report progress.

:func:`run_plan` skips the runs the storage already holds, deletes the incomplete ones
(killed while being committed) and runs the rest; each run is committed as soon as it
finishes, so Ctrl+C (or a kill) loses at most the runs in flight. Running the same plan
on the same storage again resumes it.

Who commits: serially, or when the storage is an object, a committer thread of this
process (:class:`_Committer`); with parallel backends and a storage URL, each worker
commits the runs it executes (:mod:`runners._remote`) and this process only counts the
outcomes (:class:`_Tallier`).
"""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import hpobench
from hpobench.storages import BaseStorage
from runners._backends import check_backend, iter_committed, iter_results, warm_up
from runners._execute import RunResult
from runners._interrupt import InterruptGuard
from runners._plan import Plan, RunSpec
from runners._remote import RunOutcome, last_line, worker_url
from runners._store import commit_run, delete_runs, open_storage, scan

__all__ = ["RunSummary", "RunnerError", "run_plan"]


class RunnerError(hpobench.exceptions.HpobenchError, RuntimeError):
    """The runner stopped early (a worker process died, the cluster went away)."""


@dataclass(frozen=True)
class RunSummary:
    """What :func:`run_plan` did.

    Attributes
    ----------
    planned : int
        Runs in the plan.
    done, failed : int
        Runs executed now that finished, or whose sampler or pruner failed.
    already_done, already_failed : int
        Runs the storage held before (skipped).
    skipped : int
        Runs not started because their peer package is missing (``skip_reasons``).
    not_run : int
        Runs left to do after an interruption.
    seconds : float
        Wall time.
    interrupted : bool
        Stopped by Ctrl+C.
    failures : tuple of (str, str)
        Run key and last traceback line of each run that failed now.
    """

    planned: int
    done: int = 0
    failed: int = 0
    already_done: int = 0
    already_failed: int = 0
    skipped: int = 0
    not_run: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    failures: tuple[tuple[str, str], ...] = ()
    skip_reasons: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """The end-of-run summary, a few lines for the terminal."""
        head = (
            f"{self.done} runs done, {self.failed} failed, "
            f"{self.already_done + self.already_failed} already stored "
            f"({self.already_failed} of them failed), {self.skipped} skipped, "
            f"{self.not_run} not run; {self.seconds:.1f} s"
        )
        lines = [("interrupted: " if self.interrupted else "") + head]
        lines += [f"failed: {key}: {reason}" for key, reason in self.failures]
        lines += [f"skipped: {reason}" for reason in self.skip_reasons]
        return lines


@dataclass
class _Tally:
    done: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


def _without_missing_peers(specs: list[RunSpec]) -> tuple[list[RunSpec], list[str], int]:
    from runners._peers import missing_package

    kept, reasons, skipped = [], {}, 0
    for spec in specs:
        reason = missing_package(spec.sampler)
        if reason is None:
            kept.append(spec)
        else:
            reasons.setdefault(reason, None)
            skipped += 1
    return kept, list(reasons), skipped


class _NoBar:
    """What the committer calls on a progress bar, doing nothing (tqdm is not imported)."""

    def update(self, n: int = 1) -> None:
        """Count ``n`` more runs (ignored)."""

    def set_postfix(self, **values: Any) -> None:
        """Show counts next to the bar (ignored)."""


@contextlib.contextmanager
def _progress_bar(total: int, label: str, enabled: bool) -> Iterator:
    if not enabled or total == 0:
        yield _NoBar()
        return
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc=label, unit="run", file=sys.stderr)
    try:
        yield bar
    finally:
        bar.close()


def _prepare(store: BaseStorage, plan: Plan, retry_failed: bool) -> tuple[list[RunSpec], int, int]:
    """Delete incomplete (and, if asked, failed) runs; return the to-do list and counts."""
    state = scan(store, plan)
    delete_runs(store, state.incomplete)
    planned = {spec.run_key for spec in plan}
    if retry_failed:
        failed = [r for k, r in state.committed.items() if k in planned and r.status == "failed"]
        delete_runs(store, [r.study_name for r in failed])
        for run in failed:
            del state.committed[run.run_key]
    stored = [r for k, r in state.committed.items() if k in planned]
    n_failed = sum(r.status == "failed" for r in stored)
    to_do = [spec for spec in plan if spec.run_key not in state.committed]
    return to_do, len(stored) - n_failed, n_failed


def run_plan(
    plan: Plan,
    storage: str | BaseStorage,
    *,
    n_jobs: int = 1,
    backend: str = "local",
    scheduler: str | None = None,
    retry_failed: bool = False,
    progress: bool = False,
) -> RunSummary:
    """Run the plan's runs that ``storage`` does not hold yet; commit each as it ends.

    Parameters
    ----------
    plan : Plan
        The runs (see :func:`runners.make_plan`, :func:`runners.load_plan`).
    storage : str or BaseStorage
        The results storage (URL, journal path or object).
    n_jobs : int
        Processes (local) or LocalCluster workers (dask); -1 for every core.
    backend : {"local", "dask"}
        Where runs execute (see :func:`runners._backends.iter_results`).
    scheduler : str or None
        A Dask scheduler address; None starts a LocalCluster.
    retry_failed : bool
        Delete and rerun the runs stored as failed.
    progress : bool
        Show a progress bar on stderr.

    Returns
    -------
    RunSummary
        Counts, failures and whether Ctrl+C stopped it.

    Examples
    --------
    >>> import hpobench
    >>> from runners import Budget, ComponentSpec, make_plan
    >>> plan = make_plan("demo", ["Branin"], [ComponentSpec("random")],
    ...                  repeats=2, budget=Budget(trials=5), seed=0)
    >>> storage = hpobench.storages.InMemoryStorage()
    >>> run_plan(plan, storage).done, run_plan(plan, storage).already_done
    (2, 2)
    """
    check_backend(backend, n_jobs, scheduler)
    started = time.perf_counter()
    warming = warm_up(backend, n_jobs)
    store = open_storage(storage)
    to_do, already_done, already_failed = _prepare(store, plan, retry_failed)
    to_do, skip_reasons, skipped = _without_missing_peers(to_do)
    if warming is not None:
        warming.join()
    tally, interrupted = _Tally(), False
    url = worker_url(storage, backend=backend, n_jobs=n_jobs, scheduler=scheduler)
    options = {"backend": backend, "n_jobs": n_jobs, "scheduler": scheduler}
    if url is None:
        results: Iterator[Any] = iter_results(to_do, **options)
    else:
        results = iter_committed(to_do, url, uuid.uuid4().hex, **options)
    previous = hpobench.logging.get_verbosity()
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    try:
        with InterruptGuard() as guard, _progress_bar(len(to_do), plan.benchmark, progress) as bar:
            sink = _Committer(store, tally, bar) if url is None else _Tallier(tally, bar)
            _run_and_commit(results, sink, guard)
    except KeyboardInterrupt:
        interrupted = True
    except Exception as err:
        reason = " ".join(str(err).split()) or type(err).__name__
        counted = "" if url is None else "at least "  # outcomes in flight are not counted
        raise RunnerError(
            f"the runner stopped: {type(err).__name__}: {reason[:300]}; {counted}{tally.done} "
            f"runs done and {tally.failed} failed were committed, "
            f"{len(to_do) - tally.done - tally.failed} were not: run the same command again "
            "to resume"
        ) from err
    finally:
        hpobench.logging.set_verbosity(previous)
    return RunSummary(
        planned=len(plan),
        done=tally.done,
        failed=tally.failed,
        already_done=already_done,
        already_failed=already_failed,
        skipped=skipped,
        not_run=len(to_do) - tally.done - tally.failed,
        seconds=time.perf_counter() - started,
        interrupted=interrupted,
        failures=tuple(tally.failures),
        skip_reasons=tuple(skip_reasons),
    )


def _run_and_commit(
    results: Iterator[Any], committer: _Committer | _Tallier, guard: InterruptGuard
) -> None:
    """Hand each finished run to the committer; on any exit, wait for its last commit.

    The cleanup is nested so that it always reaches :meth:`_Committer.close`: the guard
    raises a Ctrl+C once, and holds it while a run is queued or the commits finish.
    """
    try:
        for result in results:
            with guard.deferred():
                committer.put(result)
    finally:
        try:
            _close(results)
        finally:
            with guard.deferred():
                committer.close()


def _close(results: Iterator[Any]) -> None:
    close = getattr(results, "close", None)
    if close is not None:
        close()  # cancels the runs not finished and stops the workers


class _Committer:
    """Commits finished runs in a background thread, in the order they arrive.

    The next run computes while the last one is written. Ctrl+C reaches only the main
    thread, so a commit is never cut in half; :meth:`close` waits for the queue to drain,
    and the tally it leaves counts exactly the runs stored.
    """

    def __init__(self, store: BaseStorage, tally: _Tally, bar: Any) -> None:
        self._store, self._tally, self._bar = store, tally, bar
        self._queue: queue.Queue[RunResult | None] = queue.Queue()
        self._error: BaseException | None = None
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._work, name="hpobench-commit", daemon=True)
        self._thread.start()

    def put(self, result: RunResult) -> None:
        """Queue a finished run; raise the error of an earlier commit, if one failed."""
        if self._error is not None:
            raise self._error
        self._queue.put(result)

    def close(self) -> None:
        """Commit what is queued, stop the thread, and raise a commit's error.

        The runner calls it with Ctrl+C held back (:class:`InterruptGuard`). Without the
        guard (a custom SIGINT handler), an interrupt while waiting does not cut a commit
        short either: the wait goes on, on an event rather than ``Thread.join`` (which
        an interrupt can end early), and the interrupt is raised once all is stored.
        """
        self._queue.put(None)
        interrupted = False
        while not self._stopped.is_set():
            try:
                self._stopped.wait()
            except KeyboardInterrupt:
                interrupted = True
        if self._error is not None:
            raise self._error
        if interrupted:
            raise KeyboardInterrupt

    def _work(self) -> None:
        try:
            while (result := self._queue.get()) is not None:
                if self._error is not None:
                    continue  # a commit failed: the rest stays to do, for the next resume
                try:
                    self._commit(result)
                except Exception as err:  # reported by put() or close() in the main thread
                    self._error = err
        finally:
            self._stopped.set()

    def _commit(self, result: RunResult) -> None:
        if commit_run(self._store, result):
            tally = self._tally
            if result.status == "done":
                tally.done += 1
            else:
                tally.failed += 1
                tally.failures.append((result.spec.run_key, last_line(result.record["error"])))
        self._bar.set_postfix(done=self._tally.done, failed=self._tally.failed, refresh=False)
        self._bar.update(1)


class _Tallier:
    """Counts the runs the workers committed themselves (:mod:`runners._remote`).

    The counts are exact when the plan completes; after Ctrl+C or a worker's death they
    may miss runs a worker committed but whose outcome did not arrive (resume finds them).
    """

    def __init__(self, tally: _Tally, bar: Any) -> None:
        self._tally, self._bar = tally, bar

    def put(self, outcome: RunOutcome) -> None:
        """Count a run's outcome and advance the progress bar."""
        tally = self._tally
        if outcome.committed:
            if outcome.status == "done":
                tally.done += 1
            else:
                tally.failed += 1
                tally.failures.append((outcome.run_key, outcome.reason or "unknown error"))
        self._bar.set_postfix(done=tally.done, failed=tally.failed, refresh=False)
        self._bar.update(1)

    def close(self) -> None:
        """Nothing to wait for: the workers committed each run before sending it."""
