from __future__ import annotations

import itertools

import numpy as np
import pytest

import hpobench
from hpobench.samplers import GridSampler
from hpobench.trial import TrialState

SPACE = {"x": [-50, 0, 50], "y": [-99, 0, 99], "c": ["a", "b"]}


def setup_module():
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)


def objective(trial):
    x = trial.suggest_float("x", -100, 100)
    y = trial.suggest_int("y", -100, 100)
    c = trial.suggest_categorical("c", ["a", "b"])
    return x**2 + y**2 + (c == "b")


def _points(study):
    return [(t.params["x"], t.params["y"], t.params["c"]) for t in study.trials]


def test_visits_every_point_once_and_stops():
    study = hpobench.create_study(sampler=GridSampler(SPACE, seed=1))
    study.optimize(objective)
    expected = set(itertools.product(SPACE["x"], SPACE["y"], SPACE["c"]))
    assert len(study.trials) == len(expected)
    assert set(_points(study)) == expected
    assert study.sampler.is_exhausted(study)


@pytest.mark.parametrize("n_jobs", [2, 4])
def test_stops_when_exhausted_with_threads(n_jobs):
    study = hpobench.create_study(sampler=GridSampler(SPACE, seed=1))
    study.optimize(objective, n_jobs=n_jobs)
    expected = set(itertools.product(SPACE["x"], SPACE["y"], SPACE["c"]))
    assert set(_points(study)) == expected
    assert len(study.trials) == len(expected)


def test_trial_k_gets_the_same_point_with_one_or_four_threads():
    serial = hpobench.create_study(sampler=GridSampler(SPACE, seed=3))
    serial.optimize(objective)
    parallel = hpobench.create_study(sampler=GridSampler(SPACE, seed=3))
    parallel.optimize(objective, n_jobs=4)
    by_number = {t.number: t.params for t in parallel.trials}
    assert all(by_number[t.number] == t.params for t in serial.trials)


def test_seed_shuffles_the_order_but_not_the_set():
    a = hpobench.create_study(sampler=GridSampler(SPACE, seed=1))
    a.optimize(objective)
    b = hpobench.create_study(sampler=GridSampler(SPACE, seed=2))
    b.optimize(objective)
    assert _points(a) != _points(b)
    assert set(_points(a)) == set(_points(b))


def test_n_trials_smaller_than_the_grid_visits_distinct_points():
    study = hpobench.create_study(sampler=GridSampler(SPACE))
    study.optimize(objective, n_trials=5)
    assert len(set(_points(study))) == 5
    study.optimize(objective)
    assert len(study.trials) == 18
    assert len(set(_points(study))) == 18


def test_failed_points_count_as_visited():
    def flaky(trial):
        value = objective(trial)
        if trial.params["c"] == "b":
            raise ValueError("boom")
        return value

    study = hpobench.create_study(sampler=GridSampler(SPACE))
    study.optimize(flaky, catch=(ValueError,))
    assert len(study.trials) == 18
    assert sum(t.state == TrialState.FAIL for t in study.trials) == 9


def test_enqueued_trial_keeps_its_values_and_does_not_take_a_grid_point():
    study = hpobench.create_study(sampler=GridSampler(SPACE))
    study.enqueue_trial({"x": 7.0, "y": 1, "c": "a"})
    study.optimize(objective)
    assert study.trials[0].params == {"x": 7.0, "y": 1, "c": "a"}
    assert len(study.trials) == 19


def test_parameter_outside_the_grid_raises():
    study = hpobench.create_study(sampler=GridSampler({"x": [0.0]}))
    with pytest.raises(ValueError, match="'z' is not in the GridSampler's search space"):
        study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_float("z", 0, 1))


def test_grid_value_outside_the_distribution_warns_and_is_used():
    study = hpobench.create_study(sampler=GridSampler({"x": [5.0]}))
    with pytest.warns(UserWarning, match="outside"):
        study.optimize(lambda t: t.suggest_float("x", 0, 1))
    assert study.trials[0].params["x"] == 5.0


def test_numpy_values_are_accepted():
    sampler = GridSampler({"x": np.linspace(0, 1, 3), "n": np.arange(2)})
    study = hpobench.create_study(sampler=sampler)
    study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_int("n", 0, 1))
    assert len(study.trials) == 6


@pytest.mark.parametrize(
    ("space", "error", "match"),
    [
        ([1, 2], TypeError, "search_space must be a mapping"),
        ({"x": []}, ValueError, r"search_space\['x'\] is empty"),
        ({"x": "abc"}, TypeError, r"search_space\['x'\] must be a list"),
        ({"x": [object()]}, ValueError, "values must be None, bool, int, float or str"),
    ],
)
def test_bad_search_space(space, error, match):
    with pytest.raises(error, match=match):
        GridSampler(space)


def test_ask_tell_without_optimize_does_not_call_stop():
    study = hpobench.create_study(sampler=GridSampler({"x": [0.0, 1.0]}))
    for _ in range(3):
        trial = study.ask()
        study.tell(trial, trial.suggest_float("x", 0, 1))
    assert sorted(t.params["x"] for t in study.trials[:2]) == [0.0, 1.0]
