"""Optuna's NSGA strategy hooks: elite selection, child generation, after-trial."""

from __future__ import annotations

import pytest

import hpobench
from hpobench.samplers import NSGAIIISampler, NSGAIISampler
from hpobench.trial import TrialState

SAMPLERS = [NSGAIISampler, NSGAIIISampler]


def _objective(trial):
    x, y = trial.suggest_float("x", 0, 1), trial.suggest_float("y", 0, 1)
    return x, y


def _study(sampler):
    return hpobench.create_study(directions=["minimize", "minimize"], sampler=sampler)


@pytest.mark.parametrize("cls", SAMPLERS)
def test_the_elite_strategy_chooses_the_next_population(cls):
    seen = []

    def smallest_x(study, candidates):
        seen.append(len(candidates))
        return sorted(candidates, key=lambda t: t.params["x"])[:2]

    def copy_a_parent(study, search_space, population):
        assert {t.number for t in population} == {t.number for t in survivors[-1:][0]}
        return {"x": population[0].params["x"]}

    survivors = []

    def remember(study, candidates):
        chosen = smallest_x(study, candidates)
        survivors.append(chosen)
        return chosen

    sampler = cls(
        population_size=4,
        seed=0,
        elite_population_selection_strategy=remember,
        child_generation_strategy=copy_a_parent,
    )
    study = _study(sampler)
    study.optimize(_objective, n_trials=12)
    assert seen and seen[0] == 4  # the first generation's finished trials
    first = sorted(study.trials[:4], key=lambda t: t.params["x"])[:2]
    assert [t.number for t in survivors[0]] == [t.number for t in first]
    child = study.trials[4]
    assert child.params["x"] in {t.params["x"] for t in survivors[0]}


@pytest.mark.parametrize("cls", SAMPLERS)
def test_the_child_strategy_gives_the_childs_params(cls):
    def fixed_child(study, search_space, population):
        assert set(search_space) == {"x", "y"}
        assert all(t.state == TrialState.COMPLETE for t in population)
        return {"x": 0.25, "y": 0.75}

    study = _study(cls(population_size=3, seed=0, child_generation_strategy=fixed_child))
    study.optimize(_objective, n_trials=9)
    assert [t.params for t in study.trials[3:]] == [{"x": 0.25, "y": 0.75}] * 6


@pytest.mark.parametrize("cls", SAMPLERS)
def test_the_after_trial_strategy_replaces_storing_constraints(cls):
    calls = []

    def record(study, trial, state, values):
        calls.append((trial.number, state, tuple(values)))

    def constraints(trial):
        raise AssertionError("constraints_func is not called when after_trial_strategy is set")

    sampler = cls(
        population_size=3, seed=0, constraints_func=constraints, after_trial_strategy=record
    )
    study = _study(sampler)
    study.optimize(_objective, n_trials=4)
    assert [(n, s) for n, s, _ in calls] == [(n, TrialState.COMPLETE) for n in range(4)]
    assert calls[0][2] == tuple(study.trials[0].values)


@pytest.mark.parametrize(
    "name",
    ["elite_population_selection_strategy", "child_generation_strategy", "after_trial_strategy"],
)
def test_a_strategy_must_be_callable(name):
    with pytest.raises(TypeError, match=f"{name} must be callable or None; got 3"):
        NSGAIISampler(**{name: 3})
