"""Mann–Whitney comparisons against a reference, on hand-made runs with known answers."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analysis import PAPER_ALPHA, AnalysisWarning, compare_to_reference, load_benchmark


def runs_frame(cells, *, direction="minimize", status=None, f_star=math.nan):
    """cells: {problem: {method: [metric per repeat]}} -> a runs table."""
    rows = []
    for problem, methods in cells.items():
        for method, values in methods.items():
            for r, v in enumerate(values):
                rows.append(
                    {
                        "run_id": f"{problem}/{method}/{r}",
                        "problem": problem,
                        "method": method,
                        "repeat": r,
                        "status": (status or {}).get(method, "done"),
                        "direction": direction,
                        "n_objectives": 1,
                        "final_best": v,
                        "auc": v,
                        "f_star": f_star,
                        "regret": v - f_star,
                    }
                )
    return pd.DataFrame(rows)


RNG = np.random.default_rng(0)
CELLS = {
    f"P{i}": {
        "ref": RNG.normal(0, 1, 10),
        "x": RNG.normal(shift, 1, 10),
        "y": RNG.normal(-shift, 1, 10),
    }
    for i, shift in enumerate([0.0, 3.0, 0.5, 4.0])
}


def test_statistics_and_pvalues_equal_scipys():
    result = compare_to_reference(runs_frame(CELLS), "ref", correction=None)
    for c in result.comparisons:
        expected = stats.mannwhitneyu(CELLS[c.problem]["ref"], CELLS[c.problem][c.rival])
        assert c.statistic == pytest.approx(expected.statistic)
        assert c.pvalue == pytest.approx(expected.pvalue)
        assert c.pvalue_adjusted == pytest.approx(expected.pvalue)


def test_one_sided_pvalues_equal_scipys():
    result = compare_to_reference(runs_frame(CELLS), "ref", alternative="better", correction=None)
    for c in result.comparisons:
        expected = stats.mannwhitneyu(
            CELLS[c.problem]["ref"], CELLS[c.problem][c.rival], alternative="less"
        )
        assert c.pvalue == pytest.approx(expected.pvalue)
        assert c.outcome in ("win", "tie")


@pytest.mark.parametrize("correction", ["holm", "bonferroni", "sidak", "fdr_bh"])
def test_corrections_equal_statsmodels_per_rival(correction):
    result = compare_to_reference(runs_frame(CELLS), "ref", correction=correction)
    frame = result.to_frame()
    for _, rows in frame.groupby("rival"):
        expected = multipletests(rows["pvalue"], method=correction)[1]
        np.testing.assert_allclose(rows["pvalue_adjusted"], expected)


def test_win_tie_loss_by_hand():
    # P1 (x much worse, y much better), P3 (x worse, y better); P0, P2 too close to call.
    result = compare_to_reference(runs_frame(CELLS), "ref", alpha=0.01, correction=None)
    expected = {}
    for c in result.comparisons:
        p = stats.mannwhitneyu(CELLS[c.problem]["ref"], CELLS[c.problem][c.rival]).pvalue
        better = np.median(CELLS[c.problem]["ref"]) < np.median(CELLS[c.problem][c.rival])
        outcome = "tie" if p >= 0.01 else ("win" if better else "loss")
        expected.setdefault(c.rival, []).append(outcome)
        assert c.outcome == outcome
    table = result.win_tie_loss()
    for rival, outcomes in expected.items():
        assert table.loc[rival, "win"] == outcomes.count("win")
        assert table.loc[rival, "tie"] == outcomes.count("tie")
        assert table.loc[rival, "loss"] == outcomes.count("loss")
    assert table.loc["x", "win"] == 2 and table.loc["y", "loss"] == 2


def test_maximised_problems_flip_the_winner():
    cells = {"P": {"ref": [10.0, 11, 12, 13, 14], "x": [1.0, 2, 3, 4, 5]}}
    minimised = compare_to_reference(runs_frame(cells), "ref", correction=None)
    maximised = compare_to_reference(
        runs_frame(cells, direction="maximize"), "ref", correction=None
    )
    assert minimised.comparisons[0].outcome == "loss"
    assert maximised.comparisons[0].outcome == "win"
    assert maximised.comparisons[0].effect_size == 1.0


def test_effect_sizes_and_practical_equivalence():
    cells = {"P": {"ref": [1.0, 2, 3, 4], "x": [1.5, 2.5, 3.5, 4.5]}}
    a12 = compare_to_reference(runs_frame(cells), "ref").comparisons[0]
    # pairs with ref < x: 4 + 3 + 2 + 1 = 10 of 16.
    assert a12.effect_size == pytest.approx(10 / 16)
    assert a12.magnitude == "small" and not a12.equivalent
    r = compare_to_reference(runs_frame(cells), "ref", effect="rank_biserial", rope=0.2)
    assert r.comparisons[0].effect_size == pytest.approx(2 * 10 / 16 - 1)
    assert r.comparisons[0].equivalent


def test_paper_alpha_out_of_reach_warns_with_the_repeats_needed():
    cells = {"P": {"ref": [1.0, 2, 3, 4, 5], "x": [6.0, 7, 8, 9, 10]}}
    with pytest.warns(AnalysisWarning, match="at least 8 repeats"):
        result = compare_to_reference(runs_frame(cells), "ref", alpha=PAPER_ALPHA, correction=None)
    assert result.comparisons[0].outcome == "tie"
    assert any("smallest reachable p-value" in note for note in result.notes)


def test_enough_repeats_do_not_warn():
    cells = {"P": {"ref": list(range(8)), "x": list(range(10, 18))}}
    with warnings.catch_warnings():
        warnings.simplefilter("error", AnalysisWarning)
        result = compare_to_reference(runs_frame(cells), "ref", alpha=PAPER_ALPHA, correction=None)
    assert result.comparisons[0].outcome == "win"


def test_one_repeat_gives_nan_with_a_reason():
    result = compare_to_reference(runs_frame({"P": {"ref": [1.0], "x": [2.0]}}), "ref")
    c = result.comparisons[0]
    assert math.isnan(c.pvalue) and c.outcome == "n/a"
    assert "ref has 1 usable run(s) on P" in c.reason


def test_all_ties_is_a_tie_with_p_one():
    result = compare_to_reference(runs_frame({"P": {"ref": [1.0] * 4, "x": [1.0] * 4}}), "ref")
    c = result.comparisons[0]
    assert (c.pvalue, c.outcome, c.reason, c.effect_size) == (1.0, "tie", "all values equal", 0.5)


def test_a_method_with_only_failed_runs():
    runs = runs_frame({"P": {"ref": [1.0, 2, 3], "x": [np.nan] * 3}}, status={"x": "failed"})
    dropped = compare_to_reference(runs, "ref").comparisons[0]
    assert dropped.outcome == "n/a" and "3 failed run(s) left out" in dropped.reason
    worst = compare_to_reference(runs, "ref", failures="worst", alpha=0.2).comparisons[0]
    assert worst.n_rival == 3 and worst.outcome == "win"
    assert worst.median_rival == math.inf


def test_par_k_penalises_failures_from_the_finished_range():
    runs = runs_frame({"P": {"ref": [1.0, 3.0], "x": [2.0, np.nan]}}, status=None)
    runs.loc[runs["final_best"].isna(), "status"] = "failed"
    from analysis._metrics import collect

    losses = collect(runs, "final_best", "par10").frame.set_index("run_id")["loss"]
    # worst 3, best 1: 3 + 9 * (3 - 1) = 21.
    assert losses["P/x/1"] == 21.0


def test_problem_without_f_star_gives_nan_regret_with_a_reason():
    result = compare_to_reference(
        runs_frame({"P": {"ref": [1.0, 2], "x": [3.0, 4]}}), "ref", metric="regret"
    )
    assert "no f_star" in result.comparisons[0].reason


def test_unknown_names_list_what_is_there():
    runs = runs_frame({"P": {"ref": [1.0, 2], "x": [3.0, 4]}})
    with pytest.raises(ValueError, match=r"reference 'tpe'.*\['ref', 'x'\]"):
        compare_to_reference(runs, "tpe")
    with pytest.raises(ValueError, match=r"rival 'cma'.*\['ref', 'x'\]"):
        compare_to_reference(runs, "ref", rivals=["cma"])
    with pytest.raises(ValueError, match="metric 'nope'"):
        compare_to_reference(runs, "ref", metric="nope")
    with pytest.raises(ValueError, match="alternative"):
        compare_to_reference(runs, "ref", alternative="less")
    with pytest.raises(ValueError, match="alpha"):
        compare_to_reference(runs, "ref", alpha=0)
    with pytest.raises(ValueError, match="correction"):
        compare_to_reference(runs, "ref", correction="hommel!")
    with pytest.raises(ValueError, match="failures"):
        compare_to_reference(runs, "ref", failures="par0")


def test_on_a_loaded_benchmark(toy_storage):
    result = compare_to_reference(load_benchmark(toy_storage), "A", alpha=0.2, correction=None)
    table = result.win_tie_loss()
    assert table.loc["B"].tolist() == [2, 0, 0, 0]


def test_win_tie_loss_by_stratum():
    result = compare_to_reference(runs_frame(CELLS), "ref", alpha=0.01, correction=None)
    strata = pd.Series({"P0": "low", "P1": "high", "P2": "low", "P3": "high"})
    table = result.win_tie_loss(by=strata)
    assert table.loc[("high", "x"), "win"] == 2
    assert table.loc[("low", "x")].sum() == 2
