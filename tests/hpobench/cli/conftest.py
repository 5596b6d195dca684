"""Fixtures of the command-line tests: storages in tmp_path and an in-process runner."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import shlex
from collections.abc import Callable
from typing import Any

import pytest

from hpobench.cli import main

JOURNAL_MISSING = importlib.util.find_spec("hpobench.storages.journal") is None


@dataclasses.dataclass
class Result:
    """What one in-process run of ``hpobench`` printed, and its exit status."""

    status: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


Runner = Callable[..., Result]


@pytest.fixture(autouse=True)
def _no_storage_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HPOBENCH_STORAGE", raising=False)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Runner:
    """Run ``hpobench`` in this process; return its status and output.

    The first argument is split like a shell line; the others are passed as they are:
    ``run("tell --study-name s --values", "1.5", "--storage", url)``.
    """

    def runner(line: str, *more: str) -> Result:
        capsys.readouterr()
        status = main([*shlex.split(line), *more])
        captured = capsys.readouterr()
        return Result(status, captured.out, captured.err)

    return runner


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture(params=["sqlite", "journal"])
def storage(request: pytest.FixtureRequest, tmp_path) -> str:
    """A ``--storage`` value: a SQLite URL or a journal file path."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cli.db'}"
    if JOURNAL_MISSING:
        pytest.skip("hpobench.storages.journal is not written yet")
    return str(tmp_path / "cli.log")
