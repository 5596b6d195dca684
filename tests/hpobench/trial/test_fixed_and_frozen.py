from __future__ import annotations

import copy
import datetime
import math
import pickle

import pytest

import hpobench
from hpobench.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from hpobench.trial import FixedTrial, FrozenTrial, TrialState, create_trial


def objective(trial):
    x = trial.suggest_float("x", -1.0, 1.0)
    y = trial.suggest_int("y", -5, 5)
    c = trial.suggest_categorical("c", ["a", "b"])
    trial.report(x, 0)
    if trial.should_prune():
        raise hpobench.TrialPruned()
    return x + y + (c == "b")


def test_fixed_trial_runs_an_objective():
    trial = FixedTrial({"x": 1.0, "y": -1, "c": "b"}, number=7)
    assert objective(trial) == 1.0
    assert trial.params == {"x": 1.0, "y": -1, "c": "b"}
    assert trial.number == 7
    assert isinstance(trial.distributions["y"], IntDistribution)


def test_fixed_trial_missing_parameter_names_it():
    with pytest.raises(ValueError, match="'c' is not in the FixedTrial's params"):
        objective(FixedTrial({"x": 1.0, "y": -1}))


def test_fixed_trial_out_of_range_warns_and_bad_choice_raises():
    with pytest.warns(UserWarning, match="outside"):
        assert FixedTrial({"x": 3.0}).suggest_float("x", 0, 1) == 3.0
    with pytest.raises(ValueError, match="not in choices"):
        FixedTrial({"c": "z"}).suggest_categorical("c", ["a", "b"])


def test_fixed_trial_attrs():
    trial = FixedTrial({})
    trial.set_user_attr("u", 1)
    trial.set_system_attr("s", 2)
    trial.set_constraint("k", 0.5)
    assert trial.user_attrs == {"u": 1}
    assert trial.system_attrs == {"s": 2, "constraints:k": 0.5}
    assert isinstance(trial.datetime_start, datetime.datetime)
    with pytest.raises(TypeError, match="params must be a dict"):
        FixedTrial([("x", 1)])


def _frozen(**overrides):
    fields = dict(
        number=0,
        state=TrialState.COMPLETE,
        value=0.5,
        datetime_start=datetime.datetime(2026, 1, 1, 0, 0, 0),
        datetime_complete=datetime.datetime(2026, 1, 1, 0, 0, 2),
        params={"x": 0.5},
        distributions={"x": FloatDistribution(0, 1)},
        user_attrs={"u": [1]},
        system_attrs={},
        intermediate_values={0: 1.0, 4: 0.7},
        trial_id=0,
    )
    fields.update(overrides)
    return FrozenTrial(**fields)


def test_frozen_trial_derived_fields():
    trial = _frozen()
    assert trial.duration == datetime.timedelta(seconds=2)
    assert trial.last_step == 4
    assert trial.value == 0.5 and trial.values == [0.5]
    assert trial.constraints is None
    assert _frozen(intermediate_values={}).last_step is None
    assert _frozen(datetime_complete=None, state=TrialState.RUNNING, value=None).duration is None


def test_frozen_trial_multi_objective_value_raises():
    trial = _frozen(value=None, values=[1.0, 2.0])
    with pytest.raises(RuntimeError, match="values"):
        _ = trial.value
    with pytest.raises(ValueError, match="either value or values"):
        _frozen(values=[1.0])


def test_frozen_trial_copies_equality_pickle_and_ordering():
    trial = _frozen()
    clone = copy.deepcopy(trial)
    assert clone == trial
    clone.user_attrs["u"].append(2)
    assert trial.user_attrs == {"u": [1]}
    assert pickle.loads(pickle.dumps(trial)) == trial
    assert _frozen(number=0) < _frozen(number=1)
    assert "FrozenTrial(number=0" in repr(trial)


@pytest.mark.parametrize(
    ("overrides", "match"),
    [
        ({"value": None}, "COMPLETE trial needs value"),
        ({"value": math.nan}, "must not be NaN"),
        ({"datetime_start": None}, "datetime_start must be set"),
        ({"datetime_complete": None}, "datetime_complete must be set"),
        ({"params": {"x": 2.0}}, "outside"),
        ({"params": {"y": 0.5}}, "same keys"),
        ({"params": {"x": "a"}}, "does not fit"),
    ],
)
def test_frozen_trial_validation(overrides, match):
    with pytest.raises(ValueError, match=match):
        _frozen(**overrides)._validate()


def test_create_trial_states_and_constraints():
    waiting = create_trial(state=TrialState.WAITING, params={}, distributions={})
    assert waiting.datetime_start is None and waiting.datetime_complete is None
    done = create_trial(
        params={"c": "a"},
        distributions={"c": CategoricalDistribution(["a", "b"])},
        value=1.0,
        constraints={"k": 1.0},
    )
    assert done.constraints == [1.0]
    assert done.datetime_complete is not None
    with pytest.raises(ValueError, match="RUNNING"):
        create_trial(state=TrialState.RUNNING)
    with pytest.raises(ValueError, match="NaN"):
        create_trial(value=1.0, constraints={"k": math.nan})


def test_trial_state():
    assert [s.is_finished() for s in TrialState] == [False, True, True, True, False]
    assert repr(TrialState.PRUNED) == "TrialState.PRUNED"
