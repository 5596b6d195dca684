"""get_timeline_info: bars from start to end, grouped by state."""

from __future__ import annotations

import numpy as np
import pytest

from hpobench.trial import TrialState
from hpobench.visualization import get_timeline_info


def test_bars_span_each_trial_and_are_grouped_by_state(make_study):
    study = make_study(
        [
            {"params": {"x": 0.0}, "value": 1.0},
            {"params": {"x": 0.0}, "state": TrialState.PRUNED},
            {"params": {"x": 0.0}, "state": TrialState.FAIL},
            {"params": {"x": 0.0}, "value": 1.0, "constraints": {"c": 1.0}},
        ]
    )
    info = get_timeline_info(study)
    assert info.trial_numbers.tolist() == [0, 1, 2, 3]
    assert info.groups.tolist() == ["COMPLETE", "PRUNED", "FAIL", "INFEASIBLE"]
    durations = (info.ends - info.starts) / np.timedelta64(1, "ms")
    assert durations.tolist() == [500.0, 1000.0, 1500.0, 2000.0]
    assert str(info.starts[0]) == "2024-01-01T12:00:00.000000"


def test_waiting_and_running_trials_get_short_bars_at_the_end(make_study):
    study = make_study([{"params": {"x": 0.0}, "value": 1.0}])
    study.enqueue_trial({"x": 0.5})
    info = get_timeline_info(study)
    assert info.groups.tolist() == ["COMPLETE", "WAITING"]
    assert info.starts[1] == info.ends[0]
    assert info.ends[1] - info.starts[1] == np.timedelta64(1, "s")
    study.ask()
    running = get_timeline_info(study)
    assert running.groups.tolist()[-1] == "RUNNING"
    assert running.ends[-1] - running.starts[-1] == np.timedelta64(1, "s")


def test_n_recent_trials_keeps_the_last_ones(make_study):
    study = make_study([{"params": {"x": 0.0}, "value": float(i)} for i in range(5)])
    assert get_timeline_info(study, n_recent_trials=2).trial_numbers.tolist() == [3, 4]
    assert get_timeline_info(study, n_recent_trials=9).trial_numbers.tolist() == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_n_recent_trials_must_be_positive(make_study, bad):
    with pytest.raises(ValueError, match="n_recent_trials must be a positive int or None"):
        get_timeline_info(make_study([]), n_recent_trials=bad)


def test_empty_study_has_no_bar(make_study):
    assert get_timeline_info(make_study([])).trial_numbers.size == 0
