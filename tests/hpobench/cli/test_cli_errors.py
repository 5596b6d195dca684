"""Every error: a non-zero status and one line on stderr; ``--debug`` shows the traceback."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
import sqlalchemy

import hpobench
from hpobench.cli import main
from hpobench.cli._storage import open_storage

# (arguments after "--storage URL" is added by the test, status, a fragment of the message)
STUDY_ERRORS = [
    (["trials", "--study-name", "nope"], 1, "no study named 'nope' in sqlite:///"),
    (["create-study", "--study-name", "s"], 1, "already exists in sqlite:///"),
    (["best-trial", "--study-name", "s"], 1, "has no COMPLETE trial yet"),
    (["ask", "--study-name", "s", "--search-space", "{bad"], 2, "--search-space is not valid"),
    (["ask", "--study-name", "s", "--search-space", '{"x": 1}'], 2, "parameter 'x'"),
    (["ask", "--study-name", "s", "--sampler-kwargs", "[1]"], 2, "must be a JSON object"),
    (["ask", "--study-name", "s", "--sampler", "Nope"], 2, "available: BruteForceSampler, "),
    (
        ["ask", "--study-name", "s", "--sampler", "RandomSampler", "--sampler-kwargs", '{"a": 1}'],
        2,
        "RandomSampler rejected --sampler-kwargs",
    ),
    (["tell", "--study-name", "s", "--trial-number", "0"], 2, "tell needs --values"),
    (
        ["tell", "--study-name", "s", "--trial-number", "0", "--state", "fail", "--values", "1"],
        2,
        "--values goes with --state complete",
    ),
    (["tell", "--study-name", "s", "--trial-number", "7", "--values", "1"], 1, "no trial number"),
    (["study", "set-user-attr", "--study-name", "s", "-k", "a", "-v", "[", "--json"], 2, "JSON"),
    (["create-study", "--direction", "up"], 2, "invalid choice: 'up'"),
    (["trials"], 2, "the following arguments are required: --study-name"),
    (["bogus"], 2, "invalid choice: 'bogus'"),
    (["studies", "--log-file", "/no/such/folder/x.log"], 2, "--log-file"),
]


@pytest.fixture
def sqlite_with_study(sqlite_url: str) -> str:
    hpobench.create_study(storage=sqlite_url, study_name="s")
    return sqlite_url


def _assert_one_line(result, status: int, fragment: str) -> None:
    assert result.status == status, result.err
    assert len(result.err_lines) == 1, result.err
    assert result.err.startswith("hpobench") and ": error: " in result.err
    assert fragment in result.err
    assert "Traceback" not in result.err and result.out == ""


@pytest.mark.parametrize(("argv", "status", "fragment"), STUDY_ERRORS)
def test_error_is_one_line(run, sqlite_with_study, argv, status, fragment):
    _assert_one_line(run(*argv, "--storage", sqlite_with_study), status, fragment)


@pytest.mark.parametrize(
    ("storage", "status", "fragment"),
    [
        ("sqlite:/a.db", 2, "malformed storage URL 'sqlite:/a.db'"),
        ("nosuchdb://host/db", 2, "Unknown storage URL scheme 'nosuchdb'"),
        ("postgresql://me:secret@127.0.0.1:1/db", 1, "postgresql"),  # refused, or no driver
        ("sqlite://", 2, "in-memory database"),
        ("plainname", 2, "neither a URL nor a journal file"),
    ],
)
def test_bad_storage_values(run, storage, status, fragment):
    result = run("studies", "--storage", storage)
    _assert_one_line(result, status, fragment)
    assert "secret" not in result.err


def test_unreachable_sqlite_folder(run, tmp_path):
    result = run("studies", "--storage", f"sqlite:///{tmp_path}/missing/a.db")
    _assert_one_line(result, 1, "Check that the directory exists")


def test_a_sqlite_file_given_as_a_path_asks_for_the_url(run, sqlite_with_study):
    path = sqlite_with_study.removeprefix("sqlite:///")
    _assert_one_line(run("studies", "--storage", path), 2, f"--storage sqlite:///{path}")


def test_a_newer_schema_asks_to_upgrade_hpobench(run, sqlite_with_study):
    engine = sqlalchemy.create_engine(sqlite_with_study)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text("UPDATE version_info SET schema_version = 99"))
    engine.dispose()
    _assert_one_line(run("studies", "--storage", sqlite_with_study), 1, "newer hpobench")


def test_missing_storage_says_how_to_give_one(run):
    _assert_one_line(run("studies"), 2, "pass --storage URL")
    assert "HPOBENCH_STORAGE" in run("trials", "--study-name", "s").err


def test_a_journal_in_a_missing_folder(run, tmp_path):
    _assert_one_line(run("studies", "--storage", str(tmp_path / "no" / "j.log")), 1, "folder")


def test_objective_errors_stop_the_command(run, sqlite_with_study, tmp_path):
    (tmp_path / "bad.py").write_text("def objective(trial):\n    return 1 / 0\n")
    argv = ["study", "optimize", str(tmp_path / "bad.py"), "objective", "--study-name", "s"]
    result = run(*argv, "--storage", sqlite_with_study)
    assert result.status == 1  # the study logs the failed trial's traceback as a warning
    assert result.err_lines[-1].startswith("hpobench: error: optimization stopped: objective")
    assert "ZeroDivisionError" in result.err_lines[-1]
    stored = open_storage(sqlite_with_study)
    assert hpobench.load_study(study_name="s", storage=stored).trials[0].state.name == "FAIL"


@pytest.mark.parametrize(
    ("source", "method", "fragment"),
    [
        (None, "objective", "does not exist"),
        ("def other(trial):\n    return 0\n", "objective", "defines no 'objective'"),
        ("objective = 3\n", "objective", "is not callable"),
        ("import no_such_module_anywhere\n", "objective", "importing"),
    ],
)
def test_study_optimize_file_errors(run, sqlite_with_study, tmp_path, source, method, fragment):
    path = tmp_path / "obj.py"
    if source is not None:
        path.write_text(source)
    result = run(
        "study optimize", str(path), method, "--study-name", "s", "--storage", sqlite_with_study
    )
    assert result.status in (1, 2) and len(result.err_lines) == 1 and fragment in result.err


def test_example_rejects_bad_trial_counts(run):
    _assert_one_line(run("example", "--n-trials", "0"), 2, "--n-trials must be >= 1")


def test_debug_shows_the_traceback(run, sqlite_with_study):
    result = run("--debug", "trials", "--study-name", "nope", "--storage", sqlite_with_study)
    assert result.status == 1
    assert result.err.startswith("Traceback") and "CommandError: no study named" in result.err


# -- through a real process: exit statuses and stderr --------------------------------------------


def _hpobench(*argv: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hpobench", *argv], capture_output=True, text=True, cwd=cwd
    )


def test_process_exit_statuses_and_stderr(tmp_path):
    missing = _hpobench("studies", cwd=tmp_path)
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.count("\n") == 1 and "HPOBENCH_STORAGE" in missing.stderr

    url = f"sqlite:///{tmp_path / 'a.db'}"
    unknown = _hpobench("trials", "--study-name", "nope", "--storage", url)
    assert unknown.returncode == 1
    assert unknown.stderr == (
        f"hpobench: error: no study named 'nope' in {url}; it holds no studies yet "
        "(create one with: hpobench create-study)\n"
    )

    debug = _hpobench("--debug", "trials", "--study-name", "nope", "--storage", url)
    assert debug.returncode == 1 and debug.stderr.startswith("Traceback")


def test_process_version():
    result = _hpobench("--version")
    assert (result.returncode, result.stdout) == (0, f"hpobench {hpobench.__version__}\n")


def test_a_closed_pipe_ends_the_command_quietly(sqlite_with_study, monkeypatch, capsys):
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["study-names", "--storage", sqlite_with_study]) == 1
    assert capsys.readouterr().err == ""
