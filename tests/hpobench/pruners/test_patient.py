"""PatientPruner: a gate that opens once the trial has stopped improving."""

from __future__ import annotations

import math

import pytest
from pruner_histories import running, study_with

from hpobench.pruners import BasePruner, HyperbandPruner, MedianPruner, PatientPruner
from hpobench.pruners._filter import filter_study


class Always(BasePruner):
    def __init__(self, answer):
        self.answer = answer
        self.calls = 0

    def prune(self, study, trial):
        self.calls += 1
        return self.answer


@pytest.mark.parametrize(
    ("values", "patience", "min_delta", "stalled"),
    [
        ([1.0, 0.9, 0.8], 1, 0.0, False),  # still improving
        ([1.0, 0.9, 0.95, 0.97], 1, 0.0, True),  # last 2 no better than 0.9
        ([1.0, 0.9, 0.95, 0.89], 1, 0.0, False),
        ([1.0, 0.9, 0.95, 0.89], 1, 0.05, True),  # 0.01 is not more than min_delta
        ([1.0, 1.0], 0, 0.0, True),  # equal is no improvement
        ([1.0, 2.0], 2, 0.0, False),  # fewer reports than patience + 2: too early
        ([1.0, math.nan, math.nan], 1, 0.0, True),  # only NaN in the window
        ([math.nan, 1.0, 2.0], 1, 0.0, False),  # nothing finite before the window
    ],
)
def test_stall_detection_minimize(values, patience, min_delta, stalled):
    study = study_with(PatientPruner(None, patience, min_delta))
    trial = running(study, dict(enumerate(values)))
    assert trial.should_prune() is stalled


def test_maximize():
    study = study_with(PatientPruner(None, patience=1), direction="maximize")
    assert not running(study, dict(enumerate([1.0, 2.0, 1.5, 2.5]))).should_prune()
    assert running(study, dict(enumerate([1.0, 2.0, 1.5, 1.9]))).should_prune()


def test_the_wrapped_pruner_decides_once_stalled():
    yes, no = Always(True), Always(False)
    study = study_with(PatientPruner(no, patience=0))
    assert not running(study, {0: 1.0, 1: 2.0}).should_prune()
    assert no.calls == 1
    study = study_with(PatientPruner(yes, patience=0))
    assert not running(study, {0: 2.0, 1: 1.0}).should_prune()  # improving: not asked
    assert yes.calls == 0
    assert running(study, {0: 1.0, 1: 2.0}).should_prune()


def test_with_median():
    histories = [{s: float(v) for s in range(4)} for v in range(1, 6)]
    study = study_with(PatientPruner(MedianPruner(), patience=1), histories)
    assert not running(study, {0: 9.0, 1: 8.0}).should_prune()  # worse, but improving
    assert running(study, {0: 9.0, 1: 8.0, 2: 8.5, 3: 8.2}).should_prune()


def test_a_wrapped_hyperband_still_gives_the_sampler_its_bracket():
    study = study_with(PatientPruner(HyperbandPruner(1, 9), patience=1))
    trial = study.ask()
    view = filter_study(study, study._storage.get_trial(trial._trial_id))
    assert view is not study
    assert filter_study(study_with(PatientPruner(None, 1)), trial) is not None


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((object(), 1), TypeError, "wrapped_pruner must be a BasePruner or None"),
        ((None, -1), ValueError, "patience must be an int >= 0"),
        ((None, 1, -0.1), ValueError, "min_delta must be a number >= 0.0"),
        ((None, 1, math.nan), ValueError, "min_delta must be a number"),
    ],
)
def test_invalid_arguments(args, error, match):
    with pytest.raises(error, match=match):
        PatientPruner(*args)
