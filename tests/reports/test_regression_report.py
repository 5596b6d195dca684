"""The regression section against a baseline result, its Markdown summary for CI, and the
options that name them (``--baseline STORAGE``, ``--markdown``, ``--score-baseline``)."""

from __future__ import annotations

import math

import pytest
from report_pages import BENCHMARK, PROBLEMS, Page, run_tiny
from topic_runs import run_baseline

import analysis
import reports
import reports._cli
import runners
from hpobench.cli import _app
from reports._render import markdown_text, page_html

pytestmark = pytest.mark.filterwarnings("ignore::analysis.AnalysisWarning")


def close(shown: str, value: float) -> bool:
    if shown == "":
        return math.isnan(value)
    return math.isclose(float(shown), value, rel_tol=1e-3, abs_tol=1e-12)


@pytest.fixture(scope="module")
def diff(tiny_data, baseline_storage) -> analysis.RegressionReport:
    baseline = analysis.load_benchmark(baseline_storage, BENCHMARK)
    return analysis.regression_diff(tiny_data, baseline)


@pytest.fixture(scope="module")
def page(regression_report) -> Page:
    return Page(page_html(regression_report))


def test_regression_section_follows_the_summary(page: Page) -> None:
    assert page.sections[:3] == ["setup", "summary", "regression"]


def test_every_cell_shows_the_regression_diff(diff, page: Page) -> None:
    rows = page.rows("regression-cells")
    expected = diff.cells
    assert [(r["problem"], r["method"]) for r in rows] == list(
        zip(expected["problem"], expected["method"])
    )
    for row, want in zip(rows, expected.itertuples()):
        assert row["change"] == want.change
        assert close(row["median_baseline"], want.median_baseline)
        assert close(row["median_current"], want.median_current)
        assert close(row["a12"], want.a12)
        assert close(row["pvalue_adjusted"], want.pvalue_adjusted)
    # The baseline's TPE ran 30 trials, the current one 10: it got significantly worse.
    assert diff.counts["worse"] >= 1
    changed = [(r["problem"], r["method"], r["change"]) for r in page.rows("regression-changed")]
    keys = expected[["problem", "method", "change"]]
    worse_first = [keys[keys["change"] == c] for c in ("worse", "better")]
    assert changed == [tuple(row) for frame in worse_first for row in frame.values]
    counts = page.source.split('id="regression-counts">')[1].split("<")[0]
    assert counts == ", ".join(f"{diff.counts[k]} {k}" for k in ("worse", "better", "same", "n/a"))


def test_cells_only_in_one_result_are_listed(diff, page: Page) -> None:
    added = [(r["problem"], r["method"]) for r in page.rows("regression-added")]
    assert added == list(diff.added) and ("Branin", "qmc") in added
    assert "regression-removed" not in page.tables and not diff.removed


def test_markdown_summary_names_what_changed(diff, regression_report) -> None:
    text = markdown_text(regression_report)
    lines = text.splitlines()
    assert lines[0] == f"# Benchmark report: {BENCHMARK}"
    assert "## Leaderboard" in lines and "## Regression against `InMemoryStorage`" in lines
    counts = ", ".join(f"{diff.counts[k]} {k}" for k in ("worse", "better", "same", "n/a"))
    assert f"**{counts}**" in text
    worse = diff.cells[diff.cells["change"] == "worse"]
    section = text.split("### Worse\n\n")[1].split("\n\n")[0].splitlines()
    assert section[0].startswith("| problem | method | median_baseline | median_current |")
    assert [row.split(" | ")[:2] for row in section[2:]] == [
        [f"| {p}", m] for p, m in zip(worse["problem"], worse["method"])
    ]
    assert ("### Better" in text) == (diff.counts["better"] > 0)
    assert "Only in the current result: Branin / qmc, GramacyToy / qmc." in text
    assert "failed run(s)" in text  # Sphere fails in every run of the tiny benchmark


def test_without_a_baseline_the_summary_says_so(tiny_data) -> None:
    text = reports.report_markdown(tiny_data)
    assert text.rstrip().endswith("No baseline given: no regression check.")


def test_a_method_name_as_baseline_points_to_score_baseline(tiny_data) -> None:
    with pytest.raises(ValueError, match="pass score_baseline='random'"):
        reports.report_html(tiny_data, baseline="random")


@pytest.fixture(scope="module")
def urls(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("regression")
    current, baseline = (f"sqlite:///{folder / name}" for name in ("new.db", "old.db"))
    run_tiny(current, [runners.ComponentSpec("random"), runners.ComponentSpec("tpe")], ["Branin"])
    run_baseline(baseline, BENCHMARK, PROBLEMS[:1])
    return current, baseline


@pytest.fixture
def only_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_app, "_plugin_registrations", lambda: [reports._cli.register])


def test_cli_writes_the_regression_and_the_markdown(urls, tmp_path, capsys, only_reports):
    current, baseline = urls
    html, markdown = tmp_path / "report.html", tmp_path / "summary.md"
    argv = ["--storage", current, "report", "--benchmark", BENCHMARK, "--out", str(html)]
    extra = ["--baseline", baseline, "--markdown", str(markdown), "--score-baseline", "tpe"]
    assert _app.main([*argv, *extra]) == 0
    assert capsys.readouterr().err.splitlines() == [f"wrote {html}", f"wrote {markdown}"]
    page = Page(html.read_text(encoding="utf-8"))
    assert "regression" in page.sections
    assert {r["method"] for r in page.rows("regression-cells")} == {"random", "tpe"}
    assert "tpe = 1" in page.source  # the normalised scores' baseline method
    text = markdown.read_text(encoding="utf-8")
    assert f"## Regression against `{baseline}`" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--baseline-benchmark", "x"], "--baseline-benchmark: only with --baseline"),
        (["--markdown", "OUT"], "is the --out file; give it its own name"),
        (["--score-baseline", "nope"], "score_baseline 'nope' is not a method"),
    ],
)
def test_bad_regression_options(urls, tmp_path, capsys, only_reports, extra, message) -> None:
    out = str(tmp_path / "report.html")
    extra = [out if e == "OUT" else e for e in extra]
    status = _app.main(["--storage", urls[0], "report", "--out", out, *extra])
    assert status != 0 and message in capsys.readouterr().err
