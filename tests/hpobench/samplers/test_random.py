from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

import hpobench
from hpobench.distributions import FloatDistribution, IntDistribution
from hpobench.samplers import RandomSampler
from hpobench.testing.samplers import SamplerTests


class TestRandomSamplerCommon(SamplerTests):
    @pytest.fixture
    def make_sampler(self):
        return lambda seed: RandomSampler(seed=seed)


def _draw(dist, n=4000, seed=0):
    sampler = RandomSampler(seed=seed)
    study = hpobench.create_study(sampler=sampler)
    values = []
    for _ in range(n):
        trial = study.ask()
        values.append(trial._suggest("p", dist))
        study.tell(trial, 0.0)
    return np.array(values)


def setup_module():
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)


def test_float_is_uniform():
    values = _draw(FloatDistribution(-2.0, 3.0))
    assert stats.kstest(values, stats.uniform(-2.0, 5.0).cdf).pvalue > 1e-3


def test_log_float_is_uniform_in_log_space():
    values = _draw(FloatDistribution(1e-4, 1.0, log=True))
    logs = np.log(values)
    assert stats.kstest(logs, stats.uniform(math.log(1e-4), -math.log(1e-4)).cdf).pvalue > 1e-3


def test_int_step_covers_every_grid_point_evenly():
    values = _draw(IntDistribution(0, 12, step=3))
    counts = np.array([np.sum(values == v) for v in (0, 3, 6, 9, 12)])
    assert set(np.unique(values)) == {0, 3, 6, 9, 12}
    assert stats.chisquare(counts).pvalue > 1e-3


def test_log_int_favours_small_values_like_log_uniform():
    values = _draw(IntDistribution(1, 100, log=True))
    assert set(np.unique(values)) <= set(range(1, 101))
    # Half of the log-scaled mass of [0.5, 100.5] lies below sqrt(0.5 * 100.5) ≈ 7.1.
    assert 0.45 < np.mean(values <= 7) < 0.55


def test_trial_k_gets_the_same_params_with_one_or_four_threads():
    def objective(trial):
        return sum(trial.suggest_float(f"x{i}", -1, 1) for i in range(3)) + trial.suggest_int(
            "n", 0, 100
        )

    serial = hpobench.create_study(sampler=RandomSampler(seed=42))
    serial.optimize(objective, n_trials=200)
    parallel = hpobench.create_study(sampler=RandomSampler(seed=42))
    parallel.optimize(objective, n_trials=200, n_jobs=4)
    assert sorted(t.number for t in parallel.trials) == list(range(200))
    by_number = {t.number: t.params for t in parallel.trials}
    assert all(by_number[t.number] == t.params for t in serial.trials)


def test_unseeded_samplers_differ_and_reseed_changes_the_stream():
    a, b = RandomSampler(), RandomSampler()
    assert a._rngs.seed != b._rngs.seed
    seed = a._rngs.seed
    a.reseed_rng()
    assert a._rngs.seed != seed


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_bad_seed_is_rejected(seed):
    with pytest.raises((TypeError, ValueError), match="seed"):
        RandomSampler(seed=seed)
