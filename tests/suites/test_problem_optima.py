"""Every classic, evalset and constrained problem against its optimum, and both call paths.

For each problem: ``evaluate(x_star) == f_star``; no uniform random point nor any point
near ``x_star`` (feasible points, for constrained problems) beats ``f_star``; and
``evaluate`` on a batch agrees with ``problem(trial)`` one point at a time.
"""

from __future__ import annotations

import pickle
import re
import zlib

import numpy as np
import pytest

import suites
from hpobench.trial import FixedTrial

CASES = list(
    dict.fromkeys(
        suites.list_problems("classic")
        + suites.list_problems("evalset")
        + suites.list_problems("constrained")
    )
)


def _seed(case_id: str) -> int:
    return zlib.crc32(case_id.encode())


def _tolerance(f_star: float) -> float:
    return 1e-9 * max(1.0, abs(f_star))


def _feasible(problem, X: np.ndarray) -> np.ndarray:
    return np.all(problem.evaluate_constraints(X) <= 0, axis=1)


@pytest.mark.parametrize("case_id", CASES)
def test_f_star_is_attained_at_x_star(case_id):
    problem = suites.get_problem(case_id)
    assert problem.f_star is not None and problem.x_star is not None
    assert re.split(r"[:;]", problem.f_star_source)[0] in {"analytic", "numeric", "literature"}
    value = problem.evaluate(problem.x_star[None, :])[0]
    assert value == pytest.approx(problem.f_star, rel=1e-6, abs=1e-12)
    assert np.all(problem.evaluate_constraints(problem.x_star[None, :]) <= 1e-9)
    for i, dist in enumerate(problem.space.values()):
        assert dist._contains(
            dist.to_internal_repr(problem.array_to_params(problem.x_star)[f"x{i}"])
        )


@pytest.mark.parametrize("case_id", CASES)
def test_no_random_point_beats_f_star(case_id):
    problem = suites.get_problem(case_id)
    X = problem.sample(3000, seed=_seed(case_id))
    values = problem.evaluate(X)
    if problem.n_constraints:
        values = values[_feasible(problem, X)]
    assert values.size == 0 or values.min() >= problem.f_star - _tolerance(problem.f_star)


@pytest.mark.parametrize("case_id", CASES)
def test_no_point_near_x_star_beats_f_star(case_id):
    problem = suites.get_problem(case_id)
    rng = np.random.default_rng(_seed(case_id))
    lows = np.array([d.low for d in problem.space.values()], dtype=float)
    highs = np.array([d.high for d in problem.space.values()], dtype=float)
    scale = 1e-4 * (highs - lows)
    X = problem.x_star + rng.uniform(-1, 1, size=(500, problem.dim)) * scale
    integer = [
        i for i, d in enumerate(problem.space.values()) if hasattr(d, "step") and d.step == 1
    ]
    X[:, integer] = problem.x_star[integer]
    X = np.clip(X, lows, highs)
    values = problem.evaluate(X)
    if problem.n_constraints:
        values = values[_feasible(problem, X)]
    assert values.size == 0 or values.min() >= problem.f_star - _tolerance(problem.f_star)


@pytest.mark.parametrize("case_id", CASES)
def test_batch_and_trial_evaluation_agree(case_id):
    problem = suites.get_problem(case_id)
    X = problem.sample(3, seed=_seed(case_id) + 1)
    batch = problem.evaluate(X)
    for x, expected in zip(X, batch):
        trial = FixedTrial(problem.array_to_params(x))
        assert problem(trial) == pytest.approx(expected, rel=1e-12, abs=1e-300)
        if problem.n_constraints:
            constraints = problem.evaluate_constraints(x[None])[0]
            stored = [trial._system_attrs[k] for k in sorted(trial._system_attrs)]
            np.testing.assert_allclose(stored, constraints)


@pytest.mark.parametrize("case_id", CASES)
def test_tags_include_the_dimension(case_id):
    problem = suites.get_problem(case_id)
    assert f"dim={problem.dim}" in problem.tags
    assert ("constrained" in problem.tags) == (problem.n_constraints > 0)


@pytest.mark.parametrize("case_id", CASES)
def test_problems_pickle_for_process_pools(case_id):
    problem = suites.get_problem(case_id, seed=5)
    clone = pickle.loads(pickle.dumps(problem))
    assert (clone.case_id, clone.seed, clone.f_star) == (case_id, 5, problem.f_star)
    X = problem.sample(4, seed=0)
    np.testing.assert_array_equal(clone.evaluate(X), problem.evaluate(X))
