"""WilcoxonPruner: paired test against the best trial, instance by instance."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pruner_histories import add, running, study_with

import hpobench
from hpobench.pruners import WilcoxonPruner
from hpobench.trial import TrialState

BASE = np.linspace(0.1, 0.9, 30)


def _study(direction="minimize", **kwargs):
    study = study_with(WilcoxonPruner(**kwargs), direction=direction)
    add(study, dict(enumerate(BASE)), value=float(BASE.mean()))
    worse = BASE + (0.2 if direction == "minimize" else -0.2)
    add(study, dict(enumerate(worse)), value=float(worse.mean()))
    return study


@pytest.mark.parametrize(
    ("direction", "shift", "n", "pruned"),
    [
        ("minimize", 0.05, 10, True),  # worse on every instance
        ("minimize", 0.05, 2, False),  # n_startup_steps=2 met but p of 2 pairs is 0.25
        ("minimize", -0.05, 10, False),  # better
        ("maximize", -0.05, 10, True),
        ("maximize", 0.05, 10, False),
    ],
)
def test_prunes_a_consistently_worse_trial(direction, shift, n, pruned):
    study = _study(direction)
    trial = running(study, {i: BASE[i] + shift for i in range(n)})
    assert trial.should_prune() is pruned


def test_compares_the_steps_both_trials_reported_in_any_order():
    study = _study()
    steps = [29, 3, 17, 8, 22, 1, 11, 26]
    assert running(study, {s: BASE[s] + 0.05 for s in steps}).should_prune()
    assert not running(study, {s + 100: BASE[s] + 0.05 for s in steps}).should_prune()


def test_n_startup_steps_and_threshold():
    study = _study(n_startup_steps=11)
    assert not running(study, {i: BASE[i] + 0.05 for i in range(10)}).should_prune()
    study = _study(p_threshold=0.0)
    assert not running(study, {i: BASE[i] + 0.05 for i in range(20)}).should_prune()


def test_a_better_mean_is_kept_even_when_ranks_say_worse():
    study = _study()
    diffs = [0.01] * 9 + [-0.5]  # worse on 9 of 10 instances, much better on one
    assert not running(study, {i: BASE[i] + d for i, d in enumerate(diffs)}).should_prune()


def test_non_finite_values_and_no_best_trial_prune_nothing():
    study = _study()
    values = {i: BASE[i] + 0.05 for i in range(10)}
    assert not running(study, {**values, 3: math.nan}).should_prune()
    assert not running(study, {**values, 3: math.inf}).should_prune()
    empty = study_with(WilcoxonPruner())
    add(empty, {0: 1.0}, state=TrialState.PRUNED)
    assert not running(empty, values).should_prune()


def test_identical_values_prune_nothing():
    study = _study()
    assert not running(study, {i: BASE[i] for i in range(10)}).should_prune()


def test_in_optimize_with_cross_validation_like_instances():
    rng = np.random.default_rng(0)
    instances = rng.permutation(BASE)

    def objective(trial):
        shift = trial.suggest_float("shift", 0, 1)
        for i, base in enumerate(instances):
            trial.report(base + shift, i)
            if trial.should_prune():
                raise hpobench.TrialPruned()
        return float(instances.mean() + shift)

    study = hpobench.create_study(
        pruner=WilcoxonPruner(), sampler=hpobench.samplers.RandomSampler(seed=0)
    )
    study.optimize(objective, n_trials=20)
    pruned = [t for t in study.trials if t.state == TrialState.PRUNED]
    assert len(pruned) >= 10
    assert all(t.last_step < len(instances) - 1 for t in pruned)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"p_threshold": 1.5}, "p_threshold must be a number in"),
        ({"p_threshold": -0.1}, "p_threshold must be a number in"),
        ({"n_startup_steps": -1}, "n_startup_steps must be an int >= 0"),
        ({"objective": "pareto"}, "objective must be None or an"),
    ],
)
def test_invalid_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        WilcoxonPruner(**kwargs)


def test_small_samples_get_scipys_exact_permutation_p_value_fast():
    from scipy import stats

    from hpobench.pruners._wilcoxon import _pvalue

    rng = np.random.default_rng(1)
    for n in range(1, 13):
        diffs = rng.normal(0.2, 1.0, n)
        exact = stats.wilcoxon(diffs, alternative="greater", zero_method="zsplit", method="exact")
        assert _pvalue(diffs) == pytest.approx(exact.pvalue)
    tied = np.array([0.1, 0.1, 0.0, -0.2, 0.3, 0.1])
    permutation = stats.wilcoxon(
        tied,
        alternative="greater",
        zero_method="zsplit",
        method=stats.PermutationMethod(n_resamples=10**4),
    )
    assert _pvalue(tied) == pytest.approx(permutation.pvalue)
    assert 0.0 < _pvalue(np.full(40, 0.1)) < 1e-6  # ties beyond 12 pairs: approximation
