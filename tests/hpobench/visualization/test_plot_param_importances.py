"""get_param_importances_info: bars from hpobench.importance, spreads and interactions."""

from __future__ import annotations

import numpy as np
import pytest

import hpobench
from hpobench.importance import FanovaImportanceEvaluator, MeanDecreaseImpurityImportanceEvaluator
from hpobench.visualization import get_param_importances_info


def _fanova():
    return FanovaImportanceEvaluator(n_trees=8, max_depth=8, seed=0)


@pytest.fixture(scope="module")
def study():
    rng = np.random.default_rng(0)
    study = hpobench.create_study(study_name="importances", directions=["minimize", "minimize"])
    dists = {
        "x": hpobench.distributions.FloatDistribution(0, 1),
        "y": hpobench.distributions.FloatDistribution(0, 1),
    }
    trials = []
    for x, y in rng.random((60, 2)):
        trials.append(
            hpobench.trial.create_trial(
                params={"x": float(x), "y": float(y)},
                distributions=dists,
                values=[10 * x + y + 3 * x * y, y],
            )
        )
    study.add_trials(trials)
    return study


def test_main_effects_match_the_importance_module(study):
    target = lambda t: t.values[0]  # noqa: E731
    info = get_param_importances_info(study, _fanova(), target=target, target_name="loss")
    (series,) = info.main_effects
    expected = hpobench.importance.get_importance_result(study, evaluator=_fanova(), target=target)
    assert series.names == tuple(expected.importances) == ("x", "y")
    assert series.values == tuple(expected.importances.values())
    assert series.std == tuple(expected.std[n] for n in series.names)
    assert series.target_name == "loss" and info.interactions == ()
    assert sum(series.values) == pytest.approx(1.0)


def test_labels_show_two_decimals_or_less_than(study):
    series = hpobench.visualization.ImportanceSeries("t", ("a", "b"), (0.4567, 0.004), None)
    assert series.labels == ("0.46", "<0.01")


def test_interactions_are_pairs_on_the_same_scale(study):
    info = get_param_importances_info(
        study, _fanova(), target=lambda t: t.values[0], target_name="loss", interactions=True
    )
    (pairs,) = info.interactions
    assert pairs.names == ("x × y",)
    assert len(pairs.values) == 1 and pairs.values[0] >= 0.0
    assert pairs.std is not None


def test_interactions_need_an_evaluator_that_measures_them(study):
    evaluator = MeanDecreaseImpurityImportanceEvaluator(n_trees=4, seed=0)
    with pytest.raises(ValueError, match="interactions=True needs an evaluator"):
        get_param_importances_info(
            study, evaluator, target=lambda t: t.values[0], target_name="a", interactions=True
        )


def test_multi_objective_without_target_gives_one_series_per_objective(study):
    info = get_param_importances_info(study, _fanova())
    assert [s.target_name for s in info.main_effects] == ["Objective Value 0", "Objective Value 1"]
    # The second objective is y alone.
    assert info.main_effects[1].names[0] == "y"


def test_metric_names_name_the_series(make_study):
    study = make_study(
        [
            {"params": {"x": float(x), "n": int(n)}, "value": float(x)}
            for x, n in zip(np.linspace(-1, 1, 12), np.arange(12) % 5)
        ]
    )
    study.set_metric_names(["accuracy"])
    info = get_param_importances_info(study, _fanova())
    assert info.main_effects[0].target_name == "accuracy"
    assert info.main_effects[0].names[0] == "x"


def test_params_select_what_is_assessed(study):
    info = get_param_importances_info(
        study, _fanova(), params=["y"], target=lambda t: t.values[0], target_name="a"
    )
    assert info.main_effects[0].names == ("y",)


def test_empty_study_has_no_bars(make_study):
    assert get_param_importances_info(make_study([])).main_effects == ()


def test_bad_interactions_flag_is_named(study):
    with pytest.raises(TypeError, match="interactions must be a bool"):
        get_param_importances_info(study, interactions=1)
