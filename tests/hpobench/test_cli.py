"""The ``hpobench`` entry point: --version, --help and the README's ``example``.

The commands have their own tests in ``tests/hpobench/cli/``.
"""

from __future__ import annotations

import subprocess
import sys

import hpobench
from hpobench.cli import build_parser, main


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"hpobench {hpobench.__version__}"


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    out = capsys.readouterr().out
    assert "usage: hpobench" in out
    for command in ("create-study", "studies", "trials", "ask", "tell", "storage", "example"):
        assert command in out


def test_every_command_has_help(capsys):
    commands = [
        ["create-study"],
        ["delete-study"],
        ["studies"],
        ["study-names"],
        ["trials"],
        ["best-trial"],
        ["best-trials"],
        ["ask"],
        ["tell"],
        ["example"],
        ["study", "set-user-attr"],
        ["study", "optimize"],
        ["storage", "upgrade"],
    ]
    for command in commands:
        assert main([*command, "--help"]) == 0
        assert f"usage: hpobench {' '.join(command)}" in capsys.readouterr().out


def test_build_parser_returns_the_parser():
    args = build_parser().parse_args(["studies", "-f", "json"])
    assert args.format == "json"


def test_example_prints_the_best_trial_and_keeps_the_study(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["example", "--n-trials", "30", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "Ran 30 trials" in out and "sqlite:///hpobench-example.db has 30." in out
    assert "Best trial: number" in out
    assert (tmp_path / "hpobench-example.db").exists()
    assert main(["example", "--n-trials", "5"]) == 0
    assert "Ran 5 trials" in capsys.readouterr().out


def test_example_with_the_grid_sampler_on_a_given_storage(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'grid.db'}"
    assert main(["example", "--sampler", "grid", "--n-trials", "1000", "--storage", url]) == 0
    assert "Ran 41 trials" in capsys.readouterr().out


def test_module_entry_point(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "hpobench", "example", "--n-trials", "5"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert "Ran 5 trials" in result.stdout
