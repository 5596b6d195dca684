from __future__ import annotations

import datetime
import math

import numpy as np
import pytest

import hpobench
from hpobench.distributions import FloatDistribution
from hpobench.exceptions import HpobenchDeprecationWarning
from hpobench.samplers import RandomSampler
from hpobench.trial import TrialState


@pytest.fixture(autouse=True)
def quiet():
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)


@pytest.fixture
def trial():
    return hpobench.create_study(sampler=RandomSampler(seed=0)).ask()


def test_suggest_kinds_and_types(trial):
    assert isinstance(trial.suggest_float("f", 0, 1), float)
    assert trial.suggest_float("fs", 0, 1, step=0.25) in (0, 0.25, 0.5, 0.75, 1.0)
    assert 1e-3 <= trial.suggest_float("fl", 1e-3, 1, log=True) <= 1
    i = trial.suggest_int("i", -3, 3)
    assert isinstance(i, int) and -3 <= i <= 3
    assert trial.suggest_int("is", 0, 10, step=5) in (0, 5, 10)
    assert 1 <= trial.suggest_int("il", 1, 64, log=True) <= 64
    assert trial.suggest_categorical("c", [None, True, "x", 2.5]) in (None, True, "x", 2.5)
    assert set(trial.params) == {"f", "fs", "fl", "i", "is", "il", "c"}
    assert trial.distributions["fl"] == FloatDistribution(1e-3, 1, log=True)


def test_numpy_bounds_are_accepted(trial):
    assert 0 <= trial.suggest_int("n", np.int64(0), np.int64(4)) <= 4
    assert 0 <= trial.suggest_float("x", np.float32(0), np.float64(1)) <= 1


def test_legacy_suggest_methods_warn_and_work(trial):
    with pytest.warns(HpobenchDeprecationWarning, match="suggest_float"):
        assert -1 <= trial.suggest_uniform("u", -1, 1) <= 1
    with pytest.warns(HpobenchDeprecationWarning):
        assert 1e-3 <= trial.suggest_loguniform("l", 1e-3, 1) <= 1
    with pytest.warns(HpobenchDeprecationWarning):
        assert trial.suggest_discrete_uniform("d", 0, 1, 0.5) in (0, 0.5, 1)
    assert trial.distributions["l"].log


def test_same_name_returns_the_first_value(trial):
    first = trial.suggest_float("x", 0, 1)
    assert trial.suggest_float("x", 0, 1) == first
    assert trial.suggest_float("x", 0, 10) == first  # a compatible range change keeps the value


def test_same_name_with_an_incompatible_distribution_raises(trial):
    trial.suggest_float("x", 0, 1)
    with pytest.raises(ValueError, match="distribution kind"):
        trial.suggest_categorical("x", ["a"])
    with pytest.raises(ValueError, match="log"):
        trial.suggest_float("x", 0.1, 1, log=True)


def test_invalid_distribution_arguments_name_the_argument(trial):
    with pytest.raises(ValueError, match="low"):
        trial.suggest_float("x", 2, 1)
    with pytest.raises(ValueError, match="log"):
        trial.suggest_float("y", 0, 1, log=True)
    with pytest.raises(ValueError, match="choices"):
        trial.suggest_categorical("z", [])
    assert trial.params == {}


def test_report_keeps_the_first_value_per_step(trial):
    trial.report(1.0, 0)
    trial.report(np.float32(0.5), 1)
    with pytest.warns(UserWarning, match="step 1 is ignored"):
        trial.report(0.25, 1)
    assert trial.study.trials[0].intermediate_values == {0: 1.0, 1: 0.5}


@pytest.mark.parametrize(
    ("value", "step", "error", "match"),
    [
        ("abc", 0, TypeError, "value must be a float"),
        (None, 0, TypeError, "value must be a float"),
        (1.0, -1, ValueError, "step must be an int >= 0; got -1"),
        (1.0, 1.5, TypeError, "step must be an int >= 0; got 1.5"),
        (1.0, True, TypeError, "step"),
    ],
)
def test_report_bad_arguments(trial, value, step, error, match):
    with pytest.raises(error, match=match):
        trial.report(value, step)


def test_report_accepts_nan_and_numpy_steps(trial):
    trial.report(math.nan, np.int64(3))
    assert math.isnan(trial.study.trials[0].intermediate_values[3])


def test_should_prune_asks_the_pruner():
    class EveryOther(hpobench.pruners.BasePruner):
        def prune(self, study, trial):
            return trial.last_step % 2 == 1

    study = hpobench.create_study(pruner=EveryOther())
    trial = study.ask()
    trial.report(1.0, 0)
    assert not trial.should_prune()
    trial.report(1.0, 1)
    assert trial.should_prune()


def test_multi_objective_report_keeps_every_objective():
    trial = hpobench.create_study(directions=["minimize", "maximize"]).ask()
    trial.report([1.0, 2.0], 0)
    assert trial.system_attrs["intermediate_values:0"] == [1.0, 2.0]
    with pytest.raises(ValueError, match=r"one per objective \(2\); got 3 values"):
        trial.report([1.0, 2.0, 3.0], 1)
    assert trial.should_prune() is False


def test_attrs_and_properties(trial):
    trial.set_user_attr("k", {"nested": [1, 2]})
    trial.set_system_attr("s", 1)
    assert trial.user_attrs == {"k": {"nested": [1, 2]}}
    assert trial.system_attrs["s"] == 1
    assert trial.number == 0
    assert isinstance(trial.datetime_start, datetime.datetime)
    assert trial.relative_params == {}
    stored = trial.study.trials[0]
    assert stored.user_attrs == {"k": {"nested": [1, 2]}}


def test_user_attr_values_are_copied_into_the_storage(trial):
    value = {"a": [1]}
    trial.set_user_attr("k", value)
    value["a"].append(2)
    assert trial.study.trials[0].user_attrs == {"k": {"a": [1]}}


def test_set_constraint(trial):
    trial.set_constraint("b", 2.0)
    trial.set_constraint("a", -1.0)
    assert trial.constraints == [-1.0, 2.0]
    with pytest.raises(ValueError, match="already set"):
        trial.set_constraint("a", 0.0)
    with pytest.raises(ValueError, match="NaN"):
        trial.set_constraint("c", math.nan)
    with pytest.raises(TypeError, match="must be a float"):
        trial.set_constraint("d", "1")


def test_writes_after_the_trial_finished_raise(trial):
    trial.study.tell(trial, 1.0)
    with pytest.raises(hpobench.exceptions.UpdateFinishedTrialError):
        trial.suggest_float("late", 0, 1)
    with pytest.raises(hpobench.exceptions.UpdateFinishedTrialError):
        trial.set_user_attr("late", 1)
    assert trial.study.trials[0].state == TrialState.COMPLETE


def test_relative_sampling_is_used_when_the_value_fits():
    class Relative(hpobench.samplers.RandomSampler):
        def infer_relative_search_space(self, study, trial):
            return {"x": FloatDistribution(0, 1)}

        def sample_relative(self, study, trial, search_space):
            return {"x": 0.125}

    study = hpobench.create_study(sampler=Relative(seed=0))
    trial = study.ask()
    assert trial.suggest_float("x", 0, 1) == 0.125
    assert trial.relative_params == {"x": 0.125}
    other = study.ask()
    assert other.suggest_float("x", 0.5, 1) != 0.125  # outside the new range: independent


def test_relative_param_outside_the_relative_space_raises():
    class Broken(hpobench.samplers.RandomSampler):
        def infer_relative_search_space(self, study, trial):
            return {}

        def sample_relative(self, study, trial, search_space):
            return {"x": 0.5}

    trial = hpobench.create_study(sampler=Broken()).ask()
    with pytest.raises(ValueError, match="not in the search space"):
        trial.suggest_float("x", 0, 1)
