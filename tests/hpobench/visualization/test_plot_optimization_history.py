"""get_optimization_history_info: values, best-so-far, feasibility, several studies."""

from __future__ import annotations

import numpy as np
import pytest

from hpobench.trial import TrialState
from hpobench.visualization import get_optimization_history_info


def _specs(values, **extra):
    return [{"params": {"x": 0.0}, "value": v, **extra} for v in values]


def test_values_and_running_best_when_minimizing(make_study):
    info = get_optimization_history_info(make_study(_specs([3.0, 1.0, 2.0])))
    (series,) = info.series
    assert series.trial_numbers.tolist() == [0, 1, 2]
    assert series.values.tolist() == [3.0, 1.0, 2.0]
    assert series.best_values.tolist() == [3.0, 1.0, 1.0]
    assert series.label == "Objective Value" and series.best_label == "Best Value"
    assert series.std is None and series.best_std is None


def test_running_best_when_maximizing(make_study):
    info = get_optimization_history_info(
        make_study(_specs([1.0, 3.0, 2.0]), directions=["maximize"])
    )
    assert info.series[0].best_values.tolist() == [1.0, 3.0, 3.0]


def test_pruned_and_failed_trials_are_nan_and_keep_the_best(make_study):
    specs = [
        *_specs([2.0]),
        {"params": {"x": 0.0}, "state": TrialState.PRUNED},
        {"params": {"x": 0.0}, "state": TrialState.FAIL},
        *_specs([1.0]),
    ]
    (series,) = get_optimization_history_info(make_study(specs)).series
    assert np.isnan(series.values[1:3]).all()
    assert series.feasible.tolist() == [True, False, False, True]
    assert series.best_values.tolist() == [2.0, 2.0, 2.0, 1.0]


def test_infeasible_trials_do_not_count_for_the_best(make_study):
    specs = [
        {"params": {"x": 0.0}, "value": 0.5, "constraints": {"c": 1.0}},
        {"params": {"x": 0.0}, "value": 2.0, "constraints": {"c": -1.0}},
        {"params": {"x": 0.0}, "value": 0.1, "constraints": {"c": 2.0}},
    ]
    (series,) = get_optimization_history_info(make_study(specs)).series
    assert series.feasible.tolist() == [False, True, False]
    assert series.values.tolist() == [0.5, 2.0, 0.1]
    np.testing.assert_array_equal(series.best_values, [np.nan, 2.0, 2.0])


def test_custom_target_has_no_best_line(make_study):
    study = make_study(_specs([1.0, 2.0]))
    info = get_optimization_history_info(study, target=lambda t: -t.value, target_name="neg")
    assert info.series[0].values.tolist() == [-1.0, -2.0]
    assert info.series[0].best_values is None
    assert info.target_name == "neg"


def test_custom_target_with_the_default_name_warns(make_study):
    with pytest.warns(UserWarning, match="target_name"):
        get_optimization_history_info(make_study(_specs([1.0])), target=lambda t: t.value)


def test_several_studies_are_labelled_by_name(make_study):
    a = make_study(_specs([1.0]), name="a")
    b = make_study(_specs([2.0]), name="b")
    info = get_optimization_history_info([a, b])
    assert [s.label for s in info.series] == ["Objective Value of a", "Objective Value of b"]
    assert [s.best_label for s in info.series] == ["Best Value of a", "Best Value of b"]


def test_error_bar_gives_mean_and_std_over_studies(make_study):
    a = make_study(_specs([1.0, 3.0]), name="a")
    b = make_study(_specs([3.0, 1.0]), name="b")
    (series,) = get_optimization_history_info([a, b], error_bar=True).series
    assert series.trial_numbers.tolist() == [0, 1]
    assert series.values.tolist() == [2.0, 2.0]
    assert series.std.tolist() == [1.0, 1.0]
    assert series.best_values.tolist() == [2.0, 1.0]
    assert series.best_std.tolist() == [1.0, 0.0]


def test_error_bar_skips_numbers_without_a_feasible_value(make_study):
    a = make_study([*_specs([1.0]), {"params": {"x": 0.0}, "state": TrialState.FAIL}], name="a")
    b = make_study(_specs([3.0]), name="b")
    (series,) = get_optimization_history_info([a, b], error_bar=True).series
    assert series.trial_numbers.tolist() == [0]


@pytest.mark.parametrize(
    "specs",
    [[], [{"params": {"x": 0.0}, "state": TrialState.FAIL}] * 3],
    ids=["empty", "all-failed"],
)
def test_no_completed_trial_gives_no_series(make_study, specs, warnings_logged):
    info = get_optimization_history_info(make_study(specs))
    assert info.series == ()
    assert any("no complete feasible trials" in m for m in warnings_logged())


def test_multi_objective_needs_a_target(make_study):
    study = make_study([{"params": {"x": 0.0}, "values": [1.0, 2.0]}], directions=["minimize"] * 2)
    with pytest.raises(ValueError, match="has 2 objectives; pass target=lambda t: t.values"):
        get_optimization_history_info(study)
    info = get_optimization_history_info(study, target=lambda t: t.values[1], target_name="y")
    assert info.series[0].values.tolist() == [2.0]


def test_bad_arguments_are_named(make_study):
    study = make_study(_specs([1.0]))
    with pytest.raises(TypeError, match="error_bar must be a bool"):
        get_optimization_history_info(study, error_bar="yes")
    with pytest.raises(TypeError, match="study must be a Study or a sequence of Studies"):
        get_optimization_history_info("study")
    with pytest.raises(TypeError, match="target must be a callable"):
        get_optimization_history_info(study, target=3, target_name="t")
    with pytest.raises(TypeError, match="target must return a float"):
        get_optimization_history_info(study, target=lambda t: "x", target_name="t")
