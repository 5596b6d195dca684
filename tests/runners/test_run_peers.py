"""Peer optimizers: every installed adapter runs a tiny suite, recorded like a native one."""

from __future__ import annotations

import importlib.util

import pytest

import hpobench
from hpobench.distributions import FloatDistribution, IntDistribution
from hpobench.trial import TrialState
from runners import Budget, ComponentSpec, PeerOptimizer, iter_runs, make_plan, run_plan
from runners._peers import PeerSampler, missing_package, snap

PEERS = [
    ("optuna:tpe", {"n_startup_trials": 3}, "optuna"),
    ("optuna:CmaEsSampler", {}, "optuna"),
    ("hyperopt:tpe", {"n_startup_jobs": 3}, "hyperopt"),
    ("hyperopt:random", {}, "hyperopt"),
    ("hyperopt:atpe", {}, "hyperopt"),
    ("smac", {"n_initial": 3}, "smac"),
    ("nevergrad:TwoPointsDE", {}, "nevergrad"),
    ("skopt:forest", {"n_initial_points": 3}, "skopt"),
    ("skopt:dummy", {}, "skopt"),
]


@pytest.mark.parametrize(("name", "kwargs", "module"), PEERS, ids=[p[0] for p in PEERS])
def test_installed_peer_runs_a_tiny_suite(name: str, kwargs: dict, module: str) -> None:
    pytest.importorskip(module, reason=f"{name} needs {module} (the peers extra)")
    if name == "hyperopt:atpe":
        pytest.importorskip("lightgbm", reason="hyperopt's ATPE needs lightgbm")
    plan = make_plan(
        "peers",
        ["RunnersMixed", "Branin"],
        [ComponentSpec(name, kwargs)],
        budget=Budget(trials=6),
        seed=1,
    )
    storage = hpobench.storages.InMemoryStorage()
    summary = run_plan(plan, storage)
    assert (summary.done, summary.failed) == (2, 0), summary.failures
    for run in iter_runs(storage, "peers"):
        assert run.record["sampler"]["name"] == name
        assert module in run.record["versions"]
        trials = hpobench.load_study(study_name=run.study_name, storage=storage).trials
        assert len(trials) == 6 and all(t.state == TrialState.COMPLETE for t in trials)
        assert all({"ask_s", "objective_s", "tell_s"} <= set(t.user_attrs) for t in trials)
        if run.record["problem"] == "RunnersMixed":
            assert {t.params["x2"] for t in trials} <= {"a", "b", "c"}
            assert all(t.params["x1"] in (0, 2, 4, 6, 8) for t in trials)


def test_optuna_pruner_and_several_objectives() -> None:
    pytest.importorskip("optuna", reason="the optuna peer needs optuna")
    plan = make_plan(
        "peers",
        ["RunnersSteps", "RunnersTwoObjectives"],
        [ComponentSpec("optuna:random")],
        [ComponentSpec("optuna:median", {"n_startup_trials": 2, "n_warmup_steps": 1})],
        budget=Budget(trials=12),
        seed=1,
    )
    storage = hpobench.storages.InMemoryStorage()
    assert run_plan(plan, storage).done == 2
    states = {
        run.record["problem"]: [
            t.state for t in hpobench.load_study(study_name=run.study_name, storage=storage).trials
        ]
        for run in iter_runs(storage, "peers")
    }
    assert TrialState.PRUNED in states["RunnersSteps"]


def test_single_objective_peer_refuses_two_objectives_as_a_failed_run() -> None:
    pytest.importorskip("hyperopt", reason="the hyperopt peer needs hyperopt")
    plan = make_plan(
        "peers",
        ["RunnersTwoObjectives"],
        [ComponentSpec("hyperopt:tpe")],
        budget=Budget(trials=3),
        seed=1,
    )
    summary = run_plan(plan, hpobench.storages.InMemoryStorage())
    assert summary.failed == 1
    assert "hyperopt optimizes one objective" in summary.failures[0][1]


def test_missing_peer_package_is_skipped_with_a_clear_message(monkeypatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "hyperopt" else real(name)
    )
    spec = ComponentSpec("hyperopt:tpe")
    assert "pip install hyperopt" in missing_package(spec)
    plan = make_plan(
        "peers", ["Branin"], [spec, ComponentSpec("random")], budget=Budget(trials=3), seed=1
    )
    summary = run_plan(plan, hpobench.storages.InMemoryStorage())
    assert (summary.done, summary.skipped) == (1, 1)
    assert any("needs hyperopt, which is not installed" in r for r in summary.skip_reasons)


class _Walker(PeerOptimizer):
    """A deterministic peer: walks x0 upward, remembers what it observed."""

    def __init__(self) -> None:
        space = {"x0": FloatDistribution(0.0, 1.0), "k": IntDistribution(1, 3)}
        super().__init__(space, ["minimize"], seed=0, max_trials=None)
        self.seen: list[tuple] = []

    def suggest(self) -> dict:
        return {"x0": 0.25 * len(self.seen), "k": 2.2}

    def observe(self, params, values, state, constraints=None) -> None:
        self.seen.append((params, values, state))


def test_peer_sampler_bridges_suggest_and_observe() -> None:
    peer = _Walker()
    study = hpobench.create_study(sampler=PeerSampler(peer))
    for _ in range(3):
        trial = study.ask(peer.space)
        study.tell(trial, trial.params["x0"] + trial.params["k"])
    assert [t.params for t in study.trials] == [
        {"x0": 0.0, "k": 2},
        {"x0": 0.25, "k": 2},
        {"x0": 0.5, "k": 2},
    ]
    assert [s[2] for s in peer.seen] == ["complete"] * 3
    assert peer.seen[1][1] == [2.25]
    trial = study.ask(peer.space)
    study.tell(trial, state=TrialState.FAIL)
    assert peer.seen[-1][1:] == (None, "failed")


def test_snap_moves_values_onto_the_grid() -> None:
    assert snap(7.9, IntDistribution(0, 8, step=2)) == 8
    assert snap(-3.0, FloatDistribution(0.0, 1.0)) == 0.0
    assert snap(0.26, FloatDistribution(0.0, 1.0, step=0.25)) == 0.25


def test_suite_file_optuna_pruner_runs_on_the_optuna_peer(tmp_path) -> None:
    pytest.importorskip("optuna", reason="the optuna peer needs optuna")
    from runners import load_plan

    suite = tmp_path / "pruned.toml"
    suite.write_text(
        'name = "pruned"\nseed = 2\n[problems]\nids = ["RunnersSteps"]\n[budget]\ntrials = 10\n'
        '[[samplers]]\nname = "optuna:TPESampler"\nn_startup_trials = 3\n'
        '[[samplers]]\nname = "random"\n'
        '[[pruners]]\nname = "optuna:MedianPruner"\nn_startup_trials = 2\nn_warmup_steps = 1\n'
        '[[pruners]]\nname = "optuna:PatientPruner"\npatience = 0\n'
        'wrapped_pruner = {name = "optuna:median", n_startup_trials = 2}\n'
        '[[pruners]]\nname = "median"\n'
    )
    plan = load_plan(suite)
    assert [spec.run_key for spec in plan] == [
        "RunnersSteps|optuna:TPESampler|optuna:MedianPruner|0",
        "RunnersSteps|optuna:TPESampler|optuna:PatientPruner|0",
        "RunnersSteps|optuna:TPESampler|median|0",
        "RunnersSteps|random|median|0",  # Optuna's pruners run only with Optuna's samplers
    ]
    storage = hpobench.storages.InMemoryStorage()
    summary = run_plan(plan, storage)
    assert (summary.done, summary.failed) == (4, 0), summary.failures
    for run in iter_runs(storage, "pruned"):
        trials = hpobench.load_study(study_name=run.study_name, storage=storage).trials
        states = {t.state for t in trials}
        if run.record["pruner"]["name"] == "optuna:PatientPruner":
            assert states == {TrialState.COMPLETE}  # every curve improves at every step
        else:
            assert TrialState.PRUNED in states, run.run_key
        assert all("prune_s" in t.user_attrs for t in trials)
        if run.record["pruner"]["name"] == "optuna:MedianPruner":
            assert run.record["pruner"]["kwargs"] == {"n_startup_trials": 2, "n_warmup_steps": 1}
            assert "optuna" in run.record["versions"]


def test_an_optuna_pruner_without_an_optuna_sampler_is_refused() -> None:
    with pytest.raises(ValueError, match=r"pruner 'optuna:median' runs inside a optuna study"):
        make_plan(
            "peers",
            ["RunnersSteps"],
            [ComponentSpec("tpe")],
            [ComponentSpec("optuna:median")],
            budget=Budget(trials=3),
            seed=1,
        )
    with pytest.raises(ValueError, match=r"sampler 'tpe' runs with none of the pruners"):
        make_plan(
            "peers",
            ["RunnersSteps"],
            [ComponentSpec("tpe"), ComponentSpec("optuna:tpe")],
            [ComponentSpec("optuna:median")],
            budget=Budget(trials=3),
            seed=1,
        )
