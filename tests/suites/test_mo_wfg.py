"""WFG1–9: front geometry, optimal distance parameters and case validation."""

from __future__ import annotations

import numpy as np
import pytest

import suites
from suites._multiobjective import WFG1, WFG2, WFG3, WFG4
from suites._multiobjective._wfg import wfg2_intervals


@pytest.mark.parametrize("i", range(4, 10))
@pytest.mark.parametrize("n_obj", [2, 3])
def test_concave_fronts_are_the_scaled_sphere(i, n_obj):
    problem = suites.get_problem(f"WFG{i}(n_obj={n_obj},k=4,l=4)")
    scale = 2.0 * np.arange(1, n_obj + 1)
    for F in (problem.pareto_front(200), problem.evaluate(problem.pareto_set(50, seed=0))):
        np.testing.assert_allclose(np.linalg.norm(F / scale, axis=1), 1.0, atol=1e-9)


def test_wfg3_front_is_the_line_from_4_to_2():
    problem = WFG3(k=4, l=4)
    F = problem.evaluate(problem.pareto_set(50, seed=0))
    np.testing.assert_allclose(F[:, 0] / 2 + F[:, 1] / 4, 1.0, atol=1e-9)


def test_wfg1_optimum_is_exact_despite_the_flat_bias():
    # WFG1's y ** 0.02 bias turns a 1e-17 error in a distance parameter into 0.1.
    problem = WFG1(k=4, l=6)
    X = problem.pareto_set(30, seed=0)
    F = problem.evaluate(X)
    assert F[:, 0].max() <= 2.0 + 1e-12
    front = problem.pareto_front(5)
    np.testing.assert_allclose(front[[0, -1]], [[0.0, 4.0], [2.0, 0.0]], atol=1e-12)


def test_wfg2_pieces_are_record_lows_of_the_disc_shape():
    intervals = np.array(wfg2_intervals())
    assert len(intervals) == 6 and intervals[0, 0] == 0.0 and intervals[-1, 1] == 1.0
    disc = lambda x: 1 - x * np.cos(5 * np.pi * x) ** 2  # noqa: E731
    # Each piece ends where the disconnected component has a local minimum ...
    for b in intervals[:-1, 1]:
        assert disc(b) <= min(disc(b - 1e-6), disc(b + 1e-6))
    # ... and the next starts where it falls below that minimum again.
    np.testing.assert_allclose(disc(intervals[1:, 0]), disc(intervals[:-1, 1]), atol=1e-12)


def test_nadir_is_twice_the_objective_index():
    np.testing.assert_allclose(WFG4(n_obj=3, k=4, l=4).nadir_point, [2.0, 4.0, 6.0])
    np.testing.assert_allclose(WFG2(k=4, l=4).reference_point, [2.2, 4.4])


def test_domains_grow_with_the_index():
    space = WFG4(k=4, l=2).space
    assert [space[f"x{i}"].high for i in range(6)] == [2.0, 4.0, 6.0, 8.0, 10.0, 12.0]


def test_defaults_follow_the_literature():
    assert WFG4().case_params == {"n_obj": 2, "k": 4, "l": 20}
    assert WFG4(n_obj=3).case_params == {"n_obj": 3, "k": 4, "l": 20}
    assert WFG4(n_obj=4).case_params["k"] == 6


def test_k_must_be_a_multiple_of_n_obj_minus_one():
    with pytest.raises(ValueError, match=r"k of WFG4 must be a multiple of n_obj - 1 = 2; got 5"):
        WFG4(n_obj=3, k=5)


@pytest.mark.parametrize("name", ["WFG2", "WFG3"])
def test_paired_problems_need_an_even_l(name):
    with pytest.raises(ValueError, match=rf"l of {name} must be even"):
        suites.get_problem(f"{name}(k=4,l=5)")


def test_wfg3_refuses_more_than_two_objectives():
    with pytest.raises(ValueError, match=r"n_obj of WFG3 must be <= 2"):
        WFG3(n_obj=3)


@pytest.mark.parametrize(("kwargs", "match"), [({"l": 0}, "l of WFG1"), ({"n_obj": 1}, "n_obj")])
def test_bad_sizes_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        WFG1(**kwargs)
