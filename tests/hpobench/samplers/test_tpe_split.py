from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hpobench.samplers._tpe._defaults import (
    default_gamma,
    default_gamma_multi_objective,
    default_weights,
    hyperopt_default_gamma,
)
from hpobench.samplers._tpe._hypervolume import greedy_hypervolume_subset, hypervolume
from hpobench.samplers._tpe._split import Observations, below_mask


def _obs(losses, state=None, step=None, step_value=None, violation=None):
    losses = np.asarray(losses, dtype=float).reshape(len(losses), -1)
    n = len(losses)
    return Observations(
        numbers=np.arange(n),
        state=np.zeros(n, dtype=np.int8) if state is None else np.asarray(state, dtype=np.int8),
        losses=losses,
        step=np.full(n, -1) if step is None else np.asarray(step),
        step_value=np.full(n, np.inf) if step_value is None else np.asarray(step_value, float),
        violation=np.zeros(n) if violation is None else np.asarray(violation, float),
    )


def _brute_force_hypervolume(points, reference):
    # Inclusion-exclusion over subsets: exact for a handful of points.
    total = 0.0
    for r in range(1, len(points) + 1):
        for subset in itertools.combinations(points, r):
            corner = np.max(subset, axis=0)
            total += (-1) ** (r + 1) * np.prod(np.clip(reference - corner, 0, None))
    return total


@settings(max_examples=60, deadline=None)
@given(
    points=st.integers(1, 7).flatmap(
        lambda n: st.integers(2, 4).flatmap(
            lambda m: st.lists(
                st.lists(st.floats(0, 1, allow_nan=False), min_size=m, max_size=m),
                min_size=n,
                max_size=n,
            )
        )
    )
)
def test_hypervolume_matches_inclusion_exclusion(points):
    pts = np.array(points)
    reference = np.full(pts.shape[1], 1.2)
    assert hypervolume(pts, reference) == pytest.approx(
        _brute_force_hypervolume(pts, reference), abs=1e-9
    )


def test_hypervolume_ignores_points_beyond_the_reference():
    pts = np.array([[0.5, 0.5], [2.0, 0.1], [0.5, 0.5]])
    assert hypervolume(pts, np.array([1.0, 1.0])) == pytest.approx(0.25)
    assert hypervolume(np.empty((0, 3)), np.ones(3)) == 0.0


def test_greedy_subset_prefers_spread_points():
    front = np.array([[0.0, 1.0], [0.49, 0.51], [0.5, 0.5], [1.0, 0.0]])
    chosen = greedy_hypervolume_subset(front, np.array([1.1, 1.1]), 3)
    assert set(chosen.tolist()) == {0, 2, 3} or set(chosen.tolist()) == {0, 1, 3}
    assert len(greedy_hypervolume_subset(front, np.array([1.1, 1.1]), 10)) == 4


@pytest.mark.parametrize("n", [0, 1, 9, 10, 11, 100, 249, 250, 251, 10_000])
def test_gamma_functions(n):
    assert default_gamma(n) == min(int(np.ceil(0.1 * n)), 25)
    assert default_gamma_multi_objective(n) == int(np.ceil(0.1 * n))
    assert hyperopt_default_gamma(n) == min(int(np.ceil(0.25 * np.sqrt(n))), 25)


def test_default_weights_ramp_old_trials():
    assert default_weights(0).shape == (0,)
    assert np.all(default_weights(24) == 1)
    w = default_weights(100)
    assert len(w) == 100 and w[0] == pytest.approx(0.01)
    assert np.all(np.diff(w[:75]) > 0) and np.all(w[75:] == 1)


@pytest.mark.parametrize("n_below", [0, 1, 3, 7, 10])
def test_single_objective_split_takes_the_best(n_below):
    losses = np.array([5.0, 1.0, 9.0, 3.0, 7.0, 2.0, 8.0, 4.0, 6.0, 0.0])
    mask = below_mask(_obs(losses), n_below)
    assert mask.sum() == n_below
    assert set(np.flatnonzero(mask)) == set(np.argsort(losses)[:n_below])


def test_pruned_after_complete_by_step_then_value():
    obs = _obs(
        [np.nan, 3.0, np.nan, np.nan, np.nan],
        state=[1, 0, 1, 1, 1],
        step=[2, -1, 9, 9, -1],
        step_value=[0.0, np.inf, 0.5, 0.2, np.inf],
    )
    order = [1, 3, 2, 0, 4]
    for k in range(6):
        assert set(np.flatnonzero(below_mask(obs, k))) == set(order[:k])


def test_infeasible_trials_rank_last_by_violation():
    obs = _obs([0.0, 5.0, 1.0, 2.0], violation=[2.0, 0.0, 0.5, 0.0])
    order = [3, 1, 2, 0]  # feasible by value, then violation 0.5, then 2.0
    for k in range(5):
        assert set(np.flatnonzero(below_mask(obs, k))) == set(order[:k])


def test_multi_objective_split_by_fronts_then_hypervolume():
    losses = np.array(
        [
            [0.0, 1.0],  # front 1
            [1.0, 0.0],  # front 1
            [0.5, 0.5],  # front 1
            [0.51, 0.51],  # dominated by [0.5, 0.5]: front 2
            [0.9, 0.9],  # front 3
            [0.2, 0.8],  # front 1
        ]
    )
    assert set(np.flatnonzero(below_mask(_obs(losses), 4))) == {0, 1, 2, 5}
    assert set(np.flatnonzero(below_mask(_obs(losses), 5))) == {0, 1, 2, 3, 5}
    two = set(np.flatnonzero(below_mask(_obs(losses), 2)))
    assert len(two) == 2 and two <= {0, 1, 2, 5}
    # Infeasible trials come after every feasible one even when they dominate.
    violation = np.array([0, 0, 0, 0, 0, 1.0])
    assert set(np.flatnonzero(below_mask(_obs(losses, violation=violation), 5))) == {0, 1, 2, 3, 4}
