"""Heartbeats: dead workers' trials become FAIL, for optimize and for ask/tell."""

from __future__ import annotations

import time

import pytest

import hpobench
from hpobench.storages import RDBStorage, RetryFailedTrialCallback, fail_stale_trials
from hpobench.trial import TrialState


@pytest.fixture(autouse=True)
def quiet():
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)


def _storage(url: str, **kwargs) -> RDBStorage:
    return RDBStorage(url, heartbeat_interval=0.05, grace_period=0.2, **kwargs)


def _abandon_a_trial(url: str) -> int:
    """Ask a trial on a storage without heartbeats running, as a dead worker leaves it."""
    study = hpobench.create_study(storage=_storage(url), study_name="hb", load_if_exists=True)
    trial = study.ask()
    trial.suggest_float("x", 0, 1)
    trial.report(0.5, 0)
    study._stop_heartbeat(trial._trial_id)  # the worker "dies": no more beats
    return trial.number


def test_running_trial_with_fresh_heartbeat_is_not_stale(rdb_url):
    study = hpobench.create_study(storage=_storage(rdb_url))
    trial = study.ask()
    time.sleep(0.3)
    assert study._storage._get_stale_trial_ids(study._study_id) == []
    study.tell(trial, 1.0)


def test_dead_workers_trial_fails_at_the_next_ask(rdb_url):
    number = _abandon_a_trial(rdb_url)
    time.sleep(0.3)
    study = hpobench.load_study(study_name="hb", storage=_storage(rdb_url))
    study.tell(study.ask(), 1.0)
    assert study.trials[number].state == TrialState.FAIL


def test_fail_stale_trials_in_optimize_runs_the_callback_and_retries(rdb_url):
    number = _abandon_a_trial(rdb_url)
    time.sleep(0.3)
    seen = []

    def callback(study, trial):
        seen.append(trial.number)
        RetryFailedTrialCallback(inherit_intermediate_values=True)(study, trial)

    study = hpobench.load_study(
        study_name="hb", storage=_storage(rdb_url, failed_trial_callback=callback)
    )
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    assert seen == [number]
    retry = study.trials[number + 1]
    assert retry.state == TrialState.COMPLETE
    assert retry.params == study.trials[number].params
    assert retry.intermediate_values == {0: 0.5}
    assert RetryFailedTrialCallback.retried_trial_number(retry) == number
    assert RetryFailedTrialCallback.retry_history(retry) == [number]


def test_max_retry_stops_retrying(tmp_path):
    url = f"sqlite:///{tmp_path / 'retry.db'}"
    storage = _storage(url, failed_trial_callback=RetryFailedTrialCallback(max_retry=1))
    study = hpobench.create_study(storage=storage, study_name="hb")
    for _ in range(2):  # the first attempt and its one retry
        trial = study.ask()
        trial.suggest_float("x", 0, 1)
        study._stop_heartbeat(trial._trial_id)
        time.sleep(0.3)
        fail_stale_trials(study)
    assert [t.state for t in study.trials] == [TrialState.FAIL, TrialState.FAIL]
    assert RetryFailedTrialCallback.retry_history(study.trials[1]) == [0]


def test_stale_trial_is_failed_once_by_two_workers(tmp_path):
    url = f"sqlite:///{tmp_path / 'race.db'}"
    calls = []
    number = _abandon_a_trial(url)
    time.sleep(0.3)
    one = hpobench.load_study(
        study_name="hb",
        storage=_storage(url, failed_trial_callback=lambda s, t: calls.append(t.number)),
    )
    two = hpobench.load_study(
        study_name="hb",
        storage=_storage(url, failed_trial_callback=lambda s, t: calls.append(t.number)),
    )
    assert fail_stale_trials(one) == [number]
    assert fail_stale_trials(two) == []
    assert calls == [number]


def test_without_heartbeats_nothing_is_failed(tmp_path):
    url = f"sqlite:///{tmp_path / 'off.db'}"
    study = hpobench.create_study(storage=url)
    trial = study.ask()
    assert fail_stale_trials(study) == []
    assert study.trials[0].state == TrialState.RUNNING
    study.tell(trial, 1.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"heartbeat_interval": 0}, ValueError, "heartbeat_interval must be None or a number"),
        ({"heartbeat_interval": -1}, ValueError, "heartbeat_interval"),
        ({"grace_period": 1}, ValueError, "grace_period needs heartbeat_interval"),
        ({"heartbeat_interval": 1, "grace_period": 0}, ValueError, "grace_period must be"),
        (
            {"heartbeat_interval": 1, "failed_trial_callback": 3},
            TypeError,
            "failed_trial_callback",
        ),
    ],
)
def test_bad_heartbeat_settings(kwargs, error, match):
    with pytest.raises(error, match=match):
        RDBStorage("sqlite://", **kwargs)


def test_bad_max_retry():
    with pytest.raises(ValueError, match="max_retry must be None or an int >= 0"):
        RetryFailedTrialCallback(max_retry=-1)
