"""Workers per study: k processes share one run's study; wall times are recorded."""

from __future__ import annotations

import hpobench
from hpobench.trial import TrialState
from runners import Budget, ComponentSpec, iter_runs, make_plan, run_plan


def test_two_workers_share_one_study_within_the_budget(sqlite_url) -> None:
    plan = make_plan(
        "shared",
        ["Branin"],
        [ComponentSpec("tpe", {"n_startup_trials": 4})],
        budget=Budget(trials=16),
        seed=0,
        workers=2,
    )
    assert run_plan(plan, sqlite_url).done == 1
    (run,) = iter_runs(sqlite_url, "shared")
    assert run.record["workers"] == 2 and run.record["status"] == "done"
    trials = hpobench.load_study(study_name=run.study_name, storage=sqlite_url).trials
    assert [t.number for t in trials] == list(range(16))  # over-budget trials are dropped
    assert all(t.state == TrialState.COMPLETE for t in trials)
    assert {t.user_attrs["worker"] for t in trials} <= {0, 1}
    assert all(0 <= t.user_attrs["wall_t"] <= run.record["totals"]["wall_s"] for t in trials)
    assert run.record["totals"]["n_trials"] == 16


def test_a_shared_run_whose_sampler_cannot_be_built_fails(sqlite_url) -> None:
    plan = make_plan(
        "shared",
        ["Branin"],
        [ComponentSpec("grid")],  # a continuous space has no grid: every worker fails
        budget=Budget(trials=4),
        seed=0,
        workers=2,
    )
    summary = run_plan(plan, sqlite_url)
    assert summary.failed == 1
    assert "finitely many values" in summary.failures[0][1]
