"""Counting Ones: mixed space, Monte-Carlo fidelity, common random numbers."""

from __future__ import annotations

import numpy as np
import pytest

from hpobench.distributions import CategoricalDistribution, FloatDistribution
from suites._curves_counting_ones import CountingOnes


def test_space_lists_categoricals_first():
    space = CountingOnes(n_cat=2, n_cont=3).space
    assert [type(d) for d in space.values()] == [CategoricalDistribution] * 2 + [
        FloatDistribution
    ] * 3
    assert "mixed_int" in CountingOnes(n_cat=2, n_cont=3).tags


def test_estimate_converges_to_the_expectation():
    problem = CountingOnes(n_cat=3, n_cont=5, n_steps=20, samples_per_step=200, seed=0)
    X = problem.sample(50, seed=1)
    expected = -X.sum(axis=1)
    curves = problem.evaluate_steps(X)
    # The Monte-Carlo error shrinks like 1 / sqrt(draws).
    assert np.abs(curves[:, -1] - expected).max() < 0.15
    assert np.abs(curves[:, -1] - expected).mean() < np.abs(curves[:, 0] - expected).mean()


def test_categorical_part_is_exact_at_every_step():
    problem = CountingOnes(n_cat=4, n_cont=0, n_steps=3, seed=0)
    X = np.array([[1, 0, 1, 1], [0, 0, 0, 0]], dtype=float)
    np.testing.assert_array_equal(problem.evaluate_steps(X), [[-3.0] * 3, [0.0] * 3])


def test_estimate_is_monotone_in_each_probability():
    problem = CountingOnes(n_cat=0, n_cont=2, seed=4)
    X = np.array([[0.3, 0.5], [0.6, 0.5], [0.6, 0.9]])
    values = problem.evaluate_steps(X)
    assert np.all(values[1] <= values[0]) and np.all(values[2] <= values[1])


def test_step_uses_the_cumulative_draws():
    problem = CountingOnes(n_cat=0, n_cont=1, n_steps=4, samples_per_step=5, seed=2)
    x = np.array([[0.5]])
    draws = problem._uniforms[0] < 0.5
    expected = [-draws[: 5 * s].mean() for s in range(1, 5)]
    np.testing.assert_allclose(problem.evaluate_steps(x)[0], expected)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_cat": 0, "n_cont": 0}, r"n_cat \+ n_cont of CountingOnes must be at least 1"),
        ({"n_cat": -1}, r"n_cat of CountingOnes must be an int >= 0; got -1"),
        ({"samples_per_step": 0}, r"samples_per_step of CountingOnes must be an int >= 1"),
    ],
)
def test_bad_case_params_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        CountingOnes(**kwargs)
