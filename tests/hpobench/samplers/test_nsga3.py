from __future__ import annotations

import math

import numpy as np
import pytest

import hpobench
from hpobench.samplers import NSGAIIISampler, nsgaii
from hpobench.samplers._nsga._nsga3 import associate, das_dennis, niche_select, normalize
from hpobench.testing.samplers import SamplerTests


def setup_module():
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)


class TestNSGAIIISamplerCommon(SamplerTests):
    @pytest.fixture
    def make_sampler(self):
        return lambda seed: NSGAIIISampler(population_size=6, seed=seed)


def dtlz2(n_obj, dim):
    def objective(trial):
        x = np.array([trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(dim)])
        g = float(np.sum((x[n_obj - 1 :] - 0.5) ** 2))
        values = []
        for i in range(n_obj):
            v = 1.0 + g
            v *= np.prod(np.cos(x[: n_obj - 1 - i] * math.pi / 2))
            if i > 0:
                v *= math.sin(x[n_obj - 1 - i] * math.pi / 2)
            values.append(v)
        return values

    return objective


def test_das_dennis_lattice():
    points = das_dennis(3, 3)
    assert len(points) == math.comb(5, 2)
    np.testing.assert_allclose(points.sum(axis=1), 1.0)
    assert len({tuple(p) for p in points.tolist()}) == len(points)
    assert das_dennis(2, 1).tolist() == [[0.0, 1.0], [1.0, 0.0]]


def test_normalize_maps_extremes_to_unit_intercepts():
    losses = np.array([[2.0, 10.0], [4.0, 6.0], [6.0, 2.0]])
    normalized = normalize(losses)
    np.testing.assert_allclose(normalized[0], [0.0, 1.0])
    np.testing.assert_allclose(normalized[-1], [1.0, 0.0])


def test_association_picks_the_closest_direction():
    refs = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])
    nearest, distance = associate(np.array([[1.0, 0.1], [1.0, 1.0], [0.0, 3.0]]), refs)
    assert nearest.tolist() == [0, 1, 2]
    np.testing.assert_allclose(distance, [0.1, 0.0, 0.0], atol=1e-6)


def test_niching_fills_empty_directions_first():
    refs = das_dennis(2, 2)
    losses = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5], [0.45, 0.55], [0.1, 0.9]])
    picked = niche_select(
        losses, np.array([0, 1]), np.array([2, 3, 4]), 1, refs, np.random.default_rng(0)
    )
    # Directions (0, 1) and (1, 0) are taken; the middle one is empty, so its closest member wins.
    assert picked.tolist() == [2]


def test_dtlz2_population_spreads_over_the_reference_directions():
    refs = das_dennis(3, 4)
    sampler = NSGAIIISampler(
        population_size=16, seed=0, mutation=nsgaii.PolynomialMutation(), dividing_parameter=4
    )
    study = hpobench.create_study(directions=["minimize"] * 3, sampler=sampler)
    study.optimize(dtlz2(3, 6), n_trials=480)
    last = max(int(k.rsplit(":", 1)[1]) for k in study.system_attrs if "population" in k)
    population = study.system_attrs[f"nsga3:population:{last}"]
    values = np.array([study.trials[n].values for n in population])
    nearest, _ = associate(values / np.linalg.norm(values, axis=1, keepdims=True), refs)
    assert len(set(nearest.tolist())) >= 0.6 * len(refs)
    assert np.median(np.linalg.norm(values, axis=1)) < 1.3


def test_user_reference_points_are_checked():
    with pytest.raises(ValueError, match="reference_points must be a non-empty finite 2-D"):
        NSGAIIISampler(reference_points=np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="dividing_parameter must be an int >= 1"):
        NSGAIIISampler(dividing_parameter=0)
    with pytest.raises(TypeError, match="dividing_parameter"):
        NSGAIIISampler(dividing_parameter=1.5)
    sampler = NSGAIIISampler(population_size=3, reference_points=np.eye(3), seed=0)
    study = hpobench.create_study(directions=["minimize"] * 2, sampler=sampler)
    with pytest.raises(ValueError, match="one column per objective"):
        study.optimize(lambda t: (t.suggest_float("x", 0, 1), t.suggest_float("y", 0, 1)), 12)


def test_seeds_reproduce():
    def run():
        study = hpobench.create_study(
            directions=["minimize"] * 3, sampler=NSGAIIISampler(population_size=6, seed=5)
        )
        study.optimize(dtlz2(3, 4), n_trials=30)
        return [t.params for t in study.trials]

    assert run() == run()
