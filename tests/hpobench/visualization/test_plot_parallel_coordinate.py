"""get_parallel_coordinate_info: dimensions, ticks, missing values, order and colours."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hpobench.visualization import get_parallel_coordinate_info
from hpobench.visualization._parallel_coordinate import MISSING_LABEL


@pytest.fixture
def study(make_study):
    return make_study(
        [
            {"params": {"x": 0.5, "lr": 1e-3, "cat": "b"}, "value": 2.0},
            {"params": {"x": -0.5, "lr": 1e-1, "cat": "a"}, "value": 1.0},
            {"params": {"x": 0.0, "cat": "c"}, "value": 3.0},
        ]
    )


def test_dimensions_objective_first_then_sorted_params(study):
    info = get_parallel_coordinate_info(study)
    assert [d.label for d in info.dimensions] == ["Objective Value", "cat", "lr", "x"]
    assert info.n_objectives == 1
    assert info.color_title == "Objective Value" and info.reverse_scale


def test_best_trial_comes_last(study):
    info = get_parallel_coordinate_info(study)
    assert info.trial_numbers.tolist() == [2, 0, 1]
    assert info.color_values.tolist() == [3.0, 2.0, 1.0]
    assert info.dimensions[0].values.tolist() == [3.0, 2.0, 1.0]


def test_maximizing_puts_the_largest_last(make_study):
    study = make_study(
        [{"params": {"x": 0.0}, "value": v} for v in (2.0, 5.0, 1.0)], directions=["maximize"]
    )
    info = get_parallel_coordinate_info(study)
    assert info.trial_numbers.tolist() == [2, 0, 1] and not info.reverse_scale


def test_log_dimension_is_in_decades_with_a_missing_tick(study):
    lr = get_parallel_coordinate_info(study, params=["lr"]).dimensions[1]
    assert lr.scale == "log"
    low, high = -3.0, -1.0
    missing = low - (high - low) * 0.12
    # Order: trial 2 (no lr), 0, 1.
    assert lr.values.tolist() == pytest.approx([missing, -3.0, -1.0])
    assert lr.tickvals == pytest.approx((missing, -3.0, -2.0, -1.0))
    assert lr.ticktext == (MISSING_LABEL, "0.001", "0.01", "0.1")
    assert lr.range == pytest.approx((missing, -1.0))


def test_categorical_dimension_ticks_every_choice(study):
    cat = get_parallel_coordinate_info(study, params=["cat"]).dimensions[1]
    assert cat.scale == "categorical"
    assert cat.values.tolist() == [2.0, 1.0, 0.0]
    assert cat.ticktext == ("a", "b", "c") and cat.range == (0.0, 2.0)


def test_linear_dimension_has_five_ticks(study):
    x = get_parallel_coordinate_info(study, params=["x"]).dimensions[1]
    assert x.tickvals == pytest.approx((-0.5, -0.25, 0.0, 0.25, 0.5))
    assert x.ticktext[0] == "-0.5"


def test_multi_objective_without_target_colours_by_pareto_rank(make_study):
    study = make_study(
        [
            {"params": {"x": 0.0}, "values": [1.0, 1.0]},
            {"params": {"x": 0.1}, "values": [2.0, 2.0]},
            {"params": {"x": 0.2}, "values": [0.5, 3.0]},
            {"params": {"x": 0.3}, "values": [math.inf, 0.0]},
        ],
        directions=["minimize", "minimize"],
        metric_names=["loss", "cost"],
    )
    info = get_parallel_coordinate_info(study)
    assert info.n_objectives == 2 and info.color_title == "Pareto Rank"
    assert [d.label for d in info.dimensions] == ["loss", "cost", "x"]
    assert info.trial_numbers.tolist() == [1, 0, 2]
    assert info.color_values.tolist() == [1.0, 0.0, 0.0]


def test_multi_objective_with_target_has_one_objective_axis(make_study):
    study = make_study(
        [{"params": {"x": 0.0}, "values": [1.0, 4.0]}], directions=["minimize", "maximize"]
    )
    info = get_parallel_coordinate_info(study, target=lambda t: t.values[1], target_name="b")
    assert info.n_objectives == 1
    assert [d.label for d in info.dimensions] == ["b", "x"]


def test_feasibility_is_none_without_constraints_and_a_mask_with(study, make_study):
    assert get_parallel_coordinate_info(study).feasible is None
    constrained = make_study(
        [
            {"params": {"x": 0.0}, "value": 1.0, "constraints": {"c": 1.0}},
            {"params": {"x": 0.1}, "value": 2.0, "constraints": {"c": 0.0}},
        ]
    )
    info = get_parallel_coordinate_info(constrained)
    assert info.trial_numbers.tolist() == [1, 0]
    assert info.feasible.tolist() == [True, False]


def test_unknown_param_is_rejected(study):
    with pytest.raises(ValueError, match=r"no plotted trial has: \['zz'\]; choose from"):
        get_parallel_coordinate_info(study, params=["zz"])


def test_params_must_be_a_list_of_names(study):
    with pytest.raises(TypeError, match="params must be a list of parameter names"):
        get_parallel_coordinate_info(study, params="x")


def test_empty_study_has_only_the_objective_axis(make_study):
    info = get_parallel_coordinate_info(make_study([]))
    assert len(info.trial_numbers) == 0
    assert [d.label for d in info.dimensions] == ["Objective Value"]
    assert np.asarray(info.color_values).size == 0
