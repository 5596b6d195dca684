"""``hpobench bench ...``: the suites layer's commands, run in-process through the engine CLI."""

from __future__ import annotations

import json

import pytest

import suites
from hpobench.cli import _app


@pytest.fixture(autouse=True)
def _plugin_is_registered(monkeypatch):
    """Use this package's register() even if the entry point is not installed."""
    from suites import _cli

    monkeypatch.setattr(_app, "_plugin_registrations", lambda: [_cli.register])


def test_problems_as_json(capsys):
    assert _app.main(["bench", "problems", "--suite", "constrained", "-f", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["case_id"] for r in rows] == suites.list_problems("constrained")
    assert rows[0] == {
        "case_id": "GramacyToy",
        "dim": 2,
        "objectives": 1,
        "tags": ["constrained"],
        "f_star": suites.get_problem("GramacyToy").f_star,
    }


def test_problems_table_filtered_by_tags(capsys):
    assert _app.main(["bench", "problems", "--suite", "evalset56", "--tags", "noisy"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["case_id", "dim", "objectives", "tags", "f_star"]
    assert [line.split()[0] for line in lines[2:]] == ["Ackley(dim=11)", "Ackley(dim=3,res=1)"]


def test_problems_unknown_suite_is_a_usage_error(capsys):
    assert _app.main(["bench", "problems", "--suite", "nope"]) == 2
    expected = ", ".join(suites.list_problem_suites())
    assert f"--suite 'nope' is unknown; expected one of: {expected}" in capsys.readouterr().err


def test_suites_lists_problem_suites_and_files(capsys):
    assert _app.main(["bench", "suites"]) == 0
    out = capsys.readouterr().out
    assert "problem suite  evalset56 (56 problems)" in out
    assert "suite file     quickstart" in out


def test_validate_a_good_file(capsys):
    assert _app.main(["bench", "validate", "quickstart"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{suites._suite_file.FILES_DIR / 'quickstart.toml'}: valid suite")
    assert "samplers: random, tpe, tpe-cmaes, gp" in out
    assert "runs:     60" in out


def test_validate_a_bad_file_prints_every_error(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text('repeats = 0\n[budget]\ntrials = 5\n[problems]\nids = ["Nope"]\n')
    assert _app.main(["bench", "validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"3 error(s) in {path}:")
    assert f"{path}:1: repeats: must be an int >= 1; got 0" in err
    assert f"{path}:5: problems.ids[0]: unknown family 'Nope'" in err
    assert f"{path}: samplers: missing" in err


def test_validate_a_missing_file(capsys):
    assert _app.main(["bench", "validate", "no/such.toml"]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_the_entry_point_is_declared():
    import importlib.metadata

    names = [e.value for e in importlib.metadata.entry_points(group=_app.PLUGIN_GROUP)]
    assert "suites._cli:register" in names
