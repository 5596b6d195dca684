"""Parameters laid out as plot axes: scale, coordinates, labels and padded range."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hpobench.distributions import CategoricalDistribution, FloatDistribution
from hpobench.trial import create_trial
from hpobench.visualization import ParamAxis
from hpobench.visualization._axes import param_axis


def test_linear_axis_pads_five_percent_each_side(make_study):
    study = make_study([{"params": {"x": -0.5}, "value": 0}, {"params": {"x": 0.5}, "value": 1}])
    axis = param_axis(study.trials, "x")
    assert axis.scale == "linear"
    assert axis.values.tolist() == [-0.5, 0.5]
    assert axis.range == pytest.approx((-0.55, 0.55))


def test_log_axis_pads_in_decades(make_study):
    study = make_study(
        [{"params": {"lr": 1e-3}, "value": 0}, {"params": {"lr": 1e-1}, "value": 1}]
    )
    axis = param_axis(study.trials, "lr")
    assert axis.is_log and axis.scale == "log"
    assert axis.range == pytest.approx((10**-3.1, 10**-0.9))
    assert axis.linear_range == pytest.approx((-3.1, -0.9))
    assert axis.to_linear(np.array([1e-2])).tolist() == pytest.approx([-2.0])


def test_categorical_axis_uses_declared_order_and_indices(make_study):
    study = make_study(
        [{"params": {"cat": "c"}, "value": 0}, {"params": {"cat": "a"}, "value": 1}]
    )
    axis = param_axis(study.trials, "cat")
    assert axis.is_categorical
    assert axis.labels == ("a", "b", "c")
    assert axis.values.tolist() == [2.0, 0.0]
    assert axis.range == (-0.5, 2.5)


def test_missing_parameter_is_nan(make_study):
    study = make_study([{"params": {"x": 0.1}, "value": 0}, {"params": {"n": 2}, "value": 1}])
    axis = param_axis(study.trials, "x")
    assert axis.values[0] == 0.1 and math.isnan(axis.values[1])


def test_single_value_gets_a_nonzero_range(make_study):
    study = make_study([{"params": {"x": 0.0}, "value": 0}, {"params": {"x": 0.0}, "value": 1}])
    low, high = param_axis(study.trials, "x").range
    assert low < 0.0 < high


# A study refuses a parameter whose distribution changes, but trials pooled from several
# studies can disagree: the axis takes the union.
def test_choices_of_pooled_trials_are_unioned_in_order_of_appearance():
    trials = [
        create_trial(
            params={"cat": "a"},
            distributions={"cat": CategoricalDistribution(["a", "b"])},
            value=0.0,
        ),
        create_trial(
            params={"cat": "z"},
            distributions={"cat": CategoricalDistribution(["b", "z"])},
            value=1.0,
        ),
    ]
    axis = param_axis(trials, "cat")
    assert axis.labels == ("a", "b", "z")
    assert axis.values.tolist() == [0.0, 2.0]


def test_any_log_distribution_among_pooled_trials_makes_a_log_axis():
    trials = [
        create_trial(
            params={"x": 0.2}, distributions={"x": FloatDistribution(0.1, 1.0)}, value=0.0
        ),
        create_trial(
            params={"x": 0.5},
            distributions={"x": FloatDistribution(0.1, 1.0, log=True)},
            value=1.0,
        ),
    ]
    assert param_axis(trials, "x").is_log


def test_param_axis_is_exported():
    assert ParamAxis.__name__ == "ParamAxis"
