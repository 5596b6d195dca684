from __future__ import annotations

import math
import threading
import time

import pytest

import hpobench
from hpobench.study import MaxTrialsCallback
from hpobench.trial import TrialState


@pytest.fixture(autouse=True)
def quiet():
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)
    yield
    hpobench.logging.set_verbosity(hpobench.logging.INFO)


def quadratic(trial):
    x = trial.suggest_float("x", -10, 10)
    return (x - 2) ** 2


def test_n_trials_runs_exactly_that_many():
    study = hpobench.create_study()
    study.optimize(quadratic, n_trials=7)
    assert [t.number for t in study.trials] == list(range(7))
    assert all(t.state == TrialState.COMPLETE for t in study.trials)


def test_threads_give_each_number_once():
    study = hpobench.create_study()
    study.optimize(quadratic, n_trials=200, n_jobs=4)
    assert sorted(t.number for t in study.trials) == list(range(200))
    assert len({t._trial_id for t in study.trials}) == 200


def test_n_jobs_minus_one_uses_the_cpus():
    study = hpobench.create_study()
    study.optimize(quadratic, n_trials=10, n_jobs=-1)
    assert len(study.trials) == 10


def test_threads_really_overlap():
    barrier = threading.Barrier(2, timeout=5)

    def objective(trial):
        barrier.wait()
        return quadratic(trial)

    study = hpobench.create_study()
    study.optimize(objective, n_trials=2, n_jobs=2)
    assert len(study.trials) == 2


def test_timeout_stops_starting_trials():
    def slow(trial):
        time.sleep(0.05)
        return quadratic(trial)

    study = hpobench.create_study()
    start = time.perf_counter()
    study.optimize(slow, timeout=0.3)
    assert time.perf_counter() - start < 2.0
    assert 2 <= len(study.trials) <= 10


def test_exception_marks_fail_and_propagates():
    def objective(trial):
        trial.suggest_float("x", 0, 1)
        raise ValueError("bad objective")

    study = hpobench.create_study()
    with pytest.raises(ValueError, match="bad objective"):
        study.optimize(objective, n_trials=3)
    assert [t.state for t in study.trials] == [TrialState.FAIL]


def test_caught_exception_marks_fail_and_continues():
    def objective(trial):
        raise ValueError("bad")

    study = hpobench.create_study()
    study.optimize(objective, n_trials=3, catch=(ValueError,))
    assert [t.state for t in study.trials] == [TrialState.FAIL] * 3
    study.optimize(objective, n_trials=1, catch=ValueError)
    assert len(study.trials) == 4


def test_exception_in_a_thread_propagates_after_the_others_stop():
    def objective(trial):
        if trial.number == 5:
            raise RuntimeError("thread failure")
        return 0.0

    study = hpobench.create_study()
    with pytest.raises(RuntimeError, match="thread failure"):
        study.optimize(objective, n_trials=100, n_jobs=3)
    assert all(t.state.is_finished() for t in study.trials)
    assert len(study.trials) < 100


@pytest.mark.parametrize("bad", [math.nan, None, "abc", [1.0, 2.0], object()])
def test_unusable_values_fail_the_trial_without_stopping(bad):
    study = hpobench.create_study()
    study.optimize(lambda t: bad, n_trials=2)
    assert [t.state for t in study.trials] == [TrialState.FAIL] * 2
    assert all(t.values is None for t in study.trials)


def test_numpy_and_int_values_are_accepted():
    import numpy as np

    study = hpobench.create_study()
    study.optimize(lambda t: np.float32(1.5) if t.number else 3, n_trials=2)
    assert [t.value for t in study.trials] == [3.0, 1.5]


def test_infinite_values_complete():
    study = hpobench.create_study()
    study.optimize(lambda t: math.inf, n_trials=1)
    assert study.trials[0].state == TrialState.COMPLETE
    assert study.best_value == math.inf


def test_trial_pruned_marks_pruned_with_last_value():
    def objective(trial):
        trial.report(0.5, 0)
        trial.report(0.25, 3)
        raise hpobench.TrialPruned()

    study = hpobench.create_study()
    study.optimize(objective, n_trials=2)
    assert [t.state for t in study.trials] == [TrialState.PRUNED] * 2
    assert study.trials[0].value == 0.25
    assert study.trials[0].intermediate_values == {0: 0.5, 3: 0.25}


def test_keyboard_interrupt_fails_the_trial_and_propagates():
    def objective(trial):
        trial.suggest_float("x", 0, 1)
        if trial.number == 2:
            raise KeyboardInterrupt
        return 1.0

    study = hpobench.create_study()
    with pytest.raises(KeyboardInterrupt):
        study.optimize(objective)
    assert [t.state for t in study.trials] == [TrialState.COMPLETE] * 2 + [TrialState.FAIL]


def test_callbacks_get_copies_and_can_stop():
    seen = []

    def callback(study, trial):
        seen.append(trial.number)
        trial.params["x"] = "changed"
        if trial.number == 4:
            study.stop()

    study = hpobench.create_study()
    study.optimize(quadratic, n_trials=100, callbacks=[callback])
    assert seen == [0, 1, 2, 3, 4]
    assert isinstance(study.trials[0].params["x"], float)


def test_stop_in_objective_without_limits():
    def objective(trial):
        if trial.number == 9:
            trial.study.stop()
        return quadratic(trial)

    study = hpobench.create_study()
    study.optimize(objective)
    assert len(study.trials) == 10


def test_stop_outside_optimize_raises():
    study = hpobench.create_study()
    with pytest.raises(RuntimeError, match="study.stop"):
        study.stop()


def test_stopped_study_can_optimize_again():
    study = hpobench.create_study()
    study.optimize(quadratic, n_trials=5, callbacks=[lambda s, t: s.stop()])
    study.optimize(quadratic, n_trials=3)
    assert len(study.trials) == 4


def test_max_trials_callback_counts_states():
    study = hpobench.create_study()
    study.optimize(
        lambda t: math.nan if t.number % 2 else 1.0,
        n_trials=50,
        callbacks=[MaxTrialsCallback(3, states=(TrialState.COMPLETE,))],
    )
    assert sum(t.state == TrialState.COMPLETE for t in study.trials) == 3
    with pytest.raises(ValueError, match="n_trials"):
        MaxTrialsCallback(-1)


def test_nested_optimize_raises():
    study = hpobench.create_study()

    def objective(trial):
        study.optimize(quadratic, n_trials=1)
        return 0.0

    with pytest.raises(RuntimeError, match="inside an objective"):
        study.optimize(objective, n_trials=1)


def test_gc_after_trial_and_progress_bar(capsys):
    study = hpobench.create_study()
    study.optimize(quadratic, n_trials=5, gc_after_trial=True, show_progress_bar=True)
    assert "Best trial" in capsys.readouterr().err


def test_progress_bar_by_time(capsys):
    study = hpobench.create_study()
    study.optimize(quadratic, timeout=0.2, show_progress_bar=True)
    assert "s [" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_trials": -1}, ValueError, "n_trials must be None or an int >= 0; got -1"),
        ({"n_trials": 1.5}, ValueError, "n_trials"),
        ({"timeout": 0}, ValueError, "timeout must be None or a number of seconds > 0"),
        ({"timeout": "1"}, ValueError, "timeout"),
        ({"n_jobs": 0}, ValueError, "n_jobs must be a non-zero int"),
        ({"catch": "ValueError"}, TypeError, "catch"),
        ({"catch": (int,)}, TypeError, "catch must hold exception classes"),
        ({"callbacks": [1]}, TypeError, "callbacks must be callables"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    study = hpobench.create_study()
    with pytest.raises(error, match=match):
        study.optimize(quadratic, **kwargs)
    assert study.trials == []


def test_objective_must_be_callable():
    with pytest.raises(TypeError, match="func must be a callable"):
        hpobench.create_study().optimize(42, n_trials=1)
