"""The sampler and pruner names a suite file may use, and how their arguments are checked.

Engine samplers and pruners are checked against their constructor's signature
(:func:`inspect.signature`); peer optimizers (``optuna:<sampler>``, ``hyperopt:tpe``,
``smac``, ``nevergrad:<optimizer>``, ``skopt:<estimator>``) and Optuna's pruners
(``optuna:<pruner>``) are checked by name only, so loading a suite never needs their
packages.
"""

from __future__ import annotations

import difflib
import inspect
import re
from typing import Any

from hpobench import pruners as hp_pruners
from hpobench import samplers as hp_samplers

__all__ = [
    "ENGINE_SAMPLERS",
    "MULTI_OBJECTIVE_SAMPLERS",
    "OPTUNA_PRUNERS",
    "OPTUNA_SAMPLERS",
    "PEER_OPTIMIZERS",
    "PRUNERS",
    "RUNNER_SUPPLIED",
    "check_kwargs",
    "check_pruner_name",
    "check_sampler_name",
    "closest",
]

ENGINE_SAMPLERS: dict[str, type] = {
    "random": hp_samplers.RandomSampler,
    "grid": hp_samplers.GridSampler,
    "qmc": hp_samplers.QMCSampler,
    "tpe": hp_samplers.TPESampler,
    "cmaes": hp_samplers.CmaEsSampler,
    "tpe-cmaes": hp_samplers.TPECmaEsSampler,
    "gp": hp_samplers.GPSampler,
    "nsga2": hp_samplers.NSGAIISampler,
    "nsga3": hp_samplers.NSGAIIISampler,
    "brute-force": hp_samplers.BruteForceSampler,
}

PRUNERS: dict[str, type] = {
    "median": hp_pruners.MedianPruner,
    "percentile": hp_pruners.PercentilePruner,
    "successive-halving": hp_pruners.SuccessiveHalvingPruner,
    "hyperband": hp_pruners.HyperbandPruner,
    "threshold": hp_pruners.ThresholdPruner,
    "patient": hp_pruners.PatientPruner,
    "wilcoxon": hp_pruners.WilcoxonPruner,
    "nop": hp_pruners.NopPruner,
}

# Engine samplers that handle several objectives (the others refuse them).
MULTI_OBJECTIVE_SAMPLERS = frozenset(
    {"random", "grid", "qmc", "tpe", "gp", "nsga2", "nsga3", "brute-force"}
)
# Samplers that enumerate the space, so every parameter must take finitely many values.
FINITE_SPACE_SAMPLERS = frozenset({"grid", "brute-force"})

# Arguments the runner supplies; a suite file must not set them.
RUNNER_SUPPLIED: dict[str, str] = {
    "seed": "derived per run from the suite's seed, problem and repeat",
    "search_space": "built by the runner from each problem's space",
    "constraints_func": "set by the runner for constrained problems",
}

# Optuna as a peer: suite-file name -> Optuna's class name; a suite may use either
# (``optuna:tpe`` or ``optuna:TPESampler``, ``optuna:median`` or ``optuna:MedianPruner``).
OPTUNA_SAMPLERS: dict[str, str] = {
    "random": "RandomSampler",
    "grid": "GridSampler",
    "qmc": "QMCSampler",
    "tpe": "TPESampler",
    "cmaes": "CmaEsSampler",
    "gp": "GPSampler",
    "nsga2": "NSGAIISampler",
    "nsga3": "NSGAIIISampler",
    "brute-force": "BruteForceSampler",
}
OPTUNA_PRUNERS: dict[str, str] = {
    "median": "MedianPruner",
    "percentile": "PercentilePruner",
    "successive-halving": "SuccessiveHalvingPruner",
    "hyperband": "HyperbandPruner",
    "threshold": "ThresholdPruner",
    "patient": "PatientPruner",
    "wilcoxon": "WilcoxonPruner",
    "nop": "NopPruner",
}

# prefix -> (allowed names or None for any identifier, description)
PEER_OPTIMIZERS: dict[str, tuple[frozenset[str] | None, str]] = {
    "optuna": (
        frozenset(OPTUNA_SAMPLERS) | frozenset(OPTUNA_SAMPLERS.values()),
        "optuna:<sampler>, e.g. optuna:tpe or optuna:TPESampler",
    ),
    "hyperopt": (
        frozenset({"tpe", "random", "atpe"}),
        "hyperopt:tpe, hyperopt:random, hyperopt:atpe",
    ),
    "nevergrad": (None, "nevergrad:<optimizer>, e.g. nevergrad:NGOpt"),
    "skopt": (
        frozenset({"gp", "forest", "gbrt", "dummy"}),
        "skopt:gp, skopt:forest, skopt:gbrt, skopt:dummy",
    ),
}
_PEER_BARE = frozenset({"smac"})
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def closest(name: str, choices: list[str]) -> str:
    """Return a " (did you mean ...?)" hint, or ``""`` without a close match.

    Examples
    --------
    >>> closest("tpee", ["tpe", "random"])
    " (did you mean 'tpe'?)"
    """
    match = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def all_sampler_names() -> list[str]:
    """Every accepted sampler name pattern, for error messages."""
    peers = [description for _, description in PEER_OPTIMIZERS.values()]
    return [*ENGINE_SAMPLERS, "smac", *peers]


def check_sampler_name(name: str) -> str | None:
    """Return an error message for an unknown sampler ``name``, or None when valid.

    Examples
    --------
    >>> check_sampler_name("hyperopt:tpe") is None
    True
    >>> check_sampler_name("hyperopt:bayes")
    "unknown hyperopt optimizer 'bayes'; expected hyperopt:tpe, hyperopt:random, hyperopt:atpe"
    """
    if name in ENGINE_SAMPLERS or name in _PEER_BARE:
        return None
    prefix, sep, rest = name.partition(":")
    if sep and prefix in PEER_OPTIMIZERS:
        allowed, description = PEER_OPTIMIZERS[prefix]
        if allowed is None:
            return None if _IDENTIFIER.match(rest) else f"expected {description}; got {name!r}"
        if rest in allowed:
            return None
        hint = closest(rest, sorted(allowed))
        return f"unknown {prefix} optimizer {rest!r}{hint}; expected {description}"
    choices = ", ".join(all_sampler_names())
    hint = closest(name, list(ENGINE_SAMPLERS))
    return f"unknown sampler {name!r}{hint}; expected one of: {choices}"


def check_pruner_name(name: str) -> str | None:
    """Return an error message for an unknown pruner ``name``, or None when valid.

    Besides the engine's pruners, Optuna's run on an Optuna peer (``optuna:<pruner>``,
    paired with the suite's ``optuna:<sampler>`` samplers); other peers have none.

    Examples
    --------
    >>> check_pruner_name("optuna:MedianPruner") is None, check_pruner_name("median") is None
    (True, True)
    >>> check_pruner_name("hyperopt:median")
    "hyperopt has no pruners; the peer pruners are Optuna's: optuna:<pruner>, e.g. optuna:median"
    """
    if name in PRUNERS:
        return None
    prefix, sep, rest = name.partition(":")
    if sep and prefix == "optuna":
        if rest in OPTUNA_PRUNERS or rest in OPTUNA_PRUNERS.values():
            return None
        names = [*OPTUNA_PRUNERS, *OPTUNA_PRUNERS.values()]
        return (
            f"unknown Optuna pruner {rest!r}{closest(rest, names)}; expected optuna:<pruner> "
            f"with one of: {', '.join(OPTUNA_PRUNERS)} (or Optuna's class name, e.g. "
            "optuna:MedianPruner)"
        )
    if sep and (prefix in PEER_OPTIMIZERS or prefix in _PEER_BARE):
        return (
            f"{prefix} has no pruners; the peer pruners are Optuna's: optuna:<pruner>, "
            "e.g. optuna:median"
        )
    return (
        f"unknown pruner {name!r}{closest(name, list(PRUNERS))}; expected one of: "
        f"{', '.join(PRUNERS)}, or optuna:<pruner> (e.g. optuna:MedianPruner)"
    )


def check_kwargs(kind: str, name: str, cls: type, kwargs: dict[str, Any]) -> list[tuple[str, str]]:
    """Check ``kwargs`` against ``cls.__init__``; return ``(key, message)`` per problem.

    Examples
    --------
    >>> check_kwargs("sampler", "tpe", ENGINE_SAMPLERS["tpe"], {"n_startup": 5})[0][1][:40]
    "unknown argument 'n_startup' of sampler "
    """
    params = inspect.signature(cls).parameters
    accepts_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    valid = [p for p in params if params[p].kind is not inspect.Parameter.VAR_POSITIONAL]
    problems: list[tuple[str, str]] = []
    for key in kwargs:
        if key in RUNNER_SUPPLIED:
            problems.append(
                (key, f"{key!r} must not be set in a suite file: {RUNNER_SUPPLIED[key]}")
            )
        elif key not in params and not accepts_any:
            settable = ", ".join(p for p in valid if p not in RUNNER_SUPPLIED)
            problems.append(
                (
                    key,
                    f"unknown argument {key!r} of {kind} {name!r}{closest(key, valid)}; "
                    f"expected one of: {settable}",
                )
            )
    required = [
        p.name
        for p in params.values()
        if p.default is inspect.Parameter.empty
        and p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        and p.name not in RUNNER_SUPPLIED
        and p.name not in kwargs
    ]
    problems.extend(("", f"{kind} {name!r} needs argument {p!r}") for p in required)
    return problems
