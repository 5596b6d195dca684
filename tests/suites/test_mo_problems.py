"""Shared properties of every problem with a known Pareto front (ZDT, DTLZ, WFG)."""

from __future__ import annotations

import numpy as np
import pytest

import hpobench
import suites
from suites._multiobjective import ParetoProblem

CASES = [
    *(f"ZDT{i}(dim=6)" for i in (1, 2, 3, 4, 6)),
    *(f"DTLZ{i}(n_obj=2,dim=5)" for i in range(1, 8)),
    *(f"DTLZ{i}(n_obj=3,dim=6)" for i in range(1, 8)),
    "DTLZ2(n_obj=4,dim=8)",
    "DTLZ7(n_obj=4,dim=8)",
    *(f"WFG{i}(n_obj=2,k=4,l=4)" for i in range(1, 10)),
    *(f"WFG{i}(n_obj=3,k=4,l=4)" for i in (1, 2, 4, 9)),
]
EPS = 1e-9


def _dominated_by(points: np.ndarray, others: np.ndarray, eps: float = EPS) -> np.ndarray:
    """Rows of ``points`` that some row of ``others`` beats by more than ``eps`` everywhere."""
    beaten = np.zeros(len(points), dtype=bool)
    for start in range(0, len(points), 256):
        block = points[start : start + 256]
        better = np.all(others[None, :, :] <= block[:, None, :] - eps, axis=2)
        beaten[start : start + 256] = better.any(axis=1)
    return beaten


@pytest.fixture(scope="module", params=CASES)
def problem(request) -> ParetoProblem:
    return suites.get_problem(request.param)


def test_registered_case_id_round_trips(problem):
    assert suites.get_problem(problem.case_id).case_id == problem.case_id
    assert problem.directions == ("minimize",) * problem.n_objectives
    assert {"multi_objective", f"dim={problem.dim}"} <= problem.tags
    assert problem.f_star is None


@pytest.mark.parametrize("n_points", [9, 400])
def test_front_sample_is_mutually_non_dominated(problem, n_points):
    front = problem.pareto_front(n_points)
    assert front.shape[1] == problem.n_objectives
    assert 2 <= len(front) <= n_points
    # Small samples too: a point interpolated into a gap of a disconnected front would
    # be dominated by the dense sample.
    assert not _dominated_by(front, front).any()
    assert not _dominated_by(front, problem.pareto_front(2000)).any()


def test_two_objective_fronts_have_exactly_n_points(problem):
    if problem.n_objectives == 2:
        assert len(problem.pareto_front(123)) == 123


def test_pareto_set_lands_on_the_front(problem):
    F = problem.evaluate(problem.pareto_set(100, seed=0))
    front = problem.pareto_front(2000)
    # Both samples lie on the same surface: neither beats the other anywhere.
    assert not _dominated_by(F, front).any()
    assert not _dominated_by(front, F).any()


def test_random_points_never_beat_the_front(problem):
    F = problem.evaluate(problem.sample(2000, seed=1))
    assert not _dominated_by(problem.pareto_front(400), F).any()


def test_reference_point_is_beyond_the_whole_front(problem):
    front = problem.pareto_front(1000)
    assert np.all(front < problem.reference_point)
    extent = problem.nadir_point - problem.ideal_point
    np.testing.assert_allclose(problem.reference_point, problem.nadir_point + 0.1 * extent)


def test_study_values_match_evaluate(problem):
    study = hpobench.create_study(
        directions=list(problem.directions), sampler=hpobench.samplers.RandomSampler(seed=0)
    )
    study.optimize(problem, n_trials=4)
    X = np.array([problem.params_to_array(t.params) for t in study.trials])
    np.testing.assert_allclose([t.values for t in study.trials], problem.evaluate(X))


def test_seeded_pareto_sets_reproduce(problem):
    np.testing.assert_array_equal(problem.pareto_set(5, seed=3), problem.pareto_set(5, seed=3))
    again = problem.with_seed(7)
    assert again.case_id == problem.case_id and again.seed == 7
    X = problem.sample(5, seed=0)
    np.testing.assert_array_equal(again.evaluate(X), problem.evaluate(X))


def test_pareto_front_rejects_too_few_points(problem):
    with pytest.raises(ValueError, match="n_points must be an int >= 2"):
        problem.pareto_front(1)


def test_evaluate_rejects_a_wrong_shape(problem):
    with pytest.raises(ValueError, match="must be an"):
        problem.evaluate(np.zeros(problem.dim))


def test_multiobjective_suite_lists_standard_sizes():
    ids = suites.list_problems("multiobjective")
    assert "ZDT1(dim=30)" in ids and "ZDT4(dim=10)" in ids
    assert "DTLZ1(n_obj=3,dim=7)" in ids and "DTLZ7(n_obj=3,dim=22)" in ids
    assert "WFG9(n_obj=2,k=4,l=20)" in ids
    assert sum(i.startswith(("ZDT", "DTLZ", "WFG")) for i in ids) == 21
