"""``hpobench analyze``, registered through the engine's plugin hook."""

from __future__ import annotations

import json

import pytest

import analysis._cli
import hpobench
from hpobench.cli import _app


@pytest.fixture(autouse=True)
def _plugin(monkeypatch):
    monkeypatch.setattr(_app, "_plugin_registrations", lambda: [analysis._cli.register])


@pytest.fixture
def bench_url(tmp_path, make_run):
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    storage = hpobench.storages.RDBStorage(url)
    for r in range(4):
        make_run(storage, problem="P1", method="A", repeat=r, values=[5.0, 1.0 + r], f_star=0.0)
        make_run(storage, problem="P1", method="B", repeat=r, values=[5.0, 10.0 + r], f_star=0.0)
        make_run(storage, problem="P2", method="A", repeat=r, values=[5.0, 2.0 + r])
        make_run(storage, problem="P2", method="B", repeat=r, values=[5.0, 2.5 + r])
    return url


def test_tables_are_printed(bench_url, capsys):
    assert (
        _app.main(
            [
                "analyze",
                "--storage",
                bench_url,
                "--reference",
                "A",
                "--alpha",
                "0.05",
                "--correction",
                "none",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    for section in ("# overview", "# win_tie_loss", "# ranks", "# timing"):
        assert section in out
    wtl = out.split("# win_tie_loss")[1].split("#")[0]
    assert "B" in wtl and "1" in wtl


def test_json_output_has_the_counts(bench_url, capsys):
    assert (
        _app.main(
            [
                "analyze",
                "--storage",
                bench_url,
                "--benchmark",
                "toy",
                "--reference",
                "A",
                "--correction",
                "none",
                "-f",
                "json",
            ]
        )
        == 0
    )
    payload = json.loads(capsys.readouterr().out)
    row = payload["win_tie_loss"][0]
    assert (row["rival"], row["win"], row["tie"], row["loss"]) == ("B", 1, 1, 0)
    assert {r["method"] for r in payload["ranks"]} == {"A", "B"}
    assert isinstance(payload["notes"], list)


def test_csv_section_and_baseline(bench_url, tmp_path, make_run, capsys):
    old = f"sqlite:///{tmp_path / 'old.db'}"
    storage = hpobench.storages.RDBStorage(old)
    for r in range(4):
        make_run(storage, problem="P1", method="A", repeat=r, values=[5.0, 1.0 + r])
        make_run(storage, problem="P1", method="B", repeat=r, values=[0.1, 0.2])
    assert (
        _app.main(
            [
                "analyze",
                "--storage",
                bench_url,
                "--baseline",
                old,
                "--section",
                "regression",
                "-f",
                "csv",
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    assert captured.out.startswith("# regression\nproblem,method,")
    assert ",worse" in captured.out
    assert "regression: better 0, worse 1" in captured.err


def test_errors_are_one_line(bench_url, capsys):
    assert _app.main(["analyze", "--storage", bench_url, "--reference", "tpe"]) == 1
    err = capsys.readouterr().err
    assert "reference 'tpe' is not a method" in err and "['A', 'B']" in err
    assert _app.main(["analyze", "--storage", bench_url, "--alpha", "2"]) == 2
    assert _app.main(["analyze", "--storage", bench_url, "--section", "plots"]) == 2
    assert "--section 'plots'" in capsys.readouterr().err
