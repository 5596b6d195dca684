"""The Problem base class: ids, conversions, sampling and the define-by-run adapter."""

from __future__ import annotations

import numpy as np
import pytest

import hpobench
import suites
from hpobench.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from hpobench.trial import FixedTrial
from suites import Problem


class _Mixed(Problem):
    family = "MixedToy"
    f_star, f_star_source = 0.0, "analytic"

    def __init__(self, scale: float = 1.0, *, seed: int | None = None) -> None:
        super().__init__({"scale": scale}, seed=seed)
        self.x_star = np.array([0.0, 0.0, 0.0])
        self.tags = frozenset({"mixed_int", "dim=3"})

    @property
    def space(self):
        return {
            "x0": FloatDistribution(-1.0, 1.0),
            "x1": IntDistribution(-3, 3),
            "x2": CategoricalDistribution(["a", "b", "c"]),
        }

    def evaluate(self, X):
        X = self._check_X(X)
        return self.case_params["scale"] * (X[:, 0] ** 2 + X[:, 1] ** 2 + X[:, 2])


def test_case_id_formats_params_and_strings():
    assert _Mixed(2.5).case_id == "MixedToy(scale=2.5)"
    assert (
        suites.format_case_id("F", {"kind": "rbf", "dims": [0, 1]}) == "F(kind='rbf',dims=[0,1])"
    )
    assert suites.format_case_id("F", {}) == "F"


def test_params_array_round_trip_uses_choice_index():
    problem = _Mixed()
    x = problem.params_to_array({"x0": 0.5, "x1": -2, "x2": "c"})
    assert x.tolist() == [0.5, -2.0, 2.0]
    assert problem.array_to_params(x) == {"x0": 0.5, "x1": -2, "x2": "c"}


def test_params_to_array_names_the_missing_params():
    with pytest.raises(ValueError, match=r"miss \['x2'\]"):
        _Mixed().params_to_array({"x0": 0.5, "x1": 1})


def test_array_to_params_checks_the_length():
    with pytest.raises(ValueError, match="must have 3 entries"):
        _Mixed().array_to_params(np.zeros(2))


def test_check_x_refuses_a_wrong_shape():
    with pytest.raises(ValueError, match=r"must be an \(n, 3\) array; got shape \(3,\)"):
        _Mixed().evaluate(np.zeros(3))


def test_sample_respects_bounds_types_and_seed():
    problem = _Mixed()
    X = problem.sample(500, seed=3)
    assert X.shape == (500, 3)
    assert np.all(np.abs(X[:, 0]) <= 1)
    assert set(np.unique(X[:, 1])) <= set(range(-3, 4))
    assert set(np.unique(X[:, 2])) == {0.0, 1.0, 2.0}
    np.testing.assert_array_equal(X, problem.sample(500, seed=3))


def test_sample_log_and_stepped_distributions():
    class _Log(_Mixed):
        @property
        def space(self):
            return {
                "x0": FloatDistribution(1e-4, 1.0, log=True),
                "x1": IntDistribution(1, 1000, log=True),
                "x2": FloatDistribution(0.0, 1.0, step=0.25),
            }

    X = _Log().sample(2000, seed=0)
    assert X[:, 0].min() >= 1e-4 and X[:, 0].max() <= 1.0
    assert np.median(X[:, 0]) < 0.05  # log-uniform puts most mass at small values
    assert np.all(X[:, 1] == np.round(X[:, 1])) and X[:, 1].min() >= 1
    assert set(np.unique(X[:, 2])) == {0.0, 0.25, 0.5, 0.75, 1.0}


@pytest.mark.parametrize("n", [-1, 2.5, True])
def test_sample_refuses_a_bad_count(n):
    with pytest.raises(ValueError, match="n must be an int >= 0"):
        _Mixed().sample(n)


def test_seed_must_be_an_int():
    with pytest.raises(TypeError, match="seed of _Mixed must be an int or None"):
        _Mixed(seed=1.5)


def test_with_seed_keeps_the_case():
    problem = _Mixed(3.0, seed=1).with_seed(7)
    assert (problem.case_id, problem.seed) == ("MixedToy(scale=3.0)", 7)
    assert repr(problem) == "<Problem MixedToy(scale=3.0), seed=7>"


def test_call_with_a_fixed_trial_matches_evaluate():
    problem = _Mixed(2.0)
    value = problem(FixedTrial({"x0": 0.5, "x1": -1, "x2": "b"}))
    assert value == pytest.approx(2.0 * (0.25 + 1 + 1))


def test_call_inside_a_study_suggests_the_whole_space():
    problem = _Mixed()
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    study.optimize(problem, n_trials=10)
    for trial in study.trials:
        assert set(trial.params) == {"x0", "x1", "x2"}
        expected = problem.evaluate(problem.params_to_array(trial.params)[None])[0]
        assert trial.value == pytest.approx(expected)


def test_unconstrained_problem_has_no_constraint_columns():
    assert _Mixed().evaluate_constraints(np.zeros((4, 3))).shape == (4, 0)


def test_a_single_step_problem_refuses_iter_steps():
    with pytest.raises(TypeError, match="is not a multi-fidelity problem"):
        next(iter(_Mixed().iter_steps(np.zeros(3))))


class _Steps(_Mixed):
    family = "StepToy"
    n_steps = 5

    def iter_steps(self, x):
        for step in range(1, self.n_steps + 1):
            yield step, float(self.evaluate(x[None])[0]) + 1.0 / step


def test_a_multi_fidelity_problem_reports_every_step():
    trial = FixedTrial({"x0": 0.0, "x1": 1, "x2": "a"})
    assert _Steps()(trial) == pytest.approx(1.2)
    assert sorted(trial._intermediate_values) == [1, 2, 3, 4, 5]


def test_a_multi_fidelity_problem_is_pruned_by_the_study():
    problem = _Steps()
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    study = hpobench.create_study(
        sampler=hpobench.samplers.RandomSampler(seed=0),
        pruner=hpobench.pruners.ThresholdPruner(upper=0.5),
    )
    study.optimize(problem, n_trials=3)
    assert all(t.state == hpobench.trial.TrialState.PRUNED for t in study.trials)
    assert all(list(t.intermediate_values) == [1] for t in study.trials)
