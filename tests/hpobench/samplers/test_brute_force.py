from __future__ import annotations

import itertools

import pytest

import hpobench
from hpobench.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from hpobench.samplers import BruteForceSampler
from hpobench.testing.samplers import SamplerTests
from hpobench.trial import TrialState, create_trial

# MIXED_SPACE with every range made finite (a step for each float; log floats dropped).
FINITE_MIXED_SPACE = {
    "f": FloatDistribution(-3.0, 2.0, step=0.5),
    "f_step": FloatDistribution(0.0, 1.0, step=0.1),
    "i": IntDistribution(-5, 5),
    "i_log": IntDistribution(1, 1000, log=True),
    "i_step": IntDistribution(0, 30, step=3),
    "c": CategoricalDistribution(("a", 1, 2.5, None, True)),
    "single_f": FloatDistribution(1.5, 1.5),
    "single_c": CategoricalDistribution(("only",)),
}
_CONTINUOUS = "suggests continuous floats, which BruteForceSampler cannot enumerate"


class TestBruteForceSamplerCommon(SamplerTests):
    @pytest.fixture
    def make_sampler(self):
        return lambda seed: BruteForceSampler(seed=seed)

    space = FINITE_MIXED_SPACE

    # These shared cases hard-code continuous floats; finite equivalents are below.
    @pytest.mark.skip(reason=_CONTINUOUS)
    def test_conditional_space(self):
        pass

    @pytest.mark.skip(reason=_CONTINUOUS)
    def test_dynamic_range(self):
        pass

    @pytest.mark.skip(reason=_CONTINUOUS)
    def test_maximize_and_failures_do_not_break_sampling(self):
        pass

    @pytest.mark.skip(reason=_CONTINUOUS)
    def test_multi_objective(self):
        pass

    @pytest.mark.skip(reason=_CONTINUOUS)
    def test_random_spaces_stay_in_range(self):
        pass


def setup_module():
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)


def grid_objective(trial):
    x = trial.suggest_int("x", 0, 2)
    y = trial.suggest_float("y", 0.0, 1.0, step=0.5)
    c = trial.suggest_categorical("c", ["a", "b"])
    return x + y + (c == "b")


GRID_POINTS = set(itertools.product([0, 1, 2], [0.0, 0.5, 1.0], ["a", "b"]))


def _points(study):
    return [(t.params["x"], t.params["y"], t.params["c"]) for t in study.trials]


def tree_objective(trial):
    kind = trial.suggest_categorical("kind", ["linear", "tree", "none"])
    if kind == "linear":
        return trial.suggest_float("alpha", 0.0, 1.0, step=0.5)
    if kind == "tree":
        depth = trial.suggest_int("depth", 1, 3)
        # The range of a parameter may depend on the values before it.
        return depth + trial.suggest_int("leaves", 1, depth)
    return 0.0


TREE_POINTS = (
    [{"kind": "linear", "alpha": a} for a in (0.0, 0.5, 1.0)]
    + [{"kind": "tree", "depth": d, "leaves": n} for d in (1, 2, 3) for n in range(1, d + 1)]
    + [{"kind": "none"}]
)


def _as_set(dicts):
    return {tuple(sorted(d.items())) for d in dicts}


def test_visits_each_point_once_and_stops():
    study = hpobench.create_study(sampler=BruteForceSampler(seed=0))
    study.optimize(grid_objective)
    assert len(study.trials) == len(GRID_POINTS) == 18
    assert set(_points(study)) == GRID_POINTS
    assert study.sampler.is_exhausted(study)


def test_conditional_space_is_fully_enumerated():
    study = hpobench.create_study(sampler=BruteForceSampler(seed=1))
    study.optimize(tree_objective)
    assert len(study.trials) == len(TREE_POINTS) == 10
    assert _as_set(t.params for t in study.trials) == _as_set(TREE_POINTS)


def test_float_without_step_raises_naming_the_parameter():
    def objective(trial):
        trial.suggest_int("n", 0, 2)
        return trial.suggest_float("lr", 0.0, 1.0)

    study = hpobench.create_study(sampler=BruteForceSampler())
    with pytest.raises(
        ValueError, match="parameter 'lr' is continuous.*give suggest_float a step"
    ):
        study.optimize(objective)


@pytest.mark.parametrize("n_jobs", [2, 4])
def test_threads_terminate_with_few_duplicates(n_jobs):
    study = hpobench.create_study(sampler=BruteForceSampler(seed=2))
    study.optimize(grid_objective, n_jobs=n_jobs)
    assert set(_points(study)) <= GRID_POINTS
    assert len(study.trials) <= len(GRID_POINTS) + n_jobs


def test_threads_see_each_others_picks():
    # Threads choose one at a time and see each other's picks, so the default (looser)
    # stopping rule still covers a space whose subtrees are single points.
    for seed in range(10):
        study = hpobench.create_study(sampler=BruteForceSampler(seed=seed))
        study.optimize(lambda t: t.suggest_int("x", 0, 5), n_jobs=4)
        assert {t.params["x"] for t in study.trials} == set(range(6))
        assert len(study.trials) <= 6 + 3


@pytest.mark.parametrize("n_jobs", [2, 4])
def test_threads_visit_everything_with_avoid_premature_stop(n_jobs):
    sampler = BruteForceSampler(seed=3, avoid_premature_stop=True)
    study = hpobench.create_study(sampler=sampler)
    study.optimize(tree_objective, n_jobs=n_jobs)
    assert _as_set(t.params for t in study.trials) == _as_set(TREE_POINTS)
    assert len(study.trials) <= len(TREE_POINTS) + 2 * n_jobs


def test_same_seed_same_order_and_different_seed_other_order():
    orders = []
    for seed in (5, 5, 6):
        study = hpobench.create_study(sampler=BruteForceSampler(seed=seed))
        study.optimize(grid_objective)
        orders.append(_points(study))
    assert orders[0] == orders[1]
    assert orders[0] != orders[2]
    assert set(orders[0]) == set(orders[2])


def test_failed_and_pruned_points_count_as_visited():
    def objective(trial):
        value = grid_objective(trial)
        if trial.params["c"] == "b":
            raise ValueError("boom")
        if trial.params["x"] == 1:
            raise hpobench.TrialPruned()
        return value

    study = hpobench.create_study(sampler=BruteForceSampler(seed=0))
    study.optimize(objective, catch=(ValueError,))
    assert len(study.trials) == 18
    assert sum(t.state == TrialState.FAIL for t in study.trials) == 9


def test_n_trials_below_the_space_visits_distinct_points_then_resumes():
    study = hpobench.create_study(sampler=BruteForceSampler(seed=0))
    study.optimize(grid_objective, n_trials=7)
    assert len(set(_points(study))) == 7
    study.optimize(grid_objective)
    assert len(study.trials) == 18
    assert set(_points(study)) == GRID_POINTS


def test_stored_parameter_order_does_not_matter():
    # Trials added with their parameters in another order than the objective's (as a
    # storage may return them) still count for the points they cover.
    study = hpobench.create_study(sampler=BruteForceSampler(seed=0))
    dists = {
        "leaves": IntDistribution(1, 3),
        "depth": IntDistribution(1, 3),
        "kind": CategoricalDistribution(["linear", "tree", "none"]),
    }
    for leaves in (1, 2, 3):
        study.add_trial(
            create_trial(
                params={"leaves": leaves, "depth": 3, "kind": "tree"}, distributions=dists, value=0
            )
        )
    study.optimize(tree_objective)
    assert len(study.trials) == len(TREE_POINTS)
    assert _as_set(t.params for t in study.trials) == _as_set(TREE_POINTS)


def test_multi_objective():
    def objective(trial):
        x = trial.suggest_int("x", 0, 3)
        return x, -x

    study = hpobench.create_study(
        sampler=BruteForceSampler(seed=0), directions=["minimize", "minimize"]
    )
    study.optimize(objective)
    assert sorted(t.params["x"] for t in study.trials) == [0, 1, 2, 3]


def test_ask_tell_without_optimize_does_not_call_stop():
    study = hpobench.create_study(sampler=BruteForceSampler(seed=0))
    for _ in range(3):
        trial = study.ask()
        study.tell(trial, trial.suggest_int("x", 0, 1))
    assert sorted(t.params["x"] for t in study.trials[:2]) == [0, 1]
    assert study.sampler.is_exhausted(study)


def test_enqueued_off_grid_value_is_kept_and_does_not_cover_a_point():
    study = hpobench.create_study(sampler=BruteForceSampler(seed=0))
    study.enqueue_trial({"y": 0.25})
    with pytest.warns(UserWarning, match="outside"):
        study.optimize(grid_objective)
    assert study.trials[0].params["y"] == 0.25
    assert set(_points(study)[1:]) == GRID_POINTS
    assert len(study.trials) == 19


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"avoid_premature_stop": "yes"}, TypeError, "avoid_premature_stop must be True or"),
        ({"seed": -3}, ValueError, "seed must be None or an int >= 0; got -3"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        BruteForceSampler(**kwargs)
