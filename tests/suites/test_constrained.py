"""Constrained problems: values against pymoo's implementations and the engine's constraints."""

from __future__ import annotations

import numpy as np
import pytest

import hpobench
import suites


@pytest.mark.parametrize(("pymoo_name", "case_id"), [("g6", "G06"), ("g8", "G08"), ("g24", "G24")])
def test_g_problems_match_pymoo(pymoo_name, case_id):
    pymoo_problems = pytest.importorskip("pymoo.problems", reason="pymoo is not installed")
    reference = pymoo_problems.get_problem(pymoo_name)
    problem = suites.get_problem(case_id)
    X = problem.sample(50, seed=0)
    F, G = reference.evaluate(X, return_values_of=["F", "G"])
    np.testing.assert_allclose(problem.evaluate(X), F[:, 0], rtol=1e-12)
    np.testing.assert_allclose(problem.evaluate_constraints(X), G, rtol=1e-12, atol=1e-12)


def test_pressure_vessel_matches_pymoo_on_its_thickness_grid():
    module = pytest.importorskip(
        "pymoo.problems.single.pressure_vessel", reason="pymoo is not installed"
    )
    reference = module.PressureVessel()  # thicknesses as multiples of 1/16 inch
    rng = np.random.default_rng(1)
    grid = np.column_stack(
        [rng.integers(1, 100, 50), rng.integers(1, 100, 50), rng.uniform(10, 200, (50, 2))]
    ).astype(float)
    F, G = reference.evaluate(grid, return_values_of=["F", "G"])
    X = grid.copy()
    X[:, :2] *= 0.0625
    problem = suites.get_problem("PressureVessel")
    np.testing.assert_allclose(problem.evaluate(X), F[:, 0], rtol=1e-12)
    # pymoo scales the constraints differently; feasibility must agree.
    np.testing.assert_array_equal(problem.evaluate_constraints(X) <= 0, G <= 0)


def test_gramacy_toy_by_hand():
    problem = suites.get_problem("GramacyToy")
    c = problem.evaluate_constraints(np.array([[0.5, 0.25]]))[0]
    # 1.5 - 0.5 - 0.5 - 0.5 sin(2π(0.25 - 0.5)) = 0.5 + 0.5 = 1; 0.25 + 0.0625 - 1.5
    np.testing.assert_allclose(c, [1.0, -1.1875])
    assert problem.evaluate(np.array([[0.5, 0.25]]))[0] == 0.75


def test_welded_beam_literature_optimum():
    problem = suites.get_problem("WeldedBeam")
    x = np.array([[0.205730, 3.470489, 9.036624, 0.205730]])  # Coello (2000)
    assert problem.evaluate(x)[0] == pytest.approx(1.724852, abs=1e-5)
    assert problem.f_star <= problem.evaluate(x)[0]


def test_constraints_reach_the_trial_and_the_sampler():
    problem = suites.get_problem("G24")
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    study.optimize(problem, n_trials=20)
    for trial in study.trials:
        x = problem.params_to_array(trial.params)
        np.testing.assert_allclose(trial.constraints, problem.evaluate_constraints(x[None])[0])


def test_constrained_problems_have_no_parameters():
    with pytest.raises(ValueError, match="has invalid parameters"):
        suites.get_problem("G06(dim=3)")
