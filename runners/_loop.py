"""The trial loop of a run: ask, evaluate the problem, tell — each phase timed apart.

The sampler's work happens in ``study.ask(space)`` (every parameter is suggested there)
and ``study.tell`` (its ``after_trial``); the problem's in the evaluation; the pruner's in
``should_prune``. An exception raised by the problem fails the trial and the loop goes
on; one raised by the sampler or pruner ends the loop with its traceback, and the run
is recorded as failed. Nothing is replaced by anything else.
"""

from __future__ import annotations

import math
import time
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.trial import TrialState

if TYPE_CHECKING:
    from hpobench import Study, Trial
    from runners._components import Budget
    from suites import Problem

__all__ = ["LoopResult", "TrialTiming", "run_loop"]


@dataclass
class TrialTiming:
    """Seconds spent per phase of one trial, and when it ended (since the run's start)."""

    number: int
    ask_s: float
    objective_s: float
    prune_s: float
    tell_s: float
    wall_t: float
    steps: int
    worker: int = 0
    error: str | None = None

    def user_attrs(self, *, pruning: bool, shared: bool) -> dict[str, Any]:
        """The trial user attributes of the stored format (see FORMAT.md)."""
        attrs: dict[str, Any] = {
            "ask_s": self.ask_s,
            "objective_s": self.objective_s,
            "tell_s": self.tell_s,
            "wall_t": self.wall_t,
        }
        if pruning:
            attrs["prune_s"] = self.prune_s
        if shared:
            attrs["worker"] = self.worker
        if self.error is not None:
            attrs["error"] = self.error
        return attrs


@dataclass
class LoopResult:
    """The timings of the finished trials and the traceback that stopped the loop, if any."""

    timings: list[TrialTiming]
    error: str | None = None


class _PrunerFailed(Exception):
    """The pruner raised; carries the formatted traceback."""


@dataclass
class _Outcome:
    state: TrialState
    values: float | tuple[float, ...] | None = None
    steps: int = 1
    prune_s: float = 0.0
    error: str | None = None


def _short(err: BaseException) -> str:
    return f"{type(err).__name__}: {' '.join(str(err).split())}"[:500]


def _values(problem: Problem, y: Any) -> float | tuple[float, ...]:
    y = np.asarray(y, dtype=float)
    if problem.n_objectives == 1:
        return float(y.reshape(-1)[0])
    return tuple(float(v) for v in y.reshape(-1))


def _evaluate_steps(problem: Problem, trial: Trial, x: np.ndarray, pruning: bool) -> _Outcome:
    steps, prune_s, last = 0, 0.0, None
    for step, value in problem.iter_steps(x):
        steps, last = steps + 1, value
        trial.report(value, step)
        if not pruning:
            continue
        start = time.perf_counter()
        try:
            prune = trial.should_prune()
        except Exception as err:
            raise _PrunerFailed(traceback.format_exc()) from err
        prune_s += time.perf_counter() - start
        if prune:
            return _Outcome(TrialState.PRUNED, steps=steps, prune_s=prune_s)
    if last is None:
        raise RuntimeError(f"{problem.case_id}.iter_steps yielded no step.")
    return _Outcome(TrialState.COMPLETE, _values(problem, last), steps, prune_s)


def _evaluate(problem: Problem, trial: Trial, pruning: bool) -> _Outcome:
    """Evaluate ``trial``'s parameters; problem errors fail the trial, pruner errors raise."""
    try:
        x = problem.params_to_array(trial.params)
        for i, value in enumerate(problem.evaluate_constraints(x[None, :])[0]):
            trial.set_constraint(f"c{i}", float(value))
        if problem.n_steps is not None:
            outcome = _evaluate_steps(problem, trial, x, pruning)
        else:
            outcome = _Outcome(TrialState.COMPLETE, _values(problem, problem.evaluate(x[None])))
    except _PrunerFailed:
        raise
    except Exception as err:
        return _Outcome(TrialState.FAIL, error=_short(err))
    values = outcome.values
    flat = values if isinstance(values, tuple) else (values,)
    if outcome.state == TrialState.COMPLETE and any(math.isnan(v) for v in flat):  # type: ignore[arg-type]
        return _Outcome(TrialState.FAIL, steps=outcome.steps, error="the objective returned NaN")
    return outcome


def _budget_left(budget: Budget, n_trials: int, n_steps: int, elapsed: float) -> bool:
    if budget.seconds is not None and elapsed >= budget.seconds:
        return False
    if budget.trials is not None and n_trials >= budget.trials:
        return False
    return budget.steps is None or n_steps < budget.steps


def _tell(study: Study, trial: Trial, outcome: _Outcome) -> None:
    if outcome.state == TrialState.COMPLETE:
        study.tell(trial, outcome.values)
    else:
        study.tell(trial, state=outcome.state)


def run_loop(
    study: Study,
    problem: Problem,
    budget: Budget,
    *,
    pruning: bool,
    start: float,
    worker: int = 0,
    counts: Any = None,
) -> LoopResult:
    """Run trials on ``study`` until ``budget`` is spent or the sampler or pruner fails.

    Parameters
    ----------
    study : Study
        The run's study (its sampler and pruner set).
    problem : Problem
        The problem instance.
    budget : Budget
        Trials, steps and/or seconds.
    pruning : bool
        Ask the pruner after each reported step (False: report only).
    start : float
        ``time.time()`` at the run's start; ``wall_t`` and the seconds budget count from it.
    worker : int
        This process's index among the workers sharing the study.
    counts : callable or None
        For a shared study, returns the ``(n_trials, n_steps)`` of all workers; None
        counts this loop's own trials.
    """
    space = problem.space
    result = LoopResult([])
    n_steps = 0
    while True:
        n_done, n_steps_all = counts() if counts is not None else (len(result.timings), n_steps)
        if not _budget_left(budget, n_done, n_steps_all, time.time() - start):
            return result
        t0 = time.perf_counter()
        try:
            trial = study.ask(space)
            t1 = time.perf_counter()
            outcome = _evaluate(problem, trial, pruning)
            t2 = time.perf_counter()
            _tell(study, trial, outcome)
            t3 = time.perf_counter()
        except Exception:
            result.error = traceback.format_exc()
            return result
        n_steps += outcome.steps
        timing = TrialTiming(
            trial.number,
            t1 - t0,
            t2 - t1 - outcome.prune_s,
            outcome.prune_s,
            t3 - t2,
            time.time() - start,
            outcome.steps,
            worker,
            outcome.error,
        )
        result.timings.append(timing)
