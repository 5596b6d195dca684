"""Suite files: Optuna's pruners (``optuna:<pruner>``) and how they pair with samplers."""

from __future__ import annotations

import pytest

import suites
from suites._catalog import OPTUNA_PRUNERS, check_pruner_name

_HEAD = """name = "p"
[problems]
ids = ["MFHartmann3"]
[budget]
trials = 5
"""


def _suite(samplers: list[str], pruners: str) -> str:
    tables = "".join(f'[[samplers]]\nname = "{name}"\n' for name in samplers)
    return _HEAD + tables + pruners


def _errors(text: str) -> list[str]:
    with pytest.raises(suites.SuiteFileError) as info:
        suites.parse_suite(text, source="t.toml")
    return [str(e) for e in info.value.errors]


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("median", True),
        ("optuna:median", True),
        ("optuna:MedianPruner", True),
        ("optuna:SuccessiveHalvingPruner", True),
        ("optuna:Median", False),
        ("optuna:", False),
        ("hyperopt:median", False),
        ("smac:median", False),
        ("MedianPruner", False),
    ],
)
def test_pruner_names(name: str, ok: bool) -> None:
    assert (check_pruner_name(name) is None) == ok


def test_every_optuna_pruner_exists_in_optuna() -> None:
    optuna = pytest.importorskip("optuna")
    assert all(isinstance(getattr(optuna.pruners, cls), type) for cls in OPTUNA_PRUNERS.values())


def test_optuna_pruner_with_keyword_arguments_pairs_with_optuna_samplers_only() -> None:
    text = _suite(
        ["optuna:tpe", "tpe", "optuna:RandomSampler"],
        '[[pruners]]\nname = "optuna:MedianPruner"\nn_startup_trials = 2\nn_warmup_steps = 1\n'
        '[[pruners]]\nname = "median"\n',
    )
    suite = suites.parse_suite(text, source="t.toml")
    optuna_median, median = suite.pruners
    assert (optuna_median.is_engine, optuna_median.peer) == (False, "optuna")
    assert dict(optuna_median.kwargs) == {"n_startup_trials": 2, "n_warmup_steps": 1}
    assert [optuna_median.pairs_with(s) for s in suite.samplers] == [True, False, True]
    assert all(median.pairs_with(s) for s in suite.samplers)
    assert suite.n_runs == 2 + 3  # tpe runs with the hpobench median only


def test_optuna_pruner_without_an_optuna_sampler_is_an_error() -> None:
    errors = _errors(_suite(["tpe", "hyperopt:tpe"], '[[pruners]]\nname = "optuna:median"\n'))
    assert errors == [
        "t.toml:11: pruners[0].name: pruner 'optuna:median' runs inside an Optuna study, so "
        "only with optuna:<sampler> samplers; this suite has none (tpe, hyperopt:tpe). Add "
        "one, or use the hpobench pruner 'median' instead"
    ]


def test_a_sampler_left_without_any_pruner_is_an_error() -> None:
    errors = _errors(_suite(["optuna:tpe", "tpe"], '[[pruners]]\nname = "optuna:hyperband"\n'))
    assert errors == [
        "t.toml:9: samplers[1].name: sampler 'tpe' cannot run with any pruner of this suite "
        "(optuna:hyperband): Optuna's pruners run only with optuna:<sampler> samplers. Add an "
        "hpobench pruner (e.g. median, or nop for none)"
    ]


def test_other_peers_have_no_pruners_and_unknown_names_get_a_hint() -> None:
    errors = _errors(
        _suite(
            ["optuna:tpe"],
            '[[pruners]]\nname = "nevergrad:median"\n[[pruners]]\nname = "optuna:MedianPrunr"\n',
        )
    )
    assert errors[0] == (
        "t.toml:9: pruners[0].name: nevergrad has no pruners; the peer pruners are Optuna's: "
        "optuna:<pruner>, e.g. optuna:median"
    )
    assert errors[1].startswith(
        "t.toml:11: pruners[1].name: unknown Optuna pruner 'MedianPrunr' (did you mean "
        "'MedianPruner'?); expected optuna:<pruner> with one of: median, percentile,"
    )


def test_an_hpobench_pruner_cannot_wrap_an_optuna_one() -> None:
    errors = _errors(
        _suite(
            ["tpe"],
            '[[pruners]]\nname = "patient"\npatience = 1\n'
            'wrapped_pruner = {name = "optuna:median"}\n',
        )
    )
    assert len(errors) == 1
    assert errors[0].startswith(
        "t.toml:11: pruners[0].wrapped_pruner.name: 'optuna:median' is a peer optimizer's; "
        "inside an hpobench pruner use an hpobench pruner"
    )


def test_optuna_nop_needs_no_steps_and_optuna_sampler_class_names_are_accepted() -> None:
    text = _HEAD.replace("MFHartmann3", "Branin") + (
        '[[samplers]]\nname = "optuna:TPESampler"\n[[pruners]]\nname = "optuna:NopPruner"\n'
    )
    suite = suites.parse_suite(text, source="t.toml")
    assert [s.name for s in suite.samplers] == ["optuna:TPESampler"]
    assert suite.n_runs == 1
