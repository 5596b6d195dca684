"""get_rank_info: colour positions from ranks, ticks at quantiles, panels."""

from __future__ import annotations

import numpy as np
import pytest

from hpobench.visualization import get_rank_info
from hpobench.visualization._rank import rank_panels


def test_positions_are_average_ranks_scaled_to_unit(make_study):
    study = make_study(
        [{"params": {"x": 0.1 * i, "n": i}, "value": v} for i, v in enumerate([1, 2, 2, 3])]
    )
    info = get_rank_info(study)
    assert info.color_positions.tolist() == [0.0, 0.5, 0.5, 1.0]
    assert info.tick_positions == (0.0, 0.25, 0.5, 0.75, 1.0)
    assert info.tick_labels == ("min. (1)", "25% (1.75)", "50% (2)", "75% (2.25)", "max. (3)")
    assert info.params == ("n", "x") and rank_panels(info) == [(1, 0)]


def test_single_trial_is_in_the_middle(make_study):
    info = get_rank_info(make_study([{"params": {"x": 0.1}, "value": 4.0}]))
    assert info.color_positions.tolist() == [0.5]
    assert rank_panels(info) == [(0, 0)]


def test_three_params_give_every_pair(make_study):
    study = make_study([{"params": {"x": 0.1, "n": 1, "cat": "a"}, "value": 4.0}])
    assert len(rank_panels(get_rank_info(study))) == 9


def test_axes_feasibility_and_missing_params(make_study):
    study = make_study(
        [
            {"params": {"x": 0.1, "cat": "b"}, "value": 1.0, "constraints": {"c": 1.0}},
            {"params": {"x": 0.2}, "value": 2.0},
        ]
    )
    info = get_rank_info(study, params=["x", "cat"])
    assert info.params == ("x", "cat")
    assert info.axes[1].values[0] == 1.0 and np.isnan(info.axes[1].values[1])
    assert info.feasible.tolist() == [False, True]
    assert info.trial_numbers.tolist() == [0, 1]


def test_empty_and_errors(make_study):
    assert get_rank_info(make_study([])).params == ()
    study = make_study([{"params": {"x": 0.1}, "value": 1.0}])
    with pytest.raises(ValueError, match=r"\['y'\]"):
        get_rank_info(study, params=["y"])
    multi = make_study([{"params": {"x": 0.1}, "values": [1, 2]}], directions=["minimize"] * 2)
    with pytest.raises(ValueError, match="has 2 objectives"):
        get_rank_info(multi)
    assert get_rank_info(
        multi, target=lambda t: t.values[1], target_name="b"
    ).target_values.tolist() == [2.0]
