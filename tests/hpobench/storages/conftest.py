"""Fixtures for storages backed by the development machine's database servers.

Each test gets its own empty database (MariaDB) or schema (PostgreSQL), so test runs
never see each other's tables. A missing server skips its tests with the reason; with
``CI=true`` it fails them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hpobench.testing.servers import scratch_database


def server_url(kind: str) -> Iterator[str]:
    """Yield the URL of an empty scratch database on server ``kind``; drop it afterwards."""
    with scratch_database(kind) as url:
        yield url


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
