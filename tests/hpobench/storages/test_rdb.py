"""RDBStorage on SQLite, PostgreSQL and MariaDB: the conformance suite plus RDB specifics."""

from __future__ import annotations

import pickle
from collections.abc import Iterator

import pytest
import sqlalchemy
from sqlalchemy import text

import hpobench
from hpobench.exceptions import StorageInternalError
from hpobench.storages import RDBStorage
from hpobench.storages._rdb import _schema
from hpobench.testing.storages import StorageTests


class TestRDBStorage(StorageTests):
    @pytest.fixture
    def storage(self, rdb_url: str) -> Iterator[RDBStorage]:
        storage = RDBStorage(rdb_url)
        yield storage
        storage.remove_session()


def test_in_memory_sqlite_url_works():
    study = hpobench.create_study(storage="sqlite://")
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3, n_jobs=2)
    assert sorted(t.number for t in study.trials) == [0, 1, 2]


def test_a_fresh_storage_reads_everything_back(rdb_url):
    study = hpobench.create_study(storage=rdb_url, study_name="s", direction="maximize")
    study.set_user_attr("owner", "ünïcode 'quoted'")

    def objective(trial):
        trial.report(0.5, 1)
        trial.set_user_attr("tag", [1, {"a": None}])
        x = trial.suggest_float("x", 1e-3, 1, log=True)
        return (
            x + trial.suggest_int("n", 0, 4) + (trial.suggest_categorical("c", [None, "a"]) == "a")
        )

    study.optimize(objective, n_trials=5)
    fresh = hpobench.load_study(study_name="s", storage=rdb_url)
    assert fresh.direction == study.direction
    assert fresh.user_attrs == {"owner": "ünïcode 'quoted'"}
    assert [
        (t.params, t.values, t.user_attrs, t.intermediate_values, t.distributions)
        for t in fresh.trials
    ] == [
        (t.params, t.values, t.user_attrs, t.intermediate_values, t.distributions)
        for t in study.trials
    ]
    assert fresh.best_trial.number == study.best_trial.number


def test_storage_pickles_for_worker_processes(rdb_url):
    storage = RDBStorage(rdb_url)
    study = hpobench.create_study(storage=storage, study_name="p")
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    clone = pickle.loads(pickle.dumps(study))
    clone.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    assert [t.number for t in hpobench.load_study(study_name="p", storage=rdb_url).trials] == [
        0,
        1,
        2,
        3,
    ]


def test_non_json_attribute_is_refused(rdb_url):
    study = hpobench.create_study(storage=rdb_url)
    with pytest.raises(TypeError, match="JSON-serialisable"):
        study.set_user_attr("k", object())


def test_overlong_names_are_refused(rdb_url):
    with pytest.raises(ValueError, match="study_name must be at most 512 characters"):
        hpobench.create_study(storage=rdb_url, study_name="x" * 513)


def test_malformed_url():
    with pytest.raises(ValueError, match="Malformed storage URL"):
        RDBStorage("not a url::")
    with pytest.raises(ValueError, match="is not a URL"):
        hpobench.create_study(storage="plainpath.db")


def test_unreachable_server_gives_a_clear_error():
    with pytest.raises(StorageInternalError, match="Cannot open storage.*server is running"):
        RDBStorage("postgresql://nobody@127.0.0.1:1/none")


def test_wrong_password_gives_a_clear_error(mariadb_url):
    with pytest.raises(StorageInternalError, match="password"):
        RDBStorage("mysql://nobody:wrong@127.0.0.1:3306/test")


def test_missing_directory_gives_a_clear_error(tmp_path):
    with pytest.raises(StorageInternalError, match="directory exists"):
        RDBStorage(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")


def test_read_only_database_gives_a_clear_error_and_keeps_the_study(tmp_path):
    path = tmp_path / "ro.db"
    study = hpobench.create_study(storage=f"sqlite:///{path}", study_name="ro")
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    loaded = hpobench.load_study(study_name="ro", storage=read_only)
    assert len(loaded.trials) == 2
    with pytest.raises(StorageInternalError, match="read-only"):
        loaded.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
    assert len(hpobench.load_study(study_name="ro", storage=f"sqlite:///{path}").trials) == 2


def test_full_disk_gives_a_clear_error_and_keeps_the_study(tmp_path, monkeypatch):
    import sqlite3

    from hpobench.storages._rdb import _sqlite_fast

    url = f"sqlite:///{tmp_path / 'full.db'}"
    study = hpobench.create_study(storage=url, study_name="full")
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)

    def cap_size(dbapi_connection, *_):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")
        return dbapi_connection

    real_connect = sqlite3.connect
    monkeypatch.setattr(
        _sqlite_fast.sqlite3, "connect", lambda *a, **k: cap_size(real_connect(*a, **k))
    )
    study = hpobench.load_study(study_name="full", storage=url)
    with pytest.raises(StorageInternalError, match="disk is full"):
        study.optimize(lambda t: t.suggest_categorical("big", ["x" * 50_000]), n_trials=5)
    fresh = hpobench.load_study(study_name="full", storage=url)
    assert [t.state.name for t in fresh.trials[:3]] == ["COMPLETE"] * 3


def test_older_schema_asks_for_an_upgrade_and_upgrade_fixes_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    hpobench.create_study(storage=url, study_name="kept").optimize(lambda t: 1.0, n_trials=1)
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE version_info SET schema_version = 0"))
    with pytest.raises(StorageInternalError, match="hpobench storage upgrade --storage"):
        RDBStorage(url)
    storage = RDBStorage(url, skip_compatibility_check=True)
    storage.upgrade()
    assert RDBStorage(url).get_current_version() == storage.get_head_version()
    assert len(hpobench.load_study(study_name="kept", storage=url).trials) == 1


def test_newer_schema_asks_to_upgrade_hpobench(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    RDBStorage(url)
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE version_info SET schema_version = 99"))
    with pytest.raises(StorageInternalError, match="newer hpobench"):
        RDBStorage(url)


def test_upgrade_of_an_empty_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    storage = RDBStorage(url, skip_table_creation=True, skip_compatibility_check=True)
    storage.upgrade()
    assert storage.get_current_version() == "v1_initial"
    assert storage.get_all_versions() == ["v1_initial"]
    assert storage.get_current_version_number() == _schema.SCHEMA_VERSION
