from __future__ import annotations

import numpy as np
import pytest

import hpobench
from hpobench.samplers import NSGAIISampler, nsgaii

BOUNDS = np.array([[0.0, 1.0], [-5.0, 5.0], [0.0, 10.0]])
ALL = [
    nsgaii.UniformCrossover(),
    nsgaii.BLXAlphaCrossover(),
    nsgaii.SBXCrossover(),
    nsgaii.VSBXCrossover(),
    nsgaii.UNDXCrossover(),
    nsgaii.SPXCrossover(),
]


def parents(crossover, rng):
    return rng.uniform(BOUNDS[:, 0], BOUNDS[:, 1], size=(crossover.n_parents, 3))


@pytest.mark.parametrize("crossover", ALL, ids=str)
def test_children_have_the_right_shape_and_are_finite(crossover):
    rng = np.random.default_rng(0)
    for _ in range(200):
        child = crossover.crossover(parents(crossover, rng), rng, None, BOUNDS)
        assert child.shape == (3,) and np.isfinite(child).all()


@pytest.mark.parametrize("crossover", ALL, ids=str)
def test_identical_parents_give_that_parent_back(crossover):
    rng = np.random.default_rng(1)
    same = np.tile([0.5, 1.0, 2.0], (crossover.n_parents, 1))
    np.testing.assert_allclose(crossover.crossover(same, rng, None, BOUNDS), same[0])


@pytest.mark.parametrize("crossover", ALL[:4], ids=str)
def test_two_parent_children_centre_on_the_parents(crossover):
    rng = np.random.default_rng(2)
    p = np.array([[0.2, -1.0, 4.0], [0.6, 1.0, 6.0]])
    children = np.array([crossover.crossover(p, rng, None, BOUNDS) for _ in range(4000)])
    np.testing.assert_allclose(children.mean(axis=0), p.mean(axis=0), atol=0.1 * float(np.ptp(p)))


def test_sbx_respects_bounds_and_eta():
    rng = np.random.default_rng(3)
    p = np.array([[0.1, -4.9, 0.5], [0.9, 4.9, 9.5]])
    wide = np.array(
        [nsgaii.SBXCrossover(eta=1).crossover(p, rng, None, BOUNDS) for _ in range(2000)]
    )
    tight = np.array(
        [nsgaii.SBXCrossover(eta=50).crossover(p, rng, None, BOUNDS) for _ in range(2000)]
    )
    assert (wide >= BOUNDS[:, 0] - 1e-12).all() and (wide <= BOUNDS[:, 1] + 1e-12).all()
    # A large eta keeps children next to a parent.
    near = lambda c: np.min(np.abs(c[:, None, :] - p[None, :, :]), axis=1).mean()  # noqa: E731
    assert near(tight) < near(wide)


def test_polynomial_mutation_stays_in_bounds():
    rng = np.random.default_rng(4)
    mutation = nsgaii.PolynomialMutation(eta=5)
    values = [mutation.mutation(x, rng, None, np.array([0.0, 1.0])) for x in rng.random(500)]
    assert min(values) >= 0.0 and max(values) <= 1.0
    assert mutation.mutation(0.3, rng, None, np.array([0.3, 0.3])) == 0.3


@pytest.mark.parametrize(
    ("factory", "error", "match"),
    [
        (lambda: nsgaii.UniformCrossover(1.5), ValueError, "swapping_prob must be a float in"),
        (lambda: nsgaii.UniformCrossover("a"), TypeError, "swapping_prob"),
        (lambda: nsgaii.BLXAlphaCrossover(-0.1), ValueError, "alpha must be a finite float >= 0"),
        (lambda: nsgaii.SBXCrossover(eta=0), ValueError, "eta must be a finite float > 0"),
        (
            lambda: nsgaii.SBXCrossover(uniform_crossover_prob=2),
            ValueError,
            "uniform_crossover_prob must be a float in",
        ),
        (
            lambda: nsgaii.VSBXCrossover(use_child_gene_prob=-1),
            ValueError,
            "use_child_gene_prob must be a float in",
        ),
        (lambda: nsgaii.UNDXCrossover(sigma_xi=0), ValueError, "sigma_xi must be a finite float"),
        (lambda: nsgaii.UNDXCrossover(sigma_eta=-1), ValueError, "sigma_eta must be a finite"),
        (
            lambda: nsgaii.SPXCrossover(epsilon=float("inf")),
            ValueError,
            "epsilon must be a finite",
        ),
        (lambda: nsgaii.PolynomialMutation(eta=-1), ValueError, "eta must be a finite float > 0"),
    ],
)
def test_invalid_parameters(factory, error, match):
    with pytest.raises(error, match=match):
        factory()


@pytest.mark.parametrize("crossover", ALL, ids=str)
def test_every_crossover_runs_in_a_study(crossover):
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)

    def objective(trial):
        x = trial.suggest_float("x", 1e-3, 10, log=True)
        n = trial.suggest_int("n", -3, 9, step=3)
        c = trial.suggest_categorical("c", [0, 1])
        return x + n + c, 1 / x - n

    sampler = NSGAIISampler(population_size=4, seed=0, crossover=crossover)
    study = hpobench.create_study(directions=["minimize", "minimize"], sampler=sampler)
    study.optimize(objective, n_trials=20)
    for trial in study.trials:
        assert 1e-3 <= trial.params["x"] <= 10
        assert trial.params["n"] in (-3, 0, 3, 6, 9)
