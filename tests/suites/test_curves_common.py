"""Shared behaviour of the offline multi-fidelity problems (problem suite "learning-curves")."""

from __future__ import annotations

import numpy as np
import pytest

import hpobench
import suites
from hpobench.trial import TrialState

CASES = suites.list_problems("learning-curves")


@pytest.fixture(scope="module", params=CASES)
def problem(request):
    return suites.get_problem(request.param, seed=3)


def test_suite_holds_every_family():
    families = {suites.parse_case_id(c)[0] for c in CASES}
    assert families == {"LearningCurve", "MFHartmann3", "MFHartmann6", "CountingOnes"}


def test_tags_and_steps(problem):
    assert "multi_fidelity" in problem.tags
    assert f"dim={problem.dim}" in problem.tags
    assert problem.n_steps == problem.case_params["n_steps"]


def test_f_star_is_attained_at_x_star(problem):
    value = float(problem.evaluate(problem.x_star[None, :])[0])
    assert value == pytest.approx(problem.f_star, rel=1e-6, abs=1e-12)


def test_random_points_never_beat_f_star(problem):
    assert problem.evaluate(problem.sample(2000, seed=0)).min() >= problem.f_star - 1e-12


def test_iter_steps_walks_the_curve_and_ends_at_evaluate(problem):
    X = problem.sample(3, seed=1)
    curves = problem.evaluate_steps(X)
    assert curves.shape == (3, problem.n_steps)
    for x, curve in zip(X, curves):
        steps = list(problem.iter_steps(x))
        assert [s for s, _ in steps] == list(range(1, problem.n_steps + 1))
        np.testing.assert_allclose([v for _, v in steps], curve)
    np.testing.assert_allclose(curves[:, -1], problem.evaluate(X))


def test_same_seed_same_curves_other_seed_other_instance(problem):
    X = problem.sample(4, seed=2)
    twin = problem.with_seed(3)
    np.testing.assert_array_equal(twin.evaluate_steps(X), problem.evaluate_steps(X))
    other = problem.with_seed(4).evaluate_steps(X)
    assert not np.array_equal(other, problem.evaluate_steps(X))


def test_study_reports_every_step_and_returns_the_last(problem):
    study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    study.optimize(problem, n_trials=3)
    for trial in study.trials:
        x = problem.params_to_array(trial.params)
        curve = problem.evaluate_steps(x[None, :])[0]
        assert sorted(trial.intermediate_values) == list(range(1, problem.n_steps + 1))
        np.testing.assert_allclose(
            [trial.intermediate_values[s] for s in sorted(trial.intermediate_values)], curve
        )
        assert trial.value == pytest.approx(curve[-1])


def test_a_pruner_stops_bad_trials_early():
    problem = suites.get_problem(CASES[0], seed=0)
    study = hpobench.create_study(
        sampler=hpobench.samplers.RandomSampler(seed=0),
        pruner=hpobench.pruners.MedianPruner(n_startup_trials=3, n_warmup_steps=2),
    )
    study.optimize(problem, n_trials=20)
    pruned = [t for t in study.trials if t.state == TrialState.PRUNED]
    assert pruned
    assert all(len(t.intermediate_values) < problem.n_steps for t in pruned)


@pytest.mark.parametrize("n_steps", [1, 0, 2.5, True])
def test_n_steps_must_be_at_least_two(n_steps):
    with pytest.raises(ValueError, match=r"n_steps of MFHartmann3 must be an int >= 2"):
        suites.get_problem(f"MFHartmann3(n_steps={n_steps})")
