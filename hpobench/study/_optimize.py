from __future__ import annotations

import gc
import math
import numbers
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hpobench import logging
from hpobench.exceptions import TrialPruned
from hpobench.study._progress import ProgressBar
from hpobench.study._tell import tell
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import ObjectiveFuncType, Study

_logger = logging.get_logger(__name__)
CallbackType = Callable[["Study", FrozenTrial], None]


@dataclass
class _Run:
    """What the workers of one ``optimize`` call share."""

    study: Study
    func: ObjectiveFuncType
    n_trials: int | None
    timeout: float | None
    catch: tuple[type[Exception], ...]
    callbacks: list[CallbackType]
    gc_after_trial: bool
    progress: ProgressBar
    started_at: float = field(default_factory=time.perf_counter)
    n_claimed: int = 0
    error: BaseException | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def claim_slot(self) -> bool:
        """Return whether another trial may start, and count it."""
        with self.lock:
            if self.error is not None or self.study._stop_flag:
                return False
            if self.n_trials is not None and self.n_claimed >= self.n_trials:
                return False
            if self.timeout is not None and self.elapsed() >= self.timeout:
                return False
            self.n_claimed += 1
            return True

    def elapsed(self) -> float:
        return time.perf_counter() - self.started_at


def optimize(
    study: Study,
    func: ObjectiveFuncType,
    n_trials: int | None,
    timeout: float | None,
    n_jobs: int,
    catch: Iterable[type[Exception]] | type[Exception],
    callbacks: list[CallbackType] | None,
    gc_after_trial: bool,
    show_progress_bar: bool,
    parallel: str = "thread",
) -> None:
    """Run ``func`` on new trials until ``n_trials``, ``timeout`` or ``study.stop()``."""
    if parallel not in ("thread", "process"):
        raise ValueError(f"parallel must be 'thread' or 'process'; got {parallel!r}.")
    if not callable(func):
        raise TypeError(f"func must be a callable taking a trial; got {func!r}.")
    n_trials = _check_n_trials(n_trials)
    timeout = _check_timeout(timeout)
    n_jobs = _check_n_jobs(n_jobs)
    run = _Run(
        study=study,
        func=func,
        n_trials=n_trials,
        timeout=timeout,
        catch=_check_catch(catch),
        callbacks=_check_callbacks(callbacks),
        gc_after_trial=bool(gc_after_trial),
        progress=ProgressBar(bool(show_progress_bar), n_trials, timeout),
    )
    if getattr(study._thread_local, "in_optimize_loop", False):
        raise RuntimeError("study.optimize cannot be called from inside an objective or callback.")
    with study._optimize_session():
        try:
            if parallel == "process":
                from hpobench.study._processes import run_processes

                run_processes(run, n_jobs)
            elif n_jobs == 1:
                _worker(run)
            else:
                _run_threads(run, n_jobs)
        finally:
            run.progress.close()
    if run.error is not None:
        raise run.error


def _run_threads(run: _Run, n_jobs: int) -> None:
    with ThreadPoolExecutor(max_workers=n_jobs, thread_name_prefix="hpobench") as pool:
        futures = [pool.submit(_worker, run, True) for _ in range(n_jobs)]
        try:
            wait(futures)
        except KeyboardInterrupt:
            # Let the running trials finish and be stored, then stop.
            with run.lock:
                run.study._stop_flag = True
            wait(futures)
            raise


def _worker(run: _Run, in_thread: bool = False) -> None:
    study = run.study
    study._thread_local.in_optimize_loop = True
    try:
        while run.claim_slot():
            try:
                frozen = run_trial(study, run.func, run.catch)
                for callback in run.callbacks:
                    callback(study, frozen._clone(deep=True))
            except BaseException as err:
                if not in_thread:
                    raise
                with run.lock:
                    if run.error is None:
                        run.error = err
                return
            finally:
                if run.gc_after_trial:
                    gc.collect()
            run.progress.update(run.elapsed(), study)
    finally:
        study._thread_local.in_optimize_loop = False


def run_trial(
    study: Study, func: ObjectiveFuncType, catch: tuple[type[Exception], ...]
) -> FrozenTrial:
    """Ask a trial, run the objective on it, tell the result; re-raise what isn't caught."""
    trial = study.ask()
    func_err: BaseException | None = None
    values: Any = None
    state: TrialState | None = None
    try:
        values = func(trial)
    except TrialPruned as err:
        state, func_err = TrialState.PRUNED, err
    except (Exception, KeyboardInterrupt) as err:
        state, func_err = TrialState.FAIL, err
    frozen, reason = tell(study, trial, values if state is None else None, state, False)
    if frozen.state == TrialState.PRUNED:
        _logger.info(f"Trial {frozen.number} pruned. {func_err or ''}".rstrip())
    elif frozen.state == TrialState.FAIL:
        if func_err is not None:
            _logger.warning(
                f"Trial {frozen.number} failed with parameters: {frozen.params} because of "
                f"the following error: {func_err!r}.",
                exc_info=(type(func_err), func_err, func_err.__traceback__),
            )
        else:
            _logger.warning(f"Trial {frozen.number} failed with value {values!r}: {reason}.")
    if (
        frozen.state == TrialState.FAIL
        and func_err is not None
        and not isinstance(func_err, catch)
    ):
        raise func_err
    return frozen


def _check_n_trials(n_trials: int | None) -> int | None:
    if n_trials is None:
        return None
    if isinstance(n_trials, bool) or not isinstance(n_trials, numbers.Integral) or n_trials < 0:
        raise ValueError(f"n_trials must be None or an int >= 0; got {n_trials!r}.")
    return int(n_trials)


def _check_timeout(timeout: float | None) -> float | None:
    if timeout is None:
        return None
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, numbers.Real)
        or math.isnan(timeout)
        or timeout <= 0
    ):
        raise ValueError(f"timeout must be None or a number of seconds > 0; got {timeout!r}.")
    return float(timeout)


def _check_n_jobs(n_jobs: int) -> int:
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral) or n_jobs == 0:
        raise ValueError(f"n_jobs must be a non-zero int (-1 = all CPUs); got {n_jobs!r}.")
    if n_jobs < 0:
        return max(1, (os.cpu_count() or 1) + 1 + int(n_jobs))
    return int(n_jobs)


def _check_catch(
    catch: Iterable[type[Exception]] | type[Exception],
) -> tuple[type[Exception], ...]:
    if isinstance(catch, type):
        catch = (catch,)
    try:
        types = tuple(catch)
    except TypeError:
        raise TypeError(
            f"catch must be an exception class or a tuple of them; got {catch!r}."
        ) from None
    for t in types:
        if not (isinstance(t, type) and issubclass(t, BaseException)):
            raise TypeError(f"catch must hold exception classes; got {t!r}.")
    return types


def _check_callbacks(callbacks: list[CallbackType] | None) -> list[CallbackType]:
    if callbacks is None:
        return []
    callbacks = list(callbacks)
    for cb in callbacks:
        if not callable(cb):
            raise TypeError(f"callbacks must be callables (study, trial); got {cb!r}.")
    return callbacks
