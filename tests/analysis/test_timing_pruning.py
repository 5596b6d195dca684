"""Timing tables, sampler-cost growth, worker scaling, pruning efficiency, false prunes."""

from __future__ import annotations

import math

import numpy as np
import pytest

import hpobench
from analysis import (
    false_prune_rate,
    load_benchmark,
    pruning_efficiency,
    sampler_cost_growth,
    timing_summary,
    worker_scaling,
)


def test_timing_summary_by_hand(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(
        storage,
        problem="P",
        method="A",
        repeat=0,
        values=[1.0, 2.0],
        timings=[(0.1, 1.0, 0.3), (0.2, 3.0, 0.4)],
    )
    make_run(
        storage,
        problem="P",
        method="A",
        repeat=1,
        values=[1.0, 2.0],
        timings=[(0.3, 2.0, 0.1), (0.4, 2.0, 0.2)],
    )
    table = timing_summary(load_benchmark(storage)).iloc[0]
    assert table["n_runs"] == 2 and table["n_trials"] == 4
    assert table["sampler_s_per_trial"] == pytest.approx((0.4 + 0.6 + 0.4 + 0.6) / 4)
    assert table["objective_s_per_trial"] == pytest.approx(8.0 / 4)
    assert table["sampler_share"] == pytest.approx(0.5 / 2.5)
    assert table["sampler_s_per_study"] == pytest.approx(1.0)
    # wall seconds are 10 and 11 (the fixture's totals): other = wall - 1 - 4.
    assert table["other_s_per_study"] == pytest.approx(5.5)


def test_sampler_cost_growth_finds_the_exponent(make_run):
    storage = hpobench.storages.InMemoryStorage()
    n = np.arange(1, 21)
    make_run(
        storage,
        problem="P",
        method="cubic",
        repeat=0,
        values=list(map(float, n)),
        timings=[(1e-6 * k**3, 0.1, 0.0) for k in n],
    )
    make_run(
        storage,
        problem="P",
        method="flat",
        repeat=0,
        values=list(map(float, n)),
        timings=[(1e-3, 0.1, 1e-3) for _ in n],
    )
    growth = sampler_cost_growth(load_benchmark(storage)).set_index("method")
    assert growth.loc["cubic", "exponent"] == pytest.approx(3.0)
    assert growth.loc["flat", "exponent"] == pytest.approx(0.0, abs=1e-9)
    assert growth.loc["cubic", "last_s"] == pytest.approx(1e-6 * 20**3)
    with pytest.raises(ValueError, match="by 'nope'"):
        sampler_cost_growth(load_benchmark(storage), by="nope")


def test_worker_scaling_speedup(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(storage, problem="P", method="A", repeat=0, values=[2.0, 1.0])  # wall 10
    make_run(
        storage,
        problem="P",
        method="A",
        repeat=1,
        values=[2.0, 1.0],
        extra={"workers": 4, "totals": {"wall_s": 2.5}},
    )
    summary, curves = worker_scaling(load_benchmark(storage), axis="trials")
    speedup = summary.set_index("workers")["speedup"]
    assert speedup[1] == 1.0 and speedup[4] == 4.0
    assert set(curves["workers"]) == {1, 4}


def _pruning_storage(make_run, baseline_pruner=None):
    storage = hpobench.storages.InMemoryStorage()
    full = [[3.0, 2.0, 1.0]] * 3
    for r in range(2):
        make_run(
            storage,
            problem="P",
            method="tpe",
            repeat=r,
            pruner=baseline_pruner,
            values=[4.0, 2.0, 1.0],
            f_star=0.0,
            steps=full,
            extra={"totals": {"wall_s": 8.0}},
        )
        make_run(
            storage,
            problem="P",
            method="tpe",
            repeat=r,
            pruner="median",
            values=[4.0, None, None, 1.5],
            states="CPPC",
            f_star=0.0,
            steps=[[9, 8, 4], [9], [9], [3, 2, 1.5]],
            params=[{"x": 4.0}, {"x": 0.5}, {"x": 3.0}, {"x": 1.5}],
            extra={"totals": {"wall_s": 6.0}},
        )
    return load_benchmark(storage, params=True)


def test_pruning_efficiency_against_the_unpruned_sampler(make_run):
    table = pruning_efficiency(_pruning_storage(make_run)).set_index("method")
    pruned = table.loc["tpe + median"]
    assert (pruned["sampler"], pruned["pruner"]) == ("tpe", "median")
    assert pruned["steps_consumed"] == 8 and table.loc["tpe", "steps_consumed"] == 9
    assert pruned["steps_saved"] == pytest.approx(1 - 8 / 9)
    assert pruned["seconds_saved"] == pytest.approx(0.25)
    assert pruned["regret_lost"] == pytest.approx(0.5)
    assert pruned["trials_ratio"] == pytest.approx(4 / 3)
    assert pruned["pruned_fraction"] == 0.5
    assert table.loc["tpe", "steps_saved"] == 0.0


def test_a_nop_pruner_is_the_baseline(make_run):
    # Suite files name their unpruned runs "nop" (pruning.toml): the same comparison holds.
    table = pruning_efficiency(_pruning_storage(make_run, "nop")).set_index("pruner")
    assert table.loc["median", "steps_saved"] == pytest.approx(1 - 8 / 9)
    assert table.loc["median", "regret_lost"] == pytest.approx(0.5)
    assert table.loc["nop", "steps_saved"] == 0.0


def test_false_prunes_with_a_given_final_value(make_run):
    data = _pruning_storage(make_run)
    result = false_prune_rate(data, lambda run, params: params["x"])
    rows = result.trials.query("run_id == 'toy::P|tpe|median|0'").set_index("number")
    # Trial 1 would reach 0.5 < incumbent 4 and < final 1.5; trial 2 reaches 3 < 4 only.
    assert rows.loc[1, ["beat_incumbent", "beat_final"]].tolist() == [True, True]
    assert rows.loc[2, ["beat_incumbent", "beat_final"]].tolist() == [True, False]
    summary = result.summary.set_index("method").loc["tpe + median"]
    assert (summary["n_pruned"], summary["false_prune_rate"], summary["lost_best_rate"]) == (
        4,
        1.0,
        0.5,
    )


def test_false_prunes_evaluate_the_suites_problem(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(
        storage,
        problem="Branin",
        method="rs",
        repeat=0,
        pruner="median",
        values=[5.0, None],
        states="CP",
        steps=[[5.0], [60.0]],
        params=[{"x0": 0.0, "x1": 0.0}, {"x0": math.pi, "x1": 2.275}],
    )
    result = false_prune_rate(load_benchmark(storage, params=True))
    row = result.trials.iloc[0]
    assert row["final_value"] == pytest.approx(0.397887, abs=1e-6)
    assert row["beat_incumbent"] and row["beat_final"]


def test_false_prunes_need_params(toy_storage):
    with pytest.raises(ValueError, match="params=True"):
        false_prune_rate(load_benchmark(toy_storage))
