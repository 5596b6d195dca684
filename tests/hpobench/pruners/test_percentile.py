"""MedianPruner and PercentilePruner on hand-made histories."""

from __future__ import annotations

import math

import pytest
from pruner_histories import add, running, study_with

import hpobench
from hpobench.pruners import MedianPruner, PercentilePruner
from hpobench.trial import TrialState

FIVE = [{0: float(v), 1: float(v)} for v in (1, 2, 3, 4, 5)]  # step 0 and 1: 1..5


@pytest.mark.parametrize(
    ("direction", "value", "pruned"),
    [
        ("minimize", 3.5, True),
        ("minimize", 3.0, False),  # equal to the median is not worse
        ("minimize", 2.9, False),
        ("maximize", 2.5, True),
        ("maximize", 3.0, False),
        ("maximize", 3.5, False),
    ],
)
def test_median_compares_with_the_median_in_the_study_direction(direction, value, pruned):
    study = study_with(MedianPruner(), FIVE, direction)
    assert running(study, {0: value}).should_prune() is pruned


@pytest.mark.parametrize(
    ("direction", "value", "pruned"),
    [
        ("minimize", 2.5, True),  # 25th percentile of 1..5 is 2
        ("minimize", 1.5, False),
        ("maximize", 3.5, True),  # best quarter in maximize: 75th percentile, 4
        ("maximize", 4.5, False),
    ],
)
def test_percentile_keeps_the_best_share(direction, value, pruned):
    study = study_with(PercentilePruner(25.0), FIVE, direction)
    assert running(study, {0: value}).should_prune() is pruned


def test_the_trial_is_judged_by_its_best_value_so_far():
    study = study_with(MedianPruner(), FIVE)
    assert not running(study, {0: 1.0, 1: 10.0}).should_prune()
    assert running(study, {0: 4.0, 1: 10.0}).should_prune()


def test_n_startup_trials_counts_complete_trials_only():
    study = study_with(MedianPruner(n_startup_trials=5), FIVE[:4])
    add(study, {0: 0.0}, state=TrialState.PRUNED)
    assert not running(study, {0: 100.0}).should_prune()
    add(study, FIVE[4])
    assert running(study, {0: 100.0}).should_prune()


def test_n_startup_trials_zero_still_needs_a_complete_trial():
    study = study_with(MedianPruner(n_startup_trials=0))
    assert not running(study, {0: 100.0}).should_prune()


def test_warmup_steps():
    histories = [{s: float(v) for s in range(4)} for v in (1, 2, 3, 4, 5)]
    study = study_with(MedianPruner(n_warmup_steps=2), histories)
    trial = study.ask()
    for step in range(4):
        trial.report(100.0, step)
        assert trial.should_prune() is (step >= 2)


def test_interval_steps_check_the_first_report_of_each_interval():
    histories = [{s: float(v) for s in range(10)} for v in (1, 2, 3, 4, 5)]
    study = study_with(MedianPruner(n_warmup_steps=1, interval_steps=3), histories)
    trial = study.ask()
    judged = []
    for step in (0, 1, 2, 3, 5, 6, 8, 9):  # checks at 1, 4, 7: reports 1, 5, 8 are judged
        trial.report(100.0, step)
        judged.append(trial.should_prune())
    assert judged == [False, True, False, False, True, False, True, False]


def test_n_min_trials_counts_the_trials_that_reported_the_step():
    histories = [{0: 1.0, 1: 1.0}, {0: 2.0, 1: 2.0}, {0: 3.0}, {0: 4.0}, {0: 5.0}]
    study = study_with(MedianPruner(n_min_trials=3), histories)
    assert running(study, {0: 10.0}).should_prune()
    assert not running(study, {1: 10.0}).should_prune()  # only 2 trials reported step 1


def test_a_step_nobody_reported_prunes_nothing():
    study = study_with(MedianPruner(), FIVE)
    assert not running(study, {7: 1e9}).should_prune()


def test_nan_values():
    histories = [{0: v} for v in (1.0, 2.0, math.nan, math.nan, math.nan)]
    study = study_with(MedianPruner(n_min_trials=3), histories)
    assert not running(study, {0: 100.0}).should_prune()  # two non-NaN values only
    study = study_with(MedianPruner(), [{0: v} for v in (1.0, 2.0, 3.0, math.nan, math.nan)])
    assert not running(study, {0: 2.0}).should_prune()  # NaN of others ignored: median 2
    assert running(study, {0: 2.5}).should_prune()
    assert running(study, {0: math.nan}).should_prune()  # no value at all
    assert not running(study, {0: 1.0, 1: math.nan}).should_prune()  # best so far is 1


def test_infinite_values():
    study = study_with(MedianPruner(), [{0: v} for v in (1.0, 2.0, math.inf, math.inf, math.inf)])
    assert not running(study, {0: 1e300}).should_prune()  # the median is inf
    assert running(study, {0: math.inf}).should_prune() is False  # inf is not worse than inf
    study = study_with(MedianPruner(), FIVE, "maximize")
    assert running(study, {0: -math.inf}).should_prune()


def test_percentile_bounds():
    study = study_with(PercentilePruner(0.0), FIVE)
    assert running(study, {0: 1.5}).should_prune()
    assert not running(study, {0: 1.0}).should_prune()
    study = study_with(PercentilePruner(100.0), FIVE)
    assert not running(study, {0: 5.0}).should_prune()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"percentile": -1}, "percentile must be a number in"),
        ({"percentile": 101}, "percentile must be a number in"),
        ({"percentile": 50, "n_startup_trials": -1}, "n_startup_trials must be an int >= 0"),
        ({"percentile": 50, "n_warmup_steps": 1.5}, "n_warmup_steps must be an int >= 0"),
        ({"percentile": 50, "interval_steps": 0}, "interval_steps must be an int >= 1"),
        ({"percentile": 50, "n_min_trials": 0}, "n_min_trials must be an int >= 1"),
        ({"percentile": 50, "objective": "best"}, "objective must be None, an objective"),
    ],
)
def test_invalid_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        PercentilePruner(**kwargs)


def test_default_pruner_is_median():
    assert isinstance(hpobench.create_study().pruner, MedianPruner)
    assert isinstance(hpobench.pruners.default_pruner(), MedianPruner)


def test_docs_sgd_iris_example_prunes_some_trials_and_completes_others():
    from sklearn.datasets import load_iris
    from sklearn.linear_model import SGDClassifier
    from sklearn.model_selection import train_test_split

    X, y = load_iris(return_X_y=True)
    X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=0.25, random_state=0)

    def objective(trial):
        alpha = trial.suggest_float("alpha", 1e-5, 1e-1, log=True)
        clf = SGDClassifier(alpha=alpha, random_state=trial.number)
        for step in range(100):
            clf.partial_fit(X_train, y_train, classes=[0, 1, 2])
            trial.report(1.0 - clf.score(X_valid, y_valid), step)
            if trial.should_prune():
                raise hpobench.TrialPruned()
        return 1.0 - clf.score(X_valid, y_valid)

    study = hpobench.create_study(
        pruner=MedianPruner(), sampler=hpobench.samplers.RandomSampler(seed=0)
    )
    study.optimize(objective, n_trials=20)
    states = [t.state for t in study.trials]
    assert states[:5] == [TrialState.COMPLETE] * 5
    assert states.count(TrialState.PRUNED) >= 3
    assert states.count(TrialState.COMPLETE) >= 6
    pruned = [t for t in study.trials if t.state == TrialState.PRUNED]
    assert all(t.last_step < 99 for t in pruned)
