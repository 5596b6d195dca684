"""get_pareto_front_info: front, dominated and infeasible trials; targets and axis order."""

from __future__ import annotations

import pytest

from hpobench.visualization import get_pareto_front_info

MIN2 = ["minimize", "minimize"]


def _study(make_study, points, directions=MIN2, constraints=None, **kwargs):
    specs = []
    for i, values in enumerate(points):
        spec = {"params": {"x": 0.1 * i}, "values": list(values)}
        if constraints is not None:
            spec["constraints"] = {"c": constraints[i]}
        specs.append(spec)
    return make_study(specs, directions=directions, **kwargs)


POINTS = [(1, 3), (2, 2), (3, 1), (3, 3)]


def test_front_and_dominated_trials(make_study):
    info = get_pareto_front_info(_study(make_study, POINTS))
    assert info.n_targets == 2 and info.target_names == ("Objective 0", "Objective 1")
    assert info.best_numbers.tolist() == [0, 1, 2]
    assert info.best_values.tolist() == [[1, 3], [2, 2], [3, 1]]
    assert info.dominated_numbers.tolist() == [3]
    assert info.infeasible_numbers.size == 0 and not info.has_constraints


def test_directions_decide_dominance(make_study):
    info = get_pareto_front_info(_study(make_study, POINTS, ["maximize", "maximize"]))
    assert info.best_numbers.tolist() == [3]


def test_dominated_trials_can_be_left_out(make_study):
    info = get_pareto_front_info(_study(make_study, POINTS), include_dominated_trials=False)
    assert info.dominated_numbers.size == 0 and info.dominated_values.shape == (0, 2)
    assert not info.include_dominated_trials


def test_infeasible_trials_neither_dominate_nor_count(make_study):
    study = _study(make_study, [(0, 0), (2, 2), (3, 3)], constraints=[1.0, 0.0, -1.0])
    info = get_pareto_front_info(study)
    assert info.has_constraints
    assert info.infeasible_numbers.tolist() == [0]
    assert info.best_numbers.tolist() == [1] and info.dominated_numbers.tolist() == [2]


def test_constraints_func_overrides_the_stored_constraints(make_study):
    study = _study(make_study, POINTS)
    info = get_pareto_front_info(study, constraints_func=lambda t: [t.values[0] - 2.5])
    assert info.infeasible_numbers.tolist() == [2, 3]
    assert info.best_numbers.tolist() == [0, 1] and info.has_constraints


def test_targets_change_what_is_drawn_not_dominance(make_study):
    info = get_pareto_front_info(
        _study(make_study, POINTS), targets=lambda t: (t.values[1], 10 * t.values[0])
    )
    assert info.best_numbers.tolist() == [0, 1, 2]
    assert info.best_values.tolist() == [[3, 10], [2, 20], [1, 30]]


def test_axis_order_permutes_columns_and_names(make_study):
    study = _study(make_study, [(1, 2, 3)], ["minimize"] * 3, metric_names=["a", "b", "c"])
    info = get_pareto_front_info(study, axis_order=[2, 0, 1])
    assert info.n_targets == 3 and info.axis_order == (2, 0, 1)
    assert info.target_names == ("c", "a", "b")
    assert info.best_values.tolist() == [[3, 1, 2]]


def test_target_names_are_used(make_study):
    info = get_pareto_front_info(_study(make_study, POINTS), target_names=["cost", "time"])
    assert info.target_names == ("cost", "time")


def test_empty_study_keeps_the_objective_count(make_study):
    info = get_pareto_front_info(make_study([], directions=MIN2))
    assert info.n_targets == 2 and info.best_values.shape == (0, 2)


def test_errors(make_study):
    study = _study(make_study, POINTS)
    with pytest.raises(ValueError, match="target_names must have 2 names, one per axis"):
        get_pareto_front_info(study, target_names=["a"])
    with pytest.raises(ValueError, match=r"axis_order must be a permutation of \[0, 1\]"):
        get_pareto_front_info(study, axis_order=[0, 0])
    with pytest.raises(TypeError, match="targets must return a sequence of floats"):
        get_pareto_front_info(study, targets=lambda t: t.values[0])
    with pytest.raises(
        ValueError, match="targets must return 2 or 3 values to plot; it returns 1"
    ):
        get_pareto_front_info(study, targets=lambda t: [t.values[0]])
    with pytest.raises(ValueError, match="it returned 3 for trial 1"):
        get_pareto_front_info(study, targets=lambda t: [1.0] * (2 + t.number % 2))
    with pytest.raises(TypeError, match="include_dominated_trials must be a bool"):
        get_pareto_front_info(study, include_dominated_trials=None)
    with pytest.raises(TypeError, match="constraints_func must be a callable"):
        get_pareto_front_info(study, constraints_func=[0.0])


def test_objective_count_errors(make_study):
    four = _study(make_study, [(1, 2, 3, 4)], ["minimize"] * 4)
    with pytest.raises(ValueError, match="draws 2 or 3 objectives, but study 'viz' has 4"):
        get_pareto_front_info(four)
    info = get_pareto_front_info(four, targets=lambda t: t.values[:2])
    assert info.best_values.tolist() == [[1, 2]]
    single = make_study([{"params": {"x": 0.0}, "value": 1.0}])
    with pytest.raises(ValueError, match="has 1"):
        get_pareto_front_info(single)
    empty = make_study([], directions=MIN2)
    with pytest.raises(ValueError, match="pass target_names too"):
        get_pareto_front_info(empty, targets=lambda t: t.values)
    assert get_pareto_front_info(empty, targets=lambda t: t.values, target_names=["a", "b"])
