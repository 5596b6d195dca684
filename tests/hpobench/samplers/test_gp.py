from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import hpobench
from hpobench.samplers import GPSampler, RandomSampler
from hpobench.testing.samplers import SamplerTests
from hpobench.trial import TrialState


def setup_module():
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)


class TestGPSamplerCommon(SamplerTests):
    n_trials = 14

    @pytest.fixture
    def make_sampler(self):
        return lambda seed: GPSampler(
            seed=seed, n_startup_trials=5, warn_independent_sampling=False
        )


def branin(trial):
    x = trial.suggest_float("x", -5, 10)
    y = trial.suggest_float("y", 0, 15)
    b, c = 5.1 / (4 * math.pi**2), 5 / math.pi
    return (y - b * x**2 + c * x - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x) + 10


def run(sampler, objective, n_trials, **kwargs):
    study = hpobench.create_study(sampler=sampler, **kwargs)
    study.optimize(objective, n_trials=n_trials)
    return study


@pytest.mark.parametrize("seed", [0, 1])
def test_finds_the_optimum_region_of_branin_within_30_trials(seed):
    study = run(GPSampler(seed=seed), branin, 30)
    assert study.best_value - 0.397887 < 0.05


def test_beats_random_search_on_branin():
    gp = run(GPSampler(seed=3), branin, 25).best_value
    rand = run(RandomSampler(seed=3), branin, 25).best_value
    assert gp < rand


def test_same_seed_reproduces_the_gp_phase():
    first = run(GPSampler(seed=5, n_startup_trials=4), branin, 10)
    second = run(GPSampler(seed=5, n_startup_trials=4), branin, 10)
    assert [t.params for t in first.trials] == [t.params for t in second.trials]


def test_int_step_log_and_categorical_parameters_stay_valid_and_are_learned():
    def objective(trial):
        n = trial.suggest_int("n", 0, 20)
        k = trial.suggest_int("k", 1, 1000, log=True)
        s = trial.suggest_float("s", 0.0, 1.0, step=0.25)
        c = trial.suggest_categorical("c", ["bad", "good", "worse"])
        penalty = {"bad": 5.0, "good": 0.0, "worse": 10.0}[c]
        return (n - 13) ** 2 + (math.log(k) - math.log(50)) ** 2 + (s - 0.5) ** 2 + penalty

    study = run(GPSampler(seed=1, n_startup_trials=6), objective, 24)
    for trial in study.trials:
        assert isinstance(trial.params["n"], int) and 0 <= trial.params["n"] <= 20
        assert isinstance(trial.params["k"], int) and 1 <= trial.params["k"] <= 1000
        assert trial.params["s"] in (0.0, 0.25, 0.5, 0.75, 1.0)
        assert trial.params["c"] in ("bad", "good", "worse")
    late = study.trials[12:]
    assert sum(t.params["c"] == "good" for t in late) >= len(late) // 2
    assert abs(study.best_params["n"] - 13) <= 1


def test_constraints_steer_away_from_the_infeasible_region():
    # Minimise x + y, feasible only when x + y >= 1: the optimum lies on the boundary.
    def objective(trial):
        x, y = trial.suggest_float("x", 0, 1), trial.suggest_float("y", 0, 1)
        trial.set_constraint("sum", 1.0 - (x + y))
        return x + y

    study = run(GPSampler(seed=2, n_startup_trials=8), objective, 20)
    # The optimum lies on the boundary, so proposals hug it from either side.
    late = study.trials[10:]
    assert all(t.constraints[0] < 0.05 for t in late)
    best = min(t.value for t in study.trials if t.constraints[0] <= 0)
    assert best < 1.02


def test_constraints_func_is_stored_and_used():
    def objective(trial):
        return trial.suggest_float("x", -2, 2) ** 2

    sampler = GPSampler(
        seed=4, n_startup_trials=5, constraints_func=lambda t: [1.0 - t.params["x"]]
    )
    study = run(sampler, objective, 18)
    assert all(t.constraints is not None for t in study.trials)
    late = study.trials[9:]
    assert all(t.params["x"] > 0.95 for t in late)
    assert min(t.value for t in study.trials if t.params["x"] >= 1) < 1.1


def test_multi_objective_front_is_sensible():
    def objective(trial):
        x, y = trial.suggest_float("x", 0, 1), trial.suggest_float("y", 0, 1)
        return x + y, (1 - x) + y  # the Pareto front is y = 0

    study = run(GPSampler(seed=0, n_startup_trials=6), objective, 20, directions=["minimize"] * 2)
    assert all(t.state == TrialState.COMPLETE for t in study.trials)
    late = study.trials[6:]
    assert np.median([t.params["y"] for t in late]) < 0.1
    assert len(study.best_trials) >= 3


def test_running_trials_push_the_next_proposal_away():
    study = hpobench.create_study(sampler=GPSampler(seed=0, n_startup_trials=5))
    study.optimize(branin, n_trials=10)
    first, second = study.ask(), study.ask()
    p1 = np.array([first.suggest_float("x", -5, 10), first.suggest_float("y", 0, 15)])
    p2 = np.array([second.suggest_float("x", -5, 10), second.suggest_float("y", 0, 15)])
    assert np.abs(p1 - p2).max() > 1e-3


def test_deterministic_objective_runs_with_minimum_noise():
    sampler = GPSampler(seed=0, n_startup_trials=5, deterministic_objective=True)
    study = run(sampler, branin, 12)
    theta = next(iter(v for k, v in sampler._theta_cache.items() if k[-2] == "y"))
    assert math.exp(theta[-1]) == pytest.approx(1e-6)
    assert study.best_value < 10


def test_independent_sampling_warns_once_per_parameter():
    def objective(trial):
        x = trial.suggest_float("x", 0, 1)
        if trial.number % 2:
            trial.suggest_float("extra", 0, 1)
        return x

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run(GPSampler(seed=0, n_startup_trials=2), objective, 6)
    messages = [str(w.message) for w in caught if "independent sampler" in str(w.message)]
    assert len(messages) == 1 and "'extra'" in messages[0]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_startup_trials": -1}, ValueError, "n_startup_trials must be an int >= 0"),
        ({"n_startup_trials": 1.5}, ValueError, "n_startup_trials must be an int >= 0"),
        ({"independent_sampler": "random"}, TypeError, "independent_sampler must be"),
        ({"constraints_func": 3}, TypeError, "constraints_func must be callable"),
        ({"seed": -1}, ValueError, "seed must be None or an int >= 0"),
    ],
)
def test_invalid_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        GPSampler(**kwargs)


def test_constraints_func_returning_nan_raises():
    sampler = GPSampler(constraints_func=lambda t: [math.nan])
    study = hpobench.create_study(sampler=sampler)
    with pytest.raises(ValueError, match="constraints_func must not return NaN"):
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
