"""Importances of finished studies aggregated over repeats, and of the benchmark's factors."""

from __future__ import annotations

import numpy as np
import pytest

import hpobench
from analysis import factor_importance, importance_over_repeats, load_benchmark, study_of_run
from hpobench.importance import MeanDecreaseImpurityImportanceEvaluator


@pytest.fixture
def linear_runs(make_run):
    """y = 10 x + 0.1 z on three repeats of 30 trials each."""
    storage = hpobench.storages.InMemoryStorage()
    for r in range(3):
        rng = np.random.default_rng(r)
        points = [{"x": float(a), "z": float(b)} for a, b in rng.uniform(0, 1, (30, 2))]
        make_run(
            storage,
            problem="Lin",
            method="rs",
            repeat=r,
            params=points,
            values=[10 * p["x"] + 0.1 * p["z"] for p in points],
        )
    make_run(
        storage,
        problem="Lin",
        method="rs",
        repeat=3,
        values=[1.0, 2.0],
        params=[{"x": 0.1, "z": 0.2}, {"x": 0.3, "z": 0.4}],
    )
    return load_benchmark(storage, params=True)


def test_study_of_run_rebuilds_params_and_values(linear_runs):
    study = study_of_run(linear_runs, "toy::Lin|rs|-|0")
    assert len(study.trials) == 30
    first = study.trials[0]
    assert first.value == pytest.approx(10 * first.params["x"] + 0.1 * first.params["z"])


def test_importance_over_repeats_finds_the_dominant_parameter(linear_runs):
    result = importance_over_repeats(linear_runs)
    summary = result.summary.set_index("param")
    assert summary.loc["x", "mean"] > 0.9 and summary.loc["z", "mean"] < 0.1
    assert summary.loc["x", "n_runs"] == 3
    assert summary.loc["x", "mean_rank"] == 1.0 and summary.loc["x", "top_share"] == 1.0
    per_run = result.per_run.query("param == 'x'")
    assert summary.loc["x", "std"] == pytest.approx(per_run["importance"].std(ddof=1))
    assert result.notes == ("toy::Lin|rs|-|3: left out, 2 COMPLETE trial(s) < 5",)


def test_other_evaluators_and_grouping(linear_runs):
    result = importance_over_repeats(
        linear_runs,
        by=("problem", "method"),
        evaluator=MeanDecreaseImpurityImportanceEvaluator(seed=0),
    )
    top = result.summary.iloc[0]
    assert (top["problem"], top["method"], top["param"]) == ("Lin", "rs", "x")


def test_importance_needs_params(toy_storage):
    with pytest.raises(ValueError, match="params=True"):
        study_of_run(load_benchmark(toy_storage), "toy::P1|A|-|0")


def test_factor_importance_points_at_the_sampler(make_run):
    storage = hpobench.storages.InMemoryStorage()
    for problem in ("P", "Q"):
        for r in range(4):
            for sampler, base in (("good", 1.0), ("bad", 5.0)):
                for pruner in (None, "median"):
                    value = base + 0.01 * r
                    make_run(
                        storage,
                        problem=problem,
                        method=sampler,
                        repeat=r,
                        pruner=pruner,
                        values=[value],
                        f_star=0.0,
                    )
    result = factor_importance(load_benchmark(storage))
    assert result.importances["sampler"] > 0.8
    assert result.importances["pruner"] < 0.2
    with pytest.raises(ValueError, match=r"\['budget_kind'\]"):
        factor_importance(load_benchmark(storage), factors=["budget_kind"])
