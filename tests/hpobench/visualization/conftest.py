"""Hand-made studies for the visualization tests: exact trials, no sampler involved."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

import pytest

import hpobench
from hpobench.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.trial import TrialState, create_trial

SPACE = {
    "x": FloatDistribution(-1.0, 1.0),
    "lr": FloatDistribution(1e-4, 1.0, log=True),
    "cat": CategoricalDistribution(["a", "b", "c"]),
    "n": IntDistribution(0, 4),
}
START = datetime.datetime(2024, 1, 1, 12, 0, 0)


def _trial(spec: dict[str, Any], number: int) -> Any:
    params = spec.get("params", {})
    state = spec.get("state", TrialState.COMPLETE)
    value = spec.get("value")
    values = spec.get("values")
    if state != TrialState.COMPLETE:
        value = values = None
    trial = create_trial(
        state=state,
        value=value,
        values=values,
        params=params,
        distributions={name: spec.get("space", SPACE)[name] for name in params},
        intermediate_values=spec.get("intermediate"),
        constraints=spec.get("constraints"),
    )
    # Fixed clocks: trial i runs from START + i s for (i + 1) / 2 s.
    if state != TrialState.WAITING:
        trial.datetime_start = START + datetime.timedelta(seconds=number)
        trial.datetime_complete = trial.datetime_start + datetime.timedelta(
            seconds=(number + 1) / 2
        )
    return trial


@pytest.fixture
def make_study() -> Callable[..., hpobench.Study]:
    """Return a builder: ``make_study([{"params": ..., "value": ...}, ...], ...)``.

    A spec may give ``values`` (multi-objective), ``state``, ``constraints`` (dict),
    ``intermediate`` (step -> value) and ``space`` (name -> distribution).
    """

    def build(
        specs: list[dict[str, Any]],
        *,
        directions: list[str] | None = None,
        name: str = "viz",
        metric_names: list[str] | None = None,
    ) -> hpobench.Study:
        study = hpobench.create_study(study_name=name, directions=directions or ["minimize"])
        study.add_trials([_trial(spec, i) for i, spec in enumerate(specs)])
        if metric_names is not None:
            study.set_metric_names(metric_names)
        return study

    return build


@pytest.fixture(autouse=True)
def quiet():
    verbosity = hpobench.logging.get_verbosity()
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)
    yield
    hpobench.logging.set_verbosity(verbosity)


@pytest.fixture
def warnings_logged(caplog: pytest.LogCaptureFixture) -> Callable[[], list[str]]:
    """Let hpobench's warnings reach ``caplog``; return a getter of their messages."""
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    hpobench.logging.enable_propagation()
    caplog.set_level(logging.WARNING)
    try:
        yield lambda: [
            r.getMessage() for r in caplog.records if r.name.startswith("hpobench.visualization")
        ]
    finally:
        hpobench.logging.disable_propagation()
