"""SearchCV: a scikit-learn search driven by an hpobench study."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import Ridge, SGDClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.estimator_checks import parametrize_with_checks

import hpobench
from hpobench.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from hpobench.integration import SearchCV
from hpobench.pruners import NopPruner, ThresholdPruner
from hpobench.samplers import GridSampler, RandomSampler
from hpobench.trial import TrialState

X, y = load_iris(return_X_y=True)
C_SPACE = {"C": FloatDistribution(1e-3, 1e3, log=True)}


def _study(pruner=None, sampler=None):
    return hpobench.create_study(
        direction="maximize", pruner=pruner or NopPruner(), sampler=sampler or RandomSampler(0)
    )


@parametrize_with_checks(
    [
        SearchCV(Ridge(), {"alpha": FloatDistribution(0.1, 10.0)}, n_trials=2, cv=2),
        SearchCV(
            DecisionTreeClassifier(random_state=0),
            {"max_depth": IntDistribution(1, 5)},
            n_trials=2,
            cv=2,
            random_state=0,
        ),
    ],
    expected_failed_checks=lambda est: {
        "check_non_transformer_estimators_n_iter": (
            "max_iter is the pruning budget of a trial, not iterations of SearchCV"
        )
    },
)
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


def test_fit_finds_good_parameters_and_predicts():
    search = SearchCV(SVC(), C_SPACE, n_trials=8, cv=3, study=_study()).fit(X, y)
    results = search.cv_results_
    assert len(results["params"]) == 8 == len(search.trials_)
    assert search.best_score_ == pytest.approx(np.max(results["mean_test_score"]))
    assert results["rank_test_score"][search.best_index_] == 1
    assert results["params"][search.best_index_] == search.best_params_
    assert search.best_trial_.params == search.best_params_
    assert 1e-3 <= search.best_params_["C"] <= 1e3
    assert search.best_score_ > 0.9
    assert search.predict(X).shape == (150,)
    assert search.score(X, y) == search.best_estimator_.score(X, y)
    assert search.n_splits_ == 3 and search.refit_time_ >= 0
    assert list(search.classes_) == [0, 1, 2]
    for i in range(3):
        assert len(results[f"split{i}_test_score"]) == 8
    row = [results[f"split{i}_test_score"][0] for i in range(3)]
    assert results["mean_test_score"][0] == pytest.approx(np.mean(row))
    for key in ("mean_fit_time", "std_fit_time", "mean_score_time", "std_score_time"):
        assert results[key].shape == (8,)
    assert results["param_C"][0] == results["params"][0]["C"]


def test_the_studys_sampler_is_used():
    study = _study(sampler=GridSampler({"C": [0.5, 2.0]}))
    search = SearchCV(SVC(), C_SPACE, n_trials=2, study=study).fit(X, y)
    assert sorted(p["C"] for p in search.cv_results_["params"]) == [0.5, 2.0]
    assert search.study_ is study


def test_pruning_with_partial_fit_reports_epochs():
    search = SearchCV(
        SGDClassifier(random_state=0),
        {"alpha": FloatDistribution(1e-5, 1e-1, log=True)},
        n_trials=10,
        cv=3,
        enable_pruning=True,
        max_iter=15,
        study=_study(pruner=hpobench.pruners.MedianPruner(n_startup_trials=3)),
    ).fit(X, y)
    states = list(search.cv_results_["state"])
    assert "PRUNED" in states and "COMPLETE" in states
    for trial in search.trials_:
        if trial.state == TrialState.COMPLETE:
            assert sorted(trial.intermediate_values) == list(range(15))
    ranks = search.cv_results_["rank_test_score"]
    complete = [i for i, s in enumerate(states) if s == "COMPLETE"]
    pruned = [i for i, s in enumerate(states) if s == "PRUNED"]
    assert max(ranks[complete]) < min(ranks[pruned])


def test_pruning_without_partial_fit_reports_folds():
    search = SearchCV(
        SVC(),
        {"C": CategoricalDistribution([1e-4, 10.0])},
        n_trials=6,
        cv=4,
        enable_pruning=True,
        study=_study(pruner=ThresholdPruner(lower=0.5)),
    ).fit(X, y)
    for trial in search.trials_:
        if trial.params["C"] == 1e-4:  # predicts one class: accuracy about 1/3
            assert trial.state == TrialState.PRUNED and trial.last_step == 0
        else:
            assert trial.state == TrialState.COMPLETE
            assert sorted(trial.intermediate_values) == [0, 1, 2, 3]


def test_refit_false_subsample_and_timeout():
    search = SearchCV(
        KNeighborsClassifier(),
        {"n_neighbors": IntDistribution(1, 9)},
        refit=False,
        n_trials=None,
        timeout=0.5,
        study=_study(),
    ).fit(X, y)
    assert len(search.trials_) >= 1
    assert not hasattr(search, "predict")
    assert "n_neighbors" in search.best_params_
    search = SearchCV(
        KNeighborsClassifier(),
        {"n_neighbors": IntDistribution(1, 9)},
        n_trials=2,
        subsample=0.5,
        return_train_score=True,
        random_state=0,
    ).fit(X, y)
    assert search.best_estimator_.n_samples_fit_ == 150  # the refit sees all the data
    assert "split0_train_score" in search.cv_results_


def test_error_score():
    bad = {"C": FloatDistribution(-2.0, -1.0)}  # SVC rejects C <= 0
    with pytest.raises(ValueError, match="'C' parameter of .* must be a float"):
        SearchCV(SVC(), bad, n_trials=1, error_score="raise", study=_study()).fit(X, y)
    with pytest.raises(
        ValueError, match="'C' parameter of .* must be a float"
    ):  # every trial failed
        SearchCV(SVC(), bad, n_trials=2, study=_study()).fit(X, y)
    search = SearchCV(SVC(), C_SPACE, n_trials=2, error_score=0.0, study=_study()).fit(X, y)
    assert not any(math.isnan(v) for v in search.cv_results_["mean_test_score"])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"param_distributions": {"C": [1, 2]}}, TypeError, "param_distributions must be"),
        ({"error_score": "ignore"}, ValueError, "error_score must be 'raise' or a number"),
        ({"max_iter": 0}, ValueError, "max_iter must be an int >= 1"),
        ({"subsample": 1.5}, ValueError, "subsample must be a float in"),
        ({"study": "s"}, ValueError, "study must be a single-objective study"),
    ],
)
def test_invalid_settings(kwargs, error, match):
    params = {"param_distributions": C_SPACE, **kwargs}
    with pytest.raises(error, match=match):
        SearchCV(SVC(), **params).fit(X, y)


def test_a_minimizing_study_is_refused():
    study = hpobench.create_study(direction="minimize")
    with pytest.raises(ValueError, match="direction='maximize'"):
        SearchCV(SVC(), C_SPACE, study=study).fit(X, y)
