"""Properties of the WFG toolkit and the front-sampling helpers."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from suites._multiobjective import _wfg_toolkit as tk
from suites._multiobjective._front import curve_sample, interval_grid, simplex_lattice

unit = st.floats(0.0, 1.0, allow_nan=False)
unit_rows = arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(2, 6)), elements=unit)


@settings(max_examples=60, deadline=None)
@given(unit_rows)
def test_transformations_keep_values_in_the_unit_interval(y):
    outputs = [
        tk.b_poly(y, 0.02),
        tk.b_flat(y, 0.8, 0.75, 0.85),
        tk.b_param(y, y[:, ::-1], 0.98 / 49.98, 0.02, 50.0),
        tk.s_linear(y, 0.35),
        tk.s_decept(y, 0.35, 0.001, 0.05),
        tk.s_multi(y, 30.0, 10.0, 0.35),
        tk.r_sum(y, np.arange(1.0, y.shape[1] + 1)),
        tk.r_nonsep(y, y.shape[1]),
    ]
    for out in outputs:
        assert np.all((out >= 0.0) & (out <= 1.0))


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 4)), elements=unit))
def test_shapes_stay_in_the_unit_box_and_concave_is_a_sphere(x):
    for shape in (tk.linear, tk.convex, tk.concave):
        h = shape(x)
        assert h.shape == (x.shape[0], x.shape[1] + 1)
        assert np.all((h >= -1e-12) & (h <= 1 + 1e-12))
    np.testing.assert_allclose(np.linalg.norm(tk.concave(x), axis=1), 1.0)
    np.testing.assert_allclose(tk.linear(x).sum(axis=1), 1.0)


def test_shifts_are_zero_exactly_at_their_optimum():
    y = np.array([0.35])
    assert tk.s_linear(y, 0.35)[0] == 0.0
    assert tk.s_multi(y, 30.0, 10.0, 0.35)[0] == 0.0
    assert tk.s_decept(y, 0.35, 0.001, 0.05)[0] == 0.0


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 6), st.integers(2, 400))
def test_simplex_lattice_is_the_largest_that_fits(n_obj, n_points):
    w = simplex_lattice(n_obj, n_points)
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
    assert np.all(w >= 0) and len(w) <= max(n_points, n_obj)
    assert len(np.unique(w, axis=0)) == len(w)
    h = round(1 / np.min(w[w > 0]))
    assert len(w) == math.comb(h + n_obj - 1, n_obj - 1)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 300))
def test_curve_sample_has_exactly_n_points_spanning_the_intervals(n):
    intervals = ((0.0, 0.2), (0.5, 0.7))
    points = curve_sample(lambda t: np.column_stack([t, 1 - t]), intervals, n)
    assert points.shape == (n, 2)
    assert points[0, 0] == 0.0 and points[-1, 0] == 0.7
    in_piece = ((points[:, 0] >= 0) & (points[:, 0] <= 0.2)) | (
        (points[:, 0] >= 0.5) & (points[:, 0] <= 0.7)
    )
    assert in_piece.all()


def test_interval_grid_covers_every_axis():
    grid = interval_grid([((0.0, 0.1), (0.9, 1.0)), ((0.0, 1.0),)], 25)
    assert grid.shape == (25, 2)
    assert set(np.round(grid[:, 1], 12)) == {0.0, 0.25, 0.5, 0.75, 1.0}
    assert np.all((grid[:, 0] <= 0.1 + 1e-12) | (grid[:, 0] >= 0.9 - 1e-12))
