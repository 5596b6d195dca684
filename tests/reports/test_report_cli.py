"""``hpobench report``, found by the engine's command line as an upper-layer command."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_pages import BENCHMARK, Page, run_tiny

import reports._cli
import runners
from hpobench.cli import _app


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'bench.db'}"
    run_tiny(url, [runners.ComponentSpec("random"), runners.ComponentSpec("tpe")], ["Branin"])
    return url


@pytest.fixture(autouse=True)
def _only_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_app, "_plugin_registrations", lambda: [reports._cli.register])


def test_report_writes_the_html_file(sqlite_url: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "report.html"
    argv = ["--storage", sqlite_url, "report", "--benchmark", BENCHMARK, "--out", str(out)]
    assert _app.main([*argv, "--reference", "tpe", "--alpha", "0.1"]) == 0
    assert f"wrote {out}" in capsys.readouterr().err
    page = Page(out.read_text(encoding="utf-8"))
    assert "summary" in page.sections and "win-tie-loss" in page.tables
    assert "significance level" in dict(page.tables["setup-facts"])
    assert dict(page.tables["setup-facts"])["significance level"].startswith("0.1 ")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--reference", "nope"], "nope"),
        (["--alpha", "2"], "must be a number in (0, 1)"),
    ],
)
def test_bad_options_give_one_error_line(sqlite_url, tmp_path, capsys, extra, message) -> None:
    out = tmp_path / "report.html"
    status = _app.main(["--storage", sqlite_url, "report", "--out", str(out), *extra])
    err = capsys.readouterr().err
    assert status != 0 and message in err
    assert not out.exists()


def test_report_is_listed_in_the_help(capsys) -> None:
    assert _app.main(["--help"]) == 0
    assert "report" in capsys.readouterr().out


def test_two_methods_give_the_friedman_reason_once(sqlite_url: str) -> None:
    import analysis
    from reports._content import gather

    content = gather(analysis.load_benchmark(sqlite_url, BENCHMARK))
    about_friedman = [note for note in content.notes if "friedman_test needs" in note]
    assert len(about_friedman) == 1, content.notes
    assert content.friedman is None
