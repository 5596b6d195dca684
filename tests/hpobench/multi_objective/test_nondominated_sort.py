from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hpobench.multi_objective import (
    crowding_distance,
    fast_non_dominated_sort,
    non_dominated_mask,
)
from hpobench.study._multi_objective import non_dominated_mask as study_non_dominated_mask


def brute_force_ranks(losses: np.ndarray) -> np.ndarray:
    """O(n^2 m) reference: peel the rows no remaining row dominates."""
    n = len(losses)
    ranks = np.full(n, -1)
    rank = 0
    while (ranks < 0).any():
        remaining = [i for i in range(n) if ranks[i] < 0]
        front = [
            i
            for i in remaining
            if not any(
                np.all(losses[j] <= losses[i]) and np.any(losses[j] < losses[i]) for j in remaining
            )
        ]
        ranks[front] = rank
        rank += 1
    return ranks


def test_crafted_fronts():
    losses = np.array([[1, 3], [2, 2], [3, 1], [2, 3], [3, 3], [4, 4]])
    assert fast_non_dominated_sort(losses).tolist() == [0, 0, 0, 1, 2, 3]


def test_duplicates_share_a_rank():
    losses = np.array([[1, 1, 1], [1, 1, 1], [2, 2, 2], [2, 2, 2], [0, 5, 5]])
    assert fast_non_dominated_sort(losses).tolist() == [0, 0, 1, 1, 0]
    assert fast_non_dominated_sort(losses[:, :2]).tolist() == [0, 0, 1, 1, 0]


def test_ties_in_one_objective():
    # Same first value: only the smaller second value is non-dominated.
    losses = np.array([[1.0, 2.0], [1.0, 3.0], [1.0, 2.0], [0.5, 4.0]])
    assert fast_non_dominated_sort(losses).tolist() == [0, 1, 0, 0]


def test_one_point_and_empty():
    assert fast_non_dominated_sort([[3.0, 4.0]]).tolist() == [0]
    assert fast_non_dominated_sort(np.zeros((0, 3))).tolist() == []
    assert non_dominated_mask([[1.0]]).tolist() == [True]


def test_single_objective_ranks_by_value():
    assert fast_non_dominated_sort([[3.0], [1.0], [2.0], [1.0]]).tolist() == [2, 0, 1, 0]


def test_many_objectives_and_infinities():
    rng = np.random.default_rng(0)
    losses = rng.random((60, 8))
    losses[3] = np.inf
    np.testing.assert_array_equal(fast_non_dominated_sort(losses), brute_force_ranks(losses))


def test_large_input_uses_peeling_and_agrees():
    rng = np.random.default_rng(1)
    losses = rng.integers(0, 30, size=(1700, 3)).astype(float)
    ranks = fast_non_dominated_sort(losses)
    sample = rng.choice(len(losses), 200, replace=False)
    # Each sampled row's rank is one more than the largest rank of the rows dominating it.
    for i in sample:
        dom = np.all(losses <= losses[i], axis=1) & np.any(losses < losses[i], axis=1)
        assert ranks[i] == (ranks[dom].max() + 1 if dom.any() else 0)


def test_n_below_stops_early():
    losses = np.array([[i, -i] for i in range(5)] + [[i + 1, -i + 1] for i in range(5)])
    full = fast_non_dominated_sort(losses)
    cut = fast_non_dominated_sort(losses, n_below=3)
    assert (cut[full == 0] == 0).all()
    assert (cut[full > 0] == 1).all()


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="2-D array"):
        fast_non_dominated_sort([1.0, 2.0])
    with pytest.raises(ValueError, match="NaN"):
        fast_non_dominated_sort([[np.nan, 1.0]])


@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(
        float,
        st.tuples(st.integers(1, 40), st.integers(1, 5)),
        elements=st.integers(0, 6).map(float),
    )
)
def test_matches_brute_force(losses):
    expected = brute_force_ranks(losses)
    np.testing.assert_array_equal(fast_non_dominated_sort(losses), expected)
    np.testing.assert_array_equal(non_dominated_mask(losses), expected == 0)
    np.testing.assert_array_equal(study_non_dominated_mask(losses), expected == 0)


def test_crowding_distance():
    losses = np.array([[0.0, 4.0], [1.0, 2.0], [3.0, 1.0], [4.0, 0.0]])
    np.testing.assert_allclose(crowding_distance(losses), [np.inf, 1.5, 1.25, np.inf])
    assert crowding_distance([[1.0, 1.0], [2.0, 0.0]]).tolist() == [np.inf, np.inf]
    dup = crowding_distance([[0.0, 2.0], [1.0, 1.0], [1.0, 1.0], [2.0, 0.0]])
    assert dup[1] == dup[2] == 2.0
