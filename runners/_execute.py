"""One run: build the problem instance, sampler and pruner, run the trials, make the record.

:func:`execute_run` works in memory (or, for ``workers > 1``, on a scratch journal that
its worker processes share) and returns a :class:`RunResult`: the trials and the run's
record. It writes nothing to the results storage: the caller commits the result (the
runner, or the worker, see :mod:`runners._remote`), so a run killed midway leaves
nothing behind.
"""

from __future__ import annotations

import contextlib
import datetime
import math
import platform
import time
import traceback
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

import hpobench
from hpobench.trial import FrozenTrial, TrialState
from runners._components import build_pruner, build_sampler
from runners._format import FORMAT_VERSION
from runners._loop import LoopResult, TrialTiming, run_loop
from runners._plan import RunSpec

__all__ = ["RunResult", "execute_run", "make_record"]

_MAX_WARNINGS = 10


@dataclass
class RunResult:
    """A finished run: its spec, its trials (with timing attributes) and its record."""

    spec: RunSpec
    trials: list[FrozenTrial]
    record: dict[str, Any]

    @property
    def status(self) -> str:
        """``"done"`` or ``"failed"``."""
        return str(self.record["status"])


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")


@contextlib.contextmanager
def _quiet(caught: list[str]) -> Iterator[None]:
    """Silence hpobench's per-trial log lines; collect warnings for the record."""
    previous = hpobench.logging.get_verbosity()
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    try:
        with warnings.catch_warnings(record=True) as found:
            warnings.simplefilter("default")
            yield
    finally:
        hpobench.logging.set_verbosity(previous)
    for item in found:
        text = f"{item.category.__name__}: {item.message}"
        if text not in caught and len(caught) < _MAX_WARNINGS:
            caught.append(text)


def build_components(spec: RunSpec, problem: Any) -> tuple[Any, Any, dict[str, str]]:
    """Return the run's sampler, pruner and the versions of the peer packages they use."""
    if spec.sampler.peer is None:
        sampler = build_sampler(spec.sampler, spec.sampler_seed, problem.space)
        return sampler, build_pruner(spec.pruner), {}
    from runners._peers import build_peer

    return build_peer(spec, problem)


def _finish_trials(
    trials: list[FrozenTrial], timings: dict[int, TrialTiming], spec: RunSpec
) -> list[FrozenTrial]:
    """Attach the timing attributes; a trial the sampler left RUNNING becomes FAIL."""
    pruning = spec.pruner is not None
    shared = spec.workers > 1
    finished = []
    for trial in trials:
        if spec.budget.trials is not None and trial.number >= spec.budget.trials:
            continue  # started by a worker of a shared study after the budget was reached
        timing = timings.get(trial.number)
        if timing is not None:
            trial.user_attrs.update(timing.user_attrs(pruning=pruning, shared=shared))
        if not trial.state.is_finished():
            trial.state = TrialState.FAIL
            trial.values = None
            trial.datetime_complete = trial.datetime_complete or datetime.datetime.now()
            trial.user_attrs["error"] = "not finished: the sampler or pruner failed"
        finished.append(trial)
    return finished


def _totals(timings: list[TrialTiming], trials: list[FrozenTrial], wall_s: float) -> dict:
    states = [t.state for t in trials]
    return {
        "ask_s": math.fsum(t.ask_s for t in timings),
        "objective_s": math.fsum(t.objective_s for t in timings),
        "prune_s": math.fsum(t.prune_s for t in timings),
        "tell_s": math.fsum(t.tell_s for t in timings),
        "wall_s": wall_s,
        "n_trials": len(trials),
        "n_steps": sum(t.steps for t in timings),
        "n_complete": states.count(TrialState.COMPLETE),
        "n_pruned": states.count(TrialState.PRUNED),
        "n_fail": states.count(TrialState.FAIL),
    }


def _versions(peers: dict[str, str]) -> dict[str, str]:
    return {
        "hpobench": hpobench.__version__,
        "python": platform.python_version(),
        "numpy": np.__version__,
        **peers,
    }


def make_record(
    spec: RunSpec,
    problem: Any,
    *,
    error: str | None,
    totals: dict[str, Any],
    versions: dict[str, str],
    started: str,
    warnings_seen: list[str],
) -> dict[str, Any]:
    """Return the run's record, the JSON dict stored under ``"hpobench.run"``."""
    f_star = None if problem is None else problem.f_star
    return {
        "format_version": FORMAT_VERSION,
        "benchmark": spec.benchmark,
        "run_key": spec.run_key,
        **spec.identity(),
        "directions": list(problem.directions) if problem is not None else ["minimize"],
        "f_star": None if f_star is None or not math.isfinite(f_star) else float(f_star),
        "status": "failed" if error else "done",
        "error": error,
        "totals": totals,
        "versions": versions,
        "suite": {"name": spec.suite_name, "sha256": spec.suite_sha256},
        "host": platform.node(),
        "warnings": warnings_seen,
        "started": started,
        "finished": _now(),
    }


def _run_here(spec: RunSpec, problem: Any, sampler: Any, pruner: Any) -> tuple:
    """Run a one-process study in memory; return (trials, loop result, wall seconds).

    The study is this run's alone and dropped afterwards, so its trials are returned
    without a copy.
    """
    study = hpobench.create_study(
        directions=problem.directions, sampler=sampler, pruner=pruner, study_name=spec.study_name
    )
    start = time.time()
    loop = run_loop(study, problem, spec.budget, pruning=spec.pruner is not None, start=start)
    wall_s = time.time() - start
    return study.get_trials(deepcopy=False), loop, wall_s


def execute_run(spec: RunSpec) -> RunResult:
    """Run ``spec`` and return its trials and record (nothing is written to a storage).

    Examples
    --------
    >>> from runners import Budget, ComponentSpec, make_plan
    >>> plan = make_plan("demo", ["Branin"], [ComponentSpec("random")],
    ...                  budget=Budget(trials=5), seed=0)
    >>> result = execute_run(plan.runs[0])
    >>> result.status, len(result.trials)
    ('done', 5)
    """
    import suites

    started, caught = _now(), []
    problem, trials, peers = None, [], {}
    loop, wall_s = LoopResult([]), 0.0
    with _quiet(caught):
        try:
            problem = suites.get_problem(spec.problem, seed=spec.problem_seed)
            sampler, pruner, peers = build_components(spec, problem)
            if spec.workers > 1:
                from runners._shared import run_shared

                trials, loop, wall_s = run_shared(spec, list(problem.directions))
            else:
                trials, loop, wall_s = _run_here(spec, problem, sampler, pruner)
        except Exception:
            loop.error = traceback.format_exc()
    timings = {t.number: t for t in loop.timings}
    trials = _finish_trials(trials, timings, spec)
    kept = [timings[t.number] for t in trials if t.number in timings]
    record = make_record(
        spec,
        problem,
        error=loop.error,
        totals=_totals(kept, trials, wall_s),
        versions=_versions(peers),
        started=started,
        warnings_seen=caught,
    )
    return RunResult(spec, trials, record)
