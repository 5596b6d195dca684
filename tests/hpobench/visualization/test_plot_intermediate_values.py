"""get_intermediate_values_info: curves of complete, pruned and running trials."""

from __future__ import annotations

import pytest

from hpobench.trial import TrialState
from hpobench.visualization import get_intermediate_values_info
from hpobench.visualization._intermediate_values import curve_groups


def test_curves_are_sorted_by_step_and_keep_state_and_feasibility(make_study):
    study = make_study(
        [
            {"params": {"x": 0.0}, "value": 1.0, "intermediate": {2: 0.2, 0: 0.9, 1: 0.5}},
            {"params": {"x": 0.1}, "state": TrialState.PRUNED, "intermediate": {0: 1.0}},
            {"params": {"x": 0.2}, "state": TrialState.FAIL, "intermediate": {0: 3.0}},
            {"params": {"x": 0.3}, "value": 2.0},
            {
                "params": {"x": 0.4},
                "value": 0.5,
                "intermediate": {0: 0.7},
                "constraints": {"c": 1.0},
            },
        ]
    )
    curves = get_intermediate_values_info(study).curves
    assert [c.trial_number for c in curves] == [0, 1, 4]
    assert curves[0].steps.tolist() == [0, 1, 2]
    assert curves[0].values.tolist() == [0.9, 0.5, 0.2]
    assert [c.state for c in curves] == [
        TrialState.COMPLETE,
        TrialState.PRUNED,
        TrialState.COMPLETE,
    ]
    assert [c.feasible for c in curves] == [True, True, False]
    groups = curve_groups(get_intermediate_values_info(study))
    assert {name: [c.trial_number for c in cs] for name, cs in groups.items()} == {
        "COMPLETE": [0],
        "PRUNED": [1],
        "INFEASIBLE": [4],
    }


def test_running_trials_are_included(make_study):
    study = make_study([])
    trial = study.ask()
    trial.report(0.3, 0)
    (curve,) = get_intermediate_values_info(study).curves
    assert curve.state == TrialState.RUNNING and curve.values.tolist() == [0.3]


@pytest.mark.parametrize(
    "specs",
    [[], [{"params": {"x": 0.0}, "value": 1.0}]],
    ids=["empty", "without-reports"],
)
def test_no_report_gives_no_curve_and_a_hint(make_study, specs, warnings_logged):
    assert get_intermediate_values_info(make_study(specs)).curves == ()
    assert any("trial.report(value, step)" in m for m in warnings_logged())


def test_study_must_be_a_study():
    with pytest.raises(TypeError, match="study must be a Study; got list"):
        get_intermediate_values_info([])
