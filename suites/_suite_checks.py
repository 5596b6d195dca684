"""Cross-checks of a suite file: do its samplers, pruners, budget and metrics fit its problems?

Each check reports through ``add(path, message)``, so that a file with several
mismatches lists them all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from suites._catalog import FINITE_SPACE_SAMPLERS, MULTI_OBJECTIVE_SAMPLERS, OPTUNA_PRUNERS
from suites._problem import Problem
from suites._suite import Budget, OptimizerSpec
from suites._toml_locate import Path as KeyPath

__all__ = ["METRICS", "check_compatibility"]

# metric -> what it needs of every problem (checked below)
_SINGLE = "single-objective problems"
_KNOWN = "single-objective problems with a known f_star"
METRICS: dict[str, str] = {
    "best_value": _SINGLE,
    "regret": _KNOWN,
    "normalized_regret": _KNOWN,
    "auc": _SINGLE,
    "hypervolume": "multi-objective problems",
    "feasible_rate": "constrained problems",
    "pruned_fraction": "problems with steps",
    "steps_used": "problems with steps",
    "sampler_time": "",
    "objective_time": "",
}

Add = Callable[[KeyPath, str], None]


def _names(problems: Sequence[Problem], limit: int = 5) -> str:
    ids = [p.case_id for p in problems]
    more = f" and {len(ids) - limit} more" if len(ids) > limit else ""
    return ", ".join(ids[:limit]) + more


def _is_finite(dist: BaseDistribution) -> bool:
    if isinstance(dist, (IntDistribution, CategoricalDistribution)):
        return True
    return isinstance(dist, FloatDistribution) and dist.step is not None


def check_compatibility(
    add: Add,
    problems: Mapping[str, Problem],
    samplers: Sequence[OptimizerSpec],
    pruners: Sequence[OptimizerSpec],
    budget: Budget,
    metrics: Sequence[str],
) -> None:
    """Report every sampler, pruner, budget or metric that does not fit the problems."""
    values = list(problems.values())
    multi = [p for p in values if p.n_objectives > 1]
    without_steps = [p for p in values if p.n_steps is None]
    for i, spec in enumerate(samplers):
        _check_sampler(add, ("samplers", i, "name"), spec, values, multi)
    _check_pairs(add, samplers, pruners)
    for i, spec in enumerate(pruners):
        if _engine_name(spec) != "nop" and without_steps:
            add(
                ("pruners", i, "name"),
                f"pruner {spec.name!r} needs problems that report steps; these report none: "
                f"{_names(without_steps)} (use problems tagged 'multi_fidelity')",
            )
    if budget.steps is not None and without_steps:
        add(
            ("budget", "steps"),
            f"a step budget needs problems with steps; these have none: {_names(without_steps)}",
        )
    for i, metric in enumerate(metrics):
        _check_metric(add, ("metrics", i), metric, values, bool(pruners))


def _check_pairs(
    add: Add, samplers: Sequence[OptimizerSpec], pruners: Sequence[OptimizerSpec]
) -> None:
    """A peer's pruner runs only with that peer's samplers: none may be left without runs."""
    if not pruners:
        return
    alone = False
    for i, pruner in enumerate(pruners):
        if pruner.peer is not None and not any(pruner.pairs_with(s) for s in samplers):
            alone = True
            add(
                ("pruners", i, "name"),
                f"pruner {pruner.name!r} runs inside an Optuna study, so only with "
                f"optuna:<sampler> samplers; this suite has none ({_labels(samplers)}). Add "
                f"one, or use the hpobench pruner {_engine_name(pruner)!r} instead",
            )
    for i, sampler in enumerate(samplers):
        if not alone and not any(p.pairs_with(sampler) for p in pruners):
            add(
                ("samplers", i, "name"),
                f"sampler {sampler.name!r} cannot run with any pruner of this suite "
                f"({_labels(pruners)}): Optuna's pruners run only with optuna:<sampler> "
                "samplers. Add an hpobench pruner (e.g. median, or nop for none)",
            )


def _engine_name(pruner: OptimizerSpec) -> str:
    """The hpobench name of a pruner (``"median"`` for ``optuna:MedianPruner``)."""
    algorithm = pruner.name.partition(":")[2] or pruner.name
    by_class = {cls: name for name, cls in OPTUNA_PRUNERS.items()}
    return by_class.get(algorithm, algorithm)


def _labels(specs: Sequence[OptimizerSpec]) -> str:
    return ", ".join(spec.label for spec in specs)


def _check_sampler(
    add: Add,
    path: KeyPath,
    spec: OptimizerSpec,
    problems: list[Problem],
    multi: list[Problem],
) -> None:
    if multi and spec.is_engine and spec.name not in MULTI_OBJECTIVE_SAMPLERS:
        choices = ", ".join(sorted(MULTI_OBJECTIVE_SAMPLERS))
        add(
            path,
            f"sampler {spec.name!r} handles one objective only; these have several: "
            f"{_names(multi)} (use one of: {choices})",
        )
    if spec.name in FINITE_SPACE_SAMPLERS:
        infinite = [p for p in problems if not all(map(_is_finite, p.space.values()))]
        if infinite:
            add(
                path,
                f"sampler {spec.name!r} enumerates the space; these have continuous "
                f"parameters: {_names(infinite)}",
            )


# need -> (which problems fail it, what the message says about them, the advice)
_METRIC_NEEDS: dict[str, list[tuple[Callable[[Problem], bool], str, str]]] = {
    _SINGLE: [
        (lambda p: p.n_objectives > 1, "these have several objectives", " (use 'hypervolume')")
    ],
    _KNOWN: [
        (lambda p: p.n_objectives > 1, "these have several objectives", " (use 'hypervolume')"),
        (
            lambda p: p.n_objectives == 1 and p.f_star is None,
            "these have f_star = None",
            " (use 'best_value')",
        ),
    ],
    "multi-objective problems": [(lambda p: p.n_objectives == 1, "these have one objective", "")],
    "constrained problems": [(lambda p: p.n_constraints == 0, "these have no constraints", "")],
    "problems with steps": [(lambda p: p.n_steps is None, "these have no steps", "")],
}


def _check_metric(
    add: Add, path: KeyPath, metric: str, problems: list[Problem], pruning: bool
) -> None:
    need = METRICS[metric]
    for fails, what, advice in _METRIC_NEEDS.get(need, []):
        bad = [p for p in problems if fails(p)]
        if bad:
            add(path, f"metric {metric!r} needs {need}; {what}: {_names(bad)}{advice}")
    if metric == "pruned_fraction" and not pruning:
        add(path, "metric 'pruned_fraction' needs at least one [[pruners]] entry")
