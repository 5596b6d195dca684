"""Optuna 2.x documentation examples, run with ``import hpobench as optuna``.

Each test runs one example of Optuna's documentation (tutorial, user attributes,
user-defined sampler, FAQ; seed document 002) or of the blog posts using Optuna (seed
documents 003 and 004) and asserts the outcome the documentation states. Examples that
need pieces not built yet (TPE, CMA-ES, MedianPruner, RDB storage, visualization, CLI,
integrations) are left out.
"""

from __future__ import annotations

import gc
import logging
import math
import pickle
import subprocess
import sys
import time
from typing import Any

import joblib
import numpy as np
import pytest

import hpobench as optuna
from hpobench.trial import FixedTrial, TrialState

# The 2.x names (suggest_uniform, UniformDistribution, ...) are deprecated in hpobench as in
# Optuna 3; the documentation under test uses them on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::hpobench.exceptions.HpobenchDeprecationWarning")


def quadratic(trial: Any) -> float:
    """The tutorial's first objective."""
    x = trial.suggest_uniform("x", -10, 10)
    return (x - 2) ** 2


def _seeded_study(seed: int = 0, **kwargs: Any) -> optuna.Study:
    return optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=seed), **kwargs)


@pytest.fixture
def propagated_logs():
    """Let hpobench's log records reach pytest's ``caplog``; restore everything afterwards."""
    verbosity = optuna.logging.get_verbosity()
    optuna.logging.enable_propagation()
    try:
        yield
    finally:
        optuna.logging.disable_propagation()
        optuna.logging.set_verbosity(verbosity)


def _hpobench_records(caplog: pytest.LogCaptureFixture, level: int) -> list[logging.LogRecord]:
    # Only the study's own records: a background thread of another test may log too.
    return [
        r for r in caplog.records if r.name.startswith("hpobench.study") and r.levelno == level
    ]


# --------------------------------------------------------------------------- first optimization


def test_first_optimization_finds_x_near_2():
    study = _seeded_study()
    study.optimize(quadratic, n_trials=100)

    assert set(study.best_params) == {"x"}
    assert isinstance(study.best_params["x"], float)
    assert abs(study.best_params["x"] - 2) < 0.5
    assert study.best_value == pytest.approx((study.best_params["x"] - 2) ** 2)


def test_first_optimization_best_value_is_the_minimum_of_all_trials():
    study = _seeded_study(1)
    study.optimize(quadratic, n_trials=100)

    values = [t.value for t in study.trials]
    assert study.best_value == min(values)
    assert study.best_trial.number == values.index(min(values))


def test_first_optimization_best_trial_is_a_complete_frozen_trial():
    study = _seeded_study(2)
    study.optimize(quadratic, n_trials=100)
    best = study.best_trial

    assert isinstance(best, optuna.trial.FrozenTrial)
    assert best.state == TrialState.COMPLETE
    assert best.value == study.best_value
    assert best.params == study.best_params
    dist = best.distributions["x"]
    assert isinstance(dist, optuna.distributions.UniformDistribution)
    assert (dist.low, dist.high) == (-10, 10)
    assert best.user_attrs == {}
    assert best.intermediate_values == {}
    assert best.datetime_start <= best.datetime_complete


def test_first_optimization_trials_are_numbered_and_complete():
    study = _seeded_study(3)
    study.optimize(quadratic, n_trials=100)
    trials = study.trials

    assert len(trials) == 100
    assert [t.number for t in trials] == list(range(100))
    assert all(t.state == TrialState.COMPLETE for t in trials)
    for t in trials:
        assert -10 <= t.params["x"] <= 10
        assert t.value == pytest.approx((t.params["x"] - 2) ** 2)


def test_first_optimization_optimize_again_continues_the_study():
    study = _seeded_study(4)
    study.optimize(quadratic, n_trials=100)
    first_hundred = [t.params for t in study.trials]

    study.optimize(quadratic, n_trials=100)

    assert len(study.trials) == 200
    assert [t.params for t in study.trials[:100]] == first_hundred
    assert [t.number for t in study.trials] == list(range(200))


def test_create_study_minimizes_by_default_and_maximize_is_accepted():
    assert optuna.create_study().direction == optuna.StudyDirection.MINIMIZE

    # Blog post (004): ``optuna.create_study(direction='maximize')``.
    study = _seeded_study(5, direction="maximize")
    study.optimize(lambda trial: -quadratic(trial), n_trials=30)

    assert study.direction == optuna.StudyDirection.MAXIMIZE
    assert study.best_value == max(t.value for t in study.trials)


def test_optimize_stops_at_timeout_without_n_trials():
    def slow_objective(trial):
        time.sleep(0.01)
        return quadratic(trial)

    study = optuna.create_study()
    start = time.perf_counter()
    study.optimize(slow_objective, timeout=0.1)

    assert time.perf_counter() - start < 1.0
    assert len(study.trials) >= 2
    assert all(t.state == TrialState.COMPLETE for t in study.trials)


# --------------------------------------------------------------------------- parameter kinds


def _on_grid(value: float, low: float, step: float) -> bool:
    k = round((value - low) / step)
    return math.isclose(value, low + k * step, abs_tol=1e-9)


def test_five_parameter_kinds_with_2x_suggest_names():
    seen: list[dict[str, Any]] = []

    def objective(trial):
        # Categorical parameter
        optimizer = trial.suggest_categorical("optimizer", ["MomentumSGD", "Adam"])
        # Int parameter
        num_layers = trial.suggest_int("num_layers", 1, 3)
        # Uniform parameter
        dropout_rate = trial.suggest_uniform("dropout_rate", 0.0, 1.0)
        # Loguniform parameter
        learning_rate = trial.suggest_loguniform("learning_rate", 1e-5, 1e-2)
        # Discrete-uniform parameter
        drop_path_rate = trial.suggest_discrete_uniform("drop_path_rate", 0.0, 1.0, 0.1)
        seen.append(
            {
                "optimizer": optimizer,
                "num_layers": num_layers,
                "dropout_rate": dropout_rate,
                "learning_rate": learning_rate,
                "drop_path_rate": drop_path_rate,
            }
        )
        return 0.0

    study = _seeded_study(6)
    study.optimize(objective, n_trials=50)

    assert [t.params for t in study.trials] == seen
    for p in seen:
        assert p["optimizer"] in ("MomentumSGD", "Adam")
        assert isinstance(p["num_layers"], int)
        assert 1 <= p["num_layers"] <= 3
        assert 0.0 <= p["dropout_rate"] <= 1.0
        assert 1e-5 <= p["learning_rate"] <= 1e-2
        assert 0.0 <= p["drop_path_rate"] <= 1.0
        assert _on_grid(p["drop_path_rate"], 0.0, 0.1)
    assert {p["optimizer"] for p in seen} == {"MomentumSGD", "Adam"}
    assert {p["num_layers"] for p in seen} == {1, 2, 3}


def test_five_parameter_kinds_have_the_2x_distribution_classes():
    def objective(trial):
        trial.suggest_categorical("optimizer", ["MomentumSGD", "Adam"])
        trial.suggest_int("num_layers", 1, 3)
        trial.suggest_uniform("dropout_rate", 0.0, 1.0)
        trial.suggest_loguniform("learning_rate", 1e-5, 1e-2)
        trial.suggest_discrete_uniform("drop_path_rate", 0.0, 1.0, 0.1)
        return 0.0

    study = _seeded_study(7)
    study.optimize(objective, n_trials=1)
    dists = study.trials[0].distributions
    d = optuna.distributions

    assert isinstance(dists["optimizer"], d.CategoricalDistribution)
    assert dists["optimizer"].choices == ("MomentumSGD", "Adam")
    assert isinstance(dists["num_layers"], d.IntUniformDistribution)
    assert isinstance(dists["dropout_rate"], d.UniformDistribution)
    assert isinstance(dists["learning_rate"], d.LogUniformDistribution)
    assert not isinstance(dists["learning_rate"], d.UniformDistribution)
    assert isinstance(dists["drop_path_rate"], d.DiscreteUniformDistribution)
    assert dists["drop_path_rate"].step == pytest.approx(0.1)


def test_discrete_uniform_distribution_of_a_trial_has_q():
    study = _seeded_study(7)
    study.optimize(lambda t: t.suggest_discrete_uniform("q", 0.0, 1.0, 0.1), n_trials=1)
    dist = study.trials[0].distributions["q"]

    assert isinstance(dist, optuna.distributions.DiscreteUniformDistribution)
    assert dist.q == pytest.approx(0.1)


def test_five_parameter_kinds_with_suggest_float_log_and_step():
    def objective(trial):
        trial.suggest_categorical("optimizer", ["MomentumSGD", "Adam"])
        trial.suggest_int("num_layers", 1, 3)
        trial.suggest_float("dropout_rate", 0.0, 1.0)
        trial.suggest_float("learning_rate", 1e-5, 1e-2, log=True)
        trial.suggest_float("drop_path_rate", 0.0, 1.0, step=0.1)
        return 0.0

    study = _seeded_study(8)
    study.optimize(objective, n_trials=50)

    for t in study.trials:
        p = t.params
        assert 1 <= p["num_layers"] <= 3
        assert 0.0 <= p["dropout_rate"] <= 1.0
        assert 1e-5 <= p["learning_rate"] <= 1e-2
        assert _on_grid(p["drop_path_rate"], 0.0, 0.1)
    dists = study.trials[0].distributions
    assert dists["learning_rate"] == optuna.distributions.FloatDistribution(1e-5, 1e-2, log=True)
    assert dists["drop_path_rate"] == optuna.distributions.FloatDistribution(0.0, 1.0, step=0.1)


def test_loguniform_spreads_evenly_over_the_decades():
    # On [1e-5, 1e-2] a log-uniform draw falls below 1e-4 a third of the time
    # (a uniform one less than 1% of the time).
    study = _seeded_study(9)
    study.optimize(lambda t: t.suggest_float("lr", 1e-5, 1e-2, log=True), n_trials=300)

    lrs = [t.params["lr"] for t in study.trials]
    share_first_decade = sum(lr < 1e-4 for lr in lrs) / len(lrs)
    assert 0.2 < share_first_decade < 0.45


def test_discrete_uniform_reaches_both_ends_of_the_grid():
    study = _seeded_study(10)
    study.optimize(lambda t: t.suggest_discrete_uniform("q", 0.0, 1.0, 0.1), n_trials=200)

    values = {round(t.params["q"], 9) for t in study.trials}
    assert values == {round(0.1 * k, 9) for k in range(11)}


# --------------------------------------------------------------------------- branches and loops


def test_branches_only_the_taken_branch_params_exist():
    def objective(trial):
        classifier_name = trial.suggest_categorical("classifier", ["SVC", "RandomForest"])
        if classifier_name == "SVC":
            svc_c = trial.suggest_loguniform("svc_c", 1e-10, 1e10)
            classifier_obj = ("SVC", svc_c)
        else:
            rf_max_depth = int(trial.suggest_loguniform("rf_max_depth", 2, 32))
            classifier_obj = ("RandomForest", rf_max_depth)
        return float(len(classifier_obj[0]))

    study = _seeded_study(11)
    study.optimize(objective, n_trials=30)

    taken = set()
    for t in study.trials:
        taken.add(t.params["classifier"])
        if t.params["classifier"] == "SVC":
            assert set(t.params) == {"classifier", "svc_c"}
            assert 1e-10 <= t.params["svc_c"] <= 1e10
        else:
            assert set(t.params) == {"classifier", "rf_max_depth"}
            assert 2 <= t.params["rf_max_depth"] <= 32
        assert set(t.distributions) == set(t.params)
    assert taken == {"SVC", "RandomForest"}
    # Only the parameter both branches share is in every trial's search space.
    assert list(optuna.samplers.intersection_search_space(study)) == ["classifier"]


def test_loops_suggest_one_n_units_per_layer():
    def create_model(trial):
        n_layers = trial.suggest_int("n_layers", 1, 3)
        layers = []
        for i in range(n_layers):
            n_units = int(trial.suggest_loguniform(f"n_units_l{i}", 4, 128))
            layers.append(n_units)
        layers.append(10)
        return layers

    def objective(trial):
        return float(sum(create_model(trial)))

    study = _seeded_study(12)
    study.optimize(objective, n_trials=30)

    depths = set()
    for t in study.trials:
        n_layers = t.params["n_layers"]
        depths.add(n_layers)
        assert set(t.params) == {"n_layers"} | {f"n_units_l{i}" for i in range(n_layers)}
        units = [int(t.params[f"n_units_l{i}"]) for i in range(n_layers)]
        assert all(4 <= u <= 128 for u in units)
        assert t.value == float(sum(units) + 10)
    assert depths == {1, 2, 3}


# --------------------------------------------------------------------------- user attributes


def test_study_user_attrs():
    study = optuna.create_study()
    study.set_user_attr("contributors", ["Akiba", "Sano"])
    study.set_user_attr("dataset", "MNIST")

    assert study.user_attrs == {"contributors": ["Akiba", "Sano"], "dataset": "MNIST"}


def test_study_user_attrs_are_in_the_study_summary():
    storage = optuna.storages.InMemoryStorage()
    study = optuna.create_study(storage=storage)
    study.set_user_attr("contributors", ["Akiba", "Sano"])
    study.set_user_attr("dataset", "MNIST")

    study_summaries = optuna.get_all_study_summaries(storage)

    assert len(study_summaries) == 1
    assert study_summaries[0].user_attrs == {
        "contributors": ["Akiba", "Sano"],
        "dataset": "MNIST",
    }


def test_trial_user_attrs_from_the_iris_svc_example():
    import sklearn.datasets
    import sklearn.model_selection
    import sklearn.svm

    def objective(trial):
        iris = sklearn.datasets.load_iris()
        x, y = iris.data, iris.target

        svc_c = trial.suggest_loguniform("svc_c", 1e-10, 1e10)
        clf = sklearn.svm.SVC(C=svc_c)
        accuracy = sklearn.model_selection.cross_val_score(clf, x, y).mean()

        trial.set_user_attr("accuracy", accuracy)

        return 1.0 - accuracy  # return error for minimization

    study = _seeded_study(13)
    study.set_user_attr("dataset", "iris")
    study.optimize(objective, n_trials=1)

    trial = study.trials[0]
    assert set(trial.user_attrs) == {"accuracy"}
    assert 0.0 <= trial.user_attrs["accuracy"] <= 1.0
    assert trial.value == pytest.approx(1.0 - trial.user_attrs["accuracy"])
    # The attribute is annotated to the trial, not to the study.
    assert study.user_attrs == {"dataset": "iris"}


def test_trial_user_attrs_are_kept_per_trial():
    def objective(trial):
        x = trial.suggest_float("x", -10, 10)
        trial.set_user_attr("double_x", 2 * x)
        trial.set_user_attr("number", trial.number)
        return x

    study = _seeded_study(14)
    study.optimize(objective, n_trials=5)

    for i, t in enumerate(study.trials):
        assert t.user_attrs == {"double_x": 2 * t.params["x"], "number": i}


# --------------------------------------------------------------------------- FixedTrial (FAQ)


def _xy_objective(trial):
    x = trial.suggest_uniform("x", -1.0, 1.0)
    y = trial.suggest_int("y", -5, 5)
    return x + y


def test_fixed_trial_documented_values():
    assert _xy_objective(FixedTrial({"x": 1.0, "y": -1})) == 0.0
    assert _xy_objective(FixedTrial({"x": -1.0, "y": -4})) == -5.0


# A test function of pytest (the FAQ's own unit test; comparisons un-Yoda'd for ruff).
def test_objective():
    assert _xy_objective(FixedTrial({"x": 1.0, "y": 0})) == 1.0
    assert _xy_objective(FixedTrial({"x": 0.0, "y": -1})) == -1.0
    assert _xy_objective(FixedTrial({"x": -1.0, "y": 1})) == 0.0


def test_fixed_trial_records_params_and_user_attrs():
    trial = FixedTrial({"x": 0.5, "y": 2})
    _xy_objective(trial)
    trial.set_user_attr("note", "fixed")

    assert trial.params == {"x": 0.5, "y": 2}
    assert trial.user_attrs == {"note": "fixed"}


def test_fixed_trial_missing_parameter_raises_value_error_naming_it():
    with pytest.raises(ValueError, match="'y'"):
        _xy_objective(FixedTrial({"x": 1.0}))


def test_fixed_trial_is_exported_from_optuna_trial():
    assert optuna.trial.FixedTrial is FixedTrial


# --------------------------------------------------------------------------- FAQ: own arguments


def test_callable_class_objective_with_own_arguments():
    class Objective:
        def __init__(self, min_x, max_x):
            # Hold this implementation specific arguments as the fields of the class.
            self.min_x = min_x
            self.max_x = max_x

        def __call__(self, trial):
            # Calculate an objective value by using the extra arguments.
            x = trial.suggest_uniform("x", self.min_x, self.max_x)
            return (x - 2) ** 2

    # Execute an optimization by using an `Objective` instance.
    study = _seeded_study(15)
    study.optimize(Objective(-100, 100), n_trials=100)

    assert len(study.trials) == 100
    assert all(-100 <= t.params["x"] <= 100 for t in study.trials)
    dist = study.trials[0].distributions["x"]
    assert (dist.low, dist.high) == (-100, 100)


def test_lambda_objective_with_own_arguments():
    # Objective function that takes three arguments.
    def objective(trial, min_x, max_x):
        x = trial.suggest_uniform("x", min_x, max_x)
        return (x - 2) ** 2

    # Extra arguments.
    min_x = -100
    max_x = 100

    # Execute an optimization by using the above objective function wrapped by `lambda`.
    study = _seeded_study(16)
    study.optimize(lambda trial: objective(trial, min_x, max_x), n_trials=100)

    assert len(study.trials) == 100
    assert all(-100 <= t.params["x"] <= 100 for t in study.trials)


# --------------------------------------------------------------------------- FAQ: reproducibility


def test_seeded_random_sampler_reproduces_the_parameters():
    def run(seed):
        sampler = optuna.samplers.RandomSampler(seed=seed)
        study = optuna.create_study(sampler=sampler)
        study.optimize(quadratic, n_trials=20)
        return [t.params for t in study.trials]

    assert run(10) == run(10)
    assert run(10) != run(11)


# --------------------------------------------------------------------------- FAQ: saving models


def test_save_models_by_trial_number_and_reload_the_best(tmp_path, monkeypatch):
    import sklearn.datasets
    import sklearn.model_selection
    import sklearn.svm
    from sklearn.metrics import accuracy_score

    monkeypatch.chdir(tmp_path)
    iris = sklearn.datasets.load_iris()
    X_train, X_valid, y_train, y_valid = sklearn.model_selection.train_test_split(
        iris.data, iris.target, random_state=0
    )

    def objective(trial):
        svc_c = trial.suggest_loguniform("svc_c", 1e-10, 1e10)
        clf = sklearn.svm.SVC(C=svc_c)
        clf.fit(X_train, y_train)

        # Save a trained model to a file.
        with open(f"{trial.number}.pickle", "wb") as fout:
            pickle.dump(clf, fout)
        return 1.0 - accuracy_score(y_valid, clf.predict(X_valid))

    study = _seeded_study(17)
    study.optimize(objective, n_trials=10)

    # Load the best model.
    with open(f"{study.best_trial.number}.pickle", "rb") as fin:
        best_clf = pickle.load(fin)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{i}.pickle" for i in range(10))
    assert best_clf.get_params()["C"] == study.best_params["svc_c"]
    assert accuracy_score(y_valid, best_clf.predict(X_valid)) == pytest.approx(
        1.0 - study.best_value
    )


# --------------------------------------------------------------------------- FAQ: exceptions


def _raising_objective(trial):
    trial.suggest_uniform("x", -10, 10)
    raise ValueError("A sample error in objective.")


def test_exception_without_catch_propagates_and_the_trial_is_failed():
    study = optuna.create_study()

    with pytest.raises(ValueError, match=r"A sample error in objective\."):
        study.optimize(_raising_objective, n_trials=3)

    assert len(study.trials) == 1
    trial = study.trials[0]
    assert trial.state == TrialState.FAIL
    assert trial.value is None
    assert "x" in trial.params


def test_exception_with_catch_continues_and_all_trials_fail():
    study = optuna.create_study()
    study.optimize(_raising_objective, n_trials=3, catch=(ValueError,))

    assert len(study.trials) == 3
    assert all(t.state == TrialState.FAIL for t in study.trials)
    assert all(t.value is None for t in study.trials)
    with pytest.raises(ValueError):
        study.best_trial  # noqa: B018  (no COMPLETE trial: no best trial)


def test_exception_with_catch_is_logged_as_a_warning(caplog, propagated_logs):
    optuna.logging.set_verbosity(optuna.logging.INFO)
    study = optuna.create_study()
    with caplog.at_level(logging.WARNING, logger="hpobench"):
        study.optimize(_raising_objective, n_trials=2, catch=(ValueError,))

    warnings_ = _hpobench_records(caplog, logging.WARNING)
    assert len(warnings_) == 2
    for number, record in enumerate(warnings_):
        message = record.getMessage()
        assert f"Trial {number} " in message
        assert "ValueError('A sample error in objective.')" in message


def test_exception_not_in_catch_still_propagates():
    def objective(trial):
        trial.suggest_uniform("x", -10, 10)
        raise TypeError("not caught")

    study = optuna.create_study()
    with pytest.raises(TypeError, match="not caught"):
        study.optimize(objective, n_trials=3, catch=(ValueError,))

    assert [t.state for t in study.trials] == [TrialState.FAIL]


def test_caught_failures_leave_complete_trials_usable():
    def objective(trial):
        x = trial.suggest_uniform("x", -10, 10)
        if trial.number % 2 == 0:
            raise ValueError("A test error in objective.")
        return (x - 2) ** 2

    study = _seeded_study(18)
    study.optimize(objective, n_trials=6, catch=(ValueError,))

    states = [t.state for t in study.trials]
    assert states == [TrialState.FAIL, TrialState.COMPLETE] * 3
    assert study.best_trial.number in (1, 3, 5)
    df = study.trials_dataframe(attrs=("number", "value", "state"))
    assert df["state"].tolist() == ["FAIL", "COMPLETE"] * 3
    assert df["value"].isna().tolist() == [True, False] * 3


def test_blog_catch_name_error_from_an_objective():
    # Blog post (004): ``catch=(NameError,)`` lets the study run an objective whose
    # every trial raises NameError.
    def objective(trial):
        params = {
            "learning_rate": trial.suggest_loguniform("learning_rate", 0.01, 0.5),
            "max_depth": trial.suggest_int("max_depth", 1, 30),
            "num_leaves": trial.suggest_int("num_leaves", 2, 100),
        }

        print(non_existent_variable)  # noqa: F821

        return float(len(params))

    study = optuna.create_study(direction="maximize")
    study.optimize(objective, n_trials=5, catch=(NameError,))

    assert len(study.trials) == 5
    assert all(t.state == TrialState.FAIL for t in study.trials)
    assert all(set(t.params) == {"learning_rate", "max_depth", "num_leaves"} for t in study.trials)


def test_trial_pruned_is_not_propagated():
    def objective(trial):
        trial.suggest_uniform("x", -10, 10)
        raise optuna.TrialPruned()

    study = optuna.create_study()
    study.optimize(objective, n_trials=3)

    assert [t.state for t in study.trials] == [TrialState.PRUNED] * 3


# --------------------------------------------------------------------------- FAQ: NaN


def test_nan_objective_fails_the_trial_but_not_the_study():
    def objective(trial):
        x = trial.suggest_uniform("x", -10, 10)
        if trial.number == 2:
            return float("nan")
        return (x - 2) ** 2

    study = _seeded_study(19)
    study.optimize(objective, n_trials=5)

    assert len(study.trials) == 5
    states = [t.state for t in study.trials]
    assert states == [TrialState.COMPLETE] * 2 + [TrialState.FAIL] + [TrialState.COMPLETE] * 2
    assert study.trials[2].value is None
    assert study.best_trial.number != 2
    assert not math.isnan(study.best_value)


def test_nan_only_objective_never_yields_a_best_trial():
    study = optuna.create_study()
    study.optimize(lambda trial: float("nan"), n_trials=3)

    assert [t.state for t in study.trials] == [TrialState.FAIL] * 3
    with pytest.raises(ValueError):
        study.best_value  # noqa: B018


def test_nan_trial_is_logged_as_a_warning(caplog, propagated_logs):
    optuna.logging.set_verbosity(optuna.logging.INFO)

    def objective(trial):
        trial.suggest_uniform("x", -10, 10)
        return float("nan")

    study = optuna.create_study()
    with caplog.at_level(logging.WARNING, logger="hpobench"):
        study.optimize(objective, n_trials=1)

    warnings_ = _hpobench_records(caplog, logging.WARNING)
    assert len(warnings_) == 1
    message = warnings_[0].getMessage()
    assert "Trial 0 " in message
    assert "nan" in message.lower()


# --------------------------------------------------------------------------- callbacks


def test_callback_receives_study_and_frozen_trial_after_each_trial():
    # Blog post (004): ``def neptune_monitor(study, trial)`` logs trial.value and trial.params.
    received = []

    def monitor(study, trial):
        received.append(
            (study, trial.number, trial.value, trial.params, trial.state, len(study.trials))
        )

    study = _seeded_study(20)
    study.optimize(quadratic, n_trials=5, callbacks=[monitor])

    assert len(received) == 5
    for i, (cb_study, number, value, params, state, n_trials_seen) in enumerate(received):
        assert cb_study is study
        assert number == i
        assert state == TrialState.COMPLETE
        assert value == study.trials[i].value
        assert params == study.trials[i].params
        # The callback runs after the trial is stored.
        assert n_trials_seen == i + 1


def test_callback_gets_a_frozen_trial_also_for_failed_trials():
    states = []
    study = optuna.create_study()
    study.optimize(
        _raising_objective,
        n_trials=2,
        catch=(ValueError,),
        callbacks=[lambda study, trial: states.append(trial.state)],
    )

    assert states == [TrialState.FAIL, TrialState.FAIL]


def test_callbacks_run_in_order():
    calls = []
    study = optuna.create_study()
    study.optimize(
        quadratic,
        n_trials=2,
        callbacks=[
            lambda study, trial: calls.append(("first", trial.number)),
            lambda study, trial: calls.append(("second", trial.number)),
        ],
    )

    assert calls == [("first", 0), ("second", 0), ("first", 1), ("second", 1)]


def test_callback_stops_the_study_when_a_condition_is_met():
    def stop_when_good_enough(study, trial):
        if trial.value is not None and trial.value < 1.0:
            study.stop()

    study = _seeded_study(21)
    # Neither n_trials nor timeout: only study.stop() ends the optimization.
    study.optimize(quadratic, callbacks=[stop_when_good_enough])

    values = [t.value for t in study.trials]
    assert values[-1] < 1.0
    assert all(v >= 1.0 for v in values[:-1])


def test_callback_stops_the_study_after_a_number_of_trials():
    def stop_after_three(study, trial):
        if trial.number == 2:
            study.stop()

    study = optuna.create_study()
    study.optimize(quadratic, n_trials=100, callbacks=[stop_after_three])
    assert len(study.trials) == 3

    # A stopped study can be optimized again.
    study.optimize(quadratic, n_trials=2)
    assert len(study.trials) == 5


# --------------------------------------------------------------------------- FAQ: gc_after_trial


def test_gc_after_trial_runs_the_documented_example():
    # The FAQ runs 10 trials each; gc.collect() is slow in a big test process, so 3.
    study = optuna.create_study()
    study.optimize(_xy_objective, n_trials=3, gc_after_trial=True)
    assert len(study.trials) == 3

    # `gc_after_trial=True` is more or less identical to the following.
    study.optimize(_xy_objective, n_trials=3, callbacks=[lambda study, trial: gc.collect()])
    assert len(study.trials) == 6
    assert all(t.state == TrialState.COMPLETE for t in study.trials)


@pytest.fixture
def gc_calls(monkeypatch):
    calls = []
    real_collect = gc.collect

    def counting_collect(*args, **kwargs):
        calls.append(1)
        return real_collect(*args, **kwargs)

    monkeypatch.setattr(gc, "collect", counting_collect)
    return calls


def test_gc_after_trial_collects_once_per_trial(gc_calls):
    study = optuna.create_study()
    study.optimize(_xy_objective, n_trials=4, gc_after_trial=True)
    assert len(gc_calls) == 4


def test_gc_after_trial_is_off_by_default(gc_calls):
    study = optuna.create_study()
    study.optimize(_xy_objective, n_trials=10)
    assert gc_calls == []


def test_gc_after_trial_collects_after_pruned_and_caught_failures(gc_calls):
    def objective(trial):
        trial.suggest_uniform("x", -1.0, 1.0)
        if trial.number == 0:
            raise optuna.TrialPruned()
        raise ValueError("caught")

    study = optuna.create_study()
    study.optimize(objective, n_trials=3, gc_after_trial=True, catch=(ValueError,))

    assert [t.state for t in study.trials] == [TrialState.PRUNED] + [TrialState.FAIL] * 2
    assert len(gc_calls) == 3


def test_gc_after_trial_collects_even_when_the_error_propagates(gc_calls):
    study = optuna.create_study()
    with pytest.raises(ValueError):
        study.optimize(_raising_objective, n_trials=3, gc_after_trial=True)
    assert len(gc_calls) == 1


# --------------------------------------------------------------------------- FAQ: save / resume


def _print_best_trial(study):
    """The FAQ's resume snippet, verbatim."""
    print("Best trial until now:")
    print(" Value: ", study.best_trial.value)
    print(" Params: ")
    for key, value in study.best_trial.params.items():
        print(f"    {key}: {value}")


def test_joblib_dump_and_load_resumes_the_study(tmp_path, capsys):
    path = tmp_path / "study.pkl"
    study = _seeded_study(22)
    study.optimize(quadratic, n_trials=20)
    joblib.dump(study, path)

    # And to resume the study:
    study = joblib.load(path)
    _print_best_trial(study)
    out = capsys.readouterr().out

    assert len(study.trials) == 20
    best = study.best_trial
    assert out.splitlines() == [
        "Best trial until now:",
        f" Value:  {best.value}",
        " Params: ",
        f"    x: {best.params['x']}",
    ]

    study.optimize(quadratic, n_trials=10)
    assert len(study.trials) == 30
    assert [t.number for t in study.trials] == list(range(30))
    assert study.best_value <= best.value


def test_pickled_study_keeps_trials_attrs_and_best_trial(tmp_path):
    study = _seeded_study(23)
    study.set_user_attr("dataset", "MNIST")
    study.optimize(quadratic, n_trials=20)

    path = tmp_path / "study.pickle"
    with open(path, "wb") as f:
        pickle.dump(study, f)
    with open(path, "rb") as f:
        restored = pickle.load(f)

    assert restored.study_name == study.study_name
    assert restored.user_attrs == {"dataset": "MNIST"}
    assert [t.params for t in restored.trials] == [t.params for t in study.trials]
    assert [t.value for t in restored.trials] == [t.value for t in study.trials]
    assert restored.best_trial.number == study.best_trial.number

    restored.optimize(quadratic, n_trials=5)
    assert len(restored.trials) == 25
    # The unpickled study is independent of the original one.
    assert len(study.trials) == 20


def test_unpickled_seeded_study_continues_like_the_original(tmp_path):
    study = _seeded_study(24)
    study.optimize(quadratic, n_trials=10)
    joblib.dump(study, tmp_path / "study.pkl")

    study.optimize(quadratic, n_trials=5)
    restored = joblib.load(tmp_path / "study.pkl")
    restored.optimize(quadratic, n_trials=5)

    assert [t.params for t in restored.trials] == [t.params for t in study.trials]


# --------------------------------------------------------------------------- ask and tell


def test_ask_and_tell_loop():
    study = _seeded_study(25)
    for _ in range(20):
        trial = study.ask()
        value = quadratic(trial)
        study.tell(trial, value)

    assert len(study.trials) == 20
    assert all(t.state == TrialState.COMPLETE for t in study.trials)
    for t in study.trials:
        assert t.value == pytest.approx((t.params["x"] - 2) ** 2)
    assert study.best_value == min(t.value for t in study.trials)


def test_ask_and_tell_mixes_with_optimize():
    study = _seeded_study(26)
    study.optimize(quadratic, n_trials=3)
    trial = study.ask()
    assert trial.number == 3
    study.tell(trial, quadratic(trial))
    study.optimize(quadratic, n_trials=2)

    assert [t.number for t in study.trials] == [0, 1, 2, 3, 4, 5]
    assert all(t.state == TrialState.COMPLETE for t in study.trials)


def test_ask_with_fixed_distributions_suggests_them_at_once():
    study = _seeded_study(27)
    distributions = {
        "x": optuna.distributions.UniformDistribution(-10, 10),
        "optimizer": optuna.distributions.CategoricalDistribution(["MomentumSGD", "Adam"]),
    }
    trial = study.ask(distributions)

    assert set(trial.params) == {"x", "optimizer"}
    assert -10 <= trial.params["x"] <= 10
    assert trial.params["optimizer"] in ("MomentumSGD", "Adam")
    # Suggesting them again returns the same values.
    assert trial.suggest_uniform("x", -10, 10) == trial.params["x"]

    frozen = study.tell(trial, (trial.params["x"] - 2) ** 2)
    assert frozen.state == TrialState.COMPLETE
    assert study.trials[0].params == trial.params


def test_tell_by_trial_number_and_with_failed_state():
    study = optuna.create_study()
    first, second = study.ask(), study.ask()
    first.suggest_uniform("x", -10, 10)

    study.tell(second.number, state=TrialState.FAIL)
    study.tell(first.number, 1.5)

    assert [t.state for t in study.trials] == [TrialState.COMPLETE, TrialState.FAIL]
    assert study.best_value == 1.5


def test_tell_nan_marks_the_trial_failed():
    study = optuna.create_study()
    trial = study.ask()
    with pytest.warns(UserWarning):
        study.tell(trial, float("nan"))

    assert study.trials[0].state == TrialState.FAIL


# --------------------------------------------------------------------------- user-defined sampler


class SimulatedAnnealingSampler(optuna.samplers.BaseSampler):
    """The documentation's example, verbatim except for the seeds (``seed``)."""

    def __init__(self, temperature=100, seed=None):
        self._rng = np.random.RandomState(seed)
        self._seed = seed
        self._temperature = temperature  # Current temperature.
        self._current_trial = None  # Current state.

    def sample_relative(self, study, trial, search_space):
        if search_space == {}:
            return {}

        #
        # An implementation of SA algorithm.
        #

        # Calculate transition probability.
        prev_trial = study.trials[-2]
        if self._current_trial is None or prev_trial.value <= self._current_trial.value:
            probability = 1.0
        else:
            probability = np.exp(
                (self._current_trial.value - prev_trial.value) / self._temperature
            )
        self._temperature *= 0.9  # Decrease temperature.

        # Transit the current state if the previous result is accepted.
        if self._rng.uniform(0, 1) < probability:
            self._current_trial = prev_trial

        # Sample parameters from the neighborhood of the current point.
        #
        # The sampled parameters will be used during the next execution of
        # the objective function passed to the study.
        params = {}
        for param_name, param_distribution in search_space.items():
            if not isinstance(param_distribution, optuna.distributions.UniformDistribution):
                raise NotImplementedError("Only suggest_uniform() is supported")

            current_value = self._current_trial.params[param_name]
            width = (param_distribution.high - param_distribution.low) * 0.1
            neighbor_low = max(current_value - width, param_distribution.low)
            neighbor_high = min(current_value + width, param_distribution.high)
            params[param_name] = self._rng.uniform(neighbor_low, neighbor_high)

        return params

    #
    # The rest is boilerplate code and unrelated to SA algorithm.
    #
    def infer_relative_search_space(self, study, trial):
        return optuna.samplers.intersection_search_space(study)

    def sample_independent(self, study, trial, param_name, param_distribution):
        independent_sampler = optuna.samplers.RandomSampler(seed=self._seed)
        return independent_sampler.sample_independent(study, trial, param_name, param_distribution)


def _sa_objective(trial):
    x = trial.suggest_uniform("x", -10, 10)
    y = trial.suggest_uniform("y", -5, 5)
    return x**2 + y


def test_simulated_annealing_sampler_optimizes_like_a_builtin_sampler():
    sampler = SimulatedAnnealingSampler(seed=0)
    study = optuna.create_study(sampler=sampler)
    study.optimize(_sa_objective, n_trials=100)

    assert len(study.trials) == 100
    assert all(t.state == TrialState.COMPLETE for t in study.trials)
    for t in study.trials:
        assert -10 <= t.params["x"] <= 10
        assert -5 <= t.params["y"] <= 5
    # The walk moves down towards the minimum of x**2 + y (-5 at (0, -5)).
    assert study.best_value < 0.0
    assert study.best_value < study.trials[0].value
    assert study.best_value == min(t.value for t in study.trials)


def test_simulated_annealing_first_trial_is_independent_then_relative():
    sampler = SimulatedAnnealingSampler(seed=1)
    relative = []

    def objective(trial):
        value = _sa_objective(trial)
        relative.append(trial.relative_params)
        return value

    study = optuna.create_study(sampler=sampler)
    study.optimize(objective, n_trials=20)

    # No complete trial yet: empty search space, both parameters sampled independently.
    assert relative[0] == {}
    for t, rel in zip(study.trials[1:], relative[1:]):
        assert rel == t.params


def test_simulated_annealing_samples_from_the_neighbourhood_of_the_current_trial():
    sampler = SimulatedAnnealingSampler(seed=2)
    centres = []

    def objective(trial):
        value = _sa_objective(trial)
        current = sampler._current_trial
        centres.append(None if current is None else dict(current.params))
        return value

    study = optuna.create_study(sampler=sampler)
    study.optimize(objective, n_trials=50)

    assert centres[0] is None
    for t, centre in zip(study.trials[1:], centres[1:]):
        # width = (high - low) * 0.1: 2.0 for x in [-10, 10], 1.0 for y in [-5, 5].
        assert abs(t.params["x"] - centre["x"]) <= 2.0 + 1e-9
        assert abs(t.params["y"] - centre["y"]) <= 1.0 + 1e-9


def test_simulated_annealing_first_centre_is_the_first_trial():
    sampler = SimulatedAnnealingSampler(seed=3)
    study = optuna.create_study(sampler=sampler)
    study.optimize(_sa_objective, n_trials=2)

    # In trial 1 the previous trial (trial 0) is always accepted: probability 1.0.
    assert sampler._current_trial.number == 0
    assert sampler._current_trial.params == study.trials[0].params


def test_simulated_annealing_refuses_non_uniform_parameters():
    def objective(trial):
        return trial.suggest_loguniform("lr", 1e-5, 1e-1)

    study = optuna.create_study(sampler=SimulatedAnnealingSampler(seed=4))
    study.optimize(objective, n_trials=1)

    with pytest.raises(NotImplementedError, match=r"Only suggest_uniform\(\) is supported"):
        study.optimize(objective, n_trials=1)


def test_intersection_search_space_of_a_study():
    study = _seeded_study(28)
    assert optuna.samplers.intersection_search_space(study) == {}

    study.optimize(_sa_objective, n_trials=2)
    space = optuna.samplers.intersection_search_space(study)

    assert list(space) == ["x", "y"]
    assert isinstance(space["x"], optuna.distributions.UniformDistribution)
    assert (space["x"].low, space["x"].high) == (-10, 10)
    assert (space["y"].low, space["y"].high) == (-5, 5)


# --------------------------------------------------------------------------- logging (FAQ)


def test_default_info_line_for_each_finished_trial(caplog, propagated_logs):
    optuna.logging.set_verbosity(optuna.logging.INFO)
    study = _seeded_study(29)
    with caplog.at_level(logging.INFO, logger="hpobench"):
        study.optimize(quadratic, n_trials=5)

    lines = [
        r.getMessage()
        for r in _hpobench_records(caplog, logging.INFO)
        if "finished with value" in r.getMessage()
    ]
    assert len(lines) == 5
    best = None
    for t, line in zip(study.trials, lines):
        if best is None or t.value < best.value:
            best = t
        assert line == (
            f"Trial {t.number} finished with value: {t.value} and parameters: {t.params}. "
            f"Best is trial {best.number} with value: {best.value}."
        )


def test_default_verbosity_is_info():
    # In a fresh interpreter: other tests of this process may change the verbosity.
    code = "import hpobench as optuna; print(optuna.logging.get_verbosity())"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert int(out) == optuna.logging.INFO


def test_create_study_logs_the_new_study_name(caplog, propagated_logs):
    optuna.logging.set_verbosity(optuna.logging.INFO)
    with caplog.at_level(logging.INFO, logger="hpobench"):
        optuna.create_study(study_name="distributed-example")

    messages = [r.getMessage() for r in _hpobench_records(caplog, logging.INFO)]
    assert any(
        m.startswith("A new study created") and m.endswith("with name: distributed-example")
        for m in messages
    )


def test_set_verbosity_warning_silences_the_info_lines(caplog, propagated_logs):
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    assert optuna.logging.get_verbosity() == optuna.logging.WARNING

    with caplog.at_level(logging.DEBUG):
        study = optuna.create_study()
        study.optimize(quadratic, n_trials=5)

    assert len(study.trials) == 5
    assert _hpobench_records(caplog, logging.INFO) == []


def test_set_verbosity_warning_keeps_the_failure_warnings(caplog, propagated_logs):
    optuna.logging.set_verbosity(optuna.logging.WARNING)

    with caplog.at_level(logging.DEBUG):
        study = optuna.create_study()
        study.optimize(lambda trial: float("nan"), n_trials=2)

    assert _hpobench_records(caplog, logging.INFO) == []
    assert len(_hpobench_records(caplog, logging.WARNING)) == 2


def test_without_propagation_caplog_sees_nothing(caplog, propagated_logs):
    optuna.logging.set_verbosity(optuna.logging.INFO)
    optuna.logging.disable_propagation()
    study = optuna.create_study()
    study.optimize(quadratic, n_trials=2)

    assert [r for r in caplog.records if r.name.startswith("hpobench")] == []
