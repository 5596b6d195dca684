"""SuccessiveHalvingPruner: Algorithm 1's rung arithmetic and top-k rule."""

from __future__ import annotations

import math
import random

import pytest
from pruner_histories import add, running, study_with

import hpobench
from hpobench.pruners import SuccessiveHalvingPruner
from hpobench.pruners._successive_halving import promotion_step, rung_of_step
from hpobench.trial import TrialState


@pytest.mark.parametrize(
    ("r", "eta", "s", "steps"),
    [
        (1, 4, 0, [1, 4, 16, 64]),
        (1, 3, 0, [1, 3, 9, 27, 81, 243]),
        (2, 3, 1, [6, 18, 54]),
        (5, 2, 2, [20, 40, 80, 160]),
        (3, 5, 0, [3, 15, 75]),
    ],
)
def test_promotion_steps_are_r_times_eta_to_the_s_plus_rung(r, eta, s, steps):
    assert [promotion_step(k, r, eta, s) for k in range(len(steps))] == steps


@pytest.mark.parametrize(
    ("r", "eta", "s"), [(1, 4, 0), (1, 3, 0), (2, 3, 1), (5, 2, 2), (3, 5, 0)]
)
def test_rung_of_step_is_algorithm_1_line_1(r, eta, s):
    for step in range(0, 400):
        # floor(log_eta(step / r)), exactly: the largest e with r * eta**e <= step.
        e = max((k for k in range(20) if r * eta**k <= step), default=-1)
        assert rung_of_step(step, r, eta, s) == max(0, e - s)
        decided = step == promotion_step(rung_of_step(step, r, eta, s), r, eta, s)
        assert decided == (step >= r * eta**s and e - s >= 0 and step == r * eta**e)


def test_rung_of_step_is_exact_at_powers_where_float_logs_are_not():
    assert math.floor(math.log(243) / math.log(3)) == 4  # float rounding
    assert rung_of_step(243, 1, 3, 0) == 5
    assert rung_of_step(242, 1, 3, 0) == 4


@pytest.mark.parametrize(("r", "eta", "s"), [(1, 2, 0), (1, 3, 0), (2, 2, 1), (3, 3, 0)])
def test_a_lone_improving_trial_is_judged_exactly_at_the_promotion_steps(r, eta, s):
    pruner = SuccessiveHalvingPruner(
        min_resource=r, reduction_factor=eta, min_early_stopping_rate=s
    )
    study = study_with(pruner)
    trial = study.ask()
    for step in range(60):
        trial.report(100.0 - step, step)
        assert not trial.should_prune()  # alone, it is always the best
    stored = study.trials[0].system_attrs
    expected = [k for k in range(10) if promotion_step(k, r, eta, s) < 60]
    assert sorted(stored) == [f"completed_rung_{k}" for k in expected]
    for k in expected:
        assert stored[f"completed_rung_{k}"] == 100.0 - promotion_step(k, r, eta, s)


def _rung0_study(records, eta, direction="minimize", **kwargs):
    pruner = SuccessiveHalvingPruner(min_resource=1, reduction_factor=eta, **kwargs)
    study = study_with(pruner, direction=direction)
    for value in records:  # earlier trials, in any state, that recorded rung 0
        add(study, {1: value}, state=TrialState.PRUNED, system_attrs={"completed_rung_0": value})
    return study


@pytest.mark.parametrize(
    ("records", "eta", "mine", "kept"),
    [
        ([1.0, 2.0, 3.0], 2, 2.0, True),  # n=4, k=2: [1, 2, 2, 3] -> keep <= 2
        ([1.0, 2.0, 3.0], 2, 2.5, False),
        ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], 4, 1.5, True),  # n=8, k=2: keep <= 1.5
        ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], 4, 2.5, False),
        ([2.0], 3, 1.0, True),  # fewer than eta: only the best goes on
        ([2.0], 3, 2.5, False),
        ([], 4, 9.0, True),  # the first trial at a rung is the best there
    ],
)
def test_top_k_of_the_rung(records, eta, mine, kept):
    study = _rung0_study(records, eta)
    assert running(study, {1: mine}).should_prune() is not kept


@pytest.mark.parametrize(
    ("records", "eta", "mine", "kept"),
    [
        ([1.0, 1.0, 1.0], 4, 1.0, True),  # a tie with the k-th value is kept
        ([1.0, 1.0, 1.0], 4, 1.0001, False),
        ([2.0], 3, 2.0, True),  # a tie with the single best is kept
        ([1.0, 2.0, 2.0, 2.0, 3.0], 2, 2.0, True),  # k=3: [1, 2, 2, 2, 2, 3] -> <= 2
    ],
)
def test_ties_at_the_boundary_survive(records, eta, mine, kept):
    assert running(_rung0_study(records, eta), {1: mine}).should_prune() is not kept


def test_the_decision_does_not_depend_on_the_order_of_the_records():
    values = [float(v) for v in range(1, 12)] + [4.0, 4.0]
    decisions = set()
    for seed in range(5):
        random.Random(seed).shuffle(values)
        decisions.add(running(_rung0_study(values, 3), {1: 4.0}).should_prune())
    assert decisions == {False}  # n=14, k=4: [1, 2, 3, 4, 4, 4, ...]


@pytest.mark.parametrize(("mine", "kept"), [(2.5, True), (2.0, True), (1.5, False)])
def test_maximize(mine, kept):
    study = _rung0_study([1.0, 2.0, 3.0], 2, direction="maximize")  # k=2 of 4
    assert running(study, {1: mine}).should_prune() is not kept


def test_nan_at_a_rung_prunes_without_a_record_and_inf_compares():
    study = _rung0_study([1.0], 2)
    trial = running(study, {1: math.nan})
    assert trial.should_prune()
    assert "completed_rung_0" not in trial.system_attrs
    assert running(_rung0_study([], 2), {1: math.inf}).should_prune() is False
    assert running(_rung0_study([1.0], 2), {1: math.inf}).should_prune()
    assert not running(_rung0_study([1.0], 2), {1: -math.inf}).should_prune()


def test_missing_steps_judge_every_rung_passed_with_the_latest_value():
    study = study_with(SuccessiveHalvingPruner(min_resource=1, reduction_factor=2))
    trial = running(study, {0: 9.0, 5: 3.0})  # rungs at 1, 2, 4 passed at once
    assert not trial.should_prune()
    attrs = study.trials[0].system_attrs
    assert attrs == {"completed_rung_0": 3.0, "completed_rung_1": 3.0, "completed_rung_2": 3.0}


def test_a_trial_judged_twice_at_one_step_is_recorded_once():
    study = _rung0_study([1.0, 2.0, 3.0], 2)
    trial = running(study, {1: 1.5})
    assert not trial.should_prune()
    assert not trial.should_prune()
    counts = [sum("completed_rung_0" in t.system_attrs for t in study.trials)]
    assert counts == [4]
    assert "completed_rung_1" not in trial.system_attrs  # rung 1 is decided at step 2


def test_a_trial_pruned_at_a_later_rung():
    pruner = SuccessiveHalvingPruner(min_resource=1, reduction_factor=2)
    study = study_with(pruner)
    for value in (1.0, 2.0, 3.0):
        add(
            study,
            {1: value, 2: value},
            state=TrialState.PRUNED,
            system_attrs={"completed_rung_0": value, "completed_rung_1": value},
        )
    trial = study.ask()
    trial.report(1.5, 1)
    assert not trial.should_prune()  # rung 0: [1, 1.5, 2, 3], k=2
    trial.report(2.5, 2)
    assert trial.should_prune()  # rung 1: [1, 2, 2.5, 3], k=2


def test_min_early_stopping_rate_delays_the_first_decision():
    pruner = SuccessiveHalvingPruner(min_resource=1, reduction_factor=2, min_early_stopping_rate=2)
    study = study_with(pruner)
    add(study, {4: 1.0}, state=TrialState.PRUNED, system_attrs={"completed_rung_0": 1.0})
    trial = running(study, {1: 5.0, 2: 5.0, 3: 5.0})
    assert not trial.should_prune()
    trial.report(5.0, 4)
    assert trial.should_prune()


def test_bootstrap_count_prunes_the_first_trials_of_a_rung():
    study = _rung0_study([], 2, bootstrap_count=2)
    assert running(study, {1: 1.0}).should_prune()  # 1 value recorded
    assert running(study, {1: 0.5}).should_prune()  # 2 values recorded
    assert not running(study, {1: 0.1}).should_prune()  # 3: the best of them goes on


def test_auto_min_resource_waits_for_a_complete_trial():
    pruner = SuccessiveHalvingPruner()
    study = study_with(pruner)
    trial = running(study, {s: 1.0 for s in range(10)})
    assert not trial.should_prune()
    assert trial.system_attrs == {}
    add(study, {s: 1.0 for s in range(301)})  # last step 300: r = 3
    trial = running(study, {2: 5.0})
    assert not trial.should_prune()
    assert trial.system_attrs == {}
    assert study.system_attrs["successive_halving:min_resource"] == 3
    trial.report(5.0, 3)
    assert not trial.should_prune()
    assert trial.system_attrs == {"completed_rung_0": 5.0}


def test_auto_min_resource_is_at_least_one_and_read_back_from_the_study():
    study = study_with(SuccessiveHalvingPruner(), [{s: 1.0 for s in range(50)}])
    assert not running(study, {1: 1.0}).should_prune()
    assert study.system_attrs["successive_halving:min_resource"] == 1
    other = hpobench.load_study(study_name=study.study_name, storage=study._storage)
    other.pruner = SuccessiveHalvingPruner()
    study._storage.set_study_system_attr(study._study_id, "successive_halving:min_resource", 4)
    trial = running(other, {1: 1.0, 2: 1.0, 3: 1.0})
    assert not trial.should_prune()
    assert trial.system_attrs == {}  # r = 4 from the study, not 1 from the trials


def test_a_full_run_keeps_consistent_rung_records():
    def objective(trial):
        x = trial.suggest_float("x", 0, 1)
        for step in range(1, 65):
            trial.report(x + 1.0 / step, step)
            if trial.should_prune():
                raise hpobench.TrialPruned()
        return x

    pruner = SuccessiveHalvingPruner(min_resource=1, reduction_factor=4)
    study = hpobench.create_study(pruner=pruner, sampler=hpobench.samplers.RandomSampler(seed=1))
    study.optimize(objective, n_trials=40)
    for t in study.trials:
        rungs = [k for k in range(5) if f"completed_rung_{k}" in t.system_attrs]
        assert rungs == list(range(len(rungs)))
        for k in rungs:
            assert t.system_attrs[f"completed_rung_{k}"] == t.intermediate_values[4**k]
        if t.state == TrialState.COMPLETE:
            assert rungs == [0, 1, 2, 3]
        else:
            assert t.last_step == 4 ** rungs[-1]  # pruned right at its last rung
    assert sum(t.state == TrialState.PRUNED for t in study.trials) >= 20


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"min_resource": 0}, "min_resource must be an int >= 1"),
        ({"min_resource": "fast"}, "min_resource must be an int >= 1"),
        ({"reduction_factor": 1}, "reduction_factor must be an int >= 2"),
        ({"min_early_stopping_rate": -1}, "min_early_stopping_rate must be an int >= 0"),
        ({"bootstrap_count": -1}, "bootstrap_count must be an int >= 0"),
        ({"bootstrap_count": 2}, "bootstrap_count > 0 needs an int min_resource"),
    ],
)
def test_invalid_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        SuccessiveHalvingPruner(**kwargs)
