from __future__ import annotations

import math
import pickle
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

import hpobench
from hpobench.samplers import CmaEsSampler, RandomSampler
from hpobench.samplers._cmaes._state import GENERATION_ATTR, STATE_ATTR_PREFIX, load_state
from hpobench.testing.samplers import SamplerTests
from hpobench.trial import TrialState


def setup_module():
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)


class TestCmaEsSamplerCommon(SamplerTests):
    multi_objective = False

    @pytest.fixture
    def make_sampler(self):
        return lambda seed: CmaEsSampler(seed=seed, warn_independent_sampling=False)


class TestSepCmaEsSamplerCommon(SamplerTests):
    multi_objective = False

    @pytest.fixture
    def make_sampler(self):
        return lambda seed: CmaEsSampler(
            seed=seed, use_separable_cma=True, warn_independent_sampling=False
        )


class TestCmaEsWithMarginCommon(SamplerTests):
    multi_objective = False

    @pytest.fixture
    def make_sampler(self):
        return lambda seed: CmaEsSampler(
            seed=seed, with_margin=True, warn_independent_sampling=False
        )


def sphere(dim, shift=0.0):
    def objective(trial):
        return sum((trial.suggest_float(f"x{i}", -5, 5) - shift) ** 2 for i in range(dim))

    return objective


def run(sampler, objective, n_trials, **kwargs):
    study = hpobench.create_study(sampler=sampler, **kwargs)
    study.optimize(objective, n_trials=n_trials)
    return study


def stored_state(study):
    attrs = study._storage.get_study_system_attrs(study._study_id)
    (value,) = [v for k, v in attrs.items() if k.startswith(STATE_ATTR_PREFIX)]
    return load_state(value)


def test_converges_on_a_5d_sphere():
    study = run(CmaEsSampler(seed=0), sphere(5), 700)
    assert study.best_value < 1e-6


def test_maximize():
    study = run(CmaEsSampler(seed=0), lambda t: -sphere(3, 1.0)(t), 300, direction="maximize")
    assert study.best_value > -1e-3


@pytest.mark.parametrize("kwargs", [{}, {"use_separable_cma": True}, {"lr_adapt": True}])
def test_same_seed_reproduces(kwargs):
    first = run(CmaEsSampler(seed=5, **kwargs), sphere(4), 60)
    second = run(CmaEsSampler(seed=5, **kwargs), sphere(4), 60)
    third = run(CmaEsSampler(seed=6, **kwargs), sphere(4), 60)
    assert [t.params for t in first.trials] == [t.params for t in second.trials]
    assert [t.params for t in first.trials] != [t.params for t in third.trials]


def test_generations_are_told_in_popsize_batches():
    study = run(CmaEsSampler(seed=0, popsize=5), sphere(3), 31)
    tags = [t.system_attrs.get(GENERATION_ATTR) for t in study.trials]
    assert tags[0] is None  # the startup trial
    generations = [int(tag.rsplit(":", 1)[1]) for tag in tags[1:]]
    assert generations == [g for g in range(6) for _ in range(5)]
    assert stored_state(study).optimizer.generation == 5  # the last one is told by trial 31


@pytest.mark.parametrize("strategy", ["ipop", "bipop"])
def test_restarts_when_the_objective_is_flat(strategy):
    sampler = CmaEsSampler(seed=0, popsize=6, restart_strategy=strategy)
    study = run(sampler, lambda t: 0.0 * sphere(2)(t) + 1.0, 400)
    state = stored_state(study)
    assert state.run >= 2
    runs = {}
    for t in study.trials:
        tag = t.system_attrs.get(GENERATION_ATTR)
        if tag is not None:
            _, run_index, generation = tag.split(":")
            runs.setdefault(int(run_index), set()).add(int(generation))
    assert sorted(runs) == list(range(state.run + 1))
    if strategy == "ipop":
        assert state.optimizer.population_size == 6 * 2**state.run
    else:
        assert state.evals_small > 0 and state.evals_large > 0


def test_no_restart_without_strategy():
    study = run(CmaEsSampler(seed=0, popsize=6), lambda t: 0.0 * sphere(2)(t) + 1.0, 250)
    assert stored_state(study).run == 0


def test_a_fresh_sampler_object_resumes_from_the_storage():
    study = run(CmaEsSampler(seed=3, popsize=6), sphere(3), 16)  # mid-generation
    clone = pickle.loads(pickle.dumps(study))
    study.optimize(sphere(3), n_trials=14)
    resumed = hpobench.load_study(
        study_name=clone.study_name,
        storage=clone._storage,
        sampler=CmaEsSampler(seed=3, popsize=6),
    )
    resumed.optimize(sphere(3), n_trials=14)
    assert [t.params for t in study.trials] == [t.params for t in resumed.trials]
    tags = [t.system_attrs[GENERATION_ATTR] for t in resumed.trials[16:]]
    assert tags[0].endswith(":2")  # the generation that was under way, not a new run


def test_a_second_process_resumes_from_the_storage(tmp_path):
    path = tmp_path / "journal.log"
    storage = hpobench.storages.JournalStorage(
        hpobench.storages.journal.JournalFileBackend(str(path))
    )
    study = hpobench.create_study(
        study_name="s", storage=storage, sampler=CmaEsSampler(seed=1, popsize=6)
    )
    study.optimize(sphere(3), n_trials=10)
    before = stored_state(study).optimizer.generation
    script = textwrap.dedent(
        f"""
        import hpobench
        from hpobench.samplers import CmaEsSampler
        hpobench.logging.set_verbosity(hpobench.logging.WARNING)
        storage = hpobench.storages.JournalStorage(
            hpobench.storages.journal.JournalFileBackend({str(path)!r}))
        study = hpobench.load_study(study_name="s", storage=storage,
                                    sampler=CmaEsSampler(seed=1, popsize=6))
        study.optimize(
            lambda t: sum(t.suggest_float(f"x{{i}}", -5, 5) ** 2 for i in range(3)),
            n_trials=8)
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    study = hpobench.load_study(study_name="s", storage=storage)
    tags = [t.system_attrs[GENERATION_ATTR] for t in study.trials[10:]]
    assert tags[0] == study.trials[9].system_attrs[GENERATION_ATTR]  # same generation
    assert {tag.split(":")[1] for tag in tags} == {"0"}  # same run
    assert stored_state(study).optimizer.generation > before


def test_int_step_and_log_parameters():
    def objective(trial):
        a = trial.suggest_int("a", -20, 20)
        b = trial.suggest_int("b", 1, 10_000, log=True)
        c = trial.suggest_float("c", 1e-6, 1.0, log=True)
        d = trial.suggest_float("d", 0.0, 3.0, step=0.5)
        e = trial.suggest_int("e", 0, 30, step=3)
        return (
            (a - 7) ** 2
            + math.log(b / 300) ** 2
            + math.log10(c / 1e-4) ** 2
            + (d - 2) ** 2
            + (e - 12) ** 2
        )

    for kwargs in ({}, {"with_margin": True}):
        study = run(CmaEsSampler(seed=0, **kwargs), objective, 300)
        for t in study.trials:
            p = t.params
            assert isinstance(p["a"], int) and -20 <= p["a"] <= 20
            assert isinstance(p["b"], int) and 1 <= p["b"] <= 10_000
            assert 1e-6 <= p["c"] <= 1.0
            assert p["d"] in {0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0}
            assert p["e"] % 3 == 0 and 0 <= p["e"] <= 30
        assert study.best_value < 0.5, kwargs


def test_margin_keeps_a_discrete_dimension_moving():
    # Two-valued ints: without margin CMA-ES can freeze on one value; with it, both stay.
    def objective(trial):
        bits = [trial.suggest_int(f"b{i}", 0, 1) for i in range(6)]
        return -sum(bits) + sum(trial.suggest_float(f"x{i}", -1, 1) ** 2 for i in range(2))

    study = run(CmaEsSampler(seed=0, with_margin=True), objective, 250)
    assert study.best_value < -5.9


def test_warm_start_from_source_trials():
    source = run(RandomSampler(seed=0), sphere(3, shift=3.0), 100)
    sampler = CmaEsSampler(seed=0, source_trials=source.trials)
    study = run(sampler, sphere(3, shift=3.0), 2)
    mean = stored_state(study).optimizer.mean
    assert np.all(mean > 0.6)  # (3 + 5) / 10 = 0.8 in the unit cube, far from the centre


def test_warm_start_needs_enough_source_trials():
    source = run(RandomSampler(seed=0), sphere(3), 5)
    with pytest.raises(ValueError, match="source_trials must hold at least 10"):
        run(CmaEsSampler(seed=0, source_trials=source.trials), sphere(3), 3)


def test_consider_pruned_trials():
    def objective(trial):
        value = sphere(2)(trial)
        trial.report(value, 0)
        if trial.number % 2:
            raise hpobench.TrialPruned()
        return value

    study = run(CmaEsSampler(seed=0, consider_pruned_trials=True, popsize=4), objective, 42)
    assert stored_state(study).optimizer.generation == 10


def test_categorical_parameters_warn_unless_told_not_to():
    def objective(trial):
        trial.suggest_categorical("c", ["a", "b"])
        return sphere(2)(trial)

    with pytest.warns(UserWarning, match="'c' with its independent sampler"):
        run(CmaEsSampler(seed=0), objective, 4)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        run(CmaEsSampler(seed=0, warn_independent_sampling=False), objective, 4)


def test_multi_objective_is_rejected():
    study = hpobench.create_study(sampler=CmaEsSampler(), directions=["minimize", "minimize"])
    with pytest.raises(ValueError, match="single-objective"):
        study.optimize(lambda t: (t.suggest_float("x", 0, 1), 1.0), n_trials=3)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"use_separable_cma": True, "with_margin": True}, "use_separable_cma and with_margin"),
        ({"lr_adapt": True, "use_separable_cma": True}, "lr_adapt cannot"),
        ({"lr_adapt": True, "with_margin": True}, "lr_adapt cannot"),
        (
            {"source_trials": [], "use_separable_cma": True},
            "source_trials cannot be used with use",
        ),
        ({"source_trials": [], "x0": {"x": 1}}, "source_trials cannot be used with x0"),
        ({"source_trials": [], "sigma0": 0.1}, "source_trials cannot be used with x0"),
        ({"restart_strategy": "lpop"}, "restart_strategy must be one of"),
        ({"popsize": 1}, "popsize must be"),
        ({"inc_popsize": 0}, "inc_popsize must be"),
        ({"sigma0": -1.0}, "sigma0 must be"),
        ({"n_startup_trials": -1}, "n_startup_trials must be"),
    ],
)
def test_invalid_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        CmaEsSampler(**kwargs)


def test_x0_and_sigma0_set_the_first_generation():
    sampler = CmaEsSampler(x0={"x0": 4.0, "x1": -4.0}, sigma0=1e-3, seed=0)
    study = run(sampler, sphere(2), 6)
    for t in study.trials[1:]:  # the first trial has no search space yet
        assert abs(t.params["x0"] - 4.0) < 0.1 and abs(t.params["x1"] + 4.0) < 0.1


def test_failed_trials_do_not_count_towards_a_generation():
    def objective(trial):
        value = sphere(2)(trial)
        if trial.number % 4 == 3:
            raise ValueError("broken")
        return value

    study = hpobench.create_study(sampler=CmaEsSampler(seed=0, popsize=4))
    study.optimize(objective, n_trials=41, catch=(ValueError,))
    complete = [t for t in study.trials if t.state == TrialState.COMPLETE]
    assert stored_state(study).optimizer.generation == (len(complete) - 1) // 4
