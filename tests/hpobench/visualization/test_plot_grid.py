"""Binning scattered values on a grid and filling its holes (push-pull + smoothing)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hpobench.visualization._grid import fill_holes, interpolate_grid


def test_cells_reduce_to_min_max_or_mean():
    cols, rows = np.array([0, 0, 1]), np.array([0, 0, 0])
    values = np.array([4.0, 2.0, 7.0])
    assert interpolate_grid(cols, rows, values, (1, 2), "min").tolist() == [[2.0, 7.0]]
    assert interpolate_grid(cols, rows, values, (1, 2), "max").tolist() == [[4.0, 7.0]]
    assert interpolate_grid(cols, rows, values, (1, 2), None).tolist() == [[3.0, 7.0]]


def test_no_values_give_an_all_nan_grid():
    grid = interpolate_grid(np.zeros(0, int), np.zeros(0, int), np.zeros(0), (3, 4), "min")
    assert grid.shape == (3, 4) and np.isnan(grid).all()


def test_a_gap_between_two_values_is_filled_linearly():
    filled = fill_holes(np.array([[0.0, np.nan, np.nan, 3.0]]))
    np.testing.assert_allclose(filled, [[0.0, 1.0, 2.0, 3.0]], atol=1e-3)


def test_one_value_fills_the_whole_grid():
    grid = np.full((5, 7), np.nan)
    grid[2, 3] = 4.5
    assert (fill_holes(grid) == 4.5).all()


def test_all_nan_stays_nan():
    assert np.isnan(fill_holes(np.full((2, 2), np.nan))).all()


@settings(max_examples=40, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 12), st.integers(1, 12)),
    seed=st.integers(0, 2**16),
    share=st.floats(0.05, 1.0),
)
def test_known_cells_stay_and_holes_stay_within_their_range(shape, seed, share):
    rng = np.random.default_rng(seed)
    grid = rng.normal(size=shape)
    known = rng.random(shape) < share
    known.flat[rng.integers(grid.size)] = True
    holes = np.where(known, grid, np.nan)
    filled = fill_holes(holes)
    assert np.isfinite(filled).all()
    np.testing.assert_array_equal(filled[known], grid[known])
    assert filled.min() >= grid[known].min() - 1e-12
    assert filled.max() <= grid[known].max() + 1e-12
