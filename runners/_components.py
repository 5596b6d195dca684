"""What a run is made of besides its problem: a sampler, a pruner and a budget.

A sampler or pruner is named by a :class:`ComponentSpec`: a name in the suite files'
vocabulary (``"tpe"``, ``"cmaes"``, ``"median"``; see ``suites/files/README.md``), its
keyword arguments (JSON values, so that the run can be recorded and replayed; nested
samplers or pruners as ``{name = ...}`` tables) and a label unique in the suite. A name
``"package:algorithm"`` (``"optuna:tpe"``, ``"hyperopt:tpe"``), or the bare ``"smac"``,
names a peer optimizer (see :mod:`runners._peers`).
"""

from __future__ import annotations

import inspect
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import hpobench
from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)

__all__ = ["Budget", "ComponentSpec", "build_pruner", "build_sampler", "check_component"]

# Peers named without an algorithm.
_BARE_PEERS = ("smac",)


def _format_kwargs(kwargs: Mapping[str, Any]) -> str:
    return ",".join(f"{k}={json.dumps(v, sort_keys=True)}" for k, v in kwargs.items())


@dataclass(frozen=True)
class ComponentSpec:
    """A sampler or pruner: ``name``, keyword arguments and a label unique in its suite.

    Parameters
    ----------
    name : str
        A suite-file name (``"tpe"``, ``"median"``) or ``"package:algorithm"`` for a peer.
    kwargs : mapping
        Keyword arguments (JSON values). ``seed`` is not allowed: it is derived per run.
    label : str or None
        The name reports use; default ``name`` or ``name(k=v,...)`` when there are kwargs.

    Examples
    --------
    >>> ComponentSpec("tpe", {"multivariate": True}).label
    'tpe(multivariate=true)'
    """

    name: str
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    label: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(
                f"a sampler or pruner name must be a non-empty str; got {self.name!r}."
            )
        if not isinstance(self.kwargs, Mapping):
            raise TypeError(f"kwargs of {self.name!r} must be a mapping; got {self.kwargs!r}.")
        kwargs = dict(self.kwargs)
        if "seed" in kwargs:
            raise ValueError(
                f"kwargs of {self.name!r} give seed={kwargs['seed']!r}; seeds are derived from "
                "the suite's seed per problem, repeat and sampler, so remove it."
            )
        try:
            json.dumps(kwargs, allow_nan=False)
        except (TypeError, ValueError) as err:
            raise ValueError(
                f"kwargs of {self.name!r} must be JSON values (numbers, strings, booleans, "
                f"lists, tables) so that the run can be recorded; got {kwargs!r} ({err})."
            ) from err
        object.__setattr__(self, "kwargs", kwargs)
        label = self.label
        if label is None:
            label = f"{self.name}({_format_kwargs(kwargs)})" if kwargs else self.name
        if not isinstance(label, str) or not label or "|" in label or "::" in label:
            raise ValueError(f"label {label!r} must be a non-empty str without '|' or '::'.")
        object.__setattr__(self, "label", label)

    @property
    def peer(self) -> str | None:
        """The peer package (``"optuna"`` for ``"optuna:tpe"``), None for hpobench's own."""
        package, sep, _ = self.name.partition(":")
        if sep:
            return package
        return self.name if self.name in _BARE_PEERS else None

    @property
    def algorithm(self) -> str:
        """The name after the colon (``""`` for a bare peer such as ``"smac"``)."""
        return self.name.partition(":")[2]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form stored in each run's record."""
        return {"name": self.name, "kwargs": dict(self.kwargs), "label": self.label}


@dataclass(frozen=True)
class Budget:
    """When a run stops: after ``trials`` trials, ``steps`` steps or ``seconds`` (any first).

    A step is one value of a multi-fidelity problem's learning curve; a trial of another
    problem counts as one step. Runs limited by ``seconds`` are not reproducible.

    Examples
    --------
    >>> Budget(trials=80).to_dict()
    {'trials': 80, 'steps': None, 'seconds': None}
    """

    trials: int | None = None
    steps: int | None = None
    seconds: float | None = None

    def __post_init__(self) -> None:
        for name in ("trials", "steps"):
            value = getattr(self, name)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value < 1
            ):
                raise ValueError(f"budget {name} must be an int >= 1 or None; got {value!r}.")
        seconds = self.seconds
        if seconds is not None and (
            isinstance(seconds, bool)
            or not isinstance(seconds, (int, float))
            or not math.isfinite(seconds)
            or seconds <= 0
        ):
            raise ValueError(f"budget seconds must be a number > 0 or None; got {seconds!r}.")
        if self.trials is None and self.steps is None and self.seconds is None:
            raise ValueError("a budget needs trials, steps or seconds; got none of them.")

    def to_dict(self) -> dict[str, Any]:
        """The JSON form stored in each run's record."""
        return {"trials": self.trials, "steps": self.steps, "seconds": self.seconds}


def _engine_spec(kind: str, name: str, label: str, kwargs: Mapping[str, Any]) -> Any:
    """The suites' :class:`OptimizerSpec` (it builds engine samplers and pruners)."""
    import suites

    nested = {
        key: _engine_spec(
            "pruner" if key == "wrapped_pruner" else "sampler",
            value["name"],
            value.get("label", value["name"]),
            {k: v for k, v in value.items() if k not in ("name", "label")},
        )
        if isinstance(value, Mapping) and "name" in value
        else value
        for key, value in kwargs.items()
    }
    spec = suites.OptimizerSpec(kind, name, label, nested)
    if not spec.is_engine:
        from suites._catalog import ENGINE_SAMPLERS, PRUNERS

        names = sorted(ENGINE_SAMPLERS if kind == "sampler" else PRUNERS)
        peers = (
            "; peers are named 'package:algorithm' (optuna, hyperopt, nevergrad, skopt) or 'smac'"
        )
        raise ValueError(f"unknown {kind} {name!r}; expected one of {', '.join(names)}{peers}.")
    return spec


def _engine_class(spec: Any) -> type:
    from suites._catalog import ENGINE_SAMPLERS, PRUNERS

    return (ENGINE_SAMPLERS if spec.kind == "sampler" else PRUNERS)[spec.name]


def check_component(spec: ComponentSpec, kind: str) -> None:
    """Check that ``spec`` names a known ``kind`` (``"sampler"`` or ``"pruner"``).

    Peers are checked by their adapter when their package is installed; a missing
    package is reported when the run would start, not here.

    Raises
    ------
    ValueError
        For an unknown name or peer package, or keyword arguments the class refuses.
    """
    if spec.peer is not None:
        from runners._peers import check_peer

        check_peer(spec, kind)
        return
    engine = _engine_spec(kind, spec.name, spec.label, spec.kwargs)
    cls = _engine_class(engine)
    supplied = {"seed": 0} if "seed" in inspect.signature(cls).parameters else {}
    if engine.name == "grid":
        supplied["search_space"] = {}
    try:
        inspect.signature(cls).bind(**engine.kwargs, **supplied)
    except TypeError as err:
        raise ValueError(
            f"{spec.label}: {cls.__name__} does not take {dict(spec.kwargs)!r} ({err})."
        ) from err


def _finite_values(name: str, dist: BaseDistribution) -> list[Any]:
    if isinstance(dist, CategoricalDistribution):
        return list(dist.choices)
    if isinstance(dist, IntDistribution) and not dist.log:
        return list(range(dist.low, dist.high + 1, dist.step))
    if isinstance(dist, FloatDistribution) and dist.step is not None:
        n = round((dist.high - dist.low) / dist.step)
        return [dist.low + k * dist.step for k in range(n + 1)]
    raise ValueError(
        f"the grid sampler needs finitely many values per parameter; {name!r} is {dist}."
    )


def grid_space(space: Mapping[str, BaseDistribution]) -> dict[str, list[Any]]:
    """The ``search_space`` of ``GridSampler`` for a problem's space (every value).

    Examples
    --------
    >>> grid_space({"k": IntDistribution(1, 3)})
    {'k': [1, 2, 3]}
    """
    return {name: _finite_values(name, dist) for name, dist in space.items()}


def build_sampler(
    spec: ComponentSpec, seed: int, space: Mapping[str, BaseDistribution] | None = None
) -> hpobench.samplers.BaseSampler:
    """Return the engine sampler of ``spec``, seeded with ``seed``.

    ``space`` (the problem's) is needed by the grid sampler, whose search space the
    runner supplies.

    Examples
    --------
    >>> type(build_sampler(ComponentSpec("tpe"), seed=1)).__name__
    'TPESampler'
    """
    engine = _engine_spec("sampler", spec.name, spec.label, spec.kwargs)
    supplied: dict[str, Any] = {}
    if "seed" in inspect.signature(_engine_class(engine)).parameters:
        supplied["seed"] = seed
    if engine.name == "grid":
        supplied["search_space"] = grid_space(space or {})
    return engine.build(**supplied)


def build_pruner(spec: ComponentSpec | None) -> hpobench.pruners.BasePruner:
    """Return the engine pruner of ``spec``; :class:`NopPruner` for None (no pruning).

    Examples
    --------
    >>> type(build_pruner(ComponentSpec("median"))).__name__
    'MedianPruner'
    >>> type(build_pruner(None)).__name__
    'NopPruner'
    """
    if spec is None:
        return hpobench.pruners.NopPruner()
    return _engine_spec("pruner", spec.name, spec.label, spec.kwargs).build()
