"""Hand-made benchmarks in the runners' stored format, with values whose answers are known."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

import hpobench
from analysis import _format
from hpobench.distributions import FloatDistribution
from hpobench.trial import TrialState

_STATES = {"C": TrialState.COMPLETE, "P": TrialState.PRUNED, "F": TrialState.FAIL}


def add_run(
    storage: Any,
    *,
    problem: str,
    method: str,
    repeat: int,
    values: Sequence[float | None],
    benchmark: str = "toy",
    direction: str | Sequence[str] = "minimize",
    f_star: float | None = None,
    budget: int | None = None,
    status: str | None = "done",
    states: str | None = None,
    steps: Sequence[Sequence[float]] | None = None,
    timings: Sequence[tuple[float, float, float]] | None = None,
    pruner: str | None = None,
    extra: dict[str, Any] | None = None,
    params: Sequence[dict[str, float]] | None = None,
) -> str:
    """Store one run; ``states`` is a string of C/P/F per trial (default all C)."""
    directions = [direction] if isinstance(direction, str) else list(direction)
    run_key = f"{problem}|{method}|{pruner or '-'}|{repeat}"
    name = f"{benchmark}{_format.NAME_SEPARATOR}{run_key}"
    study = hpobench.create_study(study_name=name, storage=storage, directions=directions)
    attr: dict[str, Any] = {
        "format_version": 1,
        "benchmark": benchmark,
        "run_key": run_key,
        "problem": problem,
        "problem_seed": repeat,
        "sampler": {"name": method, "kwargs": {}, "label": method},
        "sampler_seed": 100 + repeat,
        "pruner": None if pruner is None else {"name": pruner, "kwargs": {}, "label": pruner},
        "repeat": repeat,
        "budget": {
            "trials": budget if budget is not None else len(values),
            "steps": None,
            "seconds": None,
        },
        "workers": 1,
        "directions": directions,
        "f_star": f_star,
        "error": None,
        "totals": {"wall_s": 10.0 + repeat},
        **(extra or {}),
    }
    if status is not None:
        attr["status"] = status
    study.set_user_attr(_format.RUN_ATTR, attr)
    states = states or "C" * len(values)
    for i, (value, code) in enumerate(zip(values, states)):
        ask, obj, tell = timings[i] if timings else (0.01, 0.1, 0.001)
        state = _STATES[code]
        kwargs: dict[str, Any] = {}
        if state == TrialState.COMPLETE:
            kwargs = (
                {"values": list(value)} if isinstance(value, (list, tuple)) else {"value": value}
            )
        point = params[i] if params else {"x": float(i) / max(len(values), 1)}
        study.add_trial(
            hpobench.create_trial(
                state=state,
                params=point,
                distributions={k: FloatDistribution(-100.0, 100.0) for k in point},
                user_attrs={"ask_s": ask, "objective_s": obj, "tell_s": tell},
                intermediate_values=dict(enumerate(steps[i])) if steps else None,
                **kwargs,
            )
        )
    return name


@pytest.fixture(autouse=True)
def _quiet_engine() -> Any:
    """Keep the engine's per-study INFO lines out of the test output."""
    previous = hpobench.logging.get_verbosity()
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    yield
    hpobench.logging.set_verbosity(previous)


@pytest.fixture
def make_run() -> Callable[..., str]:
    """The :func:`add_run` helper."""
    return add_run


@pytest.fixture
def toy_storage() -> Any:
    """Two problems x two methods x 3 repeats, 4 trials each, in memory.

    P1 (minimise, f* = 0): A's best values 1, 2, 3 and B's 4, 5, 6.
    P2 (maximise, f* = 10): A's best 9, 8, 7 and B's 6, 5, 4 (A better on both).
    """
    storage = hpobench.storages.InMemoryStorage()
    for r in range(3):
        add_run(
            storage,
            problem="P1",
            method="A",
            repeat=r,
            f_star=0.0,
            values=[10.0, 1.0 + r, 5.0, 2.0 + r],
        )
        add_run(
            storage,
            problem="P1",
            method="B",
            repeat=r,
            f_star=0.0,
            values=[10.0, 8.0, 4.0 + r, 7.0],
        )
        add_run(
            storage,
            problem="P2",
            method="A",
            repeat=r,
            f_star=10.0,
            direction="maximize",
            values=[1.0, 9.0 - r, 2.0, 3.0],
        )
        add_run(
            storage,
            problem="P2",
            method="B",
            repeat=r,
            f_star=10.0,
            direction="maximize",
            values=[1.0, 2.0, 6.0 - r, 3.0],
        )
    return storage
