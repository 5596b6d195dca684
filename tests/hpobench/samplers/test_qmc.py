from __future__ import annotations

import logging

import numpy as np
import pytest
from scipy.stats import qmc

import hpobench
from hpobench.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from hpobench.samplers import QMCSampler, RandomSampler
from hpobench.samplers._qmc import from_unit
from hpobench.testing.samplers import SamplerTests

BOUNDS = {"a": (-1.0, 1.0), "b": (0.0, 10.0), "c": (5.0, 6.0)}


class TestQMCSamplerCommon(SamplerTests):
    # Scrambled, so that different seeds differ beyond the first (independent) trial.
    @pytest.fixture
    def make_sampler(self):
        return lambda seed: QMCSampler(scramble=True, seed=seed)


def setup_module():
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)


def box_objective(trial):
    return sum(trial.suggest_float(name, low, high) for name, (low, high) in BOUNDS.items())


def _study(sampler, n_trials, n_jobs=1):
    study = hpobench.create_study(sampler=sampler)
    study.optimize(box_objective, n_trials=n_trials, n_jobs=n_jobs)
    return study


def _expected(engine, n_trials):
    # Rows of scipy's sequence mapped to the bounds; the dimensions are the sorted names.
    lows, highs = np.array(list(BOUNDS.values())).T
    return lows + engine.random(n_trials) * (highs - lows)


def _observed(study):
    return np.array([[t.params[name] for name in sorted(BOUNDS)] for t in study.trials])


@pytest.mark.parametrize(
    ("qmc_type", "engine"),
    [("sobol", qmc.Sobol(3, scramble=False)), ("halton", qmc.Halton(3, scramble=False))],
)
def test_trial_k_gets_point_k_of_scipys_sequence(qmc_type, engine):
    study = _study(QMCSampler(qmc_type=qmc_type, seed=1), 16)
    # Trial 0 runs before any trial has completed, so the independent sampler draws it.
    np.testing.assert_allclose(_observed(study)[1:], _expected(engine, 16)[1:], rtol=1e-12)


@pytest.mark.parametrize("qmc_type", ["sobol", "halton"])
def test_scrambled_with_a_seed_reproduces_scipys_scrambled_sequence(qmc_type):
    first = _observed(_study(QMCSampler(qmc_type=qmc_type, scramble=True, seed=7), 8))
    second = _observed(_study(QMCSampler(qmc_type=qmc_type, scramble=True, seed=7), 8))
    other = _observed(_study(QMCSampler(qmc_type=qmc_type, scramble=True, seed=8), 8))
    engine_type = qmc.Sobol if qmc_type == "sobol" else qmc.Halton
    engine = engine_type(3, scramble=True, rng=7)
    np.testing.assert_array_equal(first, second)
    np.testing.assert_allclose(first[1:], _expected(engine, 8)[1:], rtol=1e-12)
    assert not np.allclose(first[1:], other[1:])


def test_parallel_threads_take_each_point_once():
    serial = _observed(_study(QMCSampler(seed=3), 32))
    study = _study(QMCSampler(seed=3), 32, n_jobs=4)
    by_number = {t.number: [t.params[n] for n in sorted(BOUNDS)] for t in study.trials}
    parallel = np.array([by_number[k] for k in range(32)])
    # The first trials start before any completes and are sampled independently;
    # every later trial gets the point of its number, as with one thread.
    np.testing.assert_allclose(parallel[4:], serial[4:], rtol=1e-12)
    assert len({tuple(row) for row in parallel}) == 32


def test_search_space_is_fixed_by_the_first_completed_trial_and_stored():
    def objective(trial):
        x = trial.suggest_float("x", 0, 1)
        if trial.number == 0:
            return x
        return x + trial.suggest_float("extra", 0, 1)

    study = hpobench.create_study(sampler=QMCSampler(seed=0))
    study.optimize(objective, n_trials=5)
    assert set(study.system_attrs["qmc:search_space"]) == {"x"}
    sobol = qmc.Sobol(1, scramble=False).random(8)[:5, 0]
    assert [t.params["x"] for t in study.trials[1:]] == pytest.approx(sobol[1:])
    # A sampler joining later (another process) reads the stored space.
    late = QMCSampler(seed=0)
    assert list(late.infer_relative_search_space(study, study.trials[-1])) == ["x"]


def test_one_sampler_serves_studies_with_different_spaces():
    sampler = QMCSampler(seed=0)
    first = _run(sampler, box_objective, 3)
    second = _run(sampler, lambda t: t.suggest_int("n", 0, 7), 5)
    assert set(first.system_attrs["qmc:search_space"]) == set(BOUNDS)
    assert set(second.system_attrs["qmc:search_space"]) == {"n"}
    # Sobol points 1..4 in one dimension are 0.5, 0.75, 0.25, 0.375: values 4, 6, 2, 3.
    assert [t.params["n"] for t in second.trials[1:]] == [4, 6, 2, 3]


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def warnings_logged():
    handler = _Records()
    logger = logging.getLogger("hpobench")
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    logger.addHandler(handler)
    yield handler.messages
    logger.removeHandler(handler)
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)


def _late_objective(trial):
    if trial.number > 0:
        trial.suggest_int("late", 0, 3)
    return trial.suggest_float("x", 0, 1)


def test_independent_sampling_warns(warnings_logged):
    _run(QMCSampler(seed=0), _late_objective, 3)
    # Trial 0 precedes the search space, so only trials 1 and 2 warn.
    assert [m for m in warnings_logged if "QMCSampler" in m] == [
        "QMCSampler: parameter 'late' of trial 1 is outside the search space fixed by the "
        "first completed trial (or its range changed), so RandomSampler samples it. Pass "
        "warn_independent_sampling=False to silence this warning.",
        "QMCSampler: parameter 'late' of trial 2 is outside the search space fixed by the "
        "first completed trial (or its range changed), so RandomSampler samples it. Pass "
        "warn_independent_sampling=False to silence this warning.",
    ]


def test_independent_sampling_warning_can_be_disabled(warnings_logged):
    _run(QMCSampler(seed=0, warn_independent_sampling=False), _late_objective, 3)
    assert not [m for m in warnings_logged if "QMCSampler" in m]


def _run(sampler, objective, n_trials):
    study = hpobench.create_study(sampler=sampler)
    study.optimize(objective, n_trials=n_trials)
    return study


class _LowSampler(RandomSampler):
    def sample_independent(self, study, trial, param_name, param_distribution):
        return param_distribution.low


def test_custom_independent_sampler_is_used():
    sampler = QMCSampler(
        seed=0, independent_sampler=_LowSampler(), warn_independent_sampling=False
    )
    study = _run(sampler, _late_objective, 4)
    assert study.trials[0].params["x"] == 0.0
    assert {t.params["late"] for t in study.trials[1:]} == {0}
    assert len({t.params["x"] for t in study.trials[1:]}) == 3


def test_asynchronous_seeding_warning():
    with pytest.warns(UserWarning, match="got no seed"):
        QMCSampler(scramble=True)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"scramble": True, "seed": 0},
        {"scramble": False},
        {"scramble": True, "warn_asynchronous_seeding": False},
    ],
)
def test_no_asynchronous_seeding_warning(kwargs, recwarn):
    QMCSampler(**kwargs)
    assert not [w for w in recwarn if "got no seed" in str(w.message)]


@pytest.mark.parametrize(
    ("u", "dist", "expected"),
    [
        (0.5, FloatDistribution(1e-3, 1e1, log=True), 0.1),
        (0.0, FloatDistribution(0.0, 1.0, step=0.25), 0.0),
        (0.99, FloatDistribution(0.0, 1.0, step=0.25), 1.0),
        (0.45, FloatDistribution(0.0, 1.0, step=0.25), 0.5),  # 5 values, 1/5 of [0, 1) each
        (0.0, IntDistribution(0, 9, step=3), 0),
        (0.74, IntDistribution(0, 9, step=3), 6),
        (0.999, IntDistribution(-5, 5), 5),
        (0.0, IntDistribution(1, 100, log=True), 1),
        (0.5, IntDistribution(1, 100, log=True), 7),  # sqrt(0.5 * 100.5) ≈ 7.1
        (0.999, IntDistribution(1, 100, log=True), 100),
        (0.34, CategoricalDistribution(["a", "b", "c"]), "b"),
        (0.999, CategoricalDistribution([None, True]), True),
    ],
)
def test_unit_values_map_to_each_distribution(u, dist, expected):
    value = from_unit(u, dist)
    assert value == pytest.approx(expected) if isinstance(expected, float) else value == expected
    assert type(value) is type(expected)


def test_mixed_space_points_spread_over_every_value():
    def objective(trial):
        trial.suggest_categorical("c", ["x", "y", "z", "w"])
        trial.suggest_int("n", 0, 7)
        return trial.suggest_float("f", 0, 1, step=0.5)

    study = _run(QMCSampler(seed=0), objective, 33)
    trials = study.trials[1:]
    assert {t.params["c"] for t in trials} == {"x", "y", "z", "w"}
    # Sobol points 0..31 give each of the 8 ints 4 times; trials 1..32 swap point 0 for 32.
    counts = np.bincount([t.params["n"] for t in trials], minlength=8)
    assert counts.min() >= 3 and counts.max() <= 5


def test_reseed_keeps_the_sequence():
    sampler = QMCSampler(scramble=True, seed=5)
    before = sampler._point(3, 2)
    sampler.reseed_rng()
    np.testing.assert_array_equal(sampler._point(3, 2), before)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"qmc_type": "x"}, ValueError, r"qmc_type must be 'sobol' or 'halton'; got 'x'\."),
        ({"scramble": 1}, TypeError, "scramble must be True or False; got 1"),
        ({"seed": -1}, ValueError, "seed must be None or an int >= 0; got -1"),
        ({"independent_sampler": RandomSampler}, TypeError, "independent_sampler must be"),
        ({"warn_independent_sampling": "no"}, TypeError, "warn_independent_sampling must be"),
        ({"warn_asynchronous_seeding": None}, TypeError, "warn_asynchronous_seeding must be"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        QMCSampler(**kwargs)


def test_positional_arguments_are_refused():
    with pytest.raises(TypeError):
        QMCSampler("sobol")  # type: ignore[misc]
