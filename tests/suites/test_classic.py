"""Classic functions: values against pymoo and nevergrad, and their standard optima."""

from __future__ import annotations

import math

import numpy as np
import pytest

import suites

_PYMOO = [
    ("ackley", "AckleyClassic(dim={d})"),
    ("rastrigin", "RastriginClassic(dim={d})"),
    ("rosenbrock", "Rosenbrock(dim={d})"),
]


@pytest.mark.parametrize(("name", "pattern"), _PYMOO)
@pytest.mark.parametrize("d", [2, 5])
def test_matches_pymoo(name, pattern, d):
    pymoo_problems = pytest.importorskip("pymoo.problems", reason="pymoo is not installed")
    reference = pymoo_problems.get_problem(name, n_var=d)
    problem = suites.get_problem(pattern.format(d=d))
    X = problem.sample(100, seed=d)
    np.testing.assert_allclose(problem.evaluate(X), reference.evaluate(X)[:, 0], rtol=1e-12)


@pytest.mark.parametrize(
    ("name", "case_id"),
    [("rastrigin", "RastriginClassic(dim=3)"), ("rosenbrock", "Rosenbrock(dim=3)")],
)
def test_matches_nevergrad(name, case_id):
    corefuncs = pytest.importorskip(
        "nevergrad.functions.corefuncs", reason="nevergrad is not installed"
    )
    problem = suites.get_problem(case_id)
    X = problem.sample(20, seed=4)
    expected = [getattr(corefuncs, name)(x) for x in X]
    np.testing.assert_allclose(problem.evaluate(X), expected, rtol=1e-12)


def test_branin_has_three_global_minima():
    problem = suites.get_problem("Branin")
    X = np.array([[-math.pi, 12.275], [math.pi, 2.275], [3 * math.pi, 2.475]])
    np.testing.assert_allclose(problem.evaluate(X), problem.f_star, rtol=1e-12)


def test_hartmann6_optimum_agrees_with_the_literature():
    assert suites.get_problem("Hartmann6").f_star == pytest.approx(-3.32237, abs=1e-5)


def test_styblinski_tang_optimum_scales_with_dimension():
    for d in (1, 2, 10):
        problem = suites.get_problem(f"StyblinskiTang(dim={d})")
        assert problem.f_star == pytest.approx(-39.16616570377142 * d, rel=1e-12)


def test_classic_domains():
    bounds = {
        case_id: [(d.low, d.high) for d in suites.get_problem(case_id).space.values()]
        for case_id in ("Branin", "AckleyClassic(dim=2)", "Rosenbrock(dim=2)")
    }
    assert bounds == {
        "Branin": [(-5.0, 10.0), (0.0, 15.0)],
        "AckleyClassic(dim=2)": [(-32.768, 32.768)] * 2,
        "Rosenbrock(dim=2)": [(-5.0, 10.0)] * 2,
    }


def test_variable_dimension_families_need_a_dimension():
    with pytest.raises(ValueError, match=r"Rosenbrock needs dim, an int in 2\.\.1000"):
        suites.get_problem("Rosenbrock")
    with pytest.raises(ValueError, match=r"dim of Rosenbrock must be in 2\.\.1000; got 1"):
        suites.get_problem("Rosenbrock(dim=1)")
