"""A killed runner (or worker) resumes without duplicates or losses; Ctrl+C stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from runners import execute_run, iter_runs, run_plan
from runners._driver import RunnerError

PLAN_CODE = """
from runners import Budget, ComponentSpec, make_plan
PLAN = make_plan(
    "kill",
    ["Branin", "Hartmann6", "Rosenbrock(dim=3)"],
    [ComponentSpec("random"), ComponentSpec("tpe")],
    repeats=12,
    budget=Budget(trials=30),
    seed=11,
)
"""
namespace: dict = {}
exec(PLAN_CODE, namespace)
PLAN = namespace["PLAN"]


def _start(url: str, *, n_jobs: int = 1) -> subprocess.Popen:
    code = PLAN_CODE + f"from runners import run_plan\nrun_plan(PLAN, {url!r}, n_jobs={n_jobs})\n"
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _committed(url: str) -> list:
    try:
        return list(iter_runs(url, "kill"))
    except Exception:  # the database is being created
        return []


def _wait_for_commits(url: str, process: subprocess.Popen, n: int) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        found = len(_committed(url))
        if found >= n:
            return found
        time.sleep(0.05)
    pytest.fail(f"the runner ended or stalled before {n} commits: {process.poll()}")


def _check_complete_and_identical(url: str, stored_trials) -> None:
    stored = stored_trials(url, "kill")
    assert sorted(stored) == sorted(spec.run_key for spec in PLAN)  # no loss, no duplicate
    for spec in PLAN.select(["Branin|*|0", "Hartmann6|tpe|*"]):
        expected = execute_run(spec).trials
        assert stored[spec.run_key] == [
            (t.number, t.state.name, t.params, t.values, t.intermediate_values) for t in expected
        ]
    assert all(len(trials) == 30 for trials in stored.values())


def test_sigkill_of_the_runner_then_resume(sqlite_url, stored_trials) -> None:
    process = _start(sqlite_url)
    committed = _wait_for_commits(sqlite_url, process, 3)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert committed < len(PLAN), "the runner finished before it was killed"
    summary = run_plan(PLAN, sqlite_url)
    assert summary.already_done >= committed
    assert summary.already_done + summary.done == len(PLAN)
    _check_complete_and_identical(sqlite_url, stored_trials)


def test_sigkill_of_a_worker_process_then_resume(sqlite_url, stored_trials) -> None:
    psutil = pytest.importorskip("psutil", reason="finding the worker processes needs psutil")
    outcome: list = []

    def runner() -> None:
        try:
            outcome.append(run_plan(PLAN, sqlite_url, n_jobs=2))
        except RunnerError as err:
            outcome.append(err)

    thread = threading.Thread(target=runner)
    thread.start()
    deadline = time.monotonic() + 60
    while len(_committed(sqlite_url)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = [
        child
        for child in psutil.Process().children(recursive=True)
        if any("popen_loky" in part for part in child.cmdline())
    ]
    assert workers, "no loky worker found"
    os.kill(workers[0].pid, signal.SIGKILL)
    thread.join(timeout=60)
    (result,) = outcome
    if isinstance(result, RunnerError):  # the worker died mid-run: the message says what to do
        assert "run the same command again to resume" in str(result)
    summary = run_plan(PLAN, sqlite_url)
    assert summary.already_done + summary.done == len(PLAN)
    _check_complete_and_identical(sqlite_url, stored_trials)


CTRL_C_CODE = """
import os, signal, sys, threading
import suites
from hpobench.distributions import FloatDistribution
from hpobench.storages._rdb._storage import RDBStorage

TRAP = os.environ.get("HPOBENCH_TEST_TRAP") == "1"
commit_started, interrupting = threading.Event(), threading.Event()
calls, records = [0], [0]


class CtrlC(suites.Problem):
    family = "CtrlC"

    def __init__(self, *, seed=None):
        super().__init__({}, seed=seed)

    @property
    def space(self):
        return {"x0": FloatDistribution(0.0, 1.0)}

    def evaluate(self, X):
        calls[0] += 1
        if TRAP and calls[0] == 3 * 5 + 1:  # the first trial of the 4th run (5 trials each)
            commit_started.wait(60)  # the 3rd run's commit is in flight
            interrupting.set()
            os.kill(os.getpid(), signal.SIGINT)
        return self._check_X(X)[:, 0]


def set_study_user_attr(self, study_id, key, value):
    if TRAP and key == "hpobench.run":
        records[0] += 1
        if records[0] == 3:  # the 3rd run's record, its commit point
            commit_started.set()
            interrupting.wait(60)
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C again, mid-commit
    original(self, study_id, key, value)


suites.register(CtrlC)
original = RDBStorage.set_study_user_attr
RDBStorage.set_study_user_attr = set_study_user_attr
import runners._cli
from hpobench.cli import _app

_app._plugin_registrations = lambda: [runners._cli.register]
sys.exit(_app.main(sys.argv[1:]))
"""


def _bench_run(suite, url: str, *, trap: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "HPOBENCH_TEST_TRAP": "1" if trap else "0"}
    return subprocess.run(
        [sys.executable, "-c", CTRL_C_CODE, "bench", "run", str(suite), "--storage", url, "-q"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_ctrl_c_commits_what_finished_and_reports_exactly_that(tmp_path) -> None:
    # Ctrl+C in the 4th run while the 3rd is being committed, and again mid-commit: the
    # runner waits for that commit, then reports exactly the 3 runs the storage holds.
    suite = tmp_path / "c.toml"
    suite.write_text(
        'name = "ctrlc"\nseed = 5\nrepeats = 6\n[problems]\nids = ["CtrlC"]\n'
        '[budget]\ntrials = 5\n[[samplers]]\nname = "random"\n'
    )
    url = f"sqlite:///{tmp_path / 'c.db'}"
    stopped = _bench_run(suite, url, trap=True)
    assert stopped.returncode == 130, stopped.stderr
    assert stopped.stdout.startswith("interrupted: 3 runs done, 0 failed, "), stopped.stdout
    assert "3 not run" in stopped.stdout
    stored = list(iter_runs(url, "ctrlc", include_incomplete=True))
    assert [run.status for run in stored] == ["done"] * 3  # no study without its record
    assert all(run.record["totals"]["n_trials"] == 5 for run in stored)
    assert {run.record["repeat"] for run in stored} == {0, 1, 2}
    resumed = _bench_run(suite, url, trap=False)
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.startswith("3 runs done, 0 failed, 3 already stored"), resumed.stdout
    final = list(iter_runs(url, "ctrlc", include_incomplete=True))
    assert sorted(run.record["repeat"] for run in final) == list(range(6))
    assert all(run.status == "done" for run in final)
