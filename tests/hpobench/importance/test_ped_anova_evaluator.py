"""What is particular to PedAnovaImportanceEvaluator and its grid Parzen estimators."""

from __future__ import annotations

import numpy as np
import pytest

from hpobench.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.importance import PedAnovaImportanceEvaluator, get_param_importances
from hpobench.importance._parzen import grid_counts, grid_size, parzen_pdf, pearson_divergence

UNIT = FloatDistribution(0.0, 1.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"target_quantile": 0.0}, ValueError, "0 < target_quantile < region_quantile <= 1"),
        ({"target_quantile": 0.5, "region_quantile": 0.5}, ValueError, "region_quantile=0.5"),
        ({"region_quantile": 1.5}, ValueError, "region_quantile=1.5"),
        ({"target_quantile": "low"}, TypeError, "target_quantile must be a float"),
        ({"evaluate_on_local": 1}, TypeError, "evaluate_on_local must be a bool"),
    ],
)
def test_arguments_are_checked(kwargs, error, match) -> None:
    with pytest.raises(error, match=match):
        PedAnovaImportanceEvaluator(**kwargs)


def test_region_quantile_without_local_evaluation_warns() -> None:
    with pytest.warns(UserWarning, match="region_quantile has no effect"):
        PedAnovaImportanceEvaluator(region_quantile=0.5, evaluate_on_local=False)


def _threshold_study(study_from, direction: str):
    # Low x gives low values; y > 0.9 gives very high values.
    rng = np.random.default_rng(0)
    rows = [{"x": float(a), "y": float(b)} for a, b in rng.random((300, 2))]
    values = [r["x"] + 10.0 * (r["y"] > 0.9) for r in rows]
    return study_from(rows, {"x": UNIT, "y": UNIT}, values, directions=(direction,))


def test_direction_decides_which_trials_are_good(study_from) -> None:
    evaluator = PedAnovaImportanceEvaluator()
    minimize = get_param_importances(_threshold_study(study_from, "minimize"), evaluator=evaluator)
    maximize = get_param_importances(_threshold_study(study_from, "maximize"), evaluator=evaluator)
    assert list(minimize) == ["x", "y"]
    assert list(maximize) == ["y", "x"]


def test_a_target_counts_lower_as_better(study_from) -> None:
    study = _threshold_study(study_from, "maximize")
    importances = get_param_importances(
        study, evaluator=PedAnovaImportanceEvaluator(), target=lambda t: t.value
    )
    assert list(importances) == ["x", "y"]


@pytest.mark.parametrize(
    "kwargs", [{"evaluate_on_local": False}, {"target_quantile": 0.05, "region_quantile": 0.5}]
)
def test_other_regions_still_find_the_decisive_parameter(study_from, kwargs) -> None:
    rng = np.random.default_rng(2)
    rows = [{"x": float(a), "y": float(b)} for a, b in rng.random((400, 2))]
    study = study_from(rows, {"x": UNIT, "y": UNIT}, [(r["x"] - 0.3) ** 2 for r in rows])
    importances = get_param_importances(study, evaluator=PedAnovaImportanceEvaluator(**kwargs))
    assert list(importances) == ["x", "y"]


def test_same_target_and_region_warns_and_gives_zeros(study_from) -> None:
    rows = [{"x": 0.1}, {"x": 0.2}, {"x": 0.3}]
    study = study_from(rows, {"x": UNIT}, [1.0, 1.0, 1.0])
    with pytest.warns(UserWarning, match="select the same trials"):
        importances = PedAnovaImportanceEvaluator().evaluate(study)
    assert importances == {"x": 0.0}


def test_regime_weights_of_a_conditional_parameter(study_from) -> None:
    # "depth" exists in half of the trials and decides their value; absent, it adds nothing.
    rng = np.random.default_rng(3)
    rows, dists, values = [], [], []
    for k in range(200):
        if k % 2:
            row = {"depth": int(rng.integers(1, 9))}
            dists.append({"depth": IntDistribution(1, 8)})
            values.append(float(row["depth"]))
        else:
            row = {"x": float(rng.random())}
            dists.append({"x": UNIT})
            values.append(4.0 + row["x"])
        rows.append(row)
    study = study_from(rows, dists, values)
    importances = PedAnovaImportanceEvaluator().evaluate(study)
    assert list(importances) == ["depth", "x"]
    assert importances["x"] < 0.1 * importances["depth"]


def test_regimes_with_one_trial_are_skipped_with_a_warning(study_from) -> None:
    rows = [{"x": float(v)} for v in np.linspace(0, 1, 30)]
    dists = [{"x": UNIT}] * 29 + [{"x": FloatDistribution(0.0, 2.0)}]
    study = study_from(rows, dists, [r["x"] for r in rows])
    with pytest.warns(UserWarning, match="fewer than 2 trials"):
        importances = PedAnovaImportanceEvaluator().evaluate(study)
    assert importances["x"] > 0


def test_grid_sizes() -> None:
    assert grid_size(FloatDistribution(0, 1), 50) == 50
    assert grid_size(FloatDistribution(0, 1, step=0.25), 50) == 5
    assert grid_size(IntDistribution(0, 9), 50) == 10
    assert grid_size(IntDistribution(1, 1024, log=True), 50) == 11  # 1, 2, 4, ..., 1024
    assert grid_size(CategoricalDistribution(["a", "b", "c"]), 50) == 3


def test_grid_counts_round_to_the_nearest_point_ties_down() -> None:
    counts = grid_counts(FloatDistribution(0, 1), [0.0, 0.125, 0.126, 1.0], 5)
    assert counts.tolist() == [2, 1, 0, 0, 1]
    log_counts = grid_counts(FloatDistribution(1, 100, log=True), [1, 10, 100], 3)
    assert log_counts.tolist() == [1, 1, 1]
    cat = grid_counts(CategoricalDistribution(["a", "b"]), ["b", "b", "a"], 50)
    assert cat.tolist() == [1, 2]


@pytest.mark.parametrize("categorical", [False, True])
def test_parzen_pdf_is_a_distribution_peaked_at_the_data(categorical) -> None:
    counts = np.array([0, 0, 9, 1, 0, 0])
    pdf = parzen_pdf(counts, categorical=categorical, prior_weight=1.0)
    assert pdf.sum() == pytest.approx(1.0)
    assert np.all(pdf > 0) and int(np.argmax(pdf)) == 2
    empty = parzen_pdf(np.zeros(4, dtype=int), categorical=categorical, prior_weight=1.0)
    np.testing.assert_allclose(empty, 0.25)


def test_pearson_divergence() -> None:
    uniform = np.full(4, 0.25)
    assert pearson_divergence(uniform, uniform) == pytest.approx(0.0, abs=1e-9)
    peaked = np.array([1.0, 0.0, 0.0, 0.0])
    # sum_g q (p / q - 1)^2 = 0.25 * (9 + 1 + 1 + 1)
    assert pearson_divergence(peaked, uniform) == pytest.approx(3.0)
