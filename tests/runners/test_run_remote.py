"""Parallel runs on a storage URL: each worker commits its runs, the runner only counts."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

import hpobench
import runners._driver
import runners._store
from runners import Budget, ComponentSpec, iter_runs, make_plan, run_plan
from runners._remote import _sigint_deferred, execute_and_commit, worker_url

PLAN = make_plan(
    "remote",
    ["Branin", "Hartmann6"],
    [ComponentSpec("random"), ComponentSpec("tpe"), ComponentSpec("grid")],  # grid fails
    repeats=2,
    budget=Budget(trials=6),
    seed=7,
)


def _no_commit_here(store, result) -> bool:
    raise AssertionError("the runner process committed a run: the workers should have")


def test_workers_commit_every_run_and_the_counts_match(
    sqlite_url, stored_trials, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(runners._driver, "commit_run", _no_commit_here)
    monkeypatch.setattr(runners._store, "commit_run", _no_commit_here)
    summary = run_plan(PLAN, sqlite_url, n_jobs=2)
    stored = list(iter_runs(sqlite_url, "remote", include_incomplete=True))
    assert len(stored) == len(PLAN) == 12
    assert summary.done == sum(run.status == "done" for run in stored) == 8
    assert summary.failed == sum(run.status == "failed" for run in stored) == 4
    assert all("grid sampler needs finitely many values" in r for _, r in summary.failures)
    assert sorted(key for key, _ in summary.failures) == sorted(
        run.run_key for run in stored if run.status == "failed"
    )
    monkeypatch.undo()
    serial_url = f"sqlite:///{tmp_path / 'serial.db'}"
    run_plan(PLAN, serial_url)
    assert stored_trials(sqlite_url, "remote") == stored_trials(serial_url, "remote")
    again = run_plan(PLAN, sqlite_url, n_jobs=2)  # resume: nothing left to do
    assert (again.done, again.already_done, again.already_failed) == (0, 8, 4)


def test_a_run_committed_by_another_runner_is_not_counted(sqlite_url) -> None:
    spec = PLAN.runs[0]
    assert execute_and_commit(spec, sqlite_url, "a").committed is True
    outcome = execute_and_commit(spec, sqlite_url, "b")  # reopened for a new token
    assert (outcome.run_key, outcome.status, outcome.committed) == (spec.run_key, "done", False)
    assert len(list(iter_runs(sqlite_url, "remote"))) == 1


def test_which_storages_the_workers_commit_to(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    local = {"backend": "local", "scheduler": None}
    assert worker_url("sqlite:///r.db", n_jobs=2, **local) == f"sqlite:///{tmp_path}/r.db"
    assert worker_url("runs.log", n_jobs=-1, **local) == str(tmp_path / "runs.log")
    assert worker_url("sqlite:///r.db", n_jobs=1, **local) is None  # serial: the committer
    assert worker_url(hpobench.storages.InMemoryStorage(), n_jobs=2, **local) is None
    assert worker_url("sqlite://", n_jobs=2, **local) is None  # one database per process
    remote = {"backend": "dask", "n_jobs": 2, "scheduler": "tcp://head:8786"}
    assert worker_url("sqlite:////data/r.db", **remote) is None  # not the workers' file
    assert worker_url("redis://db:6379", **remote) == "redis://db:6379"
    assert worker_url("sqlite:////data/r.db", backend="dask", n_jobs=2, scheduler=None)


def test_sigint_during_a_commit_is_raised_after_it() -> None:
    finished = []
    with pytest.raises(KeyboardInterrupt), _sigint_deferred():
        os.kill(os.getpid(), signal.SIGINT)
        finished.append(True)  # reached: the interrupt waited
    assert finished == [True]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
