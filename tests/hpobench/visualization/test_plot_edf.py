"""get_edf_info: share of trials at or below each x, per study."""

from __future__ import annotations

import numpy as np
import pytest

from hpobench.trial import TrialState
from hpobench.visualization import get_edf_info
from hpobench.visualization._edf import N_POINTS


def _study(make_study, values, name):
    return make_study([{"params": {"x": 0.0}, "value": v} for v in values], name=name)


def test_lines_share_one_x_grid_over_all_values(make_study):
    a, b = _study(make_study, [1.0, 2.0, 3.0], "a"), _study(make_study, [2.0, 4.0], "b")
    info = get_edf_info([a, b])
    assert info.x.shape == (N_POINTS,) and (info.x[0], info.x[-1]) == (1.0, 4.0)
    assert [line.study_name for line in info.lines] == ["a", "b"]
    assert info.lines[0].y[0] == pytest.approx(1 / 3) and info.lines[1].y[0] == 0.0
    assert info.lines[0].y[-1] == 1.0 and info.lines[1].y[-1] == 1.0
    assert (np.diff(info.lines[0].y) >= 0).all()


def test_value_equal_to_x_counts(make_study):
    info = get_edf_info(_study(make_study, [0.0, 1.0], "a"))
    half = int(np.argmin(np.abs(info.x - 0.5)))
    assert info.lines[0].y[half] == 0.5


def test_study_without_completed_trials_is_nan(make_study):
    a = _study(make_study, [1.0, 2.0], "a")
    b = make_study([{"params": {"x": 0.0}, "state": TrialState.FAIL}], name="b")
    info = get_edf_info([a, b])
    assert np.isnan(info.lines[1].y).all()


def test_no_completed_trials_at_all_gives_no_line(make_study):
    assert get_edf_info(make_study([])).lines == ()
    assert get_edf_info([]).lines == ()


def test_target_and_multi_objective(make_study):
    multi = make_study([{"params": {"x": 0.0}, "values": [1.0, 5.0]}], directions=["minimize"] * 2)
    with pytest.raises(ValueError, match="has 2 objectives"):
        get_edf_info(multi)
    info = get_edf_info(multi, target=lambda t: t.values[1], target_name="b")
    assert info.x[0] == 5.0 and info.target_name == "b"
