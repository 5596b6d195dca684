"""Step-wise ML tasks: epochs through partial_fit, data fractions, lazy steps."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.metrics import accuracy_score
from sklearn.model_selection import StratifiedKFold
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

import hpobench
import suites
from hpobench.trial import TrialState
from suites._ml import MLStepTask, MLTask, _steps
from suites._ml._steps import stratified_subset


def test_epoch_curve_matches_a_manual_partial_fit_loop():
    problem = MLStepTask("MLP-adam", "iris", n_steps=3, seed=5)
    params = {
        "hidden_layer_sizes": 20,
        "alpha": 1e-4,
        "batch_size": 16,
        "learning_rate_init": 3e-3,
        "beta_1": 0.9,
        "beta_2": 0.999,
        "epsilon": 1e-8,
    }
    assert set(problem.space) == set(params)  # no tol / validation_fraction per epoch
    curve = [v for _, v in problem.iter_steps(problem.params_to_array(params))]

    X, y = load_iris(return_X_y=True)
    errors = np.zeros((3, 3))
    folds = StratifiedKFold(3, shuffle=True, random_state=5).split(X, y)
    for f, (train, test) in enumerate(folds):
        scaler = StandardScaler().fit(X[train])
        model = MLPClassifier(
            hidden_layer_sizes=(20,),
            alpha=1e-4,
            batch_size=16,
            learning_rate_init=3e-3,
            beta_1=0.9,
            beta_2=0.999,
            epsilon=1e-8,
            solver="adam",
            random_state=5,
        )
        for epoch in range(3):
            model.partial_fit(scaler.transform(X[train]), y[train], classes=np.unique(y))
            predicted = model.predict(scaler.transform(X[test]))
            errors[epoch, f] = 1 - accuracy_score(y[test], predicted)
    np.testing.assert_allclose(curve, errors.mean(axis=1), rtol=1e-12)


def test_last_data_fraction_equals_the_plain_task():
    for model, x in (("kNN", [25, 3]), ("DT", [5, 0.1, 0.05, 0.01, 0.8, 0.0])):
        steps = MLStepTask(model, "wine", n_steps=5, seed=2)
        plain = MLTask(model, "wine", seed=2)
        curve = [v for _, v in steps.iter_steps(np.array(x, dtype=float))]
        assert curve[-1] == pytest.approx(plain.evaluate(np.array([x], dtype=float))[0])
        assert steps.evaluate(np.array([x], dtype=float))[0] == pytest.approx(curve[-1])


def test_steps_are_computed_lazily(monkeypatch):
    calls = []
    original = _steps._subset_loss

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(_steps, "_subset_loss", counting)
    problem = MLStepTask("kNN", "iris", n_steps=10, seed=0)
    steps = problem.iter_steps(np.array([5.0, 2.0]))
    assert calls == []
    next(steps)
    assert len(calls) == problem.cv  # one fit per fold for the first step only


def test_subsets_keep_every_class_and_the_fold_order():
    y = np.repeat([0, 1, 2], 10)
    train = np.arange(30)
    order = np.random.default_rng(0).permutation(30)
    small = stratified_subset(train, y, 0.05, order, stratify=True)
    assert sorted(set(y[small])) == [0, 1, 2]
    assert np.all(np.diff(small) > 0)
    np.testing.assert_array_equal(stratified_subset(train, y, 1.0, order, True), train)
    assert len(stratified_subset(train, y.astype(float), 0.5, order, stratify=False)) == 15


def test_knn_with_more_neighbours_than_points_still_scores():
    problem = MLStepTask("kNN", "iris", n_steps=20, seed=1)
    # 7 training points per fold at the first step: 25 neighbours become all 7, a
    # majority vote as good as the class prior, while 5 neighbours already do better.
    all_points = next(problem.iter_steps(np.array([25.0, 2.0])))[1]
    assert all_points == pytest.approx(2 / 3, abs=0.03)
    assert next(problem.iter_steps(np.array([5.0, 2.0])))[1] < all_points


def test_a_pruner_stops_trials_through_the_study():
    problem = suites.get_problem("kNN-iris-steps(metric='acc',cv=3,n_steps=5)", seed=0)
    study = hpobench.create_study(
        sampler=hpobench.samplers.RandomSampler(seed=0),
        pruner=hpobench.pruners.ThresholdPruner(upper=0.05),
    )
    study.optimize(problem, n_trials=6)
    for trial in study.trials:
        steps = sorted(trial.intermediate_values)
        assert steps == list(range(1, len(steps) + 1))
        if trial.state == TrialState.PRUNED:
            assert trial.intermediate_values[steps[-1]] > 0.05
    assert any(t.state == TrialState.PRUNED for t in study.trials)


def test_ml_steps_suite_and_tags():
    ids = suites.list_problems("ml-steps")
    assert len(ids) == 45
    assert "MLP-sgd-digits-steps(metric='acc',cv=3,n_steps=20)" in ids
    problem = suites.get_problem("SVM-breast-steps", seed=0)
    assert {"ml", "multi_fidelity", "conditional"} <= problem.tags
    assert problem.n_steps == 10 and problem.with_seed(1).case_id == problem.case_id


@pytest.mark.parametrize("n_steps", [1, 201, 2.5])
def test_bad_n_steps_is_refused(n_steps):
    with pytest.raises(ValueError, match=r"n_steps of kNN-iris-steps must be an int in 2..200"):
        MLStepTask("kNN", "iris", n_steps=n_steps)
