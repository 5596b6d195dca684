from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.optimize
from scipy.stats import norm

from hpobench.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.samplers._gp._acquisition import LogEHVI, LogEI, LogPF, log_h
from hpobench.samplers._gp._fit import (
    GPModel,
    _neg_log_posterior,
    default_theta,
    fit_theta,
)
from hpobench.samplers._gp._kernel import matern52, per_column_sq_dists, weighted_sq_dists
from hpobench.samplers._gp._optimize import optimize_acquisition
from hpobench.samplers._gp._space import GPSpace

IS_CAT = np.array([False, False, True])
STEP = np.array([1e-6, 0.0, 0.0])


def data(n=12, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((n, 3))
    x[:, 2] = rng.integers(0, 3, n)
    y = np.sin(6 * x[:, 0]) + x[:, 1] ** 2 + 0.5 * x[:, 2]
    return x, (y - y.mean()) / y.std()


def noiseless_model(x, y):
    theta = np.concatenate([np.full(3, math.log(4.0)), [0.0, math.log(1e-6)]])
    return GPModel(x, y, theta, IS_CAT)


def test_kernel_is_one_at_zero_distance_and_hamming_counts_categories():
    x = np.array([[0.2, 0.4, 0.0], [0.2, 0.4, 1.0], [0.2, 0.4, 2.0]])
    d2 = weighted_sq_dists(x, x, np.array([1.0, 1.0, 2.0]), IS_CAT)
    assert d2[0, 0] == 0.0
    assert d2[0, 1] == d2[0, 2] == d2[1, 2] == 2.0
    assert matern52(np.array(0.0)) == 1.0
    assert np.allclose(per_column_sq_dists(x, IS_CAT)[2], d2 / 2.0)


def test_posterior_mean_interpolates_noiseless_data_and_variance_shrinks_there():
    x, y = data()
    model = noiseless_model(x, y)
    mean, var = model.posterior(x)
    assert np.allclose(mean, y, atol=1e-4)
    assert np.all(var < 1e-4)
    far = np.array([[0.5, 0.5, 1.0]]) + 0.0
    far_var = model.posterior(np.vstack([far, x + np.array([0.05, 0.05, 0.0])]))[1]
    assert np.all(far_var > var.max())


def test_marginal_likelihood_gradient_matches_finite_differences():
    x, y = data()
    deltas = per_column_sq_dists(x, IS_CAT)
    theta = default_theta(3) + np.array([0.3, -0.2, 0.1, 0.2, 1.0])
    error = scipy.optimize.check_grad(
        lambda t: _neg_log_posterior(t, deltas, y)[0],
        lambda t: _neg_log_posterior(t, deltas, y)[1],
        theta,
    )
    assert error < 1e-4


def test_map_fit_improves_on_the_default_and_is_warm_startable():
    x, y = data(20)
    deltas = per_column_sq_dists(x, IS_CAT)
    theta = fit_theta(x, y, IS_CAT, None, deterministic=False)
    assert (
        _neg_log_posterior(theta, deltas, y)[0]
        < _neg_log_posterior(default_theta(3), deltas, y)[0]
    )
    again = fit_theta(x, y, IS_CAT, theta, deterministic=False)
    assert np.allclose(again, theta, atol=1e-3)


def test_log_h_matches_the_direct_formula_and_stays_finite_in_the_tail():
    z = np.linspace(-20, 5, 60)
    direct = np.log(norm.pdf(z) + z * norm.cdf(z))
    assert np.allclose(log_h(z), direct, rtol=1e-8, atol=1e-10)
    tail = log_h(np.array([-50.0, -1e3, -1e9, -1e200]))
    assert np.all(np.isfinite(tail))
    assert np.all(np.diff(tail) < 0)
    # Far out, EI ~ phi(z) / z**2.
    assert log_h(np.array([-1e4]))[0] == pytest.approx(norm.logpdf(-1e4) - 2 * math.log(1e4))


def test_log_ei_equals_log_of_direct_ei_and_gradients_are_exact():
    x, y = data()
    model = GPModel(x, y, default_theta(3), IS_CAT)
    best = float(np.median(y))
    acq = LogEI(model, best)
    xs = np.array([[0.1, 0.9, 0.0], [0.7, 0.3, 2.0], [0.45, 0.5, 1.0]])
    mean, var = model.posterior(xs)
    sd = np.sqrt(var)
    z = (mean - best) / sd
    ei = sd * (norm.pdf(z) + z * norm.cdf(z))
    assert np.all(ei > 1e-30)  # where the direct formula is accurate
    assert np.allclose(acq(xs), np.log(ei))
    cols = np.array([0, 1])
    _, grad = acq.value_and_grad(xs, cols)
    for k, c in enumerate(cols):
        step = np.zeros(3)
        step[c] = 1e-6
        numeric = (acq(xs + step) - acq(xs - step)) / 2e-6
        assert np.allclose(grad[:, k], numeric, rtol=1e-4, atol=1e-6)


def test_log_ei_is_finite_where_ei_underflows():
    x, y = data()
    model = noiseless_model(x, y)
    acq = LogEI(model, float(y.max()) + 1e3)
    values = acq(x)
    assert np.all(np.isfinite(values)) and np.all(values < -1e3)


def test_log_pf_gradient_and_probability():
    x, y = data()
    model = GPModel(x, y, default_theta(3), IS_CAT)
    pf = LogPF([model], [0.2])
    xs = np.array([[0.3, 0.6, 1.0]])
    mean, var = model.posterior(xs)
    assert pf(xs)[0] == pytest.approx(norm.logcdf((0.2 - mean[0]) / math.sqrt(var[0])))
    _, grad = pf.value_and_grad(xs, np.array([0]))
    numeric = (pf(xs + STEP) - pf(xs - STEP)) / 2e-6
    assert grad[0, 0] == pytest.approx(numeric[0], rel=1e-4, abs=1e-6)


def test_log_ehvi_prefers_points_that_improve_the_front():
    # Two "objectives" whose posteriors we control through noiseless data.
    x = np.array([[0.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.5, 0.5, 1.0]])
    y1, y2 = np.array([0.0, 1.0, -2.0]), np.array([1.0, 0.0, -2.0])
    m1, m2 = noiseless_model(x, y1), noiseless_model(x, y2)
    front = np.array([[0.0, 1.0], [1.0, 0.0]])
    acq = LogEHVI([m1, m2], front, np.array([2.0, 2.0]), n_samples=64, seed=0)
    values = acq(x)
    assert np.all(np.isfinite(values))
    assert values[2] > values[0] and values[2] > values[1]


def test_space_round_trip_and_snapping():
    space = GPSpace(
        {
            "f": FloatDistribution(-1.0, 1.0),
            "fl": FloatDistribution(1e-3, 1.0, log=True),
            "i": IntDistribution(0, 10, step=2),
            "il": IntDistribution(1, 100, log=True),
            "c": CategoricalDistribution(["a", "b", None]),
        }
    )
    params = {"f": 0.25, "fl": 0.01, "i": 6, "il": 37, "c": None}
    x = space.encode(params)
    decoded = space.decode(x)
    assert decoded["i"] == 6 and decoded["il"] == 37 and decoded["c"] is None
    assert decoded["f"] == pytest.approx(0.25) and decoded["fl"] == pytest.approx(0.01)
    snapped = space.snap(np.array([0.3, 0.3, 0.33, 0.5, 1.0]))
    assert space.decode(snapped) == space.decode(np.array([0.3, 0.3, 0.33, 0.5, 1.0]))
    assert np.allclose(space.snap(snapped), snapped)


def test_acquisition_optimizer_finds_the_maximum_of_a_known_function():
    space = GPSpace({"a": FloatDistribution(0, 1), "c": CategoricalDistribution([0, 1, 2])})

    class Quadratic:
        has_grad = True

        def __call__(self, xs):
            return -((xs[:, 0] - 0.37) ** 2) - (xs[:, 1] != 2)

        def value_and_grad(self, xs, cols):
            return self(xs), (-2 * (xs[:, 0] - 0.37))[:, None]

    best = optimize_acquisition(
        Quadratic(), space, np.empty((0, 2)), np.random.default_rng(0), n_candidates=64
    )
    assert best[0] == pytest.approx(0.37, abs=1e-4) and best[1] == 2
