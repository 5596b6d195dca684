"""Skip, or in CI fail, the tests that need a server (Redis, PostgreSQL, MariaDB) when it is down.

A developer without the server gets a clear skip. On CI (environment variable ``CI`` set
to ``"true"``, as GitHub Actions and most services do) the server is part of the test setup,
so its absence is an error and the test fails instead of silently skipping.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

__all__ = ["in_ci", "require_server"]

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
