"""Remembered cell masses of discrete dimensions (GridMasses) and the joint categorical table."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hpobench.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from hpobench.samplers._tpe import _grid
from hpobench.samplers._tpe._factors import DiscreteFactor
from hpobench.samplers._tpe._parzen import ParzenEstimator, ParzenParameters
from hpobench.samplers._tpe._ratio import log_ratio
from hpobench.samplers._tpe._space import ModelSpace


@st.composite
def discrete_distributions(draw: st.DrawFn) -> FloatDistribution | IntDistribution:
    kind = draw(st.sampled_from(["int", "int_step", "int_log", "float_step"]))
    if kind == "int":
        low = draw(st.integers(-500, 500))
        return IntDistribution(low, low + draw(st.integers(1, 300)))
    if kind == "int_step":
        step = draw(st.integers(2, 9))
        low = draw(st.integers(-500, 500))
        return IntDistribution(low, low + step * draw(st.integers(1, 60)), step=step)
    if kind == "int_log":
        low = draw(st.integers(1, 50))
        return IntDistribution(low, low + draw(st.integers(1, 400)), log=True)
    step = draw(st.sampled_from([0.1, 0.25, 0.5, 3.0]))
    low = round(draw(st.integers(-40, 40)) * step, 6)
    return FloatDistribution(low, round(low + step * draw(st.integers(1, 80)), 6), step=step)


def _factors(space: ModelSpace, obs: np.ndarray, n_bad: int) -> tuple[DiscreteFactor, ...]:
    params = ParzenParameters()
    good = ParzenEstimator(space, obs[n_bad:], np.ones(len(obs) - n_bad), params)
    bad = ParzenEstimator(space, obs[:n_bad], np.linspace(0.1, 1.0, n_bad), params)
    return good._factors[0], bad._factors[0]  # type: ignore[return-value]


def _direct(f_good: DiscreteFactor, f_bad: DiscreteFactor, points: np.ndarray) -> np.ndarray:
    """The masses computed pair by pair, without the grid (the factors' own arithmetic)."""
    table = f_good.masses(f_good.cells(points[:, 0])[0])
    table_bad = f_bad.masses(f_good.cells(points[:, 0])[0])
    _, inverse = f_good.cells(points[:, 0])
    return np.concatenate([table.T, table_bad.T])[:, inverse]


@settings(max_examples=60, deadline=None)
@given(dist=discrete_distributions(), n=st.integers(2, 80), seed=st.integers(0, 2**16))
def test_remembered_masses_equal_the_direct_ones_bit_for_bit(dist, n, seed):
    space = ModelSpace([dist])
    rng = np.random.default_rng(seed)
    obs = space.from_unit(rng.random((n, 1)))
    points = space.from_unit(rng.random((24, 1)))
    f_good, f_bad = _factors(space, obs, n // 2 + 1)
    grid = space.grid_masses(0)
    assert grid is not None
    for _ in range(2):  # built, then remembered
        good, bad = f_good.joint_columns(f_bad, points)
        assert np.array_equal(np.concatenate([good, bad]), _direct(f_good, f_bad, points))


def test_values_off_the_grid_are_computed_directly():
    space = ModelSpace([IntDistribution(0, 10)])
    f_good, f_bad = _factors(space, np.array([[1.0], [2.0], [8.0], [9.0]]), 2)
    grid = space.grid_masses(0)
    parts = f_good._parts + f_bad._parts
    assert grid.columns(parts, np.array([2.5])) is None
    assert grid.columns(parts, np.array([11.0])) is None
    good, bad = f_good.joint_columns(f_bad, np.array([[2.5], [3.0]]))
    assert np.all(good > 0) and np.all(bad > 0)


def test_large_grids_are_not_remembered():
    space = ModelSpace([IntDistribution(0, _grid.MAX_GRID_VALUES), IntDistribution(0, 5)])
    assert space.grid_masses(0) is None
    assert space.grid_masses(1) is not None


def test_a_full_memory_is_cleared_and_refilled_with_the_same_masses(monkeypatch):
    monkeypatch.setattr(_grid, "_MAX_CELLS", 200)
    space = ModelSpace([IntDistribution(0, 20)])
    rng = np.random.default_rng(3)
    points = space.from_unit(rng.random((10, 1)))
    for n in (5, 9, 14, 20, 30):  # each fit brings new bandwidths, so new rows
        obs = space.from_unit(rng.random((n, 1)))
        f_good, f_bad = _factors(space, obs, n - 2)
        good, bad = f_good.joint_columns(f_bad, points)
        assert np.array_equal(np.concatenate([good, bad]), _direct(f_good, f_bad, points))
    assert space.grid_masses(0)._count * 21 <= 200 + 21 * (30 + 2)


def test_a_pickled_space_starts_with_an_empty_memory():
    space = ModelSpace([IntDistribution(0, 20)])
    f_good, f_bad = _factors(space, np.arange(8.0)[:, None], 4)
    f_good.joint_columns(f_bad, np.array([[3.0]]))
    copy = pickle.loads(pickle.dumps(space))
    grid = copy.grid_masses(0)
    assert grid._count == 1  # the prior's row only
    assert grid.columns(f_good._parts + f_bad._parts, np.array([3.0])) is not None


@pytest.mark.parametrize("choices", [[3, 4, 5], [70, 80]])
def test_categorical_dimensions_joint_or_not_give_the_log_ratio(choices):
    # Three small dimensions make one joint table of 4 * 5 * 6 kinds; 71 * 81 kinds
    # are more than are combined, so those dimensions are multiplied in one by one.
    dists = [IntDistribution(0, 30)] + [CategoricalDistribution(list(range(c))) for c in choices]
    space = ModelSpace(dists)
    rng = np.random.default_rng(1)

    def draw(n: int) -> np.ndarray:
        cats = [rng.integers(0, c, (n, 1)) for c in choices]
        return np.column_stack([space.from_unit(rng.random((n, 1)))[:, :1], *cats])

    params = ParzenParameters()
    good = ParzenEstimator(space, draw(6), np.ones(6), params)
    bad = ParzenEstimator(space, draw(50), rng.random(50) + 0.1, params)
    assert (good.categorical_kinds is None) == (choices == [70, 80])
    points = draw(24)
    expected = good.log_pdf(points) - bad.log_pdf(points)
    assert np.allclose(log_ratio(good, bad, points), expected, rtol=1e-10, atol=1e-10)


def test_spaces_holding_one_distribution_share_its_masses():
    dist = IntDistribution(-3, 40)
    first = ModelSpace([dist, CategoricalDistribution(["a", "b"])])
    second = ModelSpace([FloatDistribution(0, 1), IntDistribution(-3, 40)])
    assert first.grid_masses(0) is second.grid_masses(1)
    assert first.grid_masses(0) is not ModelSpace([IntDistribution(-3, 41)]).grid_masses(0)
