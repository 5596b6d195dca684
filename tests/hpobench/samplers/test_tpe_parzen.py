from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.samplers._tpe._kernels import (
    bandwidths,
    bandwidths_and_pairs,
    log_cell_mass,
    log_normalizer,
    logsumexp,
)
from hpobench.samplers._tpe._parzen import ParzenEstimator, ParzenParameters
from hpobench.samplers._tpe._ratio import log_ratio
from hpobench.samplers._tpe._space import ModelSpace
from hpobench.testing.samplers import assert_in_distribution


@st.composite
def distributions(draw: st.DrawFn) -> BaseDistribution:
    """Distributions of every kind with ranges a test can integrate over."""
    kind = draw(st.sampled_from(["float", "float_log", "float_step", "int", "int_log", "cat"]))
    if kind == "float":
        low = draw(st.floats(-1e3, 1e3))
        return FloatDistribution(low, low + draw(st.floats(1e-3, 1e3)))
    if kind == "float_log":
        low = draw(st.floats(1e-4, 10.0))
        return FloatDistribution(low, low * draw(st.floats(1.5, 1e5)), log=True)
    if kind == "float_step":
        step = draw(st.sampled_from([0.1, 0.25, 1.0, 3.0]))
        low = draw(st.integers(-100, 100)) * step
        return FloatDistribution(low, low + step * draw(st.integers(1, 60)), step=step)
    if kind == "int":
        step = draw(st.integers(1, 7))
        low = draw(st.integers(-1000, 1000))
        return IntDistribution(low, low + step * draw(st.integers(1, 60)), step=step)
    if kind == "int_log":
        low = draw(st.integers(1, 100))
        return IntDistribution(low, low + draw(st.integers(1, 2000)), log=True)
    return CategoricalDistribution(list(range(draw(st.integers(2, 60)))))


def _grid(dist: BaseDistribution) -> np.ndarray:
    if isinstance(dist, CategoricalDistribution):
        return np.arange(len(dist.choices), dtype=float)
    step = dist.step  # type: ignore[attr-defined]
    n = round((dist.high - dist.low) / step)  # type: ignore[attr-defined]
    return dist.low + step * np.arange(n + 1)  # type: ignore[attr-defined]


def _observations(dist: BaseDistribution, rng: np.random.Generator, n: int) -> np.ndarray:
    space = ModelSpace([dist])
    u = rng.random((n, 1))
    if isinstance(dist, CategoricalDistribution):
        return np.floor(u * len(dist.choices))
    return space.from_unit(u)


def _total_mass(pe: ParzenEstimator, dist: BaseDistribution, independent: bool) -> float:
    def density(x: float) -> float:
        return float(np.exp(pe.log_pdf(np.array([[x]]), independent=independent)).ravel()[0])

    if isinstance(dist, CategoricalDistribution) or pe.space.discrete.any():
        grid = _grid(dist)
        return float(np.exp(pe.log_pdf(grid[:, None], independent=independent)).sum())
    if dist.log:  # type: ignore[attr-defined]
        lo, hi = np.log(dist.low), np.log(dist.high)  # type: ignore[attr-defined]
        kernel_points = np.log(pe.space.low[0]) + pe.mu[:, 0] * (hi - lo)
        value, _ = integrate.quad(
            lambda t: density(np.exp(t)) * np.exp(t), lo, hi, points=kernel_points, limit=400
        )
        return value
    lo, hi = dist.low, dist.high  # type: ignore[attr-defined]
    points = lo + pe.mu[:, 0] * (hi - lo)
    value, _ = integrate.quad(density, lo, hi, points=points, limit=400)
    return value


@settings(max_examples=40, deadline=None)
@given(
    dist=distributions(),
    n=st.integers(0, 12),
    seed=st.integers(0, 2**16),
    independent=st.booleans(),
    prior=st.booleans(),
    endpoints=st.booleans(),
)
def test_density_integrates_to_one_and_samples_stay_in_range(
    dist, n, seed, independent, prior, endpoints
):
    rng = np.random.default_rng(seed)
    obs = _observations(dist, rng, n)
    params = ParzenParameters(consider_prior=prior, consider_endpoints=endpoints)
    pe = ParzenEstimator(ModelSpace([dist]), obs, rng.random(n) + 0.1, params)
    assert _total_mass(pe, dist, independent) == pytest.approx(1.0, abs=2e-3)
    space = pe.space
    for row in pe.sample(rng, 64, independent=independent):
        assert_in_distribution(space.to_external(row)[0], dist)


def test_joint_density_of_two_dimensions_integrates_to_one():
    dists = [FloatDistribution(-2.0, 3.0), IntDistribution(0, 6, step=2)]
    rng = np.random.default_rng(0)
    obs = np.column_stack([rng.uniform(-2, 3, 6), rng.integers(0, 4, 6) * 2.0])
    pe = ParzenEstimator(ModelSpace(dists), obs, np.ones(6), ParzenParameters())
    total = 0.0
    for k in (0.0, 2.0, 4.0, 6.0):
        value, _ = integrate.quad(
            lambda x, k=k: float(np.exp(pe.log_pdf(np.array([[x, k]])))[0]), -2, 3, limit=200
        )
        total += value
    assert total == pytest.approx(1.0, abs=1e-6)


def test_independent_density_is_the_product_of_marginals_for_one_kernel():
    dists = [FloatDistribution(0.0, 1.0), CategoricalDistribution(["a", "b", "c"])]
    pe = ParzenEstimator(
        ModelSpace(dists),
        np.array([[0.3, 1.0]]),
        np.ones(1),
        ParzenParameters(consider_prior=False),
    )
    points = np.array([[0.2, 0.0], [0.5, 1.0]])
    joint = pe.log_pdf(points)
    indep = pe.log_pdf(points, independent=True)
    assert np.allclose(joint, indep.sum(axis=1))


def test_direct_and_matrix_forms_agree_for_narrow_kernels():
    # Without the magic clip sigmas can be tiny; the estimator then skips the expanded
    # quadratic form, whose cancellation would be too large.
    dist = FloatDistribution(0.0, 1.0)
    obs = np.array([[0.5], [0.5 + 1e-9], [0.7]])
    pe = ParzenEstimator(
        ModelSpace([dist, dist]),
        np.hstack([obs, obs]),
        np.ones(3),
        ParzenParameters(consider_magic_clip=False),
    )
    assert not pe._use_matmul
    wide = ParzenEstimator(
        ModelSpace([dist, dist]), np.hstack([obs, obs]), np.ones(3), ParzenParameters()
    )
    assert wide._use_matmul
    points = np.array([[0.5, 0.5], [0.6, 0.69]])
    expected = [
        logsumexp(
            wide.log_w
            + np.sum(
                -0.5 * ((p - wide.mu) / wide.sigma) ** 2
                - np.log(wide.sigma)
                - wide.log_z
                - 0.5 * np.log(2 * np.pi),
                axis=1,
            ),
            axis=0,
        )
        for p in points
    ]
    assert np.allclose(wide.log_pdf(points), expected)
    assert np.all(np.isfinite(pe.log_pdf(points)))


def test_bandwidths_follow_the_neighbour_rule():
    mu = np.array([[0.9], [0.3], [0.35]])
    inner = bandwidths(mu, magic_clip=False, endpoints=False)[:, 0]
    assert np.allclose(inner, [0.55, 0.05, 0.55])
    outer = bandwidths(mu, magic_clip=False, endpoints=True)[:, 0]
    assert np.allclose(outer, [0.55, 0.3, 0.55])
    clipped = bandwidths(np.array([[0.5], [0.5]]), magic_clip=True, endpoints=False)[:, 0]
    assert np.allclose(clipped, 0.25)  # 1 / min(100, 2 + 2)
    one = bandwidths(np.array([[0.2]]), magic_clip=False, endpoints=False)[:, 0]
    assert np.allclose(one, 0.8)


def test_cell_mass_is_accurate_in_both_tails():
    mass = np.exp(log_cell_mass(np.array([30.0, -31.0]), np.array([31.0, -30.0]), 0.0, 1.0))
    assert np.all(mass > 0)
    assert mass[0] == pytest.approx(mass[1], rel=1e-12)


def test_categorical_kernel_smoothing():
    dist = CategoricalDistribution(["a", "b", "c", "d"])
    pe = ParzenEstimator(
        ModelSpace([dist]), np.array([[2.0], [2.0], [0.0]]), np.ones(3), ParzenParameters()
    )
    probs = np.exp(pe.log_pdf(np.arange(4.0)[:, None]))
    assert probs.sum() == pytest.approx(1.0)
    assert probs[2] > probs[0] > probs[1] == pytest.approx(probs[3])


def test_log_ints_sample_like_their_mass():
    dist = IntDistribution(1, 20, log=True)
    rng = np.random.default_rng(0)
    pe = ParzenEstimator(
        ModelSpace([dist]), np.array([[3.0], [5.0]]), np.ones(2), ParzenParameters()
    )
    draws = pe.sample(rng, 20000)[:, 0]
    freq = np.array([np.mean(draws == k) for k in range(1, 21)])
    mass = np.exp(pe.log_pdf(np.arange(1.0, 21.0)[:, None]))
    assert np.abs(freq - mass).max() < 0.01


def test_kernel_pairs_give_back_every_kernels_centre_and_bandwidth():
    rng = np.random.default_rng(3)
    mu = np.round(rng.random((40, 3)) * 6) / 6  # few distinct centres, as on a grid
    dims = np.array([0, 2])
    sigma, pairs = bandwidths_and_pairs(mu, dims, magic_clip=True, endpoints=False)
    assert np.array_equal(sigma, bandwidths(mu, magic_clip=True, endpoints=False))
    for i, j in enumerate(dims):
        assert np.array_equal(pairs.mu[i][pairs.ids[i]], mu[:, j])
        assert np.array_equal(pairs.sigma[i][pairs.ids[i]], sigma[:, j])
        assert len(pairs.mu[i]) < len(mu)


def test_discrete_mass_too_small_for_a_product_is_computed_in_logs():
    # Twenty narrow kernels' cell masses multiply below the smallest double: the
    # estimator must then work in logs and still give the exact log mass.
    dists = [IntDistribution(0, 100)] * 20
    obs = np.array([[0.0] * 20, [1.0] * 20])
    params = ParzenParameters(consider_prior=False, consider_magic_clip=False)
    pe = ParzenEstimator(ModelSpace(dists), obs, np.ones(2), params)
    points = np.array([[12.0] * 20, [0.0] * 20])
    lower, upper = pe.space.cell_edges(np.array([12.0, 0.0]), 0)
    per_dim = log_cell_mass(
        lower[:, None], upper[:, None], pe.mu[:, 0], pe.sigma[:, 0]
    ) - log_normalizer(pe.mu[:, 0], pe.sigma[:, 0])
    expected = logsumexp(20 * per_dim + pe.log_w, axis=1)
    got = pe.log_pdf(points)
    assert expected[0] < -700  # the product form would underflow
    assert np.allclose(got, expected, rtol=1e-10)


@pytest.mark.parametrize("prior", [True, False])
@pytest.mark.parametrize("clip", [True, False])
def test_log_ratio_in_one_pass_equals_the_difference_of_log_densities(prior, clip):
    dists = [
        FloatDistribution(-1.0, 2.0),
        IntDistribution(1, 500, log=True),
        CategoricalDistribution(["a", "b", "c"]),
        IntDistribution(0, 20, step=2),
    ]
    params = ParzenParameters(consider_prior=prior, consider_magic_clip=clip)
    rng = np.random.default_rng(7)
    for kinds in ([0, 1, 2, 3], [1, 2, 3], [0]):
        space = ModelSpace([dists[k] for k in kinds])
        n_cat = space.n_cat

        def draw(n, space=space, n_cat=n_cat):
            numeric = space.from_unit(rng.random((n, space.n_num)))
            return np.column_stack([numeric, rng.integers(0, 3, (n, n_cat))])

        good = ParzenEstimator(space, draw(5), rng.random(5) + 0.1, params)
        bad = ParzenEstimator(space, draw(40), rng.random(40) + 0.1, params)
        points = draw(30)
        expected = good.log_pdf(points) - bad.log_pdf(points)
        assert np.allclose(log_ratio(good, bad, points), expected, rtol=1e-9, atol=1e-9)
