"""Rankings across problems: Friedman + Nemenyi, Wilcoxon–Holm, kurobako, bayesmark scores."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analysis import (
    critical_difference,
    friedman_test,
    kurobako_alpha,
    kurobako_ranking,
    nemenyi_q,
    normalized_scores,
    wilcoxon_pairwise,
)


def runs_frame(table, *, repeats=1, f_star=math.nan, f_ref=math.nan, direction="minimize"):
    """table: {problem: {method: value or [values]}} -> runs."""
    rows = []
    for problem, methods in table.items():
        for method, values in methods.items():
            values = values if isinstance(values, list) else [values] * repeats
            for r, v in enumerate(values):
                rows.append(
                    {
                        "run_id": f"{problem}/{method}/{r}",
                        "problem": problem,
                        "method": method,
                        "repeat": r,
                        "status": "done",
                        "direction": direction,
                        "n_objectives": 1,
                        "final_best": v,
                        "auc": v,
                        "f_star": f_star,
                        "f_ref": f_ref,
                    }
                )
    return pd.DataFrame(rows)


RNG = np.random.default_rng(1)
MATRIX = {
    f"P{i}": {"A": RNG.normal(0), "B": RNG.normal(0.5), "C": RNG.normal(1.0), "D": RNG.normal(1.5)}
    for i in range(12)
}


def test_friedman_equals_scipys():
    result = friedman_test(runs_frame(MATRIX))
    columns = [[MATRIX[p][m] for p in MATRIX] for m in "ABCD"]
    expected = stats.friedmanchisquare(*columns)
    assert result.statistic == pytest.approx(expected.statistic)
    assert result.pvalue == pytest.approx(expected.pvalue)
    ranks = np.array([stats.rankdata([MATRIX[p][m] for m in "ABCD"]) for p in MATRIX])
    for m, r in zip("ABCD", ranks.mean(axis=0)):
        assert result.average_ranks[m] == pytest.approx(r)
    assert (result.n_problems, result.n_methods) == (12, 4)


@pytest.mark.parametrize(
    ("k", "table"),
    [
        (2, 1.960),
        (3, 2.343),
        (4, 2.569),
        (5, 2.728),
        (6, 2.850),
        (7, 2.949),
        (8, 3.031),
        (10, 3.164),
    ],
)
def test_nemenyi_q_matches_demsars_table(k, table):
    assert nemenyi_q(k, 0.05) == pytest.approx(table, abs=1e-3)


def test_critical_difference_is_the_textbook_formula():
    result = friedman_test(runs_frame(MATRIX))
    assert result.critical_difference == pytest.approx(
        2.569 * math.sqrt(4 * 5 / (6 * 12)), abs=1e-3
    )
    assert critical_difference(5, 30, 0.1) == pytest.approx(
        nemenyi_q(5, 0.1) * math.sqrt(5 * 6 / 180)
    )


def test_cliques_group_methods_within_one_critical_difference():
    table = {f"P{i}": {"A": 1.0, "B": 2.0, "C": 3.0 + (i % 2) * 0.0, "D": 4.0} for i in range(6)}
    table["P0"]["B"], table["P0"]["A"] = 1.0, 2.0  # A 1.17, B 1.83, C 3, D 4
    result = friedman_test(runs_frame(table))
    ranks = result.average_ranks
    for group in result.cliques:
        assert ranks[group[-1]] - ranks[group[0]] <= result.critical_difference
    assert ("A", "B") in [g[:2] for g in result.cliques]


def test_friedman_refuses_two_methods_and_drops_incomplete_problems():
    two = runs_frame({"P1": {"A": 1.0, "B": 2.0}, "P2": {"A": 1.0, "B": 2.0}})
    with pytest.raises(ValueError, match="at least 3 methods.*wilcoxon_pairwise"):
        friedman_test(two)
    gap = dict(MATRIX)
    gap["P99"] = {"A": 1.0, "B": 2.0}
    result = friedman_test(runs_frame(gap))
    assert result.n_problems == 12
    assert any("P99" in note and "'C'" in note for note in result.notes)


def test_wilcoxon_pairwise_equals_scipy_and_statsmodels():
    frame = wilcoxon_pairwise(runs_frame(MATRIX))
    pvalues = []
    for row in frame.itertuples():
        x = np.array([MATRIX[p][row.method_a] for p in MATRIX])
        y = np.array([MATRIX[p][row.method_b] for p in MATRIX])
        expected = stats.wilcoxon(x - y)
        assert row.statistic == pytest.approx(expected.statistic)
        assert row.pvalue == pytest.approx(expected.pvalue)
        assert row.wins_a == int((x < y).sum())
        pvalues.append(expected.pvalue)
    np.testing.assert_allclose(frame["pvalue_adjusted"], multipletests(pvalues, method="holm")[1])
    assert len(frame) == 6


def test_wilcoxon_with_identical_methods_is_na_with_a_reason():
    frame = wilcoxon_pairwise(runs_frame({"P1": {"A": 1.0, "B": 1.0}, "P2": {"A": 2.0, "B": 2.0}}))
    assert frame.loc[0, "outcome"] == "n/a"
    assert "zero" in frame.loc[0, "reason"]


def test_kurobako_alpha_ladder():
    assert [kurobako_alpha(k) for k in (2, 3, 4, 5, 6, 7, 10)] == [
        0.025,
        0.01,
        0.0075,
        0.005,
        0.0025,
        0.001,
        0.001,
    ]
    for k in range(2, 30):
        pairs = math.comb(k, 2)
        assert 1 - (1 - kurobako_alpha(k)) ** pairs < 0.05
    with pytest.raises(ValueError, match="n_methods"):
        kurobako_alpha(1)


def test_kurobako_borda_and_firsts_by_hand():
    lo, mid, hi = list(range(0, 10)), list(range(20, 30)), list(range(40, 50))
    table = {
        "P1": {"A": lo, "B": mid, "C": hi},  # A beats B, C; B beats C
        "P2": {"A": mid, "B": lo, "C": mid},  # B beats A, C; A ~ C
    }
    result = kurobako_ranking(runs_frame(table))
    assert result.alpha == 0.01
    overall = result.overall
    assert overall.loc["A", "borda"] == 2 and overall.loc["B", "borda"] == 3
    assert overall.loc["C", "borda"] == 0
    assert overall.loc["A", "firsts"] == 1 and overall.loc["B", "firsts"] == 1
    ranks = result.per_problem.set_index(["problem", "method"])["rank"]
    assert ranks[("P1", "C")] == 3 and ranks[("P2", "A")] == 2 and ranks[("P2", "C")] == 2


def test_kurobako_falls_back_to_the_next_metric():
    runs = runs_frame({"P": {"A": [1.0] * 8, "B": [1.0] * 8}})
    runs["auc"] = list(range(8)) + list(range(10, 18))
    result = kurobako_ranking(runs)
    assert result.overall.loc["A", "borda"] == 1
    only_best = kurobako_ranking(runs, metrics=["final_best"])
    assert only_best.overall["borda"].sum() == 0


def test_normalized_scores_by_hand():
    table = {"P": {"rand": [2.0, 4.0, 6.0], "tpe": [1.0, 2.0, 3.0], "bad": [4.0, 8.0, 12.0]}}
    result = normalized_scores(runs_frame(table, f_star=0.0, f_ref=8.0), "rand")
    scores = result.per_problem.set_index("method")
    assert scores.loc["rand", "median_score"] == 1.0
    assert scores.loc["tpe", "median_score"] == 0.5
    assert scores.loc["tpe", "mean_score"] == pytest.approx(np.mean([0.25, 0.5, 0.75]))
    # bad's 12 is clipped at f_ref's score 8 / 4 = 2: mean of 1, 2, 2.
    assert scores.loc["bad", "mean_score"] == pytest.approx(5 / 3)
    assert list(result.summary.index) == ["tpe", "rand", "bad"]


def test_normalized_scores_without_f_star_use_the_best_seen_and_maximise():
    table = {"P": {"rand": [2.0, 4.0, 6.0], "tpe": [6.0, 8.0, 10.0]}}
    result = normalized_scores(runs_frame(table, direction="maximize"), "rand")
    scores = result.per_problem.set_index("method")
    # losses: rand -2, -4, -6 (median -4); tpe best -10 = opt -> tpe median (-8 + 10) / 6.
    assert scores.loc["tpe", "median_score"] == pytest.approx(2 / 6)
    with pytest.raises(ValueError, match=r"baseline 'random'.*\['rand', 'tpe'\]"):
        normalized_scores(runs_frame(table), "random")
