"""Many worker processes on one storage: no lost or duplicated trials, dead workers failed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter

import pytest

import hpobench
from hpobench.trial import TrialState

WORKER = textwrap.dedent(
    """
    import sys, hpobench
    from hpobench.storages import get_storage
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)
    url, n_trials, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if "://" in url:
        storage = get_storage(url)
    else:
        from hpobench.storages.journal import JournalFileBackend, JournalStorage
        storage = JournalStorage(JournalFileBackend(url))
    study = hpobench.load_study(
        study_name="shared", storage=storage,
        sampler=hpobench.samplers.RandomSampler(seed=seed),
    )
    objective = lambda t: sum(t.suggest_float(f"x{i}", -5, 5) for i in range(5))
    study.optimize(objective, n_trials=n_trials)
    """
)

DYING_WORKER = textwrap.dedent(
    """
    import sys, time, pathlib, hpobench
    from hpobench.storages import RDBStorage
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)
    url, marker = sys.argv[1], pathlib.Path(sys.argv[2])
    storage = RDBStorage(url, heartbeat_interval=0.1, grace_period=0.5)
    study = hpobench.load_study(study_name="shared", storage=storage)

    def objective(trial):
        x = trial.suggest_float("x", 0, 1)
        if trial.number == 3:
            marker.write_text(str(trial.number))
            time.sleep(600)  # killed here
        return x

    study.optimize(objective, n_trials=10)
    """
)


def _spawn(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _journal_available() -> bool:
    try:
        import hpobench.storages.journal  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(params=["rdb", "journal"])
def shared_url(request, rdb_url, tmp_path):
    if request.param == "journal":
        if not _journal_available():
            pytest.skip("the journal storage is not available")
        if "sqlite" not in rdb_url:
            pytest.skip("the journal runs once, next to the SQLite case")
        return str(tmp_path / "study.journal")
    return rdb_url


def _open(url: str):
    if "://" in url:
        return url
    from hpobench.storages.journal import JournalFileBackend, JournalStorage

    return JournalStorage(JournalFileBackend(url))


def test_four_workers_share_one_study(shared_url):
    hpobench.create_study(study_name="shared", storage=_open(shared_url))
    workers = [_spawn(WORKER, shared_url, "250", str(seed)) for seed in range(4)]
    for worker in workers:
        _, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err.decode()[-2000:]
    trials = hpobench.load_study(study_name="shared", storage=_open(shared_url)).trials
    numbers = Counter(t.number for t in trials)
    assert sorted(numbers) == list(range(1000))
    assert max(numbers.values()) == 1
    assert all(t.state == TrialState.COMPLETE and len(t.params) == 5 for t in trials)


def test_a_killed_worker_is_failed_by_the_heartbeat_and_nothing_else_is_lost(rdb_url, tmp_path):
    from hpobench.storages import RDBStorage

    hpobench.create_study(study_name="shared", storage=rdb_url)
    marker = tmp_path / "dying"
    dying = _spawn(DYING_WORKER, rdb_url, str(marker))
    deadline = time.time() + 60
    while not marker.exists() and time.time() < deadline:
        time.sleep(0.05)
    assert marker.exists(), dying.stderr.read().decode() if dying.poll() is not None else ""
    os.kill(dying.pid, signal.SIGKILL)
    dying.wait(timeout=30)
    time.sleep(0.7)  # longer than the grace period
    storage = RDBStorage(rdb_url, heartbeat_interval=0.1, grace_period=0.5)
    survivor = hpobench.load_study(study_name="shared", storage=storage)
    survivor.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5)
    trials = survivor.trials
    assert [t.number for t in trials] == list(range(9))
    assert trials[3].state == TrialState.FAIL
    assert all(t.state == TrialState.COMPLETE for t in trials if t.number != 3)
