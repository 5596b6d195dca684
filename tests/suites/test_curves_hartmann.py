"""Multi-fidelity Hartmann: the exact function at the last step, bias and noise below it."""

from __future__ import annotations

import numpy as np
import pytest

from suites._curves_hartmann import MFHartmann3, MFHartmann6


def _hartmann(X: np.ndarray, a: np.ndarray, p: np.ndarray) -> np.ndarray:
    alpha = np.array([1.0, 1.2, 3.0, 3.2])
    inner = np.sum(a * (X[:, None, :] - p) ** 2, axis=2)
    return -np.exp(-inner) @ alpha


A3 = np.array([[3.0, 10, 30], [0.1, 10, 35], [3.0, 10, 30], [0.1, 10, 35]])
P3 = 1e-4 * np.array(
    [[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]]
)


def test_last_step_is_the_classic_hartmann3():
    problem = MFHartmann3(bias=1.0, noise=0.5, seed=0)
    X = problem.sample(100, seed=0)
    np.testing.assert_allclose(problem.evaluate(X), _hartmann(X, A3, P3))


@pytest.mark.parametrize(("cls", "f_star"), [(MFHartmann3, -3.86278), (MFHartmann6, -3.32237)])
def test_optimum_matches_the_literature(cls, f_star):
    problem = cls()
    assert problem.f_star == pytest.approx(f_star, abs=1e-5)
    assert problem.evaluate(problem.x_star[None, :])[0] == pytest.approx(problem.f_star, rel=1e-12)


def test_bias_flattens_the_first_step():
    problem = MFHartmann3(bias=0.5, noise=0.0, n_steps=9)
    X = problem.sample(200, seed=1)
    curves = problem.evaluate_steps(X)
    # Lower weights make every value less negative at low fidelity.
    assert np.all(curves[:, 0] >= curves[:, -1])
    expected_first = _hartmann(X, A3, P3) + 0.5 * np.exp(
        -np.sum(A3 * (X[:, None, :] - P3) ** 2, axis=2)
    ).sum(axis=1)
    np.testing.assert_allclose(curves[:, 0], expected_first)


def test_noise_shrinks_with_fidelity():
    clean = MFHartmann6(noise=0.0, seed=1)
    noisy = MFHartmann6(noise=0.3, seed=1)
    X = clean.sample(400, seed=0)
    diff = noisy.evaluate_steps(X) - clean.evaluate_steps(X)
    sd = diff.std(axis=0)
    assert sd[0] == pytest.approx(0.3, rel=0.15)
    assert sd[0] > sd[len(sd) // 2] > sd[-1] == 0.0


@pytest.mark.parametrize(("kwargs", "match"), [({"bias": 1.5}, "bias"), ({"noise": -1}, "noise")])
def test_bad_case_params_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=rf"{match} of MFHartmann3 must be in"):
        MFHartmann3(**kwargs)
