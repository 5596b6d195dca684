"""ML tuning tasks: values agree with scikit-learn's own cross_val_score."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn import datasets, ensemble, linear_model, neighbors, neural_network, svm, tree
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import hpobench
import suites
from suites._ml import MLTask, load_dataset
from suites._ml._cv import cv_splits, dummy_losses, fold_losses

SEED = 7


def _scaled(model):
    return make_pipeline(StandardScaler(), model)


def _reference(dataset: str, estimator, scoring: str, seed: int = SEED) -> float:
    """Mean CV score straight from scikit-learn, with the task's folds."""
    X, y = getattr(datasets, dataset)(return_X_y=True)
    if dataset == "load_diabetes":
        y = (y - y.mean()) / y.std()
        folds = KFold(3, shuffle=True, random_state=seed)
    else:
        folds = StratifiedKFold(3, shuffle=True, random_state=seed)
    return float(cross_val_score(estimator, X, y, scoring=scoring, cv=folds).mean())


CASES = [
    (
        "kNN-iris",
        {"n_neighbors": 7, "p": 1},
        lambda: _scaled(neighbors.KNeighborsClassifier(n_neighbors=7, p=1)),
        "load_iris",
        "accuracy",
    ),
    (
        "SVM-wine",
        {"C": 20.0, "kernel": "poly", "gamma": 0.05, "degree": 3, "coef0": 0.5, "tol": 1e-3},
        lambda: _scaled(
            svm.SVC(
                C=20.0,
                kernel="poly",
                gamma=0.05,
                degree=3,
                coef0=0.5,
                tol=1e-3,
                max_iter=200_000,
                random_state=SEED,
            )
        ),
        "load_wine",
        "accuracy",
    ),
    (
        "DT-breast",
        {
            "max_depth": 4,
            "min_samples_split": 0.05,
            "min_samples_leaf": 0.02,
            "min_weight_fraction_leaf": 0.01,
            "max_features": 0.7,
            "min_impurity_decrease": 0.0,
        },
        lambda: tree.DecisionTreeClassifier(
            max_depth=4,
            min_samples_split=0.05,
            min_samples_leaf=0.02,
            min_weight_fraction_leaf=0.01,
            max_features=0.7,
            min_impurity_decrease=0.0,
            random_state=SEED,
        ),
        "load_breast_cancer",
        "accuracy",
    ),
    (
        "RF-wine",
        {
            "max_depth": 6,
            "min_samples_split": 0.05,
            "min_samples_leaf": 0.02,
            "min_weight_fraction_leaf": 0.01,
            "max_features": 0.5,
            "min_impurity_decrease": 0.0,
        },
        lambda: ensemble.RandomForestClassifier(
            n_estimators=10,
            max_depth=6,
            min_samples_split=0.05,
            min_samples_leaf=0.02,
            min_weight_fraction_leaf=0.01,
            max_features=0.5,
            min_impurity_decrease=0.0,
            random_state=SEED,
        ),
        "load_wine",
        "accuracy",
    ),
    (
        "ada-iris",
        {"n_estimators": 12, "learning_rate": 0.5},
        lambda: ensemble.AdaBoostClassifier(n_estimators=12, learning_rate=0.5, random_state=SEED),
        "load_iris",
        "accuracy",
    ),
    (
        "linear-iris",
        {"C": 3.0, "intercept_scaling": 2.0},
        lambda: _scaled(
            OneVsRestClassifier(
                linear_model.LogisticRegression(
                    solver="liblinear",
                    l1_ratio=0.0,
                    C=3.0,
                    intercept_scaling=2.0,
                    random_state=SEED,
                )
            )
        ),
        "load_iris",
        "accuracy",
    ),
    (
        "MLP-adam-iris",
        {
            "hidden_layer_sizes": 60,
            "alpha": 1e-3,
            "batch_size": 32,
            "learning_rate_init": 1e-2,
            "tol": 1e-4,
            "validation_fraction": 0.2,
            "beta_1": 0.9,
            "beta_2": 0.999,
            "epsilon": 1e-8,
        },
        lambda: _scaled(
            neural_network.MLPClassifier(
                hidden_layer_sizes=(60,),
                alpha=1e-3,
                batch_size=32,
                learning_rate_init=1e-2,
                tol=1e-4,
                validation_fraction=0.2,
                beta_1=0.9,
                beta_2=0.999,
                epsilon=1e-8,
                solver="adam",
                early_stopping=True,
                max_iter=20,
                random_state=SEED,
            )
        ),
        "load_iris",
        "accuracy",
    ),
    (
        "lasso-diabetes",
        {"alpha": 0.02, "fit_intercept": True, "max_iter": 300, "tol": 1e-3, "positive": False},
        lambda: _scaled(
            linear_model.Lasso(alpha=0.02, fit_intercept=True, max_iter=300, tol=1e-3)
        ),
        "load_diabetes",
        "neg_mean_squared_error",
    ),
    (
        "linear-diabetes",
        {"alpha": 5.0, "fit_intercept": False, "max_iter": 100, "tol": 1e-3},
        lambda: _scaled(
            linear_model.Ridge(alpha=5.0, fit_intercept=False, max_iter=100, tol=1e-3)
        ),
        "load_diabetes",
        "neg_mean_squared_error",
    ),
]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize(("family", "params", "build", "loader", "scoring"), CASES)
def test_value_matches_sklearn_cross_val_score(family, params, build, loader, scoring):
    problem = suites.get_problem(family, seed=SEED)
    x = problem.params_to_array(params)
    value = float(problem.evaluate(x[None, :])[0])
    score = _reference(loader, build(), scoring)
    expected = 1.0 - score if scoring == "accuracy" else -score
    assert value == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_other_metrics_match_sklearn():
    knn = suites.get_problem("kNN-diabetes(metric='mae')", seed=SEED)
    value = knn.evaluate(np.array([[9.0, 2.0]]))[0]
    expected = -_reference(
        "load_diabetes",
        _scaled(neighbors.KNeighborsRegressor(n_neighbors=9, p=2)),
        "neg_mean_absolute_error",
    )
    assert value == pytest.approx(expected, rel=1e-12)
    svc = suites.get_problem("SVM-iris(metric='nll')", seed=SEED)
    x = svc.params_to_array(
        {"C": 5.0, "kernel": "rbf", "gamma": 0.1, "degree": 2, "coef0": 0.0, "tol": 1e-3}
    )
    model = CalibratedClassifierCV(
        svm.SVC(C=5.0, kernel="rbf", gamma=0.1, tol=1e-3, max_iter=200_000, random_state=SEED),
        method="sigmoid",
        ensemble=False,
    )
    expected = -_reference("load_iris", _scaled(model), "neg_log_loss")
    assert svc.evaluate(x[None, :])[0] == pytest.approx(expected, rel=1e-12)


def test_svm_kernel_conditions_the_other_parameters():
    problem = MLTask("SVM", "iris", seed=0)
    assert "conditional" in problem.tags
    row = problem.params_to_array(
        {"C": 2.0, "kernel": "linear", "gamma": 0.3, "degree": 4, "coef0": 0.7, "tol": 1e-3}
    )
    assert problem.config(row) == {"C": 2.0, "kernel": "linear", "tol": 1e-3}
    # Inactive parameters do not change the value.
    other = row.copy()
    other[[2, 3, 4]] = [1e-4, 2, 0.0]
    np.testing.assert_array_equal(problem.evaluate(row[None]), problem.evaluate(other[None]))


def test_define_by_run_suggests_only_active_parameters():
    problem = MLTask("SVM", "wine", seed=0)
    study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=1))
    study.optimize(problem, n_trials=12)
    expected_keys = {
        "rbf": {"C", "kernel", "gamma", "tol"},
        "poly": {"C", "kernel", "gamma", "degree", "coef0", "tol"},
        "sigmoid": {"C", "kernel", "gamma", "coef0", "tol"},
        "linear": {"C", "kernel", "tol"},
    }
    for trial in study.trials:
        assert set(trial.params) == expected_keys[trial.params["kernel"]]
        filled = {**problem.spec.defaults, **trial.params}
        value = problem.evaluate(problem.params_to_array(filled)[None, :])[0]
        assert trial.value == pytest.approx(value)


def test_seed_fixes_folds_and_model():
    x = np.array([[6, 0.3, 0.05, 0.01, 0.6, 0.0]])
    a = suites.get_problem("RF-digits", seed=1)
    assert a.evaluate(x)[0] == a.with_seed(1).evaluate(x)[0]
    assert a.evaluate(x)[0] != a.with_seed(2).evaluate(x)[0]


def test_failed_fits_score_as_the_dummy_model():
    class _Broken(ClassifierMixin, BaseEstimator):
        def fit(self, X, y):
            raise ValueError("diverged")

    data = load_dataset("iris")
    splits = cv_splits(data, 3, seed=0)
    np.testing.assert_allclose(
        fold_losses(_Broken(), data, "acc", splits), dummy_losses(data, "acc", splits)
    )
    # The prior's majority class on balanced iris: about two thirds wrong.
    np.testing.assert_allclose(dummy_losses(data, "acc", splits), 2 / 3, atol=0.03)


def test_datasets_are_cached_and_read_only():
    data = load_dataset("wine")
    assert load_dataset("wine") is data
    with pytest.raises(ValueError, match="read-only"):
        data.X[0, 0] = 1.0
    diabetes = load_dataset("diabetes")
    assert diabetes.task == "regression"
    assert diabetes.y.mean() == pytest.approx(0.0, abs=1e-12)
    assert diabetes.y.std() == pytest.approx(1.0)


def test_ml_suite_is_the_bayesmark_grid():
    ids = suites.list_problems("ml")
    assert len(ids) == 45
    assert "SVM-digits(metric='acc',cv=3)" in ids and "linear-diabetes(metric='mse',cv=3)" in ids
    problem = suites.get_problem(ids[0], seed=3)
    assert problem.case_id == ids[0] and problem.with_seed(4).seed == 4
    assert {"ml", "classification", "dim=2"} <= suites.get_problem("kNN-iris").tags


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (("SVM", "mnist"), {}, r"dataset must be one of \['breast', 'digits', 'iris', 'wine',"),
        (("XGB", "iris"), {}, r"model must be one of \['kNN', 'SVM', 'DT'"),
        (("kNN", "iris"), {"metric": "mse"}, r"metric for a classification dataset must be one"),
        (("kNN", "diabetes"), {"metric": "acc"}, r"must be one of \['mse', 'mae'\]; got 'acc'"),
        (("kNN", "iris"), {"cv": 1}, r"cv of kNN-iris must be an int in 2..10; got 1"),
    ],
)
def test_bad_case_params_are_refused(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        MLTask(*args, **kwargs)


def test_tasks_pickle_for_parallel_runs():
    problem = suites.get_problem("DT-iris", seed=2)
    copy = pickle.loads(pickle.dumps(problem))
    X = problem.sample(2, seed=0)
    np.testing.assert_array_equal(copy.evaluate(X), problem.evaluate(X))
    assert copy.case_id == problem.case_id and copy.seed == 2
