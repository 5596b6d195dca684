from __future__ import annotations

import itertools
import pickle

import pytest

import hpobench
from hpobench.distributions import FloatDistribution
from hpobench.samplers import GridSampler, PartialFixedSampler, QMCSampler, RandomSampler
from hpobench.testing.samplers import SamplerTests


class TestPartialFixedSamplerCommon(SamplerTests):
    # Fixes "f_step" of the shared MIXED_SPACE to one of its values (random spaces use
    # one-letter names, so they never meet it); a QMC base samples the others jointly
    # (relative sampling) once the first trial has completed.
    @pytest.fixture
    def make_sampler(self):
        return lambda seed: PartialFixedSampler(
            {"f_step": 0.5}, QMCSampler(scramble=True, seed=seed)
        )


def setup_module():
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)


def objective(trial):
    x = trial.suggest_float("x", -1.0, 1.0)
    y = trial.suggest_int("y", -5, 5)
    c = trial.suggest_categorical("c", ["a", "b", "c"])
    return x**2 + y + (c == "b")


def _run(sampler, n_trials=20, **kwargs):
    study = hpobench.create_study(sampler=sampler)
    study.optimize(objective, n_trials=n_trials, **kwargs)
    return study


def test_fixed_params_stay_fixed_and_others_vary():
    study = _run(PartialFixedSampler({"y": 2, "c": "b"}, RandomSampler(seed=0)))
    assert {t.params["y"] for t in study.trials} == {2}
    assert {t.params["c"] for t in study.trials} == {"b"}
    assert len({t.params["x"] for t in study.trials}) == 20


def test_base_relative_sampling_excludes_the_fixed_params():
    base = QMCSampler(seed=0)
    sampler = PartialFixedSampler({"x": 0.25}, base)
    study = _run(sampler, n_trials=6)
    assert {t.params["x"] for t in study.trials} == {0.25}
    space = sampler.infer_relative_search_space(study, study.trials[-1])
    assert set(base.infer_relative_search_space(study, study.trials[-1])) == {"c", "x", "y"}
    assert set(space) == {"c", "y"}
    # Trials after the first get their values from the base's joint (relative) sampling.
    assert all(set(t.params) == {"x", "y", "c"} for t in study.trials)


def test_relative_values_of_a_base_that_ignores_the_space_are_dropped():
    class Stubborn(RandomSampler):
        def infer_relative_search_space(self, study, trial):
            return {"x": FloatDistribution(-1.0, 1.0)}

        def sample_relative(self, study, trial, search_space):
            return {"x": 0.9}

    study = _run(PartialFixedSampler({"x": -0.5}, Stubborn(seed=0)), n_trials=3)
    assert {t.params["x"] for t in study.trials} == {-0.5}


def test_grid_base_enumerates_the_free_params_and_stops():
    grid = GridSampler({"x": [-1.0, 0.0, 1.0], "c": ["a", "c"]})
    study = _run(PartialFixedSampler({"y": -3}, grid), n_trials=None)
    assert len(study.trials) == 6
    assert {(t.params["x"], t.params["c"]) for t in study.trials} == set(
        itertools.product([-1.0, 0.0, 1.0], ["a", "c"])
    )
    assert {t.params["y"] for t in study.trials} == {-3}


def test_value_outside_the_distribution_warns_and_is_used():
    sampler = PartialFixedSampler({"y": 10}, RandomSampler(seed=0))
    with pytest.warns(UserWarning, match=r"fixed_params\['y'\] = 10 is outside"):
        study = _run(sampler, n_trials=2)
    assert {t.params["y"] for t in study.trials} == {10}


def test_value_that_is_not_a_choice_raises():
    sampler = PartialFixedSampler({"c": "z"}, RandomSampler(seed=0))
    with pytest.raises(ValueError, match=r"fixed_params\['c'\] = 'z' cannot be a value"):
        _run(sampler, n_trials=1)


def test_enqueued_values_take_precedence():
    study = hpobench.create_study(sampler=PartialFixedSampler({"y": 2}, RandomSampler(seed=0)))
    study.enqueue_trial({"y": 4})
    study.optimize(objective, n_trials=3)
    assert [t.params["y"] for t in study.trials] == [4, 2, 2]


def test_same_seed_same_trials_and_threads_keep_fixed_values():
    first = _run(PartialFixedSampler({"c": "a"}, RandomSampler(seed=3)))
    second = _run(PartialFixedSampler({"c": "a"}, RandomSampler(seed=3)), n_jobs=3)
    by_number = {t.number: t.params for t in second.trials}
    assert all(by_number[t.number] == t.params for t in first.trials)


def test_pickle_and_reseed_reach_the_base_sampler():
    sampler = PartialFixedSampler({"c": "a"}, RandomSampler(seed=3))
    clone = pickle.loads(pickle.dumps(sampler))
    assert clone._fixed_params == {"c": "a"}
    seed = sampler._base_sampler._rngs.seed
    sampler.reseed_rng()
    assert sampler._base_sampler._rngs.seed != seed


def test_fixed_params_are_copied():
    fixed = {"y": 1}
    sampler = PartialFixedSampler(fixed, RandomSampler(seed=0))
    fixed["y"] = 3
    assert {t.params["y"] for t in _run(sampler, n_trials=3).trials} == {1}


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (([("y", 1)], RandomSampler()), "fixed_params must be a mapping"),
        (({1: 1}, RandomSampler()), "fixed_params must be a mapping"),
        (({"y": 1}, RandomSampler), "base_sampler must be a sampler"),
        (({"y": 1}, None), "base_sampler must be a sampler"),
    ],
)
def test_bad_arguments(args, match):
    with pytest.raises(TypeError, match=match):
        PartialFixedSampler(*args)
