from __future__ import annotations

import math
import pickle

import pandas as pd
import pytest

import hpobench
from hpobench.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from hpobench.exceptions import UpdateFinishedTrialError
from hpobench.samplers import RandomSampler
from hpobench.trial import TrialState, create_trial


@pytest.fixture(autouse=True)
def quiet():
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)


def quadratic(trial):
    x = trial.suggest_float("x", -10, 10)
    return (x - 2) ** 2


def test_best_trial_value_params_minimize_and_maximize():
    for direction, pick in (("minimize", min), ("maximize", max)):
        study = hpobench.create_study(direction=direction, sampler=RandomSampler(seed=0))
        study.optimize(quadratic, n_trials=30)
        values = [t.value for t in study.trials]
        assert study.best_value == pick(values)
        assert study.best_trial.number == values.index(pick(values))
        assert study.best_params == study.trials[study.best_trial.number].params


def test_best_trial_errors():
    study = hpobench.create_study()
    with pytest.raises(ValueError, match="no COMPLETE trial|no feasible"):
        _ = study.best_trial
    study.optimize(lambda t: math.nan, n_trials=1)
    with pytest.raises(ValueError, match="best trial"):
        _ = study.best_value
    multi = hpobench.create_study(directions=["minimize", "minimize"])
    with pytest.raises(RuntimeError, match="best_trials"):
        _ = multi.best_trial


def test_best_trial_skips_infeasible_trials():
    def objective(trial):
        x = trial.suggest_float("x", -1, 1)
        trial.set_constraint("nonneg", -x)
        return x

    study = hpobench.create_study(sampler=RandomSampler(seed=1))
    study.optimize(objective, n_trials=30)
    assert study.best_value >= 0
    assert study.best_value == min(t.value for t in study.trials if t.value >= 0)


def test_best_trials_is_the_pareto_front():
    study = hpobench.create_study(directions=["minimize", "maximize"])
    for values in ([1, 1], [2, 2], [0, 0], [2, 1], [1, 1], [3, 0]):
        study.add_trial(create_trial(values=values))
    front = sorted(tuple(t.values) for t in study.best_trials)
    assert front == [(0.0, 0.0), (1.0, 1.0), (1.0, 1.0), (2.0, 2.0)]


def test_ask_tell_roundtrip_and_state_rules():
    study = hpobench.create_study()
    trial = study.ask()
    x = trial.suggest_float("x", 0, 1)
    frozen = study.tell(trial, x)
    assert frozen.state == TrialState.COMPLETE and frozen.value == x
    with pytest.raises(UpdateFinishedTrialError, match="already finished"):
        study.tell(trial, 1.0)
    assert study.tell(trial, 1.0, skip_if_finished=True).value == x
    assert study.tell(study.ask().number, state=TrialState.PRUNED).state == TrialState.PRUNED
    assert study.tell(study.ask(), state=TrialState.FAIL).state == TrialState.FAIL


def test_tell_bad_values_fail_with_warning_or_raise_when_complete_is_forced():
    study = hpobench.create_study()
    with pytest.warns(UserWarning, match="NaN"):
        assert study.tell(study.ask(), math.nan).state == TrialState.FAIL
    with pytest.warns(UserWarning, match="returned None"):
        assert study.tell(study.ask()).state == TrialState.FAIL
    with pytest.raises(ValueError, match="Cannot tell trial 2 COMPLETE"):
        study.tell(study.ask(), None, state=TrialState.COMPLETE)
    with pytest.raises(ValueError, match="values must be None when state is FAIL"):
        study.tell(study.ask(), 1.0, state=TrialState.FAIL)
    with pytest.raises(ValueError, match="state must be COMPLETE, PRUNED, FAIL"):
        study.tell(study.ask(), 1.0, state=TrialState.WAITING)


def test_tell_with_unknown_trial():
    study = hpobench.create_study()
    with pytest.raises(ValueError, match="has no trial number 5"):
        study.tell(5, 1.0)
    with pytest.raises(TypeError, match="trial must be a Trial or a trial number"):
        study.tell("0", 1.0)
    other = hpobench.create_study()
    with pytest.raises(ValueError, match="belongs to another study"):
        study.tell(other.ask(), 1.0)


def test_tell_multi_objective_arity():
    study = hpobench.create_study(directions=["minimize", "maximize"])
    assert study.tell(study.ask(), [1.0, 2.0]).values == [1.0, 2.0]
    with pytest.warns(UserWarning, match="returned 1 value"):
        assert study.tell(study.ask(), 1.0).state == TrialState.FAIL


def test_ask_with_fixed_distributions():
    study = hpobench.create_study()
    trial = study.ask({"x": FloatDistribution(0, 1), "c": CategoricalDistribution(["a", "b"])})
    assert set(trial.params) == {"x", "c"}
    assert trial.suggest_float("x", 0, 1) == trial.params["x"]
    with pytest.raises(TypeError, match="fixed_distributions must be a dict"):
        study.ask([FloatDistribution(0, 1)])


def test_enqueue_trial_order_user_attrs_and_skip_if_exists():
    study = hpobench.create_study()
    study.enqueue_trial({"x": 1.0}, user_attrs={"source": "prior"})
    study.enqueue_trial({"x": 2.0})
    study.enqueue_trial({"x": 1.0}, skip_if_exists=True)
    study.enqueue_trial({"x": math.nan, "n": 1})
    study.enqueue_trial({"x": math.nan, "n": 1}, skip_if_exists=True)
    assert len(study.trials) == 3
    study.optimize(lambda t: t.suggest_float("x", 0, 5) if t.number < 2 else 0.0, n_trials=2)
    assert [t.params["x"] for t in study.trials[:2]] == [1.0, 2.0]
    assert study.trials[0].user_attrs == {"source": "prior"}
    with pytest.raises(TypeError, match="params must be a dict"):
        study.enqueue_trial([("x", 1.0)])


def test_enqueued_value_outside_the_range_warns_and_is_used():
    study = hpobench.create_study()
    study.enqueue_trial({"x": 50.0})
    with pytest.warns(UserWarning, match="outside"):
        study.optimize(quadratic, n_trials=1)
    assert study.trials[0].params["x"] == 50.0


def test_add_trial_and_validation():
    study = hpobench.create_study()
    study.add_trials(
        [
            create_trial(
                params={"x": 0.5, "n": 3},
                distributions={"x": FloatDistribution(0, 1), "n": IntDistribution(0, 5)},
                value=0.25,
            ),
            create_trial(state=TrialState.FAIL),
        ]
    )
    assert [t.number for t in study.trials] == [0, 1]
    assert study.best_params == {"x": 0.5, "n": 3}
    with pytest.raises(ValueError, match="2 value"):
        study.add_trial(create_trial(values=[1.0, 2.0]))
    with pytest.raises(TypeError, match="trial must be a FrozenTrial"):
        study.add_trial({"value": 1.0})


def test_user_and_system_attrs():
    study = hpobench.create_study()
    study.set_user_attr("dataset", "mnist")
    study.set_system_attr("internal", [1, 2])
    assert study.user_attrs == {"dataset": "mnist"}
    assert study.system_attrs["internal"] == [1, 2]


def test_metric_names():
    study = hpobench.create_study(directions=["minimize", "maximize"])
    study.set_metric_names(["loss", "acc"])
    assert study.metric_names == ["loss", "acc"]
    with pytest.raises(ValueError, match="metric_names must be 2 strings"):
        study.set_metric_names(["loss"])


def test_trials_are_copies_and_get_trials_filters():
    study = hpobench.create_study()
    study.optimize(lambda t: math.nan if t.number == 1 else quadratic(t), n_trials=3)
    study.trials[0].params["x"] = "changed"
    assert isinstance(study.trials[0].params["x"], float)
    assert [t.number for t in study.get_trials(states=(TrialState.FAIL,))] == [1]


def test_pickled_study_resumes():
    study = hpobench.create_study(sampler=RandomSampler(seed=5))
    study.optimize(quadratic, n_trials=3)
    clone = pickle.loads(pickle.dumps(study))
    clone.optimize(quadratic, n_trials=2, n_jobs=2)
    assert [t.number for t in clone.trials] == [0, 1, 2, 3, 4]
    assert len(study.trials) == 3


class TestTrialsDataframe:
    def test_single_objective_columns(self):
        study = hpobench.create_study()
        study.set_user_attr("ignored", 1)

        def objective(trial):
            trial.set_user_attr("tag", "t")
            return trial.suggest_int("n", 0, 3) + trial.suggest_float("a", 0, 1)

        study.optimize(objective, n_trials=3)
        df = study.trials_dataframe()
        assert list(df.columns) == [
            "number",
            "value",
            "datetime_start",
            "datetime_complete",
            "duration",
            "params_a",
            "params_n",
            "user_attrs_tag",
            "state",
        ]
        assert df["state"].tolist() == ["COMPLETE"] * 3
        assert df["value"].tolist() == [t.value for t in study.trials]
        assert pd.api.types.is_timedelta64_dtype(df["duration"])

    def test_multi_objective_and_multi_index(self):
        study = hpobench.create_study(directions=["minimize", "maximize"])
        study.optimize(lambda t: (t.suggest_float("x", 0, 1), 1.0), n_trials=2)
        study.optimize(lambda t: math.nan, n_trials=1)
        df = study.trials_dataframe(attrs=("number", "value", "params", "state"))
        assert list(df.columns) == ["number", "values_0", "values_1", "params_x", "state"]
        assert df["values_1"].isna().tolist() == [False, False, True]
        study.set_metric_names(["loss", "acc"])
        mi = study.trials_dataframe(attrs=("number", "value", "params"), multi_index=True)
        assert list(mi.columns) == [
            ("number", ""),
            ("values", "loss"),
            ("values", "acc"),
            ("params", "x"),
        ]

    def test_empty_study_and_bad_attrs(self):
        study = hpobench.create_study()
        assert len(study.trials_dataframe()) == 0
        with pytest.raises(ValueError, match="Unknown attrs \\['paramz'\\]"):
            study.trials_dataframe(attrs=("paramz",))

    def test_system_attrs_and_intermediate_values(self):
        study = hpobench.create_study()
        study.enqueue_trial({"x": 1.0})

        def objective(trial):
            trial.report(0.5, 2)
            return quadratic(trial)

        study.optimize(objective, n_trials=1)
        df = study.trials_dataframe(attrs=("number", "system_attrs", "intermediate_values"))
        assert df["system_attrs_fixed_params"][0] == {"x": 1.0}
        assert df["intermediate_values_2"][0] == 0.5


def test_pruned_multi_objective_trial_keeps_its_last_complete_report():
    def objective(trial):
        trial.report([0.5, 2.0], 0)
        if trial.number == 1:
            trial.report(0.7, 1)  # a scalarised report is not objective values
        raise hpobench.TrialPruned()

    study = hpobench.create_study(directions=["minimize", "maximize"])
    study.optimize(objective, n_trials=2)
    assert study.trials[0].values == [0.5, 2.0]
    assert study.trials[1].values is None
    frame = study.trials_dataframe(attrs=("number", "value", "state"))
    assert frame["values_1"].tolist()[0] == 2.0
