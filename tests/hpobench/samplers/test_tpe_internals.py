"""The shortcuts that keep a TPE step cheap give the same numbers as the plain way."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hpobench
from hpobench.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from hpobench.samplers import TPESampler
from hpobench.samplers._tpe._factors import unique_inverse
from hpobench.samplers._tpe._group import Data, EstimatorCache
from hpobench.samplers._tpe._history import TrialHistory
from hpobench.samplers._tpe._kernels import LOG_SQRT_2PI
from hpobench.samplers._tpe._parzen import ParzenEstimator, ParzenParameters
from hpobench.samplers._tpe._ratio import log_ratio_independent
from hpobench.samplers._tpe._scratch import scratch
from hpobench.samplers._tpe._space import ModelSpace
from hpobench.samplers._tpe._split import Observations, below_mask
from hpobench.trial import TrialState


def setup_module():
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)


DISTS = [
    FloatDistribution(-2.0, 3.0),
    FloatDistribution(1e-3, 10.0, log=True),
    IntDistribution(0, 20),
    IntDistribution(1, 500, log=True),
    FloatDistribution(0.0, 1.0, step=0.1),
    CategoricalDistribution(["a", "b", "c"]),
]


def _draw(space: ModelSpace, rng: np.random.Generator, n: int) -> np.ndarray:
    numeric = space.from_unit(rng.random((n, space.n_num)))
    choices = [rng.integers(0, len(d.choices), n) for d in space.distributions[space.n_num :]]
    return np.column_stack([numeric, *choices]) if choices else numeric


def _data(below: np.ndarray) -> Data:
    numbers = np.arange(len(below))
    return Data(below, below[:0], numbers, numbers[:0])


@pytest.mark.parametrize("kinds", [[0, 1], [0], [2, 3, 5], [0, 2, 4, 5], [1, 3]])
@pytest.mark.parametrize("prior", [True, False])
def test_independent_log_ratio_is_the_difference_of_log_densities(kinds, prior):
    space = ModelSpace([DISTS[k] for k in kinds])
    rng = np.random.default_rng(len(kinds))
    params = ParzenParameters(consider_prior=prior)
    good = ParzenEstimator(space, _draw(space, rng, 6), rng.random(6) + 0.1, params)
    bad = ParzenEstimator(space, _draw(space, rng, 300), rng.random(300) + 0.1, params)
    points = _draw(space, rng, 24)
    expected = good.log_pdf(points, independent=True) - bad.log_pdf(points, independent=True)
    assert np.array_equal(log_ratio_independent(good, bad, points), expected)


@pytest.mark.parametrize("kinds", [[0, 1], [0], [0, 2], [4, 0, 2, 1]])
def test_mixture_of_each_dimension_matches_the_formula(kinds):
    # All-continuous spaces add the kernels in order, mixed ones pairwise: both are sums
    # of sigma-scaled normal densities over the kernels and the prior.
    space = ModelSpace([DISTS[k] for k in kinds])
    rng = np.random.default_rng(3)
    pe = ParzenEstimator(space, _draw(space, rng, 700), rng.random(700) + 0.1, ParzenParameters())
    cont = space.cont_idx
    u = rng.random((5, len(cont)))
    mu, sigma = pe.mu[:, cont], pe.sigma[:, cont]
    z = (u[:, :, None] - mu.T) / sigma.T
    density = np.exp(-0.5 * z * z - LOG_SQRT_2PI - pe.log_z[:, cont].T) / sigma.T
    expected = np.log(np.sum(pe.w * density, axis=2))
    assert np.allclose(pe._log_mixture_continuous(u), expected, rtol=1e-12)


def test_estimator_cache_reuses_only_the_same_data():
    space = ModelSpace([DISTS[0], DISTS[2]])
    rng = np.random.default_rng(0)
    below = _draw(space, rng, 10)
    cache = EstimatorCache()
    params = ParzenParameters()
    first = cache.fit("x", space, _data(below), np.ones(10), params)
    assert cache.fit("x", space, _data(below.copy()), np.ones(10), params) is first
    changed = below.copy()
    changed[3, 1] += 1.0
    assert cache.fit("x", space, _data(changed), np.ones(10), params) is not first
    again = cache.fit("x", space, _data(below), np.ones(10), params)
    assert again is not first  # one estimator is kept per key: the latest
    assert cache.fit("x", space, _data(below), np.full(10, 2.0), params) is not again
    assert cache.fit("y", space, _data(below), np.ones(10), params) is not again
    assert len(cache) == 2


def test_estimator_cache_keeps_a_bounded_number_of_keys():
    space = ModelSpace([DISTS[0]])
    cache = EstimatorCache(max_entries=3)
    below = np.array([[0.5], [1.5]])
    for key in range(10):
        cache.fit(key, space, _data(below), np.ones(2), ParzenParameters())
    assert len(cache) <= 3


def test_a_reused_sampler_samples_like_fresh_ones():
    def objective(trial):
        i = trial.suggest_int("i", -10, 10)
        c = trial.suggest_categorical("c", ["a", "b", "c"])
        return i * i + (c == "b")

    def params(study):
        return [t.params for t in study.trials]

    reused = TPESampler(seed=3, n_startup_trials=5)
    first = hpobench.create_study(sampler=reused)
    first.optimize(objective, n_trials=40)
    second = hpobench.create_study(sampler=reused)
    second.optimize(lambda t: -objective(t), n_trials=40)
    fresh = hpobench.create_study(sampler=TPESampler(seed=3, n_startup_trials=5))
    fresh.optimize(lambda t: -objective(t), n_trials=40)
    assert params(second) == params(fresh)


def test_a_sampler_moved_to_a_study_of_another_space_samples_like_a_fresh_one():
    def branches(trial):
        if trial.suggest_categorical("kind", ["a", "b"]) == "a":
            return trial.suggest_float("x", 0, 1)
        return trial.suggest_int("k", 0, 9) / 9

    def flat(trial):
        return trial.suggest_float("u", 0, 1) + trial.suggest_float("v", 0, 1)

    reused = TPESampler(seed=4, n_startup_trials=5)
    hpobench.create_study(sampler=reused).optimize(branches, n_trials=30)
    second = hpobench.create_study(sampler=reused)
    second.optimize(flat, n_trials=30)
    fresh = hpobench.create_study(sampler=TPESampler(seed=4, n_startup_trials=5))
    fresh.optimize(flat, n_trials=30)
    assert [t.params for t in second.trials] == [t.params for t in fresh.trials]


def test_snapshots_share_their_structure_until_a_distribution_or_group_changes():
    study = hpobench.create_study(sampler=TPESampler(seed=0, n_startup_trials=100))
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    history = TrialHistory()
    first = history.refresh(study, exclude=-1)
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    same = history.refresh(study, exclude=-1)
    assert same.structure == first.structure and same.distributions is first.distributions
    study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_float("y", 0, 1), n_trials=1)
    grown = history.refresh(study, exclude=-1)
    assert grown.structure != same.structure
    assert sorted(grown.distributions) == ["x", "y"] and sorted(same.distributions) == ["x"]
    study.optimize(lambda t: t.suggest_float("x", 0, 2), n_trials=1)  # a new range of x
    assert history.refresh(study, exclude=-1).structure != grown.structure


def test_the_best_rows_kept_by_the_history_split_like_a_partition():
    rng = np.random.default_rng(5)
    values = np.round(rng.random(300), 2)  # ties
    study = hpobench.create_study(sampler=TPESampler(seed=0, n_startup_trials=1000))
    for v in values:
        trial = study.ask()
        trial.suggest_float("x", 0, 1)
        study.tell(trial, float(v))
    obs = TrialHistory().refresh(study, exclude=-1).observations
    assert obs.best is not None and len(obs.best) == 64
    partitioned = dataclasses.replace(obs, best=None)
    for n_below in (1, 7, 25, 64, 65):
        kept = np.flatnonzero(below_mask(obs, n_below))
        partition = np.flatnonzero(below_mask(partitioned, n_below))
        assert len(kept) == n_below
        assert sorted(values[kept]) == sorted(values[partition])
    # Ties keep the earlier row first.
    best = values[obs.best]
    tied = np.diff(best) == 0
    assert np.all(np.diff(best) >= 0) and np.all(np.diff(obs.best)[tied] > 0)


def test_the_best_rows_are_dropped_once_a_trial_is_not_a_feasible_complete_one():
    study = hpobench.create_study(sampler=TPESampler(seed=0, n_startup_trials=100))
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5)
    history = TrialHistory()
    assert history.refresh(study, exclude=-1).observations.best is not None
    trial = study.ask()
    trial.suggest_float("x", 0, 1)
    study.tell(trial, state=TrialState.PRUNED)
    assert history.refresh(study, exclude=-1).observations.best is None
    two = hpobench.create_study(directions=["minimize", "maximize"])
    two.optimize(lambda t: (t.suggest_float("x", 0, 1), 1.0), n_trials=3)
    assert TrialHistory().refresh(two, exclude=-1).observations.best is None


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**16))
def test_grid_values_agree_with_from_unit_off_the_cell_edges(seed):
    rng = np.random.default_rng(seed)
    dists = [IntDistribution(-5, 17), IntDistribution(0, 40, step=4)]
    space = ModelSpace([*dists, FloatDistribution(0, 2, step=0.25)])
    assert space.linear_grid
    u = rng.uniform(-0.2, 1.2, (50, 3))
    assert np.array_equal(space.grid_values(u.copy()), space.from_unit(u))


def test_scratch_arrays_are_reused_per_name():
    a = scratch("test-a", (3, 4))
    b = scratch("test-b", (3, 4))
    assert not np.shares_memory(a, b)
    assert np.shares_memory(scratch("test-a", (2, 2)), a)
    assert a.flags.c_contiguous and a.shape == (3, 4)
    huge = scratch("test-a", (1 << 20,))
    assert not np.shares_memory(huge, a)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from([0.0, -1.5, 2.0, 3.25, 1e300, -0.5]), min_size=1, max_size=30))
def test_unique_inverse_matches_numpy(values):
    values = np.array(values)
    distinct, inverse = unique_inverse(values)
    expected, expected_inverse = np.unique(values, return_inverse=True)
    assert np.array_equal(distinct, expected)
    assert np.array_equal(inverse, expected_inverse.ravel())


def test_unique_inverse_leaves_nan_to_numpy():
    distinct, inverse = unique_inverse(np.array([np.nan, 1.0, np.nan]))
    assert distinct[0] == 1.0 and np.isnan(distinct[1]) and len(distinct) == 2
    assert inverse.tolist() == [1, 0, 1]


def test_history_knows_when_rows_are_in_order_and_all_complete():
    study = hpobench.create_study(sampler=TPESampler(seed=0, n_startup_trials=100))
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=4)
    history = TrialHistory()
    snap = history.refresh(study, exclude=-1)
    assert snap.ordered and snap.observations.all_complete

    late, early = study.ask(), study.ask()
    late.suggest_float("x", 0, 1)
    early.suggest_float("x", 0, 1)
    study.tell(early, 0.5)
    assert history.refresh(study, exclude=-1).ordered  # trial 4 still runs
    study.tell(late, state=TrialState.PRUNED)
    snap = history.refresh(study, exclude=-1)
    assert snap.observations.numbers.tolist() == [0, 1, 2, 3, 5, 4]
    assert not snap.ordered and not snap.observations.all_complete


def test_below_mask_shortcut_for_complete_trials_picks_the_same_rows():
    rng = np.random.default_rng(0)
    n = 40
    losses = rng.integers(0, 6, (n, 1)).astype(float)  # many ties
    columns = dict(
        numbers=np.arange(n),
        state=np.zeros(n, dtype=np.int8),
        losses=losses,
        step=np.full(n, -1),
        step_value=np.full(n, np.inf),
        violation=np.zeros(n),
    )
    checked, trusted = Observations(**columns), Observations(**columns, all_complete=True)
    for n_below in range(n + 1):
        assert np.array_equal(below_mask(trusted, n_below), below_mask(checked, n_below))
