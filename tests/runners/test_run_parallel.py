"""Serial, local-process (loky) and Dask runs of one plan store identical results."""

from __future__ import annotations

import pytest

import hpobench
import runners._driver
from runners import Budget, ComponentSpec, iter_runs, make_plan, run_plan
from runners._driver import RunnerError

PLAN = make_plan(
    "par",
    ["Branin", "Hartmann6"],
    [ComponentSpec("random"), ComponentSpec("tpe"), ComponentSpec("cmaes")],
    repeats=2,
    budget=Budget(trials=10),
    seed=3,
)


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('serial') / 's.db'}"
    assert run_plan(PLAN, url).done == len(PLAN) == 12
    return url


def test_local_processes_give_the_serial_results(serial, stored_trials, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    assert run_plan(PLAN, url, n_jobs=2).done == 12
    expected = stored_trials(serial, "par")
    assert len(expected) == 12
    assert stored_trials(url, "par") == expected  # same params and values, bit for bit


def _no_commit_here(store, result) -> bool:
    raise AssertionError("the runner process committed a run: the Dask workers should have")


def test_dask_local_cluster_gives_the_serial_results(
    serial, stored_trials, tmp_path, monkeypatch
) -> None:
    pytest.importorskip("dask.distributed", reason="the dask backend needs dask[distributed]")
    monkeypatch.setattr(runners._driver, "commit_run", _no_commit_here)
    url = f"sqlite:///{tmp_path / 'd.db'}"
    assert run_plan(PLAN, url, backend="dask", n_jobs=2).done == 12
    assert stored_trials(url, "par") == stored_trials(serial, "par")
    assert all(r.record["status"] == "done" for r in iter_runs(url, "par"))


def test_bad_dask_scheduler_is_one_clear_error() -> None:
    pytest.importorskip("dask.distributed", reason="the dask backend needs dask[distributed]")
    with pytest.raises(RunnerError, match="cannot reach the Dask scheduler 'nope://x'") as info:
        run_plan(PLAN, hpobench.storages.InMemoryStorage(), backend="dask", scheduler="nope://x")
    assert "\n" not in str(info.value)


def test_backend_options_are_checked() -> None:
    storage = hpobench.storages.InMemoryStorage()
    with pytest.raises(ValueError, match="backend must be one of local, dask"):
        run_plan(PLAN, storage, backend="ray")
    with pytest.raises(ValueError, match="n_jobs must be an int >= 1"):
        run_plan(PLAN, storage, n_jobs=0)
    with pytest.raises(ValueError, match="needs the dask backend"):
        run_plan(PLAN, storage, scheduler="tcp://x:1")
