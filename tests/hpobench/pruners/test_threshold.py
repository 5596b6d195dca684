"""ThresholdPruner and NopPruner."""

from __future__ import annotations

import math

import pytest
from pruner_histories import running, study_with

from hpobench.pruners import NopPruner, ThresholdPruner


@pytest.mark.parametrize(
    ("kwargs", "value", "pruned"),
    [
        ({"lower": 0.0}, -0.1, True),
        ({"lower": 0.0}, 0.0, False),  # on the bound is inside
        ({"upper": 1.0}, 1.0, False),
        ({"upper": 1.0}, 1.1, True),
        ({"lower": 0.0, "upper": 1.0}, 0.5, False),
        ({"lower": 0.0, "upper": 1.0}, math.inf, True),
        ({"lower": 0.0, "upper": 1.0}, -math.inf, True),
        ({"upper": math.inf}, math.inf, False),
        ({"lower": 0.0}, math.nan, True),
    ],
)
@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_bounds_hold_in_both_directions(kwargs, value, pruned, direction):
    study = study_with(ThresholdPruner(**kwargs), direction=direction)
    assert running(study, {0: value}).should_prune() is pruned


def test_only_the_latest_value_counts():
    study = study_with(ThresholdPruner(upper=1.0))
    assert not running(study, {0: 5.0, 1: 0.5}).should_prune()


def test_warmup_and_interval_steps():
    study = study_with(ThresholdPruner(upper=1.0, n_warmup_steps=2, interval_steps=2))
    trial = study.ask()
    judged = []
    for step in (0, 1, 2, 3, 5, 6, 7):  # checks at 2, 4, 6: reports 2, 5, 6 are judged
        trial.report(9.0, step)
        judged.append(trial.should_prune())
    assert judged == [False, False, True, False, True, True, False]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({}, ValueError, "Give lower, upper or both"),
        ({"lower": 2.0, "upper": 1.0}, ValueError, "lower must be <= upper"),
        ({"lower": "0"}, TypeError, "lower must be a float or None"),
        ({"upper": math.nan}, TypeError, "upper must be a float or None"),
        ({"upper": 1.0, "n_warmup_steps": -1}, ValueError, "n_warmup_steps must be an int >= 0"),
        ({"upper": 1.0, "interval_steps": 0}, ValueError, "interval_steps must be an int >= 1"),
        ({"upper": 1.0, "objective": "pareto"}, ValueError, "objective must be None or an"),
    ],
)
def test_invalid_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        ThresholdPruner(**kwargs)


def test_nop_never_prunes():
    study = study_with(NopPruner(), [{0: 1.0}] * 5)
    assert not running(study, {0: math.nan}).should_prune()
    assert not running(study, {0: 1e9}).should_prune()
