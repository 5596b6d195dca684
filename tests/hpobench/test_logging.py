from __future__ import annotations

import logging as std_logging

import pytest

import hpobench
from hpobench.samplers import RandomSampler


@pytest.fixture
def propagate():
    hpobench.logging.set_verbosity(hpobench.logging.INFO)
    hpobench.logging.enable_propagation()
    yield
    hpobench.logging.disable_propagation()


def test_completed_trial_line(caplog, propagate):
    with caplog.at_level(std_logging.INFO, logger="hpobench"):
        study = hpobench.create_study(sampler=RandomSampler(seed=0))
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0] == f"A new study created in memory with name: {study.study_name}"
    best = study.best_trial
    assert lines[2] == (
        f"Trial 1 finished with value: {study.trials[1].value} and parameters: "
        f"{study.trials[1].params}. Best is trial {best.number} with value: {best.value}."
    )


def test_pruned_failed_and_multi_objective_lines(caplog, propagate):
    def objective(trial):
        if trial.number == 0:
            raise hpobench.TrialPruned()
        if trial.number == 1:
            raise ValueError("boom")
        return float("nan")

    study = hpobench.create_study()
    with caplog.at_level(std_logging.INFO, logger="hpobench"):
        study.optimize(objective, n_trials=3, catch=(ValueError,))
        multi = hpobench.create_study(directions=["minimize", "minimize"])
        multi.optimize(lambda t: (1.0, 2.0), n_trials=1)
    messages = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert ("INFO", "Trial 0 pruned.") in messages
    assert any(
        level == "WARNING" and "Trial 1 failed with parameters: {}" in msg and "boom" in msg
        for level, msg in messages
    )
    assert any("Trial 2 failed with value nan" in msg for _, msg in messages)
    assert ("INFO", "Trial 0 finished with values: [1.0, 2.0] and parameters: {}.") in messages


def test_verbosity_silences_info(caplog, propagate):
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    assert hpobench.logging.get_verbosity() == hpobench.logging.WARNING
    with caplog.at_level(std_logging.INFO):
        hpobench.create_study().optimize(lambda t: 1.0, n_trials=2)
    assert caplog.records == []


def test_default_handler_writes_to_stderr(capsys):
    hpobench.logging.set_verbosity(hpobench.logging.INFO)
    hpobench.create_study().optimize(lambda t: 1.0, n_trials=1)
    assert "Trial 0 finished with value: 1.0" in capsys.readouterr().err
    hpobench.logging.disable_default_handler()
    try:
        hpobench.create_study().optimize(lambda t: 1.0, n_trials=1)
        assert capsys.readouterr().err == ""
    finally:
        hpobench.logging.enable_default_handler()


def test_bad_verbosity():
    with pytest.raises(TypeError, match="verbosity must be a logging level"):
        hpobench.logging.set_verbosity("INFO")


def test_get_logger_nests_names():
    assert hpobench.logging.get_logger("mine").name == "hpobench.mine"
    assert hpobench.logging.get_logger("hpobench.x").name == "hpobench.x"
