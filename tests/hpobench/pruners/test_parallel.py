"""Successive halving with 4 worker processes on one SQLite study."""

from __future__ import annotations

import time

import hpobench
from hpobench.pruners import SuccessiveHalvingPruner
from hpobench.samplers import RandomSampler
from hpobench.trial import TrialState

ETA = 3
STEPS = 27  # rungs decided at steps 1, 3, 9 and 27


def objective(trial):
    x = trial.suggest_float("x", 0.0, 1.0)
    for step in range(1, STEPS + 1):
        time.sleep(0.002)  # let the workers' trials overlap
        trial.report(x + 1.0 / step, step)
        if trial.should_prune():
            raise hpobench.TrialPruned()
    return x + 1.0 / STEPS


def _run(storage, n_jobs, n_trials):
    study = hpobench.create_study(
        storage=storage,
        sampler=RandomSampler(seed=0),
        pruner=SuccessiveHalvingPruner(min_resource=1, reduction_factor=ETA),
    )
    if n_jobs == 1:
        study.optimize(objective, n_trials=n_trials)
    else:
        study.optimize(objective, n_trials=n_trials, n_jobs=n_jobs, parallel="process")
    if storage is None:
        return study.trials
    return hpobench.load_study(study_name=study.study_name, storage=storage).trials


def _check_rung_records(trials):
    """Each trial was judged once per rung it reached, at the rung's step, and a loser stopped."""
    for t in trials:
        rungs = [k for k in range(5) if f"completed_rung_{k}" in t.system_attrs]
        assert rungs == list(range(len(rungs))), t.system_attrs
        assert len([k for k in t.system_attrs if k.startswith("completed_rung_")]) == len(rungs)
        for k in rungs:
            assert t.system_attrs[f"completed_rung_{k}"] == t.intermediate_values[ETA**k]
        if t.state == TrialState.COMPLETE:
            assert rungs == [0, 1, 2, 3]
        else:
            assert t.state == TrialState.PRUNED
            assert t.last_step == ETA ** rungs[-1]


def _survivor_shares(trials):
    shares = []
    for k in range(3):
        key, nxt = f"completed_rung_{k}", f"completed_rung_{k + 1}"
        reached = [t for t in trials if key in t.system_attrs]
        best = min(reached, key=lambda t: t.system_attrs[key])
        assert nxt in best.system_attrs  # the best of a rung always goes on
        shares.append(sum(nxt in t.system_attrs for t in reached) / len(reached))
    return shares


def test_four_processes_make_the_same_kind_of_decisions_as_one(tmp_path):
    n_trials = 48
    serial = _run(None, 1, n_trials)
    parallel = _run(f"sqlite:///{tmp_path / 's.db'}", 4, n_trials)
    assert sorted(t.number for t in parallel) == list(range(n_trials))
    for trials in (serial, parallel):
        _check_rung_records(trials)
    serial_shares, parallel_shares = _survivor_shares(serial), _survivor_shares(parallel)
    for a, b in zip(serial_shares, parallel_shares):
        assert abs(a - b) <= 0.25
    assert parallel_shares[0] <= 0.6  # about 1 / eta pass rung 0
    steps = [sum(len(t.intermediate_values) for t in trials) for trials in (serial, parallel)]
    assert 0.6 <= steps[1] / steps[0] <= 1.6
