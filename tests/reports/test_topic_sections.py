"""The topic sections of the HTML report: pruning efficiency, worker scaling, multi-objective
quality, ML hyperparameter importances and breakdowns -- present where the benchmark has
them (with the analysis' numbers), left out with a note where it has not."""

from __future__ import annotations

import json
import math
import re

import pytest
from report_pages import Page
from topic_runs import CURVE, FRONT_PROBLEM, ML_TASKS, PRUNING, TOPICS

import analysis
from reports._render import Report, page_html

pytestmark = pytest.mark.filterwarnings("ignore::analysis.AnalysisWarning")


def close(shown: str, value: float) -> bool:
    """A cell shows ``value`` to its 4 significant digits (NaN as an empty cell)."""
    if shown == "":
        return math.isnan(value)
    return math.isclose(float(shown), value, rel_tol=1e-3, abs_tol=1e-12)


def figure(page: Page, ident: str) -> dict:
    """The plotly figure embedded for the div ``ident``."""
    found = re.search(rf'data-target="{re.escape(ident)}">(.*?)</script>', page.source, re.S)
    assert found, f"no figure {ident!r} in the page"
    return json.loads(found.group(1))


def medians(fig: dict) -> dict[str, list[float]]:
    """Each named line's y values (the bands are unnamed); JSON's null is NaN."""
    return {
        t["name"]: [math.nan if y is None else y for y in t["y"]]
        for t in fig["data"]
        if t.get("name")
    }


@pytest.fixture(scope="module")
def pruning_page(pruning_report: Report) -> Page:
    return Page(page_html(pruning_report))


@pytest.fixture(scope="module")
def topics_page(topics_report: Report) -> Page:
    return Page(page_html(topics_report))


@pytest.fixture(scope="module")
def pruning_data(topic_storage) -> analysis.BenchmarkData:
    return analysis.load_benchmark(topic_storage, PRUNING, params=True)


@pytest.fixture(scope="module")
def topics_data(topic_storage) -> analysis.BenchmarkData:
    return analysis.load_benchmark(topic_storage, TOPICS, params=True)


def test_sections_appear_where_the_benchmark_has_them(pruning_page, topics_page) -> None:
    assert pruning_page.sections == [
        "setup", "summary", "ranks", "anytime", "problems", "pruning", "timing", "notes",
    ]  # fmt: skip
    assert topics_page.sections == [
        "setup", "summary", "ranks", "breakdowns", "anytime", "problems", "multiobjective",
        "importance", "timing", "notes",
    ]  # fmt: skip


def test_left_out_sections_are_noted(pruning_report, topics_report) -> None:
    notes = "\n".join(pruning_report.content.notes)
    assert "multi-objective: left out, every problem has one objective" in notes
    assert "importances: left out, no single-objective ML tuning task" in notes
    assert "worker scaling: left out, every run used one worker" in notes
    assert "breakdowns: left out, no tag or dimension bucket splits" in notes
    notes = "\n".join(topics_report.content.notes)
    assert "pruning efficiency: left out, no single-objective run used a pruner" in notes


def test_pruning_table_is_the_efficiency_of_the_analysis(pruning_data, pruning_page) -> None:
    expected = analysis.pruning_efficiency(pruning_data).set_index("method")
    rows = {row["method"]: row for row in pruning_page.rows("pruning-table-0")}
    assert sorted(rows) == sorted(expected.index) and len(rows) == 2
    for method, row in rows.items():
        for column in ("steps_consumed", "n_trials", "pruned_fraction", "final_best",
                       "steps_saved", "regret_lost", "trials_ratio"):  # fmt: skip
            assert close(row[column], expected.loc[method, column]), (method, column)
    pruned = next(m for m in rows if "median" in m)
    assert float(rows[pruned]["steps_saved"]) > 0  # the pruner saved steps
    assert "pruning-0" in pruning_page.ids


def test_false_prune_rates_are_the_analysis_rates(pruning_data, pruning_page) -> None:
    expected = analysis.false_prune_rate(pruning_data).summary.set_index("method")
    rows = pruning_page.rows("false-prunes")
    assert [r["method"] for r in rows] == list(expected.index)
    for row in rows:
        assert row["problem"] == CURVE
        assert int(row["n_pruned"]) == expected.loc[row["method"], "n_pruned"]
        assert close(row["false_prune_rate"], expected.loc[row["method"], "false_prune_rate"])


def test_pruning_curves_are_best_values_against_steps(pruning_data, pruning_page) -> None:
    curves = analysis.anytime_curves(pruning_data, axis="steps")
    fig = figure(pruning_page, "fig-pruning-0")
    assert fig["layout"]["xaxis"]["title"]["text"] == "steps consumed"
    shown = medians(fig)
    for method, group in curves.groupby("method"):
        assert shown[method] == pytest.approx(group.sort_values("x")["median"].tolist())


def test_multiobjective_table_and_figures(topics_data, topics_page) -> None:
    quality = analysis.multiobjective_quality(topics_data)
    expected = analysis.multiobjective_table(quality).set_index("method")
    rows = topics_page.rows("mo-quality")
    assert {r["problem"] for r in rows} == {FRONT_PROBLEM} and len(rows) == 2
    for row in rows:
        for column in ("median_hypervolume", "q25_hypervolume", "median_igd_plus"):
            assert close(row[column], expected.loc[row["method"], column]), column
    assert float(rows[0]["median_hypervolume"]) > 0
    reference = dict(topics_page.rows("mo-ref")[0].items())
    assert [float(v) for v in reference["reference_point"].split(", ")] == pytest.approx(
        quality.reference_points[FRONT_PROBLEM]
    )
    hv = analysis.hypervolume_anytime(analysis.hypervolume_curves(topics_data))
    shown = medians(figure(topics_page, "fig-mo-hv-0"))
    for method, group in hv.groupby("method"):
        assert shown[method] == pytest.approx(group["median"].tolist())
    surfaces = analysis.attainment_surfaces(topics_data, percentiles=(0, 50))
    fronts = {t["name"]: t for t in figure(topics_page, "fig-mo-front-0")["data"]}
    for (method, percentile), group in surfaces.groupby(["method", "percentile"]):
        trace = fronts[f"{method} ({'best' if percentile == 0 else 'median'})"]
        assert trace["x"] == pytest.approx(group["f0"].tolist())
        assert trace["y"] == pytest.approx(group["f1"].tolist())


def test_importances_are_the_aggregated_fanova_of_the_ml_tasks(topics_data, topics_page):
    summary = analysis.importance_over_repeats(topics_data).summary
    assert sorted(summary["problem"].unique()) == sorted(ML_TASKS)
    for index, task in enumerate(sorted(ML_TASKS)):
        expected = summary[summary["problem"] == task].set_index("param")
        rows = topics_page.rows(f"importance-table-{index}")
        assert [r["param"] for r in rows] == list(expected.index)
        for row in rows:
            for column in ("mean", "std", "sem", "mean_rank", "top_share"):
                assert close(row[column], expected.loc[row["param"], column]), column
            assert int(row["n_runs"]) == expected.loc[row["param"], "n_runs"] == 4
        bars = figure(topics_page, f"fig-importance-{index}")["data"][0]
        assert dict(zip(bars["y"], bars["x"])) == pytest.approx(expected["mean"].to_dict())


def test_breakdowns_by_tag_and_dimension(topics_data, topics_page) -> None:
    comparison = analysis.compare_to_reference(topics_data, "random")
    kinds = {
        "tag": analysis.problem_strata(topics_data.problems, "tags"),
        "dimension": analysis.dimension_buckets(topics_data.problems),
    }
    for kind, strata in kinds.items():
        ranks = analysis.ranks_by_stratum(topics_data, strata)
        rows = {row["stratum"]: row for row in topics_page.rows(f"ranks-by-{kind}")}
        assert list(rows) == list(dict.fromkeys(ranks["stratum"]))
        for r in ranks.itertuples():
            assert close(rows[r.stratum][r.method], r.average_rank)
            assert int(rows[r.stratum]["n_problems"]) == r.n_problems
        verdicts = analysis.verdicts_by_stratum(comparison, strata)
        shown = topics_page.rows(f"verdicts-by-{kind}")
        assert [(r["stratum"], r["rival"], r["verdict"]) for r in shown] == list(
            zip(verdicts["stratum"], verdicts["rival"], verdicts["verdict"])
        )
        heat = figure(topics_page, f"fig-ranks-by-{kind}")["data"][0]
        assert heat["type"] == "heatmap" and len(heat["y"]) == len(rows)
    # One ML task of dimension 2 and one of dimension 6.
    assert set(rows) == {"dim 1-2", "dim 5-8"}


def test_worker_scaling_against_seconds_and_trials(scaling_storage, scaling_report) -> None:
    data = analysis.load_benchmark(scaling_storage)
    summary, by_seconds = analysis.worker_scaling(data)
    page = Page(page_html(scaling_report))
    assert "scaling" in page.sections
    rows = page.rows("worker-scaling")
    assert [int(r["workers"]) for r in rows] == summary["workers"].tolist() == [1, 2]
    for row, want in zip(rows, summary.itertuples()):
        assert close(row["median_final_best"], want.median_final_best)
        assert close(row["speedup"], want.speedup)
    shown = medians(figure(page, "fig-scaling-0-seconds"))
    assert sorted(shown) == ["random × 1 worker", "random × 2 workers"]
    for workers, group in by_seconds.groupby("workers"):
        name = f"random × {workers} worker{'s' if workers > 1 else ''}"
        assert shown[name] == pytest.approx(group["median"].tolist(), nan_ok=True)
    trials = figure(page, "fig-scaling-0-trials")
    assert trials["layout"]["xaxis"]["title"]["text"] == "trials"
