"""The HTML report: every section present, and the numbers shown are the analysis' numbers."""

from __future__ import annotations

import json
import math
from collections import Counter
from html.parser import HTMLParser

import pytest
from report_pages import BENCHMARK, REPEATS, Page

import analysis
import hpobench
import reports

pytestmark = pytest.mark.filterwarnings("ignore::analysis.AnalysisWarning")

SECTIONS = [
    "setup",
    "summary",
    "ranks",
    "breakdowns",
    "anytime",
    "problems",
    "timing",
    "failures",
    "notes",
]


def close(shown: str, value: float) -> bool:
    """A cell shows ``value`` to its 4 significant digits (NaN as an empty cell)."""
    if shown == "":
        return math.isnan(value)
    return math.isclose(float(shown), value, rel_tol=1e-3, abs_tol=1e-12)


def test_every_section_is_present_and_in_the_contents(tiny_data, tiny_page: Page) -> None:
    assert tiny_page.sections == SECTIONS
    problems = [f"#problem-{i}" for i in range(len(tiny_data.problems))]
    at = SECTIONS.index("problems") + 1
    expected = [f"#{s}" for s in SECTIONS[:at]] + problems + [f"#{s}" for s in SECTIONS[at:]]
    links = [u for u in tiny_page.resource_urls if u.startswith("#")]
    assert links == expected
    assert {link[1:] for link in links} <= tiny_page.ids


def test_no_network_resource_is_referenced(tiny_page: Page) -> None:
    assert all(url.startswith("#") for url in tiny_page.resource_urls), tiny_page.resource_urls
    assert "link" not in tiny_page.tags and "iframe" not in tiny_page.tags


def test_plotly_is_inlined_once_and_every_figure_is_valid_json(tiny_page: Page) -> None:
    assert sum("Plotly" in s and len(s) > 1_000_000 for s in tiny_page.scripts) == 1
    figures = [s for s in tiny_page.scripts if s.startswith('{"data"')]
    assert len(figures) >= 4
    for text in figures:
        assert set(json.loads(text)) >= {"data", "layout"}
    figure_divs = {i for i in tiny_page.ids if i.startswith("fig-")}
    assert {"fig-cd", "fig-aggregate", "fig-ecdf", "fig-problem-0"} <= figure_divs
    assert len(figure_divs) == len(figures)


def test_win_tie_loss_counts_are_the_comparison_counts(tiny_data, tiny_page: Page) -> None:
    expected = analysis.compare_to_reference(tiny_data, "tpe").win_tie_loss()
    shown = {row["rival"]: row for row in tiny_page.rows("win-tie-loss")}
    assert sorted(shown) == sorted(expected.index)
    for rival, counts in expected.iterrows():
        assert {k: int(shown[rival][k]) for k in counts.index} == counts.to_dict()


def test_win_tie_loss_figure_has_the_same_counts(tiny_data, tiny_page: Page) -> None:
    expected = analysis.compare_to_reference(tiny_data, "tpe").win_tie_loss()
    figure = next(json.loads(s) for s in tiny_page.scripts if '"barmode":"stack"' in s)
    for trace in figure["data"]:
        shown = dict(zip(trace["y"], trace["x"]))
        assert shown == expected[trace["name"]].to_dict()


def test_leaderboard_shows_ranks_borda_firsts_and_scores(tiny_data, tiny_page: Page) -> None:
    friedman = analysis.friedman_test(tiny_data)
    kurobako = analysis.kurobako_ranking(tiny_data).overall
    scores = analysis.normalized_scores(tiny_data, "random").summary
    rows = {row["method"]: row for row in tiny_page.rows("leaderboard")}
    assert sorted(rows) == tiny_data.methods
    for method, row in rows.items():
        assert close(row["average_rank"], friedman.average_ranks[method])
        assert int(row["borda"]) == kurobako.loc[method, "borda"]
        assert int(row["firsts"]) == kurobako.loc[method, "firsts"]
        assert close(row["median_score"], scores.loc[method, "median_score"])


def test_critical_difference_and_pairwise_matrix(tiny_data, tiny_page: Page) -> None:
    friedman = analysis.friedman_test(tiny_data)
    ranks = {row["method"]: row["average_rank"] for row in tiny_page.rows("average-ranks")}
    assert {m: float(r) for m, r in ranks.items()} == pytest.approx(friedman.average_ranks, 1e-3)
    assert "cd-value" in tiny_page.ids
    pairwise = analysis.wilcoxon_pairwise(tiny_data)
    matrix = {row["method"]: row for row in tiny_page.rows("pairwise-matrix")}
    for test in pairwise.itertuples(index=False):
        shown = matrix[test.method_a][test.method_b]
        assert close(shown.rstrip("*"), test.pvalue_adjusted)
        assert shown.endswith("*") == (test.outcome == "a better")


def test_each_problem_has_its_table_with_medians_and_outcomes(tiny_data, tiny_page: Page) -> None:
    comparisons = analysis.compare_to_reference(tiny_data, "tpe").to_frame()
    runs = tiny_data.runs
    for index, problem in enumerate(tiny_data.problems):
        assert f"problem-{index}" in tiny_page.ids
        rows = {row["method"]: row for row in tiny_page.rows(f"table-problem-{index}")}
        for method, row in rows.items():
            values = runs[(runs["problem"] == problem) & (runs["method"] == method)]
            median = values["final_best"].median()
            assert close(row["median_final_best"], median)
            test = comparisons[
                (comparisons["problem"] == problem) & (comparisons["rival"] == method)
            ]
            assert row["outcome"] == (test["outcome"].iloc[0] if len(test) else "")


def test_best_configuration_is_the_best_trial(tiny_data, tiny_page: Page) -> None:
    problem = "Branin"
    index = tiny_data.problems.index(problem)
    trials = tiny_data.trials
    own = trials[(trials["problem"] == problem) & (trials["state"] == "COMPLETE")]
    best = own.loc[own["value"].idxmin()]
    params = tiny_data.params
    expected = params[(params["run_id"] == best["run_id"]) & (params["number"] == best["number"])]
    shown = {row["param"]: row["value"] for row in tiny_page.rows(f"best-problem-{index}-params")}
    assert sorted(shown) == sorted(expected["param"])
    for name, value in zip(expected["param"], expected["value"]):
        assert close(shown[name], value)


def test_timing_and_failures(tiny_data, tiny_page: Page) -> None:
    timing = analysis.timing_summary(tiny_data)
    rows = tiny_page.rows("timing-table")
    assert len(rows) == len(timing)
    for row in rows:
        want = timing[(timing["problem"] == row["problem"]) & (timing["method"] == row["method"])]
        assert close(row["sampler_s_per_trial"], want["sampler_s_per_trial"].iloc[0])
        assert int(row["n_runs"]) == want["n_runs"].iloc[0]
    per_method = analysis.timing_summary(tiny_data, by=("method",))
    figure = next(json.loads(s) for s in tiny_page.scripts if '"barmode":"group"' in s)
    sampler = dict(zip(figure["data"][0]["x"], figure["data"][0]["y"]))
    assert sampler == pytest.approx(
        dict(zip(per_method["method"], per_method["sampler_s_per_trial"]))
    )
    failed = tiny_page.rows("failed-runs")
    assert len(failed) == 3 * REPEATS
    assert all(row["status"] == "failed" for row in failed)
    assert {row["error"] for row in failed} == {"ValueError: Sphere needs dim, an int in 1..100."}
    assert "<h3>Errors</h3>" in tiny_page.source
    assert "Traceback (most recent call last)" in tiny_page.source


def test_setup_shows_seeds_and_provenance(tiny_data, tiny_page: Page) -> None:
    facts = dict(tiny_page.tables["setup-facts"])
    assert facts["benchmark"] == BENCHMARK
    assert "hpobench" in facts["versions"]
    assert facts["repeats per cell"] == str(REPEATS)
    seeds = {row["run_key"]: row for row in tiny_page.rows("seeds")}
    for run in tiny_data.runs.itertuples():
        assert int(seeds[run.run_key]["sampler_seed"]) == run.sampler_seed


def test_loaded_tables_render_without_provenance_or_reference(tiny_data) -> None:
    page = Page(reports.report_html(tiny_data, title="A & B"))
    assert "win-tie-loss" not in page.tables
    assert "setup-facts" in page.tables and "seeds" in page.tables
    assert page.sections[0] == "setup"


def test_studies_not_written_by_the_runner_render_too() -> None:
    storage = hpobench.storages.InMemoryStorage()
    for method, values in (("a", [3.0, 1.0]), ("b", [3.0, 2.0])):
        study = hpobench.create_study(study_name=f"plain::{method}", storage=storage)
        for value in values:
            study.add_trial(hpobench.create_trial(value=value))
    page = Page(reports.report_html(storage, benchmark="plain"))
    assert page.sections[:2] == ["setup", "summary"]
    assert {row["method"] for row in page.rows("leaderboard")} == {"plain::a", "plain::b"}


def test_an_empty_storage_is_refused() -> None:
    with pytest.raises(ValueError, match="no runs"):
        reports.report_html(hpobench.storages.InMemoryStorage())


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"reference": "nope"}, "nope"),
        ({"alpha": 1.5}, "alpha"),
        ({"score_baseline": "nope"}, "score_baseline 'nope'"),
        ({"benchmark": "other"}, "benchmark='other'"),
    ],
)
def test_bad_arguments_are_refused(tiny_data, kwargs, match) -> None:
    with pytest.raises(ValueError, match=match):
        reports.report_html(tiny_data, **kwargs)


def test_render_html_refuses_a_missing_folder(tiny_data, tmp_path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        reports.render_html(tiny_data, out=tmp_path / "missing" / "r.html")


def test_the_title_names_the_only_benchmark_stored(tiny_storage) -> None:
    data = analysis.load_benchmark(tiny_storage)  # no benchmark asked for
    page = reports.report_html(data)
    assert f"<title>Benchmark report: {BENCHMARK}</title>" in page


def test_every_element_id_is_unique(tiny_page: Page) -> None:
    # Parse the ids again with their multiplicity (Page keeps a set).
    counts: Counter[str] = Counter()

    class _Ids(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            counts.update(value for name, value in attrs if name == "id" and value)

    _Ids().feed(tiny_page.source)
    assert [ident for ident, n in counts.items() if n > 1] == []
