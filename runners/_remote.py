"""Runs that commit themselves: a worker process executes a run and writes it to storage.

With parallel backends, the runner process would otherwise unpickle and commit every
run alone, one thread sharing the GIL with the rest of the runner, and it becomes the
bottleneck of short runs. When the storage is a URL (or a journal path) that another
process can open, :func:`execute_and_commit` runs in the worker instead: it executes the
run, commits it with :func:`runners._store.commit_run` through a storage opened once per
worker process, and sends back only a :class:`RunOutcome`.

The commit stays atomic: the record goes last, so a worker killed mid-commit leaves a
study without record, which resume deletes and reruns.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from hpobench.storages import BaseStorage
from runners._execute import execute_run
from runners._plan import RunSpec
from runners._store import commit_run

__all__ = ["RunOutcome", "execute_and_commit", "worker_url"]

_IN_MEMORY_SQLITE = ("sqlite://", "sqlite:///:memory:")
_FILE_SCHEMES = ("sqlite:", "journal")

# The storage this worker process writes to: (url, token) -> storage, one entry only, so
# that a new plan run (new token) reopens it (a file deleted and made again in between
# must not be written through an old connection).
_opened: dict[tuple[str, str], BaseStorage] = {}


@dataclass(frozen=True)
class RunOutcome:
    """What a worker sends back for a run it committed itself.

    Attributes
    ----------
    run_key : str
        The run.
    status : str
        ``"done"`` or ``"failed"``.
    reason : str or None
        The last line of the error that failed the run.
    committed : bool
        False when another runner had already committed it (nothing was written).
    """

    run_key: str
    status: str
    reason: str | None
    committed: bool


def last_line(error: str | None) -> str:
    """Return the last non-blank line of a traceback (``"unknown error"`` if none).

    Examples
    --------
    >>> last_line("Traceback (most recent call last):\\n  ...\\nValueError: bad\\n")
    'ValueError: bad'
    """
    lines = [line for line in (error or "").strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else "unknown error"


def worker_url(
    storage: str | BaseStorage, *, backend: str, n_jobs: int, scheduler: str | None
) -> str | None:
    """Return the URL workers commit to, or None when the runner process must commit.

    Workers commit with the parallel backends (``n_jobs != 1`` locally, any Dask
    cluster) when ``storage`` is a URL or journal path. A storage object cannot be
    reopened elsewhere, an in-memory SQLite URL would give each worker its own database,
    and a file (SQLite, journal) is not the same file on a remote Dask cluster's
    machines: those keep the runner's committer. A relative file path is made absolute.

    Examples
    --------
    >>> worker_url("postgresql://db/bench", backend="local", n_jobs=2, scheduler=None)
    'postgresql://db/bench'
    >>> worker_url("sqlite:///runs.db", backend="local", n_jobs=1, scheduler=None) is None
    True
    """
    if not isinstance(storage, str) or (backend == "local" and n_jobs == 1):
        return None
    if storage in _IN_MEMORY_SQLITE or "mode=memory" in storage:
        return None
    url = _absolute(storage)
    if backend == "dask" and scheduler is not None and _kind(url) in _FILE_SCHEMES:
        return None
    return url


def _kind(url: str) -> str:
    if url.startswith("sqlite:"):
        return "sqlite:"
    return "journal" if "://" not in url else "server"


def _absolute(url: str) -> str:
    """Make a relative SQLite or journal path absolute (a worker may run elsewhere)."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        path, sep, query = url[len("sqlite:///") :].partition("?")
        return f"sqlite:///{Path(path).expanduser().resolve()}{sep}{query}"
    if "://" not in url:
        return str(Path(url).expanduser().resolve())
    return url


def _storage(url: str, token: str) -> BaseStorage:
    key = (url, token)
    store = _opened.get(key)
    if store is None:
        from hpobench.cli._storage import open_storage

        _opened.clear()
        store = _opened[key] = open_storage(url)
    return store


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold SIGINT (a terminal's Ctrl+C reaches the workers too) until the block ends.

    Only in the main thread with Python's default handler (a loky worker runs its tasks
    there); elsewhere (a Dask worker's task thread) nothing changes.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    received: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


def execute_and_commit(spec: RunSpec, url: str, token: str) -> RunOutcome:
    """Execute ``spec``, commit it to the storage at ``url``, return the outcome only.

    Parameters
    ----------
    spec : RunSpec
        The run.
    url : str
        The results storage (see :func:`worker_url`).
    token : str
        Identifies the plan run: the storage is opened once per process and token.

    Examples
    --------
    >>> import tempfile
    >>> from runners import Budget, ComponentSpec, make_plan
    >>> plan = make_plan("demo", ["Branin"], [ComponentSpec("random")],
    ...                  budget=Budget(trials=5), seed=0)
    >>> url = f"sqlite:///{tempfile.mkdtemp()}/demo.db"
    >>> execute_and_commit(plan.runs[0], url, "doc")
    RunOutcome(run_key='Branin|random|-|0', status='done', reason=None, committed=True)
    """
    result = execute_run(spec)
    store = _storage(url, token)
    with _sigint_deferred():
        committed = commit_run(store, result)
    error: Any = result.record["error"]
    reason = last_line(error) if result.status == "failed" else None
    return RunOutcome(spec.run_key, result.status, reason, committed)
