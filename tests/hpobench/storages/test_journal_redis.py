"""JournalStorage on Redis: the storage conformance suite plus Redis specifics.

Needs a Redis server at ``HPOBENCH_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/0``);
the tests skip without one, or fail when ``CI=true``. Each test works under its own key
prefix and deletes its keys afterwards.
"""

from __future__ import annotations

import builtins
import os
import pickle
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

import hpobench
from hpobench.exceptions import HpobenchDeprecationWarning
from hpobench.storages.journal import JournalRedisBackend, JournalRedisStorage, JournalStorage
from hpobench.study import StudyDirection
from hpobench.testing.servers import require_server
from hpobench.testing.storages import StorageTests
from hpobench.trial import TrialState

_URL = os.environ.get("HPOBENCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
_MIN = StudyDirection.MINIMIZE


def _client() -> Any:
    import redis

    client = redis.Redis.from_url(_URL, socket_connect_timeout=2)
    client.ping()
    return client


@pytest.fixture(scope="module")
def client() -> Any:
    return require_server(f"Redis at {_URL}", _client)


@pytest.fixture
def prefix(client: Any) -> Iterator[str]:
    prefix = f"hpobench-test-{uuid.uuid4().hex}:"
    yield prefix
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)


class TestJournalRedisStorage(StorageTests):
    @pytest.fixture
    def storage(self, prefix: str) -> JournalStorage:
        return JournalStorage(JournalRedisBackend(_URL, prefix=prefix))


def _open(prefix: str, **kwargs: Any) -> JournalStorage:
    return JournalStorage(JournalRedisBackend(_URL, prefix=prefix), **kwargs)


def _five_floats(trial: hpobench.Trial) -> float:
    return sum(trial.suggest_float(f"x{i}", -5, 5) for i in range(5))


def _run_study(storage: JournalStorage, n_trials: int) -> int:
    study = hpobench.create_study(
        storage=storage, study_name="s", sampler=hpobench.samplers.RandomSampler(seed=0)
    )
    study.optimize(_five_floats, n_trials=n_trials)
    return study._study_id


def test_new_storage_sees_everything(prefix: str) -> None:
    writer = _open(prefix)
    study_id = _run_study(writer, 5)
    writer.set_trial_user_attr(writer.create_new_trial(study_id), "k", [1, "a"])
    reader = _open(prefix)
    assert reader.get_all_studies() == writer.get_all_studies()
    assert reader.get_all_trials(study_id) == writer.get_all_trials(study_id)
    assert reader.get_trial_user_attrs(5) == {"k": [1, "a"]}


def test_prefixes_keep_journals_apart(prefix: str, client: Any) -> None:
    _open(prefix).create_new_study([_MIN], study_name="mine")
    other = f"{prefix}other:"
    assert _open(other).get_all_studies() == []
    assert all(key.startswith(prefix.encode()) for key in client.scan_iter(match=f"{prefix}*"))


def test_snapshot_is_written_and_used(prefix: str) -> None:
    writer = _open(prefix, snapshot_interval=100)
    study_id = _run_study(writer, 30)  # 1 + 30 * 7 = 211 operations
    reopened = _open(prefix)
    assert reopened._n_replayed == 211 - 200
    assert reopened.get_all_trials(study_id) == writer.get_all_trials(study_id)


def test_replaced_log_invalidates_the_snapshot(prefix: str, client: Any) -> None:
    _run_study(_open(prefix, snapshot_interval=50), 10)
    client.delete(f"{prefix}hpobench-journal:ops")  # a new journal under the same prefix
    with pytest.warns(RuntimeWarning, match="does not match the journal"):
        fresh = _open(prefix, snapshot_interval=None)
    study_id = _run_study(fresh, 12)
    with pytest.warns(RuntimeWarning, match="does not match the journal"):
        reopened = _open(prefix)
    assert reopened._n_replayed == 1 + 12 * 7
    assert reopened.get_n_trials(study_id) == 12


def test_unreadable_item_is_skipped(prefix: str, client: Any) -> None:
    storage = _open(prefix)
    study_id = storage.create_new_study([_MIN])
    client.rpush(f"{prefix}hpobench-journal:ops", b"garbage")
    with pytest.warns(RuntimeWarning, match="Skipped item 1"):
        trial_id = storage.create_new_trial(study_id)
    assert storage.get_trial(trial_id).number == 0


def test_heartbeats(prefix: str) -> None:
    storage = _open(prefix, heartbeat_interval=1, grace_period=10)
    study_id = storage.create_new_study([_MIN])
    stale, fresh, done = (storage.create_new_trial(study_id) for _ in range(3))
    backend = JournalRedisBackend(_URL, prefix=prefix)
    backend.write_heartbeat(stale, time.time() - 11)
    backend.write_heartbeat(done, time.time() - 11)
    storage.record_heartbeat(fresh)
    storage.set_trial_state_values(done, TrialState.COMPLETE, [1.0])
    assert storage._get_stale_trial_ids(study_id) == [stale]
    assert backend.read_heartbeats([done]) == {}


def test_storage_survives_pickle(prefix: str) -> None:
    storage = _open(prefix)
    study_id = _run_study(storage, 3)
    restored = pickle.loads(pickle.dumps(storage))
    assert restored.get_all_trials(study_id) == storage.get_all_trials(study_id)


def test_deprecated_name_warns(prefix: str) -> None:
    with pytest.warns(HpobenchDeprecationWarning, match="JournalRedisBackend"):
        backend = JournalRedisStorage(_URL, prefix=prefix)
    assert isinstance(backend, JournalRedisBackend)


def test_unreachable_server_names_the_url() -> None:
    with pytest.raises(ConnectionError, match="127.0.0.1:1"):
        JournalRedisBackend("redis://127.0.0.1:1/0")


def test_missing_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_redis(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "redis" or name.startswith("redis."):
            raise ImportError("No module named 'redis'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_redis)
    with pytest.raises(ImportError, match=r'pip install "hpobench\[redis\]"'):
        JournalRedisBackend(_URL)


def _refuse() -> None:
    raise ConnectionRefusedError("connection refused")


def test_require_server_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    name = f"server {uuid.uuid4().hex}"
    with pytest.raises(pytest.skip.Exception, match=f"{name} is unreachable"):
        require_server(name, _refuse)
    with pytest.raises(pytest.skip.Exception, match="connection refused"):
        require_server(name, lambda: "not probed again")
    assert require_server("another server", lambda: "client") == "client"


def test_require_server_fails_on_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    name = f"server {uuid.uuid4().hex}"
    with pytest.raises(pytest.fail.Exception, match=f"{name} is unreachable.*CI=true"):
        require_server(name, _refuse)
