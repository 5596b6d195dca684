from __future__ import annotations

import itertools

import numpy as np
import pytest

from hpobench.multi_objective import hypervolume, hypervolume_contributions

moocore = pytest.importorskip("moocore")


def union_of_boxes(points: np.ndarray, ref: np.ndarray) -> float:
    """Exact volume of the union of the boxes [p, ref] by inclusion-exclusion."""
    total = 0.0
    for k in range(1, len(points) + 1):
        for subset in itertools.combinations(points, k):
            corner = np.max(subset, axis=0)
            total += (-1) ** (k + 1) * float(np.prod(np.clip(ref - corner, 0.0, None)))
    return total


def random_front(rng: np.random.Generator, n: int, m: int) -> np.ndarray:
    points = rng.random((n, m))
    return points / np.linalg.norm(points, axis=1, keepdims=True)


@pytest.mark.parametrize("m", [2, 3, 4, 5])
@pytest.mark.parametrize("n", [1, 2, 7, 40])
def test_agrees_with_moocore(m, n):
    rng = np.random.default_rng(m * 100 + n)
    ref = np.full(m, 1.2)
    for points in (rng.random((n, m)), random_front(rng, n, m)):
        expected = moocore.hypervolume(points, ref=ref)
        assert hypervolume(points, ref) == pytest.approx(expected, abs=1e-9, rel=1e-9)


@pytest.mark.parametrize("m", [2, 3, 4])
def test_agrees_with_inclusion_exclusion(m):
    rng = np.random.default_rng(m)
    for _ in range(10):
        points = rng.integers(0, 5, size=(6, m)).astype(float)
        ref = np.full(m, 5.0)
        assert hypervolume(points, ref) == pytest.approx(union_of_boxes(points, ref), abs=1e-12)


def test_hand_computed_values():
    assert hypervolume([[1.0, 2.0], [2.0, 1.0]], [3.0, 3.0]) == 3.0
    assert hypervolume([[0.0, 0.0, 0.0]], [1.0, 2.0, 3.0]) == 6.0
    # Points on or beyond the reference point add nothing; duplicates count once.
    assert hypervolume([[3.0, 0.0], [1.0, 1.0], [1.0, 1.0]], [3.0, 3.0]) == 4.0
    assert hypervolume(np.zeros((0, 4)), np.ones(4)) == 0.0
    assert hypervolume([[2.0], [1.0]], [4.0]) == 3.0


def test_assume_pareto_gives_the_same_on_a_front():
    rng = np.random.default_rng(3)
    points = random_front(rng, 30, 3)
    ref = np.full(3, 1.1)
    assert hypervolume(points, ref, assume_pareto=True) == pytest.approx(hypervolume(points, ref))


def test_large_three_objective_front():
    rng = np.random.default_rng(4)
    points = random_front(rng, 3000, 3)
    ref = np.full(3, 1.1)
    assert hypervolume(points, ref) == pytest.approx(
        moocore.hypervolume(points, ref=ref), abs=1e-9
    )


def test_bad_reference_point_is_rejected():
    with pytest.raises(ValueError, match="one value per objective"):
        hypervolume([[1.0, 2.0]], [3.0])
    with pytest.raises(ValueError, match="NaN"):
        hypervolume([[1.0, 2.0]], [3.0, np.nan])


@pytest.mark.parametrize("m", [2, 3, 4])
def test_contributions_equal_leave_one_out_differences(m):
    rng = np.random.default_rng(10 + m)
    points = rng.random((15, m))
    ref = np.full(m, 1.1)
    total = hypervolume(points, ref)
    expected = [total - hypervolume(np.delete(points, i, axis=0), ref) for i in range(len(points))]
    np.testing.assert_allclose(hypervolume_contributions(points, ref), expected, atol=1e-12)


def test_contribution_sum_rules():
    ref = np.array([4.0, 4.0, 4.0])
    # One point contributes the whole volume.
    assert hypervolume_contributions([[1.0, 2.0, 3.0]], ref).tolist() == [6.0]
    rng = np.random.default_rng(5)
    points = random_front(rng, 12, 3)
    ref = np.full(3, 1.1)
    contributions = hypervolume_contributions(points, ref)
    # Exclusive parts are disjoint pieces of the dominated region.
    assert (contributions >= 0).all()
    assert contributions.sum() <= hypervolume(points, ref) + 1e-12
    # Duplicates, dominated points and points beyond the reference contribute nothing.
    extra = np.vstack([points, points[:1], points[1:2] + 0.01, [[2.0, 0.0, 0.0]]])
    c = hypervolume_contributions(extra, ref)
    assert c[0] == 0.0 and c[12] == 0.0 and c[13] == 0.0 and c[14] == 0.0
    # Two-objective boxes are disjoint rectangles between neighbours.
    two = np.array([[0.0, 3.0], [1.0, 1.0], [3.0, 0.0]])
    assert hypervolume_contributions(two, [4.0, 4.0]).tolist() == [1.0, 4.0, 1.0]
