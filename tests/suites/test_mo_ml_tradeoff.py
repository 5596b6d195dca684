"""ML trade-offs: CV loss against model size."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_wine
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.tree import DecisionTreeClassifier

import hpobench
import suites
from suites._multiobjective import MLTradeoff


def test_tree_size_is_the_mean_number_of_leaves():
    problem = MLTradeoff("DT", "wine", seed=4)
    params = {
        "max_depth": 3,
        "min_samples_split": 4,
        "min_samples_leaf": 2,
        "max_features": 0.8,
        "ccp_alpha": 1e-3,
    }
    loss, size = problem.evaluate(problem.params_to_array(params)[None, :])[0]
    X, y = load_wine(return_X_y=True)
    result = cross_validate(
        DecisionTreeClassifier(**params, random_state=4),
        X,
        y,
        cv=StratifiedKFold(3, shuffle=True, random_state=4),
        return_estimator=True,
    )
    assert loss == pytest.approx(1 - result["test_score"].mean())
    assert size == pytest.approx(np.mean([t.get_n_leaves() for t in result["estimator"]]))


def test_mlp_size_counts_weights_and_biases():
    problem = MLTradeoff("MLP", "iris", seed=0)
    assert problem.mlp_size(10) == (4 + 1) * 10 + (10 + 1) * 3
    assert MLTradeoff("MLP", "breast", seed=0).mlp_size(10) == (30 + 1) * 10 + 11
    assert problem.space["hidden_layer_sizes"].low == 1


def test_reference_point_bounds_every_evaluation():
    problem = suites.get_problem("DT-iris-tradeoff", seed=0)
    F = problem.evaluate(problem.sample(15, seed=0))
    assert F.shape == (15, 2)
    assert np.all(problem.reference_point >= F)
    assert problem.reference_point[1] == pytest.approx(1.1 * 100)  # one leaf per point


def test_study_returns_both_objectives():
    problem = suites.get_problem("DT-wine-tradeoff", seed=1)
    study = hpobench.create_study(
        directions=["minimize", "minimize"], sampler=hpobench.samplers.RandomSampler(seed=0)
    )
    study.optimize(problem, n_trials=3)
    X = np.array([problem.params_to_array(t.params) for t in study.trials])
    np.testing.assert_allclose([t.values for t in study.trials], problem.evaluate(X))
    assert {"multi_objective", "ml"} <= problem.tags


def test_unknown_model_is_refused():
    with pytest.raises(
        ValueError, match=r"model of an ML trade-off must be one of \['DT', 'MLP'\]"
    ):
        MLTradeoff("SVM", "iris")


def test_multiobjective_suite_lists_four_tradeoffs():
    ids = [i for i in suites.list_problems("multiobjective") if "tradeoff" in i]
    assert ids == [
        "DT-breast-tradeoff(metric='acc',cv=3)",
        "MLP-breast-tradeoff(metric='acc',cv=3)",
        "DT-digits-tradeoff(metric='acc',cv=3)",
        "MLP-digits-tradeoff(metric='acc',cv=3)",
    ]
