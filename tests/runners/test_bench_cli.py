"""``hpobench bench run`` and ``bench status``: output, exit status and one-line errors."""

from __future__ import annotations

import json

import pytest

import runners._cli
from hpobench.cli import _app
from runners import iter_runs

SUITE = """
name = "clidemo"
seed = 1
repeats = 2
[problems]
ids = ["Branin", "Hartmann6"]
[budget]
trials = 6
[[samplers]]
name = "random"
[[samplers]]
name = "tpe"
"""


@pytest.fixture
def hpobench_main(monkeypatch):
    monkeypatch.setattr(_app, "_plugin_registrations", lambda: [runners._cli.register])
    monkeypatch.delenv("HPOBENCH_STORAGE", raising=False)
    return _app.main


@pytest.fixture
def suite_file(tmp_path):
    path = tmp_path / "clidemo.toml"
    path.write_text(SUITE)
    return path


def test_dry_run_prints_the_plan_and_touches_no_storage(hpobench_main, suite_file, capsys):
    assert hpobench_main(["bench", "run", str(suite_file), "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 9
    assert lines[0].startswith("Branin|random|-|0  problem_seed=")
    assert lines[-1].startswith("8 runs of benchmark 'clidemo' on 2 problems; storage sqlite:///")
    assert not suite_file.with_suffix(".db").exists()


def test_run_resume_and_status(hpobench_main, suite_file, capsys):
    assert hpobench_main(["bench", "run", str(suite_file), "-q", "--only", "Branin|*"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("4 runs done, 0 failed, 0 already stored")
    url = f"sqlite:///{suite_file.with_suffix('.db')}"  # the default: next to the suite file
    assert len(list(iter_runs(url, "clidemo"))) == 4
    assert hpobench_main(["bench", "run", str(suite_file), "-q"]) == 0
    assert capsys.readouterr().out.startswith("4 runs done, 0 failed, 4 already stored")
    assert hpobench_main(["bench", "status", str(suite_file), "-f", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {(r["problem"], r["sampler"], r["done"], r["todo"]) for r in rows} == {
        ("Branin", "random", 2, 0),
        ("Branin", "tpe", 2, 0),
        ("Hartmann6", "random", 2, 0),
        ("Hartmann6", "tpe", 2, 0),
    }


def test_storage_option_and_status_of_an_empty_storage(
    hpobench_main, suite_file, capsys, tmp_path
):
    journal = str(tmp_path / "runs.log")
    assert hpobench_main(["bench", "status", str(suite_file), "--storage", journal]) == 0
    table = capsys.readouterr().out
    assert "todo" in table.splitlines()[0] and table.count("  2") >= 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (SUITE.replace("repeats = 2", "repeats = 0"), "repeats: must be an int >= 1"),
        (SUITE.replace('"tpe"', '"tpee"'), "unknown sampler 'tpee'"),
        ("name = [", "invalid TOML"),
    ],
)
def test_bad_suite_file_is_one_error_line(hpobench_main, tmp_path, capsys, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    assert hpobench_main(["bench", "run", str(path)]) != 0
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err
    assert err.startswith("hpobench: error: ")


def test_missing_suite_file(hpobench_main, tmp_path, capsys):
    assert hpobench_main(["bench", "run", str(tmp_path / "nope.toml")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_unreachable_storage_is_one_error_line(hpobench_main, suite_file, capsys):
    url = "postgresql+psycopg://me:secret@127.0.0.1:1/db"
    assert hpobench_main(["bench", "run", str(suite_file), "--storage", url]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("hpobench: error: cannot open storage postgresql+psycopg://me:***@")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--only", "Nothing|*"], "matches none of the 8 runs"),
        (["--n-jobs", "0"], "--n-jobs must be >= 1"),
        (["--scheduler", "tcp://x:1"], "--scheduler needs --backend dask"),
    ],
)
def test_usage_errors_exit_2(hpobench_main, suite_file, capsys, argv, message):
    assert hpobench_main(["bench", "run", str(suite_file), *argv]) == 2
    assert message in capsys.readouterr().err
