"""Anytime curves, runtime ECDFs and expected running times on crafted runs."""

from __future__ import annotations

import math

import numpy as np
import pytest

import hpobench
from analysis import (
    anytime_curves,
    expected_running_time,
    load_benchmark,
    log_targets,
    runtime_ecdf,
)


@pytest.fixture
def crafted(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(storage, problem="P", method="A", repeat=0, values=[10.0, 1.0, 0.1], f_star=0.0)
    make_run(storage, problem="P", method="A", repeat=1, values=[10.0, 10.0, 10.0], f_star=0.0)
    make_run(storage, problem="P", method="B", repeat=0, values=[0.5, 0.5, 0.01], f_star=0.0)
    make_run(storage, problem="Q", method="A", repeat=0, values=[3.0, 2.0, 1.0])  # no f*
    return load_benchmark(storage)


def test_curves_give_median_and_quartiles_per_trial(make_run):
    storage = hpobench.storages.InMemoryStorage()
    runs = [[5.0, 4.0, 3.0], [6.0, 2.0, 2.0], [9.0, 8.0, 1.0], [7.0, 7.0, 7.0]]
    for r, values in enumerate(runs):
        make_run(storage, problem="P", method="A", repeat=r, values=values)
    curves = anytime_curves(load_benchmark(storage))
    best = np.minimum.accumulate(np.array(runs), axis=1)
    assert curves["x"].tolist() == [1.0, 2.0, 3.0]
    np.testing.assert_allclose(curves["median"], np.median(best, axis=0))
    np.testing.assert_allclose(curves["lower"], np.quantile(best, 0.25, axis=0))
    np.testing.assert_allclose(curves["upper"], np.quantile(best, 0.75, axis=0))
    np.testing.assert_allclose(curves["mean"], best.mean(axis=0))
    assert curves["n_runs"].tolist() == [4, 4, 4]


def test_curves_carry_the_last_value_and_skip_before_the_first_complete(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(storage, problem="P", method="A", repeat=0, values=[None, 2.0], states="FC")
    make_run(storage, problem="P", method="A", repeat=1, values=[3.0, 1.0, 0.5, 0.2])
    curves = anytime_curves(load_benchmark(storage), grid=[1, 2, 4])
    assert curves["n_runs"].tolist() == [1, 2, 2]
    assert curves["median"].tolist() == [3.0, 1.5, 1.1]


def test_curves_against_steps_and_seconds(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(
        storage,
        problem="P",
        method="A",
        repeat=0,
        values=[4.0, None, 1.0],
        states="CPC",
        steps=[[9, 8, 4], [7], [3, 2, 1]],
        timings=[(1.0, 2.0, 0.0), (1.0, 1.0, 0.0), (1.0, 2.0, 0.0)],
    )
    data = load_benchmark(storage)
    steps = anytime_curves(data, axis="steps", grid=[3, 4, 6, 7])
    assert steps["median"].tolist() == [4.0, 4.0, 4.0, 1.0]
    seconds = anytime_curves(data, axis="seconds", grid=[2.9, 3.0, 5.0, 8.0])
    assert seconds["n_runs"].tolist() == [0, 1, 1, 1]
    assert seconds["median"].tolist()[1:] == [4.0, 4.0, 1.0]


def test_regret_curves_and_bad_arguments(crafted):
    curves = anytime_curves(crafted, y="regret").query("problem == 'P' and method == 'B'")
    assert curves["median"].tolist() == [0.5, 0.5, 0.01]
    with pytest.raises(ValueError, match="axis must be one of"):
        anytime_curves(crafted, axis="epochs")
    with pytest.raises(ValueError, match=r"by columns \['sampler_name'\]"):
        anytime_curves(crafted, by=["sampler_name"])
    with pytest.raises(ValueError, match="quantiles"):
        anytime_curves(crafted, quantiles=(0.9, 0.1))


def test_ecdf_on_a_crafted_case(crafted):
    ecdf = runtime_ecdf(crafted, targets=[1.0, 0.1])
    a = ecdf.curves.query("method == 'A'")
    # A: run 0 reaches 1 at trial 2 and 0.1 at trial 3; run 1 never: 4 (target, run) pairs.
    assert a["x"].tolist() == [1.0, 2.0, 3.0]
    assert a["fraction"].tolist() == [0.0, 0.25, 0.5]
    b = ecdf.curves.query("method == 'B'")
    assert b["fraction"].tolist() == [0.5, 0.5, 1.0]
    assert ecdf.area["B"] == pytest.approx(2 / 3) and ecdf.area["A"] == pytest.approx(0.25)
    assert ecdf.notes == ("Q: left out, it has no f_star",)


def test_log_targets_are_cocos():
    targets = log_targets()
    assert len(targets) == 51 and targets[0] == 100.0 and targets[-1] == pytest.approx(1e-8)
    np.testing.assert_allclose(np.diff(np.log10(targets)), -0.2)
    with pytest.raises(ValueError, match="0 < low < high"):
        log_targets(1.0, 2.0)


def test_expected_running_time_by_hand(crafted):
    ert = expected_running_time(crafted, [1.0, 0.1, 0.001]).set_index(["method", "target"])
    assert ert.loc[("A", 1.0), "ert"] == 5.0  # (2 + 3) / 1
    assert ert.loc[("A", 0.1), "ert"] == 6.0  # (3 + 3) / 1
    assert math.isinf(ert.loc[("A", 0.001), "ert"])
    assert ert.loc[("B", 1.0), "ert"] == 1.0
    assert ert.loc[("A", 1.0), "n_success"] == 1
    assert set(ert.reset_index()["problem"]) == {"P"}
