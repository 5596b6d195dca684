"""LearningCurve: shapes, the controllable rank correlation, crossings and noise."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import spearmanr

from suites._curves import C_MAX, C_MIN, E_MIN, FAMILIES, LearningCurve, gaussianise


@pytest.mark.parametrize("family", FAMILIES)
def test_noise_free_curves_fall_monotonically_from_early_to_final(family):
    problem = LearningCurve(family=family, dim=3, n_steps=30, seed=0)
    X = problem.sample(300, seed=0)
    curves = problem.evaluate_steps(X)
    assert np.all(np.diff(curves, axis=1) <= 1e-12)
    np.testing.assert_allclose(curves[:, 0], problem.early_values(X))
    np.testing.assert_allclose(curves[:, -1], problem.final_values(X))
    assert curves[:, -1].min() >= C_MIN and curves[:, -1].max() <= C_MAX
    assert curves[:, 0].min() >= E_MIN


@pytest.mark.parametrize("rho", [-0.6, 0.0, 0.5, 0.9])
@pytest.mark.parametrize("seed", [0, 1])
def test_early_final_rank_correlation_follows_rho(rho, seed):
    problem = LearningCurve(family="mixed", dim=4, rho=rho, n_steps=10, seed=seed)
    curves = problem.evaluate_steps(problem.sample(3000, seed=10))
    realised = spearmanr(curves[:, 0], curves[:, -1])[0]
    assert realised == pytest.approx(rho, abs=0.12)


def test_rho_one_keeps_the_ranks_and_lower_rho_crosses_curves():
    def crossings(rho):
        problem = LearningCurve(family="pow", dim=2, rho=rho, n_steps=20, seed=5)
        curves = problem.evaluate_steps(problem.sample(200, seed=0))
        first, last = curves[:, 0], curves[:, -1]
        pairs = np.subtract.outer(first, first) * np.subtract.outer(last, last)
        return int((pairs < 0).sum() // 2)

    assert crossings(1.0) < crossings(0.5) < crossings(-0.5)


def test_noise_blurs_early_steps_and_vanishes_at_the_last():
    clean = LearningCurve(noise=0.0, seed=2)
    noisy = LearningCurve(noise=0.05, seed=2)
    X = clean.sample(500, seed=0)
    diff = noisy.evaluate_steps(X) - clean.evaluate_steps(X)
    assert diff[:, 0].std() == pytest.approx(0.05, rel=0.15)
    np.testing.assert_allclose(diff[:, -1], 0.0, atol=1e-15)
    assert "noisy" in noisy.tags and "noisy" not in clean.tags


def test_re_evaluating_a_configuration_gives_the_same_noise():
    problem = LearningCurve(noise=0.1, seed=None)
    x = problem.sample(1, seed=0)
    np.testing.assert_array_equal(problem.evaluate_steps(x), problem.evaluate_steps(x))


def test_optimum_is_analytic():
    problem = LearningCurve(dim=5, seed=11)
    assert problem.f_star == C_MIN
    assert np.all((problem.x_star >= 0.2) & (problem.x_star <= 0.8))
    assert problem.final_values(problem.x_star[None, :])[0] == C_MIN


def test_gaussianise_maps_ranks_to_normal_quantiles():
    reference = np.arange(1.0, 1001.0)
    z = gaussianise(reference, reference)
    assert z.mean() == pytest.approx(0.0, abs=1e-9) and z.std() == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"family": "sigmoid"}, r"family of LearningCurve must be one of \['pow', 'exp'"),
        ({"rho": 1.5}, r"rho of LearningCurve must be in \[-1.0, 1.0\]; got 1.5"),
        ({"noise": -0.1}, r"noise of LearningCurve must be in \[0.0, 1.0\]"),
        ({"dim": 0}, r"dim of LearningCurve must be an int >= 1; got 0"),
        ({"dim": 21}, r"dim of LearningCurve must be an int in 1..20; got 21"),
        ({"rho": "high"}, r"rho of LearningCurve must be a number"),
    ],
)
def test_bad_case_params_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        LearningCurve(**kwargs)
