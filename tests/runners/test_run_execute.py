"""One run: records, timings, and failures recorded as such (never replaced)."""

from __future__ import annotations

import json

import pytest

import hpobench
from hpobench.trial import TrialState
from runners import Budget, ComponentSpec, RunSpec, _execute, execute_run, make_plan


def _spec(problem: str, sampler: str = "random", *, pruner=None, **budget):
    plan = make_plan(
        "t",
        [problem],
        [ComponentSpec(sampler)],
        [pruner],
        budget=Budget(**(budget or {"trials": 6})),
        seed=0,
    )
    return plan.runs[0]


def test_record_and_trial_timings() -> None:
    spec = _spec("Branin", "tpe")
    result = execute_run(spec)
    record = result.record
    assert record["status"] == "done" and record["error"] is None
    assert record["run_key"] == "Branin|tpe|-|0"
    assert record["problem_seed"] == spec.problem_seed
    assert record["sampler"] == {"name": "tpe", "kwargs": {}, "label": "tpe"}
    assert record["directions"] == ["minimize"] and record["f_star"] == pytest.approx(
        0.397887, 1e-5
    )
    assert record["totals"]["n_trials"] == 6 and record["totals"]["n_complete"] == 6
    assert set(record["versions"]) >= {"hpobench", "python", "numpy"}
    json.dumps(record, allow_nan=False)  # the record is plain JSON
    for trial in result.trials:
        assert set(trial.user_attrs) == {"ask_s", "objective_s", "tell_s", "wall_t"}
        assert all(trial.user_attrs[k] >= 0 for k in ("ask_s", "objective_s", "tell_s"))
    walls = [t.user_attrs["wall_t"] for t in result.trials]
    assert walls == sorted(walls)


def test_same_spec_gives_the_same_trials() -> None:
    spec = _spec("Hartmann6", "tpe", trials=12)
    first, second = execute_run(spec), execute_run(spec)
    assert [t.params for t in first.trials] == [t.params for t in second.trials]
    assert [t.values for t in first.trials] == [t.values for t in second.trials]


def test_a_stored_record_replays_the_run_alone() -> None:
    original = execute_run(_spec("Hartmann6", "tpe", trials=12))
    replayed = execute_run(RunSpec.from_record(original.record))
    assert [t.params for t in replayed.trials] == [t.params for t in original.trials]
    assert [t.values for t in replayed.trials] == [t.values for t in original.trials]


def test_objective_errors_fail_the_trial_and_the_run_goes_on() -> None:
    result = execute_run(_spec("RunnersCrashy", trials=30))
    assert result.status == "done"
    states = [t.state for t in result.trials]
    assert len(states) == 30
    assert TrialState.COMPLETE in states and TrialState.FAIL in states
    errors = {t.user_attrs.get("error") for t in result.trials if t.state == TrialState.FAIL}
    assert "ZeroDivisionError: the objective divided by zero" in errors
    for trial in result.trials:
        x = trial.params["x0"]
        if x > 0.5:
            assert trial.state == TrialState.FAIL
        elif x < 0.1:
            assert trial.user_attrs["error"] == "the objective returned NaN"
    assert result.record["totals"]["n_fail"] == states.count(TrialState.FAIL)


class _CrashingSampler(hpobench.samplers.RandomSampler):
    def sample_independent(self, study, trial, name, dist):
        if trial.number == 3:
            raise RuntimeError("the sampler broke at trial 3")
        return super().sample_independent(study, trial, name, dist)


def test_sampler_errors_fail_the_run_with_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def components(spec, problem):
        return _CrashingSampler(seed=0), hpobench.pruners.NopPruner(), {}

    monkeypatch.setattr(_execute, "build_components", components)
    result = execute_run(_spec("Branin", trials=10))
    assert result.status == "failed"
    assert "RuntimeError: the sampler broke at trial 3" in result.record["error"]
    assert "Traceback" in result.record["error"]
    # The trials before the failure are kept; the one the sampler broke is FAIL, not running.
    assert [t.state for t in result.trials] == [TrialState.COMPLETE] * 3 + [TrialState.FAIL]
    assert "sampler or pruner failed" in result.trials[3].user_attrs["error"]


def test_setup_errors_fail_the_run() -> None:
    spec = _spec("Branin", "grid", trials=3)  # continuous space: no grid
    result = execute_run(spec)
    assert result.status == "failed"
    assert "grid sampler needs finitely many values" in result.record["error"]
    assert result.trials == []


class _CrashingPruner(hpobench.pruners.BasePruner):
    def prune(self, study, trial) -> bool:
        raise ValueError("the pruner broke")


def test_pruner_errors_fail_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def components(spec, problem):
        return hpobench.samplers.RandomSampler(seed=0), _CrashingPruner(), {}

    monkeypatch.setattr(_execute, "build_components", components)
    result = execute_run(_spec("RunnersSteps", pruner=ComponentSpec("median"), trials=4))
    assert result.status == "failed"
    assert "ValueError: the pruner broke" in result.record["error"]


def test_steps_are_reported_and_pruned() -> None:
    pruner = ComponentSpec("median", {"n_startup_trials": 2, "n_warmup_steps": 1})
    result = execute_run(_spec("RunnersSteps", pruner=pruner, trials=20))
    assert result.status == "done"
    complete = [t for t in result.trials if t.state == TrialState.COMPLETE]
    pruned = [t for t in result.trials if t.state == TrialState.PRUNED]
    assert pruned, "the median pruner should stop some of 20 trials"
    assert all(len(t.intermediate_values) == 8 for t in complete)
    assert all("prune_s" in t.user_attrs for t in result.trials)
    totals = result.record["totals"]
    assert totals["n_steps"] == sum(len(t.intermediate_values) for t in result.trials)
    assert totals["n_pruned"] == len(pruned)


def test_step_budget_stops_starting_trials() -> None:
    result = execute_run(_spec("RunnersSteps", steps=20))
    # 8 steps per trial without pruning: trials start while fewer than 20 steps are used.
    assert [len(t.intermediate_values) for t in result.trials] == [8, 8, 8]
    assert result.record["totals"]["n_steps"] == 24


def test_seconds_budget() -> None:
    result = execute_run(_spec("Branin", seconds=0.2))
    assert result.status == "done"
    assert result.record["totals"]["n_trials"] >= 1
    assert result.record["totals"]["wall_s"] >= 0.2


def test_constraints_and_several_objectives() -> None:
    constrained = execute_run(_spec("G06", "tpe", trials=5))
    assert constrained.status == "done"
    assert all(t.constraints is not None and len(t.constraints) == 2 for t in constrained.trials)
    multi = execute_run(_spec("RunnersTwoObjectives", "random", trials=4))
    assert multi.record["directions"] == ["minimize", "maximize"]
    assert all(len(t.values) == 2 for t in multi.trials)
