"""TrialRngs: per-trial generators that depend only on (seed, trial number)."""

from __future__ import annotations

import pickle

import numpy as np
from scipy import stats

from hpobench.samplers._seeding import TrialRngs


def test_a_trial_draws_the_same_values_whatever_came_before():
    used = TrialRngs(seed=3)
    for number in range(5):
        used.for_trial(number).random(number + 1)  # partly used, then kept for reuse
        used.release(number)
    assert np.array_equal(used.for_trial(9).random(4), TrialRngs(seed=3).for_trial(9).random(4))


def test_a_live_trial_keeps_its_generator_until_released():
    rngs = TrialRngs(seed=0)
    first = rngs.for_trial(1).random()
    second = rngs.for_trial(1).random()
    fresh = TrialRngs(seed=0).for_trial(1)
    assert [first, second] == fresh.random(2).tolist()


def test_seeds_and_trials_give_different_streams():
    draws = {
        (seed, number): TrialRngs(seed=seed).for_trial(number).random()
        for seed in (0, 1, 2**40)
        for number in (0, 1, 2)
    }
    assert len(set(draws.values())) == len(draws)


def test_first_draws_of_consecutive_trials_are_uniform_and_uncorrelated():
    rngs = TrialRngs(seed=7)
    first = np.array([rngs.for_trial(k).random() for k in range(3000)])
    assert stats.kstest(first, "uniform").pvalue > 1e-3
    assert abs(stats.pearsonr(first[:-1], first[1:]).statistic) < 0.08


def test_a_pickled_copy_continues_identically():
    rngs = TrialRngs(seed=11)
    rngs.for_trial(4).random(3)
    copy = pickle.loads(pickle.dumps(rngs))
    assert copy.for_trial(4).random() == rngs.for_trial(4).random()
    assert copy.for_trial(5).random() == TrialRngs(seed=11).for_trial(5).random()


def test_reseed_changes_every_trial_stream():
    rngs = TrialRngs(seed=1)
    before = rngs.for_trial(2).random()
    rngs.reseed(2)
    assert rngs.for_trial(2).random() == TrialRngs(seed=2).for_trial(2).random() != before
