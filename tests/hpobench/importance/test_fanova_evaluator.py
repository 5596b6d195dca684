"""What is particular to FanovaImportanceEvaluator: arguments, spread, interactions."""

from __future__ import annotations

import numpy as np
import pytest

from hpobench.distributions import CategoricalDistribution, FloatDistribution
from hpobench.importance import (
    FanovaImportanceEvaluator,
    MeanDecreaseImpurityImportanceEvaluator,
    get_importance_result,
    get_param_interaction_importances,
)

UNIT = FloatDistribution(0.0, 1.0)


FOREST_EVALUATORS = [FanovaImportanceEvaluator, MeanDecreaseImpurityImportanceEvaluator]


@pytest.mark.parametrize("cls", FOREST_EVALUATORS)
@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_trees": 0}, ValueError, "n_trees must be an int >= 1; got 0"),
        ({"n_trees": 2.5}, TypeError, "n_trees must be an int"),
        ({"max_depth": "deep"}, TypeError, "max_depth must be an int"),
        ({"seed": -1}, ValueError, "seed must be None or an int >= 0; got -1"),
        ({"seed": True}, TypeError, "seed must be None or an int"),
    ],
)
def test_forest_arguments_are_checked(cls, kwargs, error, match) -> None:
    with pytest.raises(error, match=match):
        cls(**kwargs)


def test_seed_none_leaves_numpys_global_generator_alone(uniform_study) -> None:
    study = uniform_study(lambda x: x[:, 0], n=30, d=2)
    before = np.random.get_state()[1].copy()
    FanovaImportanceEvaluator(n_trees=4).evaluate(study)
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_different_seeds_give_different_forests(uniform_study) -> None:
    study = uniform_study(lambda x: x[:, 0] + x[:, 1] ** 2, n=80, d=2)
    a = FanovaImportanceEvaluator(n_trees=4, seed=0).evaluate(study)
    b = FanovaImportanceEvaluator(n_trees=4, seed=1).evaluate(study)
    assert a != b
    assert a == pytest.approx(b, abs=0.1)


def test_pure_interaction(uniform_study) -> None:
    # (x0 - 1/2)(x1 - 1/2) has no main effect at all: everything is the pair.
    study = uniform_study(lambda x: (x[:, 0] - 0.5) * (x[:, 1] - 0.5), n=600, d=3)
    evaluator = FanovaImportanceEvaluator(n_trees=8, seed=0)
    result = get_importance_result(study, evaluator=evaluator, normalize=False, interactions=True)
    assert max(result.importances.values()) < 0.05
    assert next(iter(result.interactions)) == ("x0", "x1")
    assert result.interactions[("x0", "x1")] > 0.85
    assert all(s >= 0 for s in result.interaction_std.values())


def test_spread_is_the_per_tree_standard_deviation(uniform_study) -> None:
    study = uniform_study(lambda x: x[:, 0] + 0.5 * x[:, 1], n=100, d=2)
    one_tree = get_importance_result(
        study, evaluator=FanovaImportanceEvaluator(n_trees=1, seed=0), normalize=False
    )
    assert one_tree.std == {"x0": 0.0, "x1": 0.0}
    many = get_importance_result(
        study, evaluator=FanovaImportanceEvaluator(n_trees=8, seed=0), normalize=False
    )
    assert all(0.0 < s < 0.2 for s in many.std.values())


def test_constant_objective(uniform_study) -> None:
    study = uniform_study(lambda x: np.full(len(x), 3.0), n=20, d=2)
    evaluator = FanovaImportanceEvaluator(n_trees=4, seed=0)
    raw = get_importance_result(study, evaluator=evaluator, normalize=False, interactions=True)
    assert raw.importances == {"x0": 0.0, "x1": 0.0}
    assert raw.interactions == {("x0", "x1"): 0.0}
    assert get_importance_result(study, evaluator=evaluator).importances == {
        "x0": 0.5,
        "x1": 0.5,
    }


def test_unsampled_choice_and_interactions_with_single_values(study_from) -> None:
    # Choice "c" never occurs: its share of the domain is predicted like its neighbours.
    rng = np.random.default_rng(0)
    rows = [
        {"kind": "ab"[rng.integers(2)], "x": float(rng.random()), "fixed": 1.0} for _ in range(100)
    ]
    dists = {
        "kind": CategoricalDistribution(["a", "b", "c"]),
        "x": UNIT,
        "fixed": FloatDistribution(1.0, 1.0),
    }
    study = study_from(rows, dists, [float(r["kind"] == "a") + r["x"] for r in rows])
    pairs = get_param_interaction_importances(
        study, evaluator=FanovaImportanceEvaluator(n_trees=4, seed=0), normalize=False
    )
    assert set(pairs) == {("fixed", "kind"), ("fixed", "x"), ("kind", "x")}
    assert pairs[("fixed", "kind")] == 0.0 and pairs[("fixed", "x")] == 0.0


def test_evaluate_is_sorted_and_matches_the_result(uniform_study) -> None:
    study = uniform_study(lambda x: 0.1 * x[:, 0] + x[:, 2], n=100, d=3)
    evaluator = FanovaImportanceEvaluator(n_trees=4, seed=0)
    importances = evaluator.evaluate(study)
    assert list(importances) == ["x2", "x0", "x1"]
    assert importances == evaluator.evaluate_result(study).importances
