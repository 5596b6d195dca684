"""A killed runner (or worker) resumes without duplicates or losses; Ctrl+C stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from runners import Budget, ComponentSpec, execute_run, iter_runs, run_plan
from runners._driver import RunnerError

PLAN_CODE = """
from runners import Budget, ComponentSpec, make_plan
PLAN = make_plan(
    "kill",
    ["Branin", "Hartmann6", "Rosenbrock(dim=3)"],
    [ComponentSpec("random"), ComponentSpec("tpe")],
    repeats=4,
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


def test_ctrl_c_commits_what_finished_and_stops(tmp_path) -> None:
    suite = tmp_path / "k.toml"
    suite.write_text(
        'name = "kill"\nseed = 11\nrepeats = 4\n[problems]\n'
        'ids = ["Branin", "Hartmann6", "Rosenbrock(dim=3)"]\n[budget]\ntrials = 30\n'
        '[[samplers]]\nname = "random"\n[[samplers]]\nname = "tpe"\n'
    )
    url = f"sqlite:///{tmp_path / 'k.db'}"
    code = (
        "import sys, runners._cli; from hpobench.cli import _app;"
        "_app._plugin_registrations = lambda: [runners._cli.register];"
        "sys.exit(_app.main(sys.argv[1:]))"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, "bench", "run", str(suite), "--storage", url, "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for_commits(url, process, 2)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stdout.startswith("interrupted: ")
    stored = list(iter_runs(url, "kill", include_incomplete=True))
    runs = [run for run in stored if run.status == "done"]
    reported = int(stdout.split("interrupted: ", 1)[1].split(" runs done", 1)[0])
    # At least what the summary reports is stored. A commit still in flight at the
    # interrupt can land unreported or, rarely, be cut short (a study without its
    # record): a known race, left open; the resume below must repair both.
    assert runs and len(runs) >= reported, (stdout, stderr)
    assert all(run.status == "incomplete" for run in stored if run not in runs)
    assert all(run.record["totals"]["n_trials"] == 30 for run in runs)
    assert len(runs) < len(PLAN)
    budget = Budget(trials=30)
    assert all(run.record["budget"] == budget.to_dict() for run in runs)
    assert {run.record["sampler"]["name"] for run in runs} <= {"random", "tpe"}
    resumed = subprocess.run(
        [sys.executable, "-c", code, "bench", "run", str(suite), "--storage", url, "-q"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resumed.returncode == 0, resumed.stderr
    final = list(iter_runs(url, "kill", include_incomplete=True))
    assert all(run.status == "done" for run in final)
    assert len({run.run_key for run in final}) == len(final) == 2 * 3 * 4
    assert ComponentSpec("tpe").label == "tpe"
