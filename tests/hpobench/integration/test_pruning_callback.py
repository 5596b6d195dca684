"""SklearnPruningCallback: step-by-step training with reports and pruning."""

from __future__ import annotations

import pytest
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

import hpobench
from hpobench.integration import SklearnPruningCallback
from hpobench.pruners import BasePruner, MedianPruner
from hpobench.samplers import RandomSampler
from hpobench.trial import FixedTrial, TrialState

X, y = load_iris(return_X_y=True)
X_TRAIN, X_VALID, Y_TRAIN, Y_VALID = train_test_split(X, y, test_size=0.25, random_state=0)


class PruneAt(BasePruner):
    def __init__(self, step):
        self.step = step

    def prune(self, study, trial):
        return trial.last_step == self.step


def _trial(pruner=None, direction="maximize"):
    return hpobench.create_study(direction=direction, pruner=pruner).ask()


def test_partial_fit_reports_each_step_and_gets_pruned():
    def objective(trial):
        clf = SGDClassifier(
            alpha=trial.suggest_float("alpha", 1e-5, 1e-1, log=True), random_state=0
        )
        SklearnPruningCallback(trial, X_VALID, Y_VALID).fit(clf, X_TRAIN, Y_TRAIN, n_steps=20)
        return clf.score(X_VALID, Y_VALID)

    study = hpobench.create_study(
        direction="maximize", pruner=MedianPruner(), sampler=RandomSampler(seed=0)
    )
    study.optimize(objective, n_trials=15)
    states = [t.state for t in study.trials]
    assert TrialState.PRUNED in states and TrialState.COMPLETE in states
    complete = [t for t in study.trials if t.state == TrialState.COMPLETE]
    assert all(sorted(t.intermediate_values) == list(range(20)) for t in complete)


def test_call_reports_the_score_and_raises_when_pruned():
    trial = _trial(PruneAt(1))
    clf = SGDClassifier(random_state=0).fit(X_TRAIN, Y_TRAIN)
    callback = SklearnPruningCallback(trial, X_VALID, Y_VALID, scoring="accuracy")
    assert callback(clf, 0) == clf.score(X_VALID, Y_VALID)
    with pytest.raises(hpobench.TrialPruned, match="pruned at step 1"):
        callback(clf, 1)
    assert trial.study.trials[0].intermediate_values == {0: clf.score(X_VALID, Y_VALID)} | {
        1: clf.score(X_VALID, Y_VALID)
    }


def test_warm_start_grows_an_ensemble_over_the_steps():
    trial = _trial()
    forest = RandomForestClassifier(n_estimators=10, random_state=0)
    SklearnPruningCallback(trial, X_VALID, Y_VALID).fit(forest, X_TRAIN, Y_TRAIN, n_steps=4)
    assert len(forest.estimators_) == 10
    assert forest.get_params()["warm_start"] is False
    assert sorted(trial.study.trials[0].intermediate_values) == [0, 1, 2, 3]


def test_warm_start_spreads_max_iter_and_restores_it():
    trial = _trial()
    model = LogisticRegression(max_iter=20)
    SklearnPruningCallback(trial, X_VALID, Y_VALID).fit(model, X_TRAIN, Y_TRAIN, n_steps=4)
    assert model.get_params()["max_iter"] == 20
    assert len(trial.study.trials[0].intermediate_values) == 4


def test_a_loss_for_a_minimizing_study():
    trial = _trial(direction="minimize")
    callback = SklearnPruningCallback(
        trial, X_VALID, Y_VALID, scoring=lambda est, X, y: 1.0 - est.score(X, y)
    )
    callback.fit(SGDClassifier(random_state=0), X_TRAIN, Y_TRAIN, n_steps=3, classes=[0, 1, 2])
    assert all(0.0 <= v <= 1.0 for v in trial.study.trials[0].intermediate_values.values())


def test_a_fixed_trial_never_prunes():
    callback = SklearnPruningCallback(FixedTrial({}), X_VALID, Y_VALID)
    clf = callback.fit(SGDClassifier(random_state=0), X_TRAIN, Y_TRAIN, n_steps=2)
    assert clf.score(X_VALID, Y_VALID) > 0


def test_errors():
    with pytest.raises(ValueError, match="the study does not maximize one objective"):
        SklearnPruningCallback(_trial(direction="minimize"), X_VALID, Y_VALID)
    callback = SklearnPruningCallback(_trial(), X_VALID, Y_VALID)
    with pytest.raises(TypeError, match="KNeighborsClassifier can't be trained step by step"):
        callback.fit(KNeighborsClassifier(), X_TRAIN, Y_TRAIN, n_steps=2)
    with pytest.raises(ValueError, match="n_steps must be an int >= 1"):
        callback.fit(SGDClassifier(), X_TRAIN, Y_TRAIN, n_steps=0)
