"""Anytime significance, portfolio contributions, regression diffs and stratified verdicts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import hpobench
from analysis import (
    anytime_significance,
    compare_to_reference,
    load_benchmark,
    portfolio_contributions,
    problem_strata,
    regression_diff,
    verdicts_by_stratum,
)


def runs_frame(cells, *, direction="minimize"):
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
                        "status": "done",
                        "direction": direction,
                        "n_objectives": 1,
                        "final_best": v,
                    }
                )
    return pd.DataFrame(rows)


@pytest.fixture
def crossing(make_run):
    """A is fast then stalls (ends at 5); B starts slow and ends at 1, over 6 repeats."""
    storage = hpobench.storages.InMemoryStorage()
    for r in range(6):
        make_run(
            storage,
            problem="P",
            method="A",
            repeat=r,
            values=[10.0 + r, 5.0 + 0.1 * r, 5.0, 5.0, 5.0, 5.0],
        )
        make_run(
            storage,
            problem="P",
            method="B",
            repeat=r,
            values=[30.0 + r, 20.0 + r, 9.0 + 0.1 * r, 1.0 + 0.1 * r, 1.0, 1.0],
        )
    return load_benchmark(storage)


def test_anytime_significance_finds_intervals_and_the_crossover(crossing):
    result = anytime_significance(crossing, "P", "A", "B")
    assert result.a_better == ((1.0, 3.0),)
    assert result.b_better == ((4.0, 6.0),)
    assert result.crossovers == (4.0,)
    first = result.curve.iloc[0]
    expected = stats.mannwhitneyu(np.arange(10.0, 16.0), np.arange(30.0, 36.0))
    assert first["pvalue"] == pytest.approx(expected.pvalue)
    assert first["a12"] == 1.0 and first["leader"] == "A"


def test_anytime_significance_names_what_is_missing(crossing):
    with pytest.raises(ValueError, match=r"problem 'Q'.*\['P'\]"):
        anytime_significance(crossing, "Q", "A", "B")
    with pytest.raises(ValueError, match=r"method 'C'.*\['A', 'B'\]"):
        anytime_significance(crossing, "P", "A", "C")


def test_portfolio_shapley_values_by_hand():
    cells = {
        "P1": {"A": [0.0], "B": [1.0], "C": [2.0]},
        "P2": {"A": [2.0], "B": [0.0], "C": [1.0]},
    }
    result = portfolio_contributions(runs_frame(cells))
    table = result.contributions
    assert result.value == 1.0
    assert table.loc["A", "alone"] == 0.5 and table.loc["B", "alone"] == 0.75
    assert table.loc["A", "marginal"] == 0.25 and table.loc["C", "marginal"] == 0.0
    np.testing.assert_allclose(table.loc[["A", "B", "C"], "shapley"], [0.375, 0.5, 0.125])
    assert table["shapley"].sum() == pytest.approx(result.value)
    assert result.virtual_best["best_method"].tolist() == ["A", "B"]
    with pytest.raises(ValueError, match="2 to 16 methods"):
        portfolio_contributions(runs_frame({"P": {"A": [1.0]}}))


def test_regression_diff_flags_worse_and_better_cells():
    old = runs_frame({"P": {"A": list(range(10)), "B": list(range(10)), "C": [1.0, 2.0]}})
    new = runs_frame({"P": {"A": list(range(20, 30)), "B": list(range(10)), "D": [1.0, 2.0]}})
    report = regression_diff(new, old)
    cells = report.cells.set_index("method")
    assert cells.loc["A", "change"] == "worse" and cells.loc["B", "change"] == "same"
    expected = stats.mannwhitneyu(np.arange(20, 30), np.arange(10)).pvalue
    assert cells.loc["A", "pvalue"] == pytest.approx(expected)
    assert cells.loc["A", "pvalue_adjusted"] == pytest.approx(min(1.0, 2 * expected))
    assert report.counts == {"better": 0, "worse": 1, "same": 1, "n/a": 0}
    assert report.added == (("P", "D"),) and report.removed == (("P", "C"),)
    better = regression_diff(old, new)
    assert better.cells.set_index("method").loc["A", "change"] == "better"


def test_verdicts_by_stratum_sign_test():
    rng = np.random.default_rng(3)
    cells = {
        f"P{i}": {"ref": list(rng.normal(0, 1, 8)), "x": list(rng.normal(5 if i < 6 else 0, 1, 8))}
        for i in range(8)
    }
    result = compare_to_reference(runs_frame(cells), "ref", alpha=0.01, correction=None)
    strata = {f"P{i}": "easy" if i < 6 else "hard" for i in range(8)}
    table = verdicts_by_stratum(result, strata).set_index("stratum")
    assert table.loc["easy", "win"] == 6 and table.loc["easy", "n_problems"] == 6
    assert table.loc["easy", "pvalue"] == pytest.approx(stats.binomtest(6, 6).pvalue)
    assert table.loc["easy", "verdict"] == "reference better"
    assert table.loc["hard", "verdict"] == "no clear difference"


def test_problem_strata_from_the_suites():
    strata = problem_strata(["Branin", "NotAProblem"], kind="dimension")
    assert strata.set_index("problem")["stratum"].to_dict() == {
        "Branin": "dim=2",
        "NotAProblem": "unknown",
    }
    tags = problem_strata(["Branin"])
    assert len(tags) >= 1 and not tags["stratum"].str.startswith("dim=").any()
    with pytest.raises(ValueError, match="kind must be"):
        problem_strata(["Branin"], kind="family")
