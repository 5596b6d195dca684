"""DTLZ1–7: front geometry, disconnected pieces and case validation."""

from __future__ import annotations

import numpy as np
import pytest

import suites
from suites._multiobjective import DTLZ1, DTLZ2, DTLZ5, DTLZ7
from suites._multiobjective._dtlz import dtlz7_intervals


def test_dtlz1_hand_computed_value():
    # Tail at 0.5: g = 0 and f = 0.5 * (x1, 1 - x1).
    f = DTLZ1(n_obj=2, dim=3).evaluate(np.array([[0.2, 0.5, 0.5]]))[0]
    np.testing.assert_allclose(f, [0.1, 0.4])


@pytest.mark.parametrize("n_obj", [2, 3, 5])
def test_dtlz1_front_is_the_half_simplex(n_obj):
    front = DTLZ1(n_obj=n_obj).pareto_front(300)
    np.testing.assert_allclose(front.sum(axis=1), 0.5)
    assert front.min() >= 0


@pytest.mark.parametrize(("name", "n_obj"), [("DTLZ2", 3), ("DTLZ3", 4), ("DTLZ4", 2)])
def test_spherical_fronts_have_unit_norm(name, n_obj):
    problem = suites.get_problem(f"{name}(n_obj={n_obj})")
    for F in (problem.pareto_front(200), problem.evaluate(problem.pareto_set(50, seed=0))):
        np.testing.assert_allclose(np.linalg.norm(F, axis=1), 1.0)


def test_dtlz5_three_objective_front_is_a_curve():
    front = DTLZ5(n_obj=3).pareto_front(100)
    np.testing.assert_allclose(front[:, 0], front[:, 1])
    np.testing.assert_allclose(np.linalg.norm(front, axis=1), 1.0)
    assert len(front) == 100


def test_dtlz7_pieces_match_the_literature():
    # Deb et al. (2002): the front's f_i lie in [0, 0.2514] and [0.6316, 0.8594].
    np.testing.assert_allclose(
        np.array(dtlz7_intervals()), [[0.0, 0.2514118], [0.6316265, 0.8594009]], atol=1e-6
    )
    front = DTLZ7(n_obj=3).pareto_front(400)
    phi = front[:, :2] * (1 + np.sin(3 * np.pi * front[:, :2]))
    np.testing.assert_allclose(front[:, 2], 6 - phi.sum(axis=1))
    assert DTLZ7(n_obj=3).nadir_point[2] == pytest.approx(6.0)


def test_reference_point_of_the_sphere():
    np.testing.assert_allclose(DTLZ2(n_obj=3).reference_point, [1.1, 1.1, 1.1])


@pytest.mark.parametrize("n_obj", [1, 0, 2.0, False])
def test_bad_n_obj_is_refused(n_obj):
    with pytest.raises(ValueError, match=r"n_obj of DTLZ2 must be an int >= 2; got"):
        DTLZ2(n_obj=n_obj)


def test_dim_must_leave_one_distance_variable():
    with pytest.raises(ValueError, match=r"dim of DTLZ1 must be an int >= 3; got 2"):
        DTLZ1(n_obj=3, dim=2)


@pytest.mark.parametrize("name", ["DTLZ5", "DTLZ6"])
def test_degenerate_problems_refuse_many_objectives(name):
    with pytest.raises(ValueError, match=rf"n_obj of {name} must be <= 3"):
        suites.get_problem(f"{name}(n_obj=4)")


def test_default_dims_follow_the_literature():
    dims = [suites.get_problem(f"DTLZ{i}(n_obj=3)").dim for i in range(1, 8)]
    assert dims == [7, 12, 12, 12, 12, 12, 22]
