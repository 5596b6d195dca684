from __future__ import annotations

import pickle

import numpy as np
import pytest

import hpobench
from hpobench.multi_objective import hypervolume
from hpobench.samplers import NSGAIISampler, nsgaii
from hpobench.testing.samplers import SamplerTests
from hpobench.trial import TrialState


def setup_module():
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)


class TestNSGAIISamplerCommon(SamplerTests):
    @pytest.fixture
    def make_sampler(self):
        return lambda seed: NSGAIISampler(population_size=6, seed=seed)


class TestNSGAIISamplerSBXCommon(SamplerTests):
    n_trials = 20

    @pytest.fixture
    def make_sampler(self):
        return lambda seed: NSGAIISampler(
            population_size=5,
            seed=seed,
            crossover=nsgaii.SPXCrossover(),
            mutation=nsgaii.PolynomialMutation(),
        )


def zdt1(dim):
    def objective(trial):
        x = np.array([trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(dim)])
        g = 1.0 + 9.0 * x[1:].sum() / (dim - 1)
        return x[0], g * (1.0 - np.sqrt(x[0] / g))

    return objective


def front_hypervolume(trials, ref=(1.1, 11.0)):
    return hypervolume(np.array([t.values for t in trials]), np.array(ref))


def generation_of(trial):
    return trial.system_attrs["nsga2:generation"]


def test_generations_and_parents_are_recorded():
    study = hpobench.create_study(
        directions=["minimize", "minimize"], sampler=NSGAIISampler(population_size=4, seed=0)
    )
    study.optimize(zdt1(3), n_trials=13)
    assert [generation_of(t) for t in study.trials] == [0] * 4 + [1] * 4 + [2] * 4 + [3]
    population = study.system_attrs["nsga2:population:2"]
    assert len(population) == 4
    assert set(population) <= {t.number for t in study.trials if generation_of(t) <= 1}
    for trial in study.trials[4:]:
        parents = trial.system_attrs["nsga2:parents"]
        assert len(parents) == 2 and parents[0] != parents[1]
        stored = study.system_attrs[f"nsga2:population:{generation_of(trial)}"]
        assert set(parents) <= set(stored)


def test_failed_trials_do_not_fill_a_generation():
    def objective(trial):
        x = trial.suggest_float("x", 0, 1)
        if trial.number % 2:
            raise RuntimeError("boom")
        return x, 1 - x

    study = hpobench.create_study(
        directions=["minimize", "minimize"], sampler=NSGAIISampler(population_size=3, seed=0)
    )
    study.optimize(objective, n_trials=8, catch=(RuntimeError,))
    complete = [t for t in study.trials if t.state == TrialState.COMPLETE]
    assert [generation_of(t) for t in complete] == [0, 0, 0, 1]


def test_improves_hypervolume_over_the_first_generation():
    sampler = NSGAIISampler(population_size=20, seed=1, mutation=nsgaii.PolynomialMutation())
    study = hpobench.create_study(directions=["minimize", "minimize"], sampler=sampler)
    study.optimize(zdt1(5), n_trials=400)
    first = [t for t in study.trials if generation_of(t) == 0]
    assert front_hypervolume(study.trials) > front_hypervolume(first) + 1.0


def test_elite_keeps_the_non_dominated_trials():
    study = hpobench.create_study(
        directions=["minimize", "maximize"], sampler=NSGAIISampler(population_size=10, seed=3)
    )
    study.optimize(lambda t: (t.suggest_float("x", 0, 1), t.suggest_float("y", 0, 1)), 40)
    last = max(int(k.rsplit(":", 1)[1]) for k in study.system_attrs if "population" in k)
    population = set(study.system_attrs[f"nsga2:population:{last}"])
    candidates = [t for t in study.trials if generation_of(t) < last]
    values = np.array([[t.values[0], -t.values[1]] for t in candidates])
    front = hpobench.multi_objective.non_dominated_mask(values)
    best = {t.number for t, f in zip(candidates, front) if f}
    assert best <= population or (len(population) == 10 and population <= best)


@pytest.mark.parametrize("use_set_constraint", [True, False])
def test_constraints_steer_towards_the_feasible_region(use_set_constraint):
    # Feasible only when x + y >= 1; the unconstrained optimum (0, 0) is infeasible.
    def objective(trial):
        x = trial.suggest_float("x", 0, 1)
        y = trial.suggest_float("y", 0, 1)
        if use_set_constraint:
            trial.set_constraint("sum", 1.0 - x - y)
        trial.set_user_attr("c", 1.0 - x - y)
        return x, y

    constraints_func = None if use_set_constraint else (lambda t: [t.user_attrs["c"]])
    sampler = NSGAIISampler(population_size=10, seed=4, constraints_func=constraints_func)
    study = hpobench.create_study(directions=["minimize", "minimize"], sampler=sampler)
    study.optimize(objective, n_trials=200)
    assert all(t.constraints is not None for t in study.trials)
    early = np.mean([t.constraints[0] <= 0 for t in study.trials[:10]])
    late = np.mean([t.constraints[0] <= 0 for t in study.trials[-50:]])
    assert late > early
    front = study.best_trials
    assert front and all(t.constraints[0] <= 0 for t in front)
    population = study.system_attrs["nsga2:population:19"]
    assert all(study.trials[n].constraints[0] <= 0 for n in population)


def test_seeds_reproduce_and_pickles_continue():
    def run(sampler, n):
        study = hpobench.create_study(directions=["minimize", "minimize"], sampler=sampler)
        study.optimize(zdt1(4), n_trials=n)
        return study

    a = run(NSGAIISampler(population_size=5, seed=7), 30)
    b = run(NSGAIISampler(population_size=5, seed=7), 30)
    assert [t.params for t in a.trials] == [t.params for t in b.trials]
    clone = pickle.loads(pickle.dumps(a))
    a.optimize(zdt1(4), n_trials=12)
    clone.optimize(zdt1(4), n_trials=12)
    assert [t.params for t in a.trials] == [t.params for t in clone.trials]


def test_a_second_sampler_joins_the_same_generations():
    storage = hpobench.storages.InMemoryStorage()
    study = hpobench.create_study(
        storage=storage,
        directions=["minimize"] * 2,
        sampler=NSGAIISampler(population_size=4, seed=0),
    )
    study.optimize(zdt1(3), n_trials=10)
    other = hpobench.load_study(
        study_name=study.study_name,
        storage=storage,
        sampler=NSGAIISampler(population_size=4, seed=1),
    )
    other.optimize(zdt1(3), n_trials=6)
    assert [generation_of(t) for t in other.trials[10:]] == [2, 2, 3, 3, 3, 3]
    assert len(other.system_attrs["nsga2:population:3"]) == 4


def test_categorical_and_integer_parameters_are_bred():
    def objective(trial):
        c = trial.suggest_categorical("c", ["a", "b", "c"])
        n = trial.suggest_int("n", 1, 100, log=True)
        s = trial.suggest_float("s", 0, 1, step=0.25)
        return {"a": 0, "b": 1, "c": 2}[c] + n, s - n

    sampler = NSGAIISampler(population_size=6, seed=2, crossover=nsgaii.BLXAlphaCrossover())
    study = hpobench.create_study(directions=["minimize", "minimize"], sampler=sampler)
    study.optimize(objective, n_trials=40)
    for trial in study.trials:
        assert trial.params["c"] in ("a", "b", "c")
        assert isinstance(trial.params["n"], int) and 1 <= trial.params["n"] <= 100
        assert trial.params["s"] in (0.0, 0.25, 0.5, 0.75, 1.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"population_size": 1}, ValueError, "population_size must be an int >= 2"),
        ({"population_size": 2.5}, TypeError, "population_size"),
        (
            {"population_size": 2, "crossover": nsgaii.UNDXCrossover()},
            ValueError,
            "at least the crossover's n_parents",
        ),
        ({"mutation_prob": 1.5}, ValueError, "mutation_prob must be a float in"),
        ({"crossover_prob": -0.1}, ValueError, "crossover_prob must be a float in"),
        ({"swapping_prob": 2}, ValueError, "swapping_prob must be a float in"),
        ({"crossover": "uniform"}, TypeError, "crossover must be a BaseCrossover"),
        ({"mutation": "poly"}, TypeError, "mutation must be a BaseMutation"),
        ({"constraints_func": 3}, TypeError, "constraints_func must be callable"),
        ({"seed": -1}, ValueError, "seed"),
    ],
)
def test_invalid_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        NSGAIISampler(**kwargs)


def test_single_objective_studies_are_supported():
    sampler = NSGAIISampler(population_size=8, seed=0, mutation=nsgaii.PolynomialMutation())
    study = hpobench.create_study(sampler=sampler)
    study.optimize(lambda t: (t.suggest_float("x", -3, 3) - 1) ** 2, n_trials=120)
    assert study.best_value < 1e-2
