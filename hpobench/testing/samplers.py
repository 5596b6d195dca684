"""Shared behavioural test cases that every sampler runs.

Subclass :class:`SamplerTests` in a test module and provide a ``make_sampler``
fixture: a callable ``seed -> sampler``::

    class TestRandomSampler(SamplerTests):
        @pytest.fixture
        def make_sampler(self):
            return lambda seed: RandomSampler(seed=seed)

Class attributes adapt the cases to a sampler: ``multi_objective = False`` for
single-objective samplers, ``space = {...}`` for samplers of finite spaces.
"""

from __future__ import annotations

import math
import pickle
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hpobench
from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.samplers import BaseSampler
from hpobench.trial import TrialState

SamplerFactory = Callable[[int | None], BaseSampler]

MIXED_SPACE: dict[str, BaseDistribution] = {
    "f": FloatDistribution(-3.0, 2.0),
    "f_log": FloatDistribution(1e-5, 10.0, log=True),
    "f_step": FloatDistribution(0.0, 1.0, step=0.1),
    "i": IntDistribution(-5, 5),
    "i_log": IntDistribution(1, 1000, log=True),
    "i_step": IntDistribution(0, 30, step=3),
    "c": CategoricalDistribution(("a", 1, 2.5, None, True)),
    "single_f": FloatDistribution(1.5, 1.5),
    "single_c": CategoricalDistribution(("only",)),
}


def suggest(trial: hpobench.Trial, name: str, dist: BaseDistribution) -> Any:
    """Call the ``suggest_*`` method that creates ``dist``."""
    if isinstance(dist, FloatDistribution):
        return trial.suggest_float(name, dist.low, dist.high, step=dist.step, log=dist.log)
    if isinstance(dist, IntDistribution):
        return trial.suggest_int(name, dist.low, dist.high, step=dist.step, log=dist.log)
    assert isinstance(dist, CategoricalDistribution)
    return trial.suggest_categorical(name, dist.choices)


def space_objective(space: dict[str, BaseDistribution]) -> Callable[[hpobench.Trial], float]:
    """An objective that suggests every parameter of ``space`` and sums the numbers."""

    def objective(trial: hpobench.Trial) -> float:
        total = 0.0
        for name, dist in space.items():
            value = suggest(trial, name, dist)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                total += float(value)
        return total

    return objective


def assert_in_distribution(value: Any, dist: BaseDistribution) -> None:
    """Fail unless ``value`` is a value of ``dist`` of the right type."""
    if isinstance(dist, IntDistribution):
        assert isinstance(value, int) and not isinstance(value, bool), value
    if isinstance(dist, FloatDistribution):
        assert isinstance(value, float), value
    assert dist._contains(dist.to_internal_repr(value)), (value, dist)


@st.composite
def distributions(draw: st.DrawFn) -> BaseDistribution:
    """A hypothesis strategy of random valid distributions of every kind."""
    kind = draw(st.sampled_from(["float", "float_log", "float_step", "int", "int_log", "cat"]))
    if kind.startswith("float"):
        low = draw(st.floats(1e-3 if kind == "float_log" else -1e3, 1e3))
        width = draw(st.floats(0.0, 1e3))
        if kind == "float_step":
            step = draw(st.sampled_from([0.1, 0.25, 1.0, 3.0]))
            return FloatDistribution(low, low + step * draw(st.integers(0, 50)), step=step)
        return FloatDistribution(low, low + width, log=kind == "float_log")
    if kind.startswith("int"):
        low = draw(st.integers(1 if kind == "int_log" else -1000, 1000))
        step = 1 if kind == "int_log" else draw(st.integers(1, 7))
        high = low + step * draw(st.integers(0, 60))
        return IntDistribution(low, high, log=kind == "int_log", step=step)
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=3))
    return CategoricalDistribution(draw(st.lists(scalars, min_size=1, max_size=40, unique=True)))


class SamplerTests:
    """Behaviour every sampler keeps: values in range, seeds reproduce, conditional spaces."""

    multi_objective = True
    n_trials = 25
    #: The space most cases sample; samplers of finite spaces give a finite one.
    space: dict[str, BaseDistribution] = MIXED_SPACE

    @pytest.fixture
    def make_sampler(self) -> SamplerFactory:
        raise NotImplementedError("Provide a make_sampler fixture: seed -> sampler.")

    def run(self, sampler: BaseSampler, objective: Callable[..., Any], **kwargs: Any) -> Any:
        hpobench.logging.set_verbosity(hpobench.logging.WARNING)
        study = hpobench.create_study(sampler=sampler, **kwargs)
        study.optimize(objective, n_trials=self.n_trials)
        return study

    def test_values_lie_in_their_distributions(self, make_sampler: SamplerFactory) -> None:
        study = self.run(make_sampler(1), space_objective(self.space))
        assert len(study.trials) == self.n_trials
        for trial in study.trials:
            assert trial.state == TrialState.COMPLETE
            assert set(trial.params) == set(self.space)
            for name, dist in self.space.items():
                assert_in_distribution(trial.params[name], dist)

    def test_single_value_distributions_return_their_value(
        self, make_sampler: SamplerFactory
    ) -> None:
        study = self.run(make_sampler(2), space_objective(self.space))
        assert {t.params["single_f"] for t in study.trials} == {1.5}
        assert {t.params["single_c"] for t in study.trials} == {"only"}

    def test_same_seed_gives_same_trials(self, make_sampler: SamplerFactory) -> None:
        first = self.run(make_sampler(3), space_objective(self.space))
        second = self.run(make_sampler(3), space_objective(self.space))
        assert [t.params for t in first.trials] == [t.params for t in second.trials]

    def test_different_seeds_give_different_trials(self, make_sampler: SamplerFactory) -> None:
        first = self.run(make_sampler(4), space_objective(self.space))
        second = self.run(make_sampler(5), space_objective(self.space))
        assert [t.params for t in first.trials] != [t.params for t in second.trials]

    def test_conditional_space(self, make_sampler: SamplerFactory) -> None:
        def objective(trial: hpobench.Trial) -> float:
            kind = trial.suggest_categorical("kind", ["linear", "tree"])
            if kind == "linear":
                return trial.suggest_float("alpha", 1e-4, 1.0, log=True)
            depth = trial.suggest_int("depth", 1, 8)
            return sum(trial.suggest_float(f"w{i}", 0, 1) for i in range(depth))

        study = self.run(make_sampler(6), objective)
        for trial in study.trials:
            if trial.params["kind"] == "linear":
                assert set(trial.params) == {"kind", "alpha"}
                assert 1e-4 <= trial.params["alpha"] <= 1.0
            else:
                depth = trial.params["depth"]
                assert set(trial.params) == {"kind", "depth"} | {f"w{i}" for i in range(depth)}
        assert {t.params["kind"] for t in study.trials} == {"linear", "tree"}

    def test_dynamic_range(self, make_sampler: SamplerFactory) -> None:
        def objective(trial: hpobench.Trial) -> float:
            high = 1.0 + trial.number
            return trial.suggest_float("x", 0.0, high) + trial.suggest_int("n", 0, trial.number)

        study = self.run(make_sampler(7), objective)
        for trial in study.trials:
            assert 0.0 <= trial.params["x"] <= 1.0 + trial.number
            assert 0 <= trial.params["n"] <= trial.number

    def test_enqueued_params_are_used(self, make_sampler: SamplerFactory) -> None:
        hpobench.logging.set_verbosity(hpobench.logging.WARNING)
        study = hpobench.create_study(sampler=make_sampler(8))
        study.enqueue_trial({"f": 0.5, "c": None})
        study.optimize(space_objective(self.space), n_trials=3)
        assert study.trials[0].params["f"] == 0.5
        assert study.trials[0].params["c"] is None

    def test_maximize_and_failures_do_not_break_sampling(
        self, make_sampler: SamplerFactory
    ) -> None:
        def objective(trial: hpobench.Trial) -> float:
            x = trial.suggest_float("x", -1.0, 1.0)
            if trial.number % 3 == 0:
                raise ValueError("broken")
            if trial.number % 3 == 1:
                return math.nan
            return x

        hpobench.logging.set_verbosity(hpobench.logging.ERROR)
        study = hpobench.create_study(sampler=make_sampler(9), direction="maximize")
        study.optimize(objective, n_trials=self.n_trials, catch=(ValueError,))
        states = [t.state for t in study.trials]
        assert states.count(TrialState.FAIL) == len([n for n in range(self.n_trials) if n % 3 < 2])

    def test_multi_objective(self, make_sampler: SamplerFactory) -> None:
        if not self.multi_objective:
            pytest.skip("single-objective sampler")

        def objective(trial: hpobench.Trial) -> tuple[float, float]:
            x = trial.suggest_float("x", 0.0, 1.0)
            y = trial.suggest_int("y", 0, 4)
            return x + y, (1 - x) ** 2 + y

        study = self.run(make_sampler(10), objective, directions=["minimize", "minimize"])
        assert all(t.state == TrialState.COMPLETE for t in study.trials)
        assert len(study.best_trials) >= 1

    def test_parallel_threads_keep_values_in_range(self, make_sampler: SamplerFactory) -> None:
        hpobench.logging.set_verbosity(hpobench.logging.WARNING)
        study = hpobench.create_study(sampler=make_sampler(11))
        study.optimize(space_objective(self.space), n_trials=self.n_trials, n_jobs=3)
        assert sorted(t.number for t in study.trials) == list(range(self.n_trials))
        for trial in study.trials:
            for name, dist in self.space.items():
                assert_in_distribution(trial.params[name], dist)

    def test_pickled_sampler_continues_the_same_way(self, make_sampler: SamplerFactory) -> None:
        hpobench.logging.set_verbosity(hpobench.logging.WARNING)
        study = hpobench.create_study(sampler=make_sampler(12))
        study.optimize(space_objective(self.space), n_trials=5)
        clone = pickle.loads(pickle.dumps(study))
        study.optimize(space_objective(self.space), n_trials=5)
        clone.optimize(space_objective(self.space), n_trials=5)
        assert [t.params for t in study.trials] == [t.params for t in clone.trials]

    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.differing_executors,
        ],
    )
    @given(space=st.dictionaries(st.sampled_from("abcdefgh"), distributions(), min_size=1))
    def test_random_spaces_stay_in_range(
        self, make_sampler: SamplerFactory, space: dict[str, BaseDistribution]
    ) -> None:
        hpobench.logging.set_verbosity(hpobench.logging.WARNING)
        study = hpobench.create_study(sampler=make_sampler(13))
        study.optimize(space_objective(space), n_trials=12)
        for trial in study.trials:
            for name, dist in space.items():
                assert_in_distribution(trial.params[name], dist)
