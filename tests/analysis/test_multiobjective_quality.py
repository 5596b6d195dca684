"""Hypervolume, IGD+ and attainment surfaces, checked against moocore."""

from __future__ import annotations

import math

import numpy as np
import pytest

import hpobench
from analysis import (
    attainment_surface,
    attainment_surfaces,
    hypervolume_curves,
    igd_plus,
    load_benchmark,
    multiobjective_quality,
)

moocore = pytest.importorskip("moocore")

RNG = np.random.default_rng(7)
RUNS = [RNG.uniform(0, 1, (12, 2)) for _ in range(4)]


@pytest.fixture
def mo_data(make_run):
    storage = hpobench.storages.InMemoryStorage()
    for r, points in enumerate(RUNS):
        make_run(
            storage,
            problem="Toy2",
            method="A",
            repeat=r,
            values=[tuple(p) for p in points],
            direction=["minimize", "minimize"],
        )
    return load_benchmark(storage)


def test_hypervolume_equals_moocores(mo_data):
    reference = {"Toy2": [1.1, 1.1]}
    result = multiobjective_quality(mo_data, reference=reference)
    for row in result.runs.itertuples():
        expected = moocore.hypervolume(RUNS[row.repeat], ref=[1.1, 1.1])
        assert row.hypervolume == pytest.approx(expected)


def test_igd_plus_equals_moocores(mo_data):
    front = np.column_stack([np.linspace(0, 1, 50), 1 - np.linspace(0, 1, 50)]) * 0.2
    result = multiobjective_quality(mo_data, reference={"Toy2": [2, 2]}, fronts={"Toy2": front})
    for row in result.runs.itertuples():
        assert row.igd_plus == pytest.approx(moocore.igd_plus(RUNS[row.repeat], ref=front))
    assert igd_plus([[1.0, 2.0], [2.0, 1.0]], [[0.5, 1.5], [1.5, 0.5]]) == pytest.approx(
        moocore.igd_plus(
            np.array([[1.0, 2.0], [2.0, 1.0]]), ref=np.array([[0.5, 1.5], [1.5, 0.5]])
        )
    )


def test_unknown_problem_gets_an_observed_reference_point_and_no_igd(mo_data):
    result = multiobjective_quality(mo_data)
    seen = np.vstack(RUNS)
    expected = seen.max(axis=0) + 0.1 * (seen.max(axis=0) - seen.min(axis=0))
    np.testing.assert_allclose(result.reference_points["Toy2"], expected)
    assert result.runs["igd_plus"].isna().all()
    assert any("reference point" in n for n in result.notes)
    assert any("IGD+ is NaN" in n for n in result.notes)


def test_maximised_objectives_are_negated(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(
        storage,
        problem="Toy2",
        method="A",
        repeat=0,
        values=[(1.0, 3.0), (2.0, 4.0)],
        direction=["minimize", "maximize"],
    )
    result = multiobjective_quality(load_benchmark(storage), reference={"Toy2": [3.0, 0.0]})
    # losses (1, -3) and (2, -4): HV w.r.t. (3, 0) = 2*3 + 1*1 = 7.
    assert result.runs["hypervolume"].iloc[0] == pytest.approx(7.0)


def test_hypervolume_over_trials_grows_to_the_final_value(mo_data):
    curves = hypervolume_curves(mo_data, reference={"Toy2": [1.1, 1.1]})
    for repeat, block in curves.groupby("repeat"):
        values = block["hypervolume"].to_numpy()
        assert np.all(np.diff(values) >= -1e-12)
        assert values[-1] == pytest.approx(moocore.hypervolume(RUNS[repeat], ref=[1.1, 1.1]))
        for i in (1, 5, 9):
            prefix = RUNS[repeat][:i]
            assert values[i - 1] == pytest.approx(moocore.hypervolume(prefix, ref=[1.1, 1.1]))


@pytest.mark.parametrize("percentile", [0, 25, 50, 75, 100])
def test_attainment_surfaces_equal_moocores_eaf(mo_data, percentile):
    ours = attainment_surfaces(mo_data, percentiles=[percentile])
    points = np.vstack(RUNS)
    sets = np.repeat(np.arange(1, len(RUNS) + 1), [len(r) for r in RUNS])
    expected = moocore.eaf(points, sets, percentiles=[percentile])[:, :2]
    expected = expected[np.lexsort((expected[:, 1], expected[:, 0]))]
    np.testing.assert_allclose(ours[["f0", "f1"]].to_numpy(), expected)


def test_attainment_surface_checks_k():
    with pytest.raises(ValueError, match="k must be between 1 and"):
        attainment_surface([np.array([[1.0, 2.0]])], 2)
    assert igd_plus([[1.0, 1.0]], [[0.0, 0.0]]) == pytest.approx(math.sqrt(2))


def test_suites_problems_supply_the_reference_point_and_the_true_front(make_run):
    import suites

    problem = suites.get_problem("ZDT1(dim=5)")
    front = problem.pareto_front(5)
    storage = hpobench.storages.InMemoryStorage()
    make_run(
        storage,
        problem="ZDT1(dim=5)",
        method="A",
        repeat=0,
        values=[tuple(p) for p in front],
        direction=["minimize", "minimize"],
    )
    result = multiobjective_quality(load_benchmark(storage), n_front=5)
    np.testing.assert_allclose(result.reference_points["ZDT1(dim=5)"], problem.reference_point)
    row = result.runs.iloc[0]
    assert row["igd_plus"] == pytest.approx(0.0, abs=1e-12)
    assert row["hypervolume"] == pytest.approx(
        moocore.hypervolume(front, ref=problem.reference_point)
    )
    assert result.notes == ()
