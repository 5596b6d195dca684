"""Small benchmarks of the report's topic sections, run with the real runner.

A module of its own (not ``conftest``) so that test modules import its names. Budgets are
tiny: the sections must appear and show the analysis' numbers, not reach any optimum.
"""

from __future__ import annotations

from typing import Any

import hpobench
import runners

C = runners.ComponentSpec
SAMPLERS = [C("random"), C("tpe")]

# A learning curve of ten steps: a random sampler with and without a median pruner.
PRUNING = "pruning"
CURVE = "LearningCurve(family='pow',dim=4,rho=0.8,noise=0.0,n_steps=10)"
MEDIAN = C("median", {"n_startup_trials": 2, "n_warmup_steps": 1})

# Two ML tasks of different dimension (2 and 6) and a two-objective problem.
TOPICS = "topics"
FRONT_PROBLEM = "DTLZ2(n_obj=2,dim=3)"
ML_TASKS = ["DT-iris(metric='acc',cv=3)", "kNN-iris(metric='acc',cv=3)"]

# The same study run by one worker and shared by two (two benchmarks, one storage).
SCALING = ("scale-w1", "scale-w2")


def _run(storage: Any, plans: list[runners.Plan]) -> None:
    previous = hpobench.logging.get_verbosity()
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    try:
        for plan in plans:
            runners.run_plan(plan, storage)
    finally:
        hpobench.logging.set_verbosity(previous)


def run_pruning(storage: Any) -> None:
    """3 repeats x 12 trials of the curve, unpruned and with the median pruner."""
    plan = runners.make_plan(
        PRUNING,
        [CURVE],
        [C("random")],
        [None, MEDIAN],
        repeats=3,
        budget=runners.Budget(trials=12),
        seed=0,
    )
    _run(storage, [plan])


def run_topics(storage: Any) -> None:
    """2 repeats x 8 trials of random and TPE on the ML tasks and the two-objective problem."""
    plan = runners.make_plan(
        TOPICS,
        [FRONT_PROBLEM, *ML_TASKS],
        SAMPLERS,
        repeats=2,
        budget=runners.Budget(trials=8),
        seed=0,
    )
    _run(storage, [plan])


def run_scaling(storage: Any) -> None:
    """One run of 6 trials on Branin with one worker, and one shared by two workers."""
    plans = [
        runners.make_plan(
            name,
            ["Branin"],
            [C("random")],
            repeats=1,
            budget=runners.Budget(trials=6),
            seed=0,
            workers=workers,
        )
        for workers, name in enumerate(SCALING, start=1)
    ]
    _run(storage, plans)


def run_baseline(storage: Any, benchmark: str, problems: list[str]) -> None:
    """A baseline of ``benchmark`` (5 repeats) where random search had 1 trial and TPE 30:
    a current run of 10 trials each is then better with random search, worse with TPE."""
    plans = [
        runners.make_plan(
            benchmark,
            problems,
            [C(name)],
            repeats=5,
            budget=runners.Budget(trials=trials),
            seed=1,
        )
        for name, trials in (("random", 1), ("tpe", 30))
    ]
    _run(storage, plans)
