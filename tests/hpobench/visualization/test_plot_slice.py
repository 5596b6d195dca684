"""get_slice_info: one panel per parameter, with the trials that have it."""

from __future__ import annotations

import pytest

from hpobench.visualization import get_slice_info


@pytest.fixture
def study(make_study):
    return make_study(
        [
            {"params": {"x": 0.5, "cat": "c", "lr": 0.01}, "value": 2.0},
            {"params": {"x": -0.5, "cat": "a"}, "value": 1.0, "constraints": {"c": 1.0}},
            {"params": {"lr": 0.1}, "value": 3.0},
        ]
    )


def test_one_panel_per_sorted_param(study):
    info = get_slice_info(study)
    assert [p.axis.name for p in info.panels] == ["cat", "lr", "x"]
    assert info.target_name == "Objective Value"


def test_panels_hold_the_trials_that_have_the_param(study):
    cat, lr, x = get_slice_info(study).panels
    assert cat.axis.is_categorical and cat.x.tolist() == [2.0, 0.0]
    assert cat.y.tolist() == [2.0, 1.0] and cat.trial_numbers.tolist() == [0, 1]
    assert lr.axis.is_log and lr.x.tolist() == [0.01, 0.1] and lr.trial_numbers.tolist() == [0, 2]
    assert x.feasible.tolist() == [True, False]


def test_params_choose_and_order_the_panels(study):
    info = get_slice_info(study, params=["x", "cat", "x"])
    assert [p.axis.name for p in info.panels] == ["x", "cat"]


def test_target_replaces_the_value(study):
    info = get_slice_info(study, params=["x"], target=lambda t: 10 * t.value, target_name="t")
    assert info.panels[0].y.tolist() == [20.0, 10.0]


def test_multi_objective_needs_a_target_and_unknown_params_fail(study, make_study):
    multi = make_study([{"params": {"x": 0.1}, "values": [1, 2]}], directions=["minimize"] * 2)
    with pytest.raises(ValueError, match="has 2 objectives"):
        get_slice_info(multi)
    assert get_slice_info(multi, target=lambda t: t.values[0], target_name="a").panels
    with pytest.raises(ValueError, match=r"\['nope'\]"):
        get_slice_info(study, params=["nope"])


def test_empty_study_has_no_panel(make_study):
    assert get_slice_info(make_study([])).panels == ()
