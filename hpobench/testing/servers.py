"""Skip, or in CI fail, the tests that need a server (Redis, PostgreSQL, MariaDB) when it is down.

A developer without the server gets a clear skip. On CI (environment variable ``CI`` set
to ``"true"``, as GitHub Actions and most services do) the server is part of the test setup,
so its absence is an error and the test fails instead of silently skipping.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

__all__ = ["SERVER_URLS", "in_ci", "require_server", "scratch_database"]

# The development machine's database servers; the environment variables point elsewhere.
SERVER_URLS = {
    "postgresql": os.environ.get(
        "HPOBENCH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
    ),
    "mariadb": os.environ.get("HPOBENCH_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test"),
}

# Servers found down in this session, so that every later test skips at once instead of
# waiting for its own connection attempt to time out.
_unreachable: dict[str, str] = {}


def in_ci() -> bool:
    """Return whether the tests run on CI, that is, whether ``CI`` is ``"true"``."""
    return os.environ.get("CI", "").lower() == "true"


def require_server(name: str, probe: Callable[[], Any]) -> Any:
    """Return ``probe()``; when it raises, skip the test (or fail it on CI) naming ``name``.

    Once a server was found down, later calls with the same ``name`` skip (or fail) at
    once without probing again.

    Parameters
    ----------
    name : str
        What the test needs, for the message: ``"Redis at redis://127.0.0.1:6379/0"``.
    probe : callable
        Connects to the server and returns something useful (a client, a version);
        raises any exception when the server is unreachable.

    Returns
    -------
    object
        What ``probe`` returned.

    Examples
    --------
    In a fixture::

        @pytest.fixture(scope="module")
        def redis_url():
            url = "redis://127.0.0.1:6379/0"
            require_server(f"Redis at {url}", lambda: redis.Redis.from_url(url).ping())
            return url
    """
    reason = _unreachable.get(name)
    if reason is None:
        try:
            return probe()
        except Exception as err:
            reason = f"{name} is unreachable ({type(err).__name__}: {err})"
            _unreachable[name] = reason
    if in_ci():
        pytest.fail(
            f"{reason}. CI=true, so a missing server fails the test instead of skipping "
            "it; start the server in the CI job."
        )
    pytest.skip(f"{reason}; start it to run these tests.")


@contextlib.contextmanager
def scratch_database(kind: str, prefix: str = "hpobench") -> Iterator[str]:
    """Yield the URL of a new empty database on server ``kind``; drop it on exit.

    On PostgreSQL it is a schema of the test database (selected through ``search_path``),
    on MariaDB a database. A server that is down skips the test (fails it on CI), as
    :func:`require_server` does.

    Parameters
    ----------
    kind : {"postgresql", "mariadb"}
        A key of :data:`SERVER_URLS`.
    prefix : str
        The start of the scratch name, followed by a random suffix.

    Examples
    --------
    In a fixture::

        @pytest.fixture
        def mariadb_url():
            with scratch_database("mariadb") as url:
                yield url
    """
    base = SERVER_URLS[kind]
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    url, drop = require_server(f"{kind} at {base}", lambda: _create(kind, base, name))
    try:
        yield url
    finally:
        _admin(drop, base)


def _create(kind: str, base: str, name: str) -> tuple[str, str]:
    """Create the scratch database ``name``; return its URL and the SQL that drops it."""
    from hpobench.storages._rdb._engine import parse_url

    if kind == "postgresql":
        _admin(f'CREATE SCHEMA "{name}"', base)
        url = parse_url(base).update_query_dict({"options": f"-csearch_path={name}"})
        return url.render_as_string(hide_password=False), f'DROP SCHEMA "{name}" CASCADE'
    _admin(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4", base)
    url = parse_url(base).set(database=name)
    return url.render_as_string(hide_password=False), f"DROP DATABASE `{name}`"


def _admin(sql: str, url: str) -> None:
    import sqlalchemy

    from hpobench.storages._rdb._engine import parse_url

    engine = sqlalchemy.create_engine(parse_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(sql)
    finally:
        engine.dispose()
