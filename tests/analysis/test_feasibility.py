"""Constrained studies: only feasible COMPLETE trials count towards the best value.

Each study holds an infeasible trial whose value beats every feasible one; the analysis
must ignore it, whichever reader loads the study.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

import hpobench
from analysis import load_optuna
from analysis._raw import feasibility, feasible_from_attrs
from hpobench.distributions import FloatDistribution
from hpobench.trial._frozen import is_feasible

# (value, constraint values or None); the constrained optimum is 2.0, the infeasible
# 0.5 would win if counted.
CONSTRAINED = [(5.0, -1.0), (0.5, 3.0), (2.0, 0.0), (4.0, 0.1)]
UNCONSTRAINED = [5.0, 0.5, 2.0, 4.0]


def _trial(value, constraint=None, *, legacy=False):
    kwargs = {}
    if constraint is not None and legacy:
        kwargs["system_attrs"] = {"constraints": [constraint, -5.0]}
    elif constraint is not None:
        kwargs["constraints"] = {"c0": constraint, "c1": -5.0}
    return hpobench.create_trial(
        value=value,
        params={"x": value / 10},
        distributions={"x": FloatDistribution(0.0, 1.0)},
        **kwargs,
    )


def _fill(storage, *, legacy=False):
    constrained = hpobench.create_study(study_name="constrained", storage=storage)
    for value, constraint in CONSTRAINED:
        constrained.add_trial(_trial(value, constraint, legacy=legacy))
    maximised = hpobench.create_study(
        study_name="constrained-max", storage=storage, direction="maximize"
    )
    for value, constraint in [(1.0, 0.0), (9.0, 2.0), (3.0, -1.0)]:
        maximised.add_trial(_trial(value, constraint, legacy=legacy))
    plain = hpobench.create_study(study_name="plain", storage=storage)
    for value in UNCONSTRAINED:
        plain.add_trial(_trial(value))


def _storages(tmp_path, legacy):
    url = f"sqlite:///{tmp_path / 'constrained.db'}"
    _fill(url, legacy=legacy)
    memory = hpobench.storages.InMemoryStorage()
    _fill(memory, legacy=legacy)
    return {"rdb": url, "memory": memory}


@pytest.mark.parametrize("legacy", [False, True], ids=["per-constraint", "legacy-list"])
@pytest.mark.parametrize("reader", ["rdb", "memory"])
def test_final_best_counts_only_feasible_trials(tmp_path, legacy, reader):
    data = load_optuna(_storages(tmp_path, legacy)[reader])
    runs = data.runs.set_index("run_id")
    assert runs.loc["constrained", "final_best"] == 2.0
    assert runs.loc["constrained-max", "final_best"] == 3.0
    assert runs.loc["plain", "final_best"] == 0.5
    trials = data.trials.set_index(["run_id", "number"])
    assert trials.loc["constrained", "feasible"].tolist() == [True, False, True, False]
    assert trials.loc["constrained", "best_so_far"].tolist() == [5.0, 5.0, 2.0, 2.0]
    assert trials.loc["constrained-max", "best_so_far"].tolist() == [1.0, 1.0, 3.0]
    assert trials.loc["plain", "feasible"].all()
    assert trials.loc["plain", "best_so_far"].tolist() == [5.0, 0.5, 0.5, 0.5]


def test_readers_agree_on_feasibility(tmp_path):
    storages = _storages(tmp_path, legacy=False)
    rdb, memory = (load_optuna(storages[k]) for k in ("rdb", "memory"))
    columns = ["run_id", "number", "feasible", "best_so_far"]
    assert rdb.trials[columns].equals(memory.trials[columns])
    assert rdb.runs["final_best"].equals(memory.runs["final_best"])


def test_regret_and_reference_use_feasible_values(tmp_path):
    url = f"sqlite:///{tmp_path / 'regret.db'}"
    _fill(url)
    data = load_optuna(url, problem=lambda name, attrs: name, method=lambda name, attrs: "m")
    runs = data.runs.set_index("run_id")
    # The first feasible COMPLETE value is the reference, not an infeasible first trial.
    assert runs.loc["constrained", "f_ref"] == 5.0
    assert runs.loc["constrained", "auc"] == pytest.approx((5 + 5 + 2 + 2) / 4)


def test_run_without_feasible_trial_has_no_best(tmp_path):
    storage = hpobench.storages.InMemoryStorage()
    study = hpobench.create_study(study_name="hopeless", storage=storage)
    for value in (1.0, 2.0):
        study.add_trial(_trial(value, 1.0))
    data = load_optuna(storage)
    assert math.isnan(data.runs["final_best"].iloc[0])
    assert data.trials["best_so_far"].isna().all()


def test_feasible_from_attrs_matches_the_engine():
    trial = _trial(1.0, 0.0)
    assert feasible_from_attrs(trial.system_attrs) is is_feasible(trial)
    assert feasible_from_attrs({"constraints": [-1.0, 1e-9]}) is False
    assert feasible_from_attrs({"constraints": []}) is True
    assert feasible_from_attrs({"other": 5.0}) is True


def test_feasibility_reads_json_rows():
    rows = pd.DataFrame(
        {
            "trial_id": [1, 1, 2, 3],
            "key": ["constraints:a", "constraints:b", "constraints", "unrelated"],
            "value_json": ["-1.0", "0.5", json.dumps([0.0, -2.0]), "7"],
        }
    )
    assert feasibility(rows).to_dict() == {1: False, 2: True}


def _optuna_study(optuna, storage, style):
    def constraints(trial):
        return trial.user_attrs["c"]

    def objective(trial):
        x = trial.suggest_float("x", 0.0, 1.0)
        if style == "set_constraint":  # Optuna 5: one "constraints:<key>" attribute each
            trial.set_constraint("c0", trial.user_attrs["c"][0])
        return x * 10

    if style == "set_constraint":
        sampler = optuna.samplers.RandomSampler(seed=0)
    else:  # the list attribute "constraints" of Optuna 3 and 4
        sampler = optuna.samplers.NSGAIISampler(seed=0, constraints_func=constraints)
    study = optuna.create_study(study_name="optuna-constrained", storage=storage, sampler=sampler)
    for value, constraint in CONSTRAINED:
        study.enqueue_trial({"x": value / 10}, user_attrs={"c": [constraint]})
    study.optimize(objective, n_trials=len(CONSTRAINED))


@pytest.mark.filterwarnings("ignore:`constraints_func` has been deprecated:FutureWarning")
@pytest.mark.parametrize("style", ["set_constraint", "constraints_func"])
@pytest.mark.parametrize("kind", ["rdb", "journal"])
def test_optuna_constraints_are_read(tmp_path, kind, style):
    optuna = pytest.importorskip("optuna")
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if kind == "rdb":
        source = f"sqlite:///{tmp_path / 'optuna.db'}"
        storage = source
    else:
        source = str(tmp_path / "optuna.jsonl")
        backend = optuna.storages.journal.JournalFileBackend(source)
        storage = optuna.storages.JournalStorage(backend)
    _optuna_study(optuna, storage, style)
    data = load_optuna(source)
    trials = data.trials
    assert trials["feasible"].tolist() == [True, False, True, False]
    assert trials["value"].tolist() == pytest.approx([v for v, _ in CONSTRAINED])
    assert data.runs["final_best"].iloc[0] == pytest.approx(2.0)
