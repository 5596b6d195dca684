"""Fixtures for storages backed by the development machine's database servers.

Each test gets its own empty database (MariaDB) or schema (PostgreSQL), so test runs
never see each other's tables. A missing server skips its tests with the reason; with
``CI=true`` it fails them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy

from hpobench.storages._rdb._engine import parse_url
from hpobench.testing.servers import require_server

SERVER_URLS = {
    "postgresql": os.environ.get(
        "HPOBENCH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
    ),
    "mariadb": os.environ.get("HPOBENCH_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test"),
}


def _admin(sql: str, url: str) -> None:
    engine = sqlalchemy.create_engine(parse_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


def _scratch(kind: str) -> tuple[str, str]:
    """Create a scratch database or schema on ``kind``; return (its URL, the drop SQL)."""
    base = SERVER_URLS[kind]
    name = f"hpobench_{uuid.uuid4().hex[:12]}"
    if kind == "postgresql":
        _admin(f'CREATE SCHEMA "{name}"', base)
        url = parse_url(base).update_query_dict({"options": f"-csearch_path={name}"})
        return url.render_as_string(hide_password=False), f'DROP SCHEMA "{name}" CASCADE'
    _admin(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4", base)
    url = parse_url(base).set(database=name)
    return url.render_as_string(hide_password=False), f"DROP DATABASE `{name}`"


def server_url(kind: str) -> Iterator[str]:
    """Yield the URL of an empty scratch database on server ``kind``; drop it afterwards."""
    url, drop = require_server(f"{kind} at {SERVER_URLS[kind]}", lambda: _scratch(kind))
    try:
        yield url
    finally:
        _admin(drop, SERVER_URLS[kind])


@pytest.fixture
def mariadb_url() -> Iterator[str]:
    """An empty database on the MariaDB server."""
    yield from server_url("mariadb")


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def rdb_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty database: a SQLite file, then the PostgreSQL and MariaDB servers."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'study.db'}"
        return
    yield from server_url(request.param)
