"""Plans: the product of problems × repeats × samplers × pruners, selection and errors."""

from __future__ import annotations

import dataclasses

import pytest

import suites
from runners import Budget, ComponentSpec, RunSpec, make_plan
from runners._suite import plan_from_suite

SUITE_TEXT = """
name = "demo"
seed = 5
repeats = 2
workers = 1
[problems]
ids = ["Branin", "Hartmann6"]
[budget]
trials = 12
[[samplers]]
name = "random"
[[samplers]]
name = "tpe"
label = "tpe-mv"
multivariate = true
"""


def test_plan_is_the_product_in_problem_major_order() -> None:
    plan = make_plan(
        "b",
        ["Branin", "Hartmann6"],
        [ComponentSpec("random"), ComponentSpec("tpe")],
        [None, ComponentSpec("median")],
        repeats=2,
        budget=Budget(trials=5),
        seed=1,
    )
    assert len(plan) == 2 * 2 * 2 * 2
    assert plan.runs[0].run_key == "Branin|random|-|0"
    assert plan.runs[1].run_key == "Branin|random|median|0"
    assert plan.runs[-1].run_key == "Hartmann6|tpe|median|1"
    assert plan.runs[0].study_name == "b::Branin|random|-|0"
    assert len({run.run_key for run in plan}) == len(plan)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.runs[0].repeat = 3  # type: ignore[misc]


def test_select_keeps_matching_run_keys() -> None:
    plan = make_plan(
        "b",
        ["Branin", "Hartmann6"],
        [ComponentSpec("random"), ComponentSpec("tpe")],
        repeats=3,
        budget=Budget(trials=5),
        seed=1,
    )
    assert len(plan.select(["Branin|*"])) == 6
    assert len(plan.select(["*|tpe|*|0", "*|random|*|2"])) == 4
    assert plan.select([]) is plan
    assert len(plan.select(["nothing"])) == 0
    brackets = make_plan(
        "b", ["Alpine02(dim=2,int_dims=[0])"], [ComponentSpec("random")], budget=Budget(trials=1),
        seed=0,
    )  # fmt: skip
    assert len(brackets.select(["Alpine02(dim=2,int_dims=[0])|*"])) == 1


def test_run_spec_round_trips_through_json_form() -> None:
    plan = make_plan(
        "b",
        ["Branin"],
        [ComponentSpec("tpe", {"n_startup_trials": 3}, label="tpe3")],
        [ComponentSpec("median", {"n_warmup_steps": 2})],
        budget=Budget(trials=5, seconds=9.5),
        seed=1,
        workers=2,
    )
    spec = plan.runs[0]
    assert RunSpec.from_dict(spec.to_dict()) == spec


def test_describe_lists_seeds_and_budget() -> None:
    plan = make_plan("b", ["Branin"], [ComponentSpec("random")], budget=Budget(trials=7), seed=0)
    (line,) = plan.describe()
    assert line.startswith("Branin|random|-|0  problem_seed=2919977016 ")
    assert line.endswith("trials=7")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"problems": []}, "at least one problem"),
        ({"samplers": []}, "at least one sampler"),
        ({"problems": ["Branin", "Branin"]}, "listed twice"),
        ({"repeats": 0}, "repeats must be an int >= 1"),
        ({"workers": 0}, "workers must be an int >= 1"),
        ({"benchmark": "a::b"}, "without '::'"),
        ({"samplers": [ComponentSpec("random"), ComponentSpec("random")]}, "label 'random'"),
        ({"samplers": [ComponentSpec("annealing")]}, "unknown sampler 'annealing'"),
        ({"samplers": [ComponentSpec("tpe", {"n_startup": 3})]}, "does not take"),
        ({"pruners": [ComponentSpec("medianx")]}, "unknown pruner 'medianx'"),
        ({"samplers": [ComponentSpec("nosuchpeer:x")]}, "unknown peer package 'nosuchpeer'"),
    ],
)
def test_make_plan_errors(kwargs: dict, match: str) -> None:
    arguments = {
        "benchmark": "b",
        "problems": ["Branin"],
        "samplers": [ComponentSpec("random")],
        "budget": Budget(trials=3),
        "seed": 0,
        **kwargs,
    }
    with pytest.raises(ValueError, match=match):
        make_plan(**arguments)


def test_component_and_budget_errors() -> None:
    with pytest.raises(ValueError, match="seeds are derived"):
        ComponentSpec("tpe", {"seed": 1})
    with pytest.raises(ValueError, match="JSON values"):
        ComponentSpec("tpe", {"gamma": object()})
    with pytest.raises(ValueError, match="without '\\|'"):
        ComponentSpec("tpe", label="a|b")
    with pytest.raises(ValueError, match="needs trials, steps or seconds"):
        Budget()
    with pytest.raises(ValueError, match="budget trials must be an int >= 1"):
        Budget(trials=0)
    with pytest.raises(ValueError, match="budget seconds"):
        Budget(seconds=float("nan"))


def test_peer_arguments_are_checked_when_the_package_is_installed() -> None:
    pytest.importorskip("smac", reason="checking SMAC3's arguments needs smac")
    with pytest.raises(ValueError, match="unknown SMAC3 facade 'gpx'"):
        make_plan(
            "b", ["Branin"], [ComponentSpec("smac", {"facade": "gpx"})], budget=Budget(trials=1),
            seed=0,
        )  # fmt: skip


def test_peer_cannot_share_a_study_between_workers() -> None:
    with pytest.raises(ValueError, match="peer optimizer"):
        make_plan(
            "b",
            ["Branin"],
            [ComponentSpec("hyperopt:tpe")],
            budget=Budget(trials=3),
            seed=0,
            workers=2,
        )


def test_plan_from_suite_uses_labels_seed_and_budget() -> None:
    suite = suites.parse_suite(SUITE_TEXT, source="demo.toml")
    plan = plan_from_suite(suite)
    assert len(plan) == suite.n_runs == 8
    assert plan.benchmark == "demo"
    assert {run.sampler.label for run in plan} == {"random", "tpe-mv"}
    tpe = next(run for run in plan if run.sampler.label == "tpe-mv")
    assert tpe.sampler.kwargs == {"multivariate": True}
    assert tpe.budget == Budget(trials=12)
    assert all(run.pruner is None for run in plan)
    assert len(plan.suite_sha256) == 64
    assert plan_from_suite(suite, benchmark="other").runs[0].study_name.startswith("other::")
