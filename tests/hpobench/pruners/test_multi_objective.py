"""Pruning in multi-objective studies: per-objective reports, scalarisations, Pareto rank."""

from __future__ import annotations

import math

import pytest

import hpobench
from hpobench.pruners import (
    HyperbandPruner,
    MedianPruner,
    PatientPruner,
    SuccessiveHalvingPruner,
    ThresholdPruner,
    WilcoxonPruner,
)
from hpobench.pruners._objective import last_reported_values, pareto_ranks
from hpobench.trial import FixedTrial, TrialState, create_trial

DIRECTIONS = ["minimize", "maximize"]


def mo_study(pruner, reports=(), directions=DIRECTIONS):
    """A study with one COMPLETE trial per report history (step -> [v0, v1])."""
    sampler = hpobench.samplers.RandomSampler(seed=0)
    study = hpobench.create_study(
        directions=directions, pruner=pruner, sampler=sampler, study_name="mo-pruning"
    )
    for history in reports:
        last = history[max(history)]
        study.add_trial(
            create_trial(
                values=last,
                intermediate_values={s: v[0] for s, v in history.items()},
                system_attrs={f"intermediate_values:{s}": list(v) for s, v in history.items()},
            )
        )
    return study


def test_report_takes_one_value_per_objective():
    study = hpobench.create_study(directions=DIRECTIONS)
    trial = study.ask()
    trial.report([0.3, 0.9], 0)
    trial.report((0.2, 0.95), 1)
    trial.report(0.5, 2)  # a scalarisation
    stored = study.trials[0]
    assert stored.intermediate_values == {0: 0.3, 1: 0.2, 2: 0.5}
    assert stored.system_attrs == {
        "intermediate_values:0": [0.3, 0.9],
        "intermediate_values:1": [0.2, 0.95],
    }
    with pytest.warns(UserWarning, match="that step was already reported"):
        trial.report([9.0, 9.0], 0)
    assert study.trials[0].system_attrs["intermediate_values:0"] == [0.3, 0.9]


def test_report_checks_the_values():
    trial = hpobench.create_study(directions=DIRECTIONS).ask()
    with pytest.raises(ValueError, match=r"one per objective \(2\); got 3 values"):
        trial.report([1.0, 2.0, 3.0], 0)
    with pytest.raises(TypeError, match="value must hold numbers"):
        trial.report([1.0, "x"], 0)
    with pytest.raises(TypeError, match="value must be a float"):
        trial.report(None, 0)
    with pytest.raises(TypeError, match="value must be a float"):
        hpobench.create_study().ask().report([1.0], 0)  # single objective: one number


def test_fixed_trial_accepts_either_kind():
    trial = FixedTrial({})
    trial.report([1.0, 2.0], 0)
    trial.report(3, 1)
    assert trial._intermediate_values == {0: [1.0, 2.0], 1: 3.0}
    assert not trial.should_prune()


HISTORIES = [{0: [float(v), float(v)]} for v in (1, 2, 3, 4, 5)]  # objective 1 maximized


@pytest.mark.parametrize(
    ("objective", "mine", "pruned"),
    [
        (0, [3.5, 9.0], True),  # objective 0 minimized: median 3
        (0, [2.5, 0.0], False),
        (1, [0.0, 2.5], True),  # objective 1 maximized: median 3
        (1, [9.0, 3.5], False),
    ],
)
def test_median_on_a_chosen_objective(objective, mine, pruned):
    study = mo_study(MedianPruner(objective=objective), HISTORIES)
    trial = study.ask()
    trial.report(mine, 0)
    assert trial.should_prune() is pruned


def test_median_on_pareto_rank():
    # Five COMPLETE trials: (1, 1), (2, 2), ... with objective 1 maximized: a front of
    # trade-offs, all rank 0. A report dominated by most of them ranks worse than median.
    study = mo_study(MedianPruner(objective="pareto"), HISTORIES)
    trial = study.ask()
    trial.report([4.5, 1.5], 0)  # dominated by (2, 2), (3, 3), (4, 4)
    assert trial.should_prune()
    for mine in ([2.5, 2.5], [0.5, 9.0], [5.0, 5.0]):
        trial = study.ask()
        trial.report(mine, 0)
        assert not trial.should_prune()  # on the front


def test_default_objective_is_pareto_for_vectors_and_the_scalar_otherwise():
    study = mo_study(MedianPruner(), HISTORIES)
    trial = study.ask()
    trial.report([4.5, 1.5], 0)
    assert trial.should_prune()
    scalar = mo_study(MedianPruner(), ())
    for v in (1.0, 2.0, 3.0, 4.0, 5.0):
        scalar.add_trial(create_trial(values=[v, v], intermediate_values={0: v}))
    trial = scalar.ask()
    trial.report(3.5, 0)  # the user's scalarisation, smaller is better
    assert trial.should_prune()
    trial = scalar.ask()
    trial.report(2.5, 0)
    assert not trial.should_prune()


def test_objective_errors():
    study = mo_study(MedianPruner(objective=2), HISTORIES)
    trial = study.ask()
    trial.report([1.0, 1.0], 0)
    with pytest.raises(ValueError, match=r"index below the number of objectives \(2\)"):
        trial.should_prune()
    study = mo_study(MedianPruner(objective=1), HISTORIES)
    trial = study.ask()
    trial.report(1.0, 0)
    with pytest.raises(ValueError, match="reported a single value at step 0"):
        trial.should_prune()
    single = hpobench.create_study(pruner=MedianPruner(objective=1))
    single.add_trial(create_trial(value=1.0, intermediate_values={0: 1.0}))
    trial = single.ask()
    trial.report(1.0, 0)
    with pytest.raises(ValueError, match="objective must be None or 0 in a single-objective"):
        trial.should_prune()


def test_pareto_ranks():
    losses = [[1.0, 5.0], [2.0, 2.0], [3.0, 3.0], [5.0, 1.0], [4.0, 4.0], [math.nan, 0.0]]
    import numpy as np

    assert pareto_ranks(np.array(losses)).tolist() == [0.0, 0.0, 1.0, 0.0, 2.0, 0.0]


def _sh_mo_study(records, **kwargs):
    pruner = SuccessiveHalvingPruner(min_resource=1, reduction_factor=2, **kwargs)
    study = hpobench.create_study(directions=DIRECTIONS, pruner=pruner)
    for rec in records:
        study.add_trial(
            create_trial(state=TrialState.PRUNED, system_attrs={"completed_rung_0": rec})
        )
    return study


def test_successive_halving_on_pareto_rank_and_on_an_objective():
    records = [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]  # a front when objective 1 is maximized
    study = _sh_mo_study(records)
    trial = study.ask()
    trial.report([3.0, 1.0], 1)  # dominated: rank 1 while k=2 of 4 keeps rank 0
    assert trial.should_prune()
    assert trial.system_attrs["completed_rung_0"] == [3.0, 1.0]
    trial = study.ask()
    trial.report([0.5, 0.5], 1)  # on the front: ties at rank 0 survive
    assert not trial.should_prune()
    study = _sh_mo_study(records, objective=1)
    trial = study.ask()
    trial.report([9.0, 2.5], 1)  # objective 1 maximized: [3, 2.5, 2, 1], k=2
    assert not trial.should_prune()
    trial = study.ask()
    trial.report([0.0, 1.5], 1)
    assert trial.should_prune()
    trial = study.ask()
    trial.report([math.nan, 9.0], 1)  # NaN in another objective does not matter here
    assert not trial.should_prune()
    pareto = _sh_mo_study(records)
    trial = pareto.ask()
    trial.report([math.nan, 9.0], 1)
    assert trial.should_prune()  # NaN in a Pareto comparison prunes


def test_hyperband_with_an_objective_index():
    study = hpobench.create_study(
        directions=DIRECTIONS,
        pruner=HyperbandPruner(1, 9, objective=1),
        sampler=hpobench.samplers.RandomSampler(seed=0),
        study_name="hyperband-objective-index",  # brackets depend on the name
    )

    def objective(trial):
        x = trial.suggest_float("x", 0, 1)
        for step in range(9):
            trial.report([x, x * step], step)
            if trial.should_prune():
                raise hpobench.TrialPruned()
        return x, x * 8

    study.optimize(objective, n_trials=20)
    assert {t.state for t in study.trials} == {TrialState.COMPLETE, TrialState.PRUNED}


def test_threshold_patient_and_wilcoxon_take_an_objective_index():
    study = mo_study(ThresholdPruner(lower=0.5, objective=1))
    trial = study.ask()
    trial.report([100.0, 0.6], 0)
    assert not trial.should_prune()
    trial.report([100.0, 0.4], 1)
    assert trial.should_prune()
    trial = mo_study(ThresholdPruner(lower=0.5)).ask()
    trial.report([1.0, 1.0], 0)
    with pytest.raises(ValueError, match="create the pruner with objective=<index>"):
        trial.should_prune()
    trial = mo_study(PatientPruner(None, patience=0, objective=1)).ask()
    trial.report([1.0, 2.0], 0)
    trial.report([0.0, 1.0], 1)  # objective 1 (maximized) got worse
    assert trial.should_prune()
    base = {i: [1.0, float(i)] for i in range(10)}
    study = mo_study(WilcoxonPruner(objective=1), [base])
    trial = study.ask()
    for i in range(10):
        trial.report([1.0, i - 0.5], i)
    assert trial.should_prune()
    trial = mo_study(WilcoxonPruner(), [base]).ask()
    trial.report([1.0, 1.0], 0)
    with pytest.raises(ValueError, match="WilcoxonPruner needs objective=<index>"):
        trial.should_prune()


def test_last_reported_values_for_pruned_trials():
    study = hpobench.create_study(directions=DIRECTIONS)
    trial = study.ask()
    assert last_reported_values(study.trials[0], 2) is None
    trial.report([1.0, 2.0], 0)
    assert last_reported_values(study.trials[0], 2) == [1.0, 2.0]
    trial.report([1.0, math.nan], 1)
    assert last_reported_values(study.trials[0], 2) is None
    trial.report(0.5, 2)
    assert last_reported_values(study.trials[0], 2) is None  # a scalarisation
    single = hpobench.create_study()
    trial = single.ask()
    trial.report(0.5, 0)
    assert last_reported_values(single.trials[0], 1) == [0.5]


def test_the_package_docstring_example_runs():
    pruner = MedianPruner(n_startup_trials=2, objective=1)
    study = hpobench.create_study(
        directions=DIRECTIONS, pruner=pruner, sampler=hpobench.samplers.RandomSampler(seed=0)
    )

    def objective(trial):
        width = trial.suggest_int("width", 1, 64)
        accuracy = 0.0
        for epoch in range(10):
            accuracy = 1 - 1 / (1 + epoch * width / 64)
            trial.report([width, accuracy], epoch)
            if trial.should_prune():
                raise hpobench.TrialPruned()
        return width, accuracy

    study.optimize(objective, n_trials=20)
    states = [t.state for t in study.trials]
    assert TrialState.PRUNED in states and TrialState.COMPLETE in states
