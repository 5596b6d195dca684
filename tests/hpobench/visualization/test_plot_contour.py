"""get_contour_info: grids per axis kind, best value per cell, holes, conditional params."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hpobench.distributions import CategoricalDistribution
from hpobench.trial import TrialState
from hpobench.visualization import get_contour_info
from hpobench.visualization._contour import GRID_SIZE

GRID = {"u": CategoricalDistribution(["p", "q"]), "v": CategoricalDistribution(["r", "s"])}


def _cells(make_study, rows, **kwargs):
    return make_study(
        [{"params": {"u": u, "v": v}, "value": z, "space": GRID} for u, v, z in rows], **kwargs
    )


def test_numeric_and_log_axes_get_a_grid_over_the_padded_range(make_study):
    study = make_study(
        [
            {"params": {"x": -0.5, "lr": 1e-3}, "value": 1.0},
            {"params": {"x": 0.5, "lr": 1e-1}, "value": 2.0},
            {"params": {"x": 0.0, "lr": 1e-2}, "value": 3.0},
        ]
    )
    info = get_contour_info(study)
    assert info.params == ("lr", "x")
    panel = info.panel("lr", "x")
    assert panel.x_grid.shape == (GRID_SIZE,) and panel.y_grid.shape == (GRID_SIZE,)
    assert panel.x_grid[0] == pytest.approx(10**-3.1) and panel.x_grid[-1] == pytest.approx(
        10**-0.9
    )
    np.testing.assert_allclose(np.diff(np.log10(panel.x_grid)), 2.2 / (GRID_SIZE - 1))
    assert panel.y_grid[0] == pytest.approx(-0.55) and panel.y_grid[-1] == pytest.approx(0.55)
    assert panel.z.shape == (GRID_SIZE, GRID_SIZE) and np.isfinite(panel.z).all()
    assert panel.x_points.tolist() == [1e-3, 1e-1, 1e-2]
    assert panel.z.min() >= 1.0 and panel.z.max() <= 3.0
    assert info.z_range == (1.0, 3.0)


def test_a_trial_sets_the_value_of_its_cell(make_study):
    study = make_study(
        [
            {"params": {"x": -0.5, "n": 0}, "value": 7.0},
            {"params": {"x": 0.5, "n": 4}, "value": 1.0},
        ]
    )
    panel = get_contour_info(study).panel("n", "x")
    # n = 0 is the node nearest the range's 5 % padding; x = -0.5 likewise.
    col = int(np.argmin(np.abs(panel.x_grid - 0)))
    row = int(np.argmin(np.abs(panel.y_grid + 0.5)))
    assert panel.z[row, col] == 7.0


def test_categorical_axes_have_one_node_per_choice_and_keep_the_best(make_study):
    rows = [("p", "r", 5.0), ("p", "r", 1.0), ("q", "s", 3.0), ("q", "r", 2.0)]
    info = get_contour_info(_cells(make_study, rows))
    panel = info.panel("u", "v")
    assert panel.x_grid.tolist() == [0.0, 1.0] and panel.y_grid.tolist() == [0.0, 1.0]
    # z[row = v, col = u]: the (p, s) hole is filled from its neighbours.
    assert panel.z[0, 0] == 1.0 and panel.z[1, 1] == 3.0 and panel.z[0, 1] == 2.0
    assert 1.0 <= panel.z[1, 0] <= 3.0


def test_maximizing_keeps_the_largest_and_a_target_the_mean(make_study):
    rows = [("p", "r", 5.0), ("p", "r", 1.0)]
    maximize = get_contour_info(_cells(make_study, rows, directions=["maximize"]))
    assert maximize.panel("u", "v").z[0, 0] == 5.0 and not maximize.reverse_scale
    mean = get_contour_info(_cells(make_study, rows), target=lambda t: t.value, target_name="v")
    assert mean.panel("u", "v").z[0, 0] == 3.0 and mean.reverse_scale


def test_swapped_panel_is_the_transpose(make_study):
    rows = [("p", "r", 5.0), ("q", "s", 1.0), ("q", "r", 2.0)]
    info = get_contour_info(_cells(make_study, rows))
    a, b = info.panel("u", "v"), info.panel("v", "u")
    np.testing.assert_array_equal(a.z.T, b.z)
    assert (b.x, b.y) == ("v", "u") and b.x_points.tolist() == a.y_points.tolist()


def test_conditional_params_leave_trials_out_of_the_pair(make_study):
    study = make_study(
        [
            {"params": {"x": 0.1, "n": 1}, "value": 1.0},
            {"params": {"x": 0.2, "n": 2}, "value": 2.0},
            {"params": {"x": 0.3, "cat": "a"}, "value": 3.0},
            {"params": {"n": 3, "cat": "b"}, "value": 4.0},
        ]
    )
    info = get_contour_info(study)
    assert info.params == ("cat", "n", "x")
    assert info.panel("n", "x").x_points.tolist() == [1.0, 2.0]
    assert info.panel("cat", "x").x_points.tolist() == [0.0]
    assert len(info.panels) == 3


def test_pairs_without_a_common_trial_are_nan(make_study):
    study = make_study([{"params": {"x": 0.1}, "value": 1.0}, {"params": {"n": 2}, "value": 2.0}])
    panel = get_contour_info(study).panel("n", "x")
    assert panel.x_points.size == 0 and np.isnan(panel.z).all()


def test_infeasible_points_are_flagged(make_study):
    rows = [
        {"params": {"x": 0.1, "n": 1}, "value": 1.0, "constraints": {"c": 0.5}},
        {"params": {"x": 0.2, "n": 2}, "value": 2.0, "constraints": {"c": -0.5}},
    ]
    assert get_contour_info(make_study(rows)).panel("n", "x").feasible.tolist() == [False, True]


def test_non_finite_values_are_left_out(make_study):
    study = make_study([{"params": {"x": 0.1, "n": 1}, "value": v} for v in (1.0, math.inf, 2.0)])
    assert get_contour_info(study).z_range == (1.0, 2.0)


def test_one_param_gives_no_panel(make_study):
    info = get_contour_info(make_study([{"params": {"x": 0.1, "n": 1}, "value": 1.0}]), ["x"])
    assert info.params == ("x",) and info.panels == {}


@pytest.mark.parametrize(
    "specs", [[], [{"params": {"x": 0.0}, "state": TrialState.FAIL}]], ids=["empty", "failed"]
)
def test_no_completed_trial_gives_an_empty_info(make_study, specs):
    info = get_contour_info(make_study(specs), params=["x", "y"])
    assert info.params == () and info.panels == {}


def test_errors_name_the_problem(make_study):
    study = make_study([{"params": {"x": 0.1, "n": 1}, "value": 1.0}])
    with pytest.raises(
        ValueError, match=r"params contains names that no plotted trial has: \['y'\]"
    ):
        get_contour_info(study, params=["x", "y"])
    multi = make_study([{"params": {"x": 0.1}, "values": [1, 2]}], directions=["minimize"] * 2)
    with pytest.raises(ValueError, match="has 2 objectives"):
        get_contour_info(multi)
    with pytest.raises(TypeError, match="params must contain parameter names"):
        get_contour_info(study, params=["x", 1])


def test_a_category_no_trial_took_stays_empty(make_study):
    # "n" only exists with cat == "a": the other choices have nothing to show.
    study = make_study(
        [
            {"params": {"cat": "a", "n": 1}, "value": 1.0},
            {"params": {"cat": "a", "n": 3}, "value": 2.0},
            {"params": {"cat": "b"}, "value": 3.0},
        ]
    )
    panel = get_contour_info(study).panel("n", "cat")
    assert np.isfinite(panel.z[0]).all()
    assert np.isnan(panel.z[1:]).all()
