"""Optuna as a peer: any of its samplers and pruners, by name and keyword arguments.

Names are the suite files' (``optuna:tpe``, pruner ``optuna:median``) or Optuna's class
names (``optuna:TPESampler``, ``optuna:MedianPruner``). The adapter keeps an in-memory
Optuna study and drives it by ask-and-tell; Optuna is imported only here.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from runners._peers._base import PeerOptimizer
from suites._catalog import OPTUNA_PRUNERS, OPTUNA_SAMPLERS

__all__ = ["OptunaPeer", "check", "create"]

# suite-file name -> Optuna class name (one vocabulary with the suite files' checks)
_SAMPLERS = OPTUNA_SAMPLERS
_PRUNERS = OPTUNA_PRUNERS
_CONSTRAINTS_KEY = "hpobench.constraints"


def _class(algorithm: str, kind: str) -> type:
    import optuna

    module = optuna.samplers if kind == "sampler" else optuna.pruners
    names = _SAMPLERS if kind == "sampler" else _PRUNERS
    cls = getattr(module, names.get(algorithm, algorithm), None)
    if not isinstance(cls, type) or algorithm.startswith("_"):
        raise ValueError(
            f"unknown Optuna {kind} {algorithm!r}; use optuna:<name> with a name of "
            f"{', '.join(names)} or an optuna.{kind}s class name."
        )
    return cls


def check(algorithm: str, kwargs: Mapping[str, Any], kind: str) -> None:
    """Raise ValueError for an unknown Optuna sampler/pruner or arguments it refuses."""
    cls = _class(algorithm, kind)
    supplied = {"seed": 0} if "seed" in inspect.signature(cls).parameters else {}
    if cls.__name__ == "GridSampler":
        supplied["search_space"] = {}
    plain = {k: v for k, v in kwargs.items() if not (isinstance(v, Mapping) and "name" in v)}
    try:
        inspect.signature(cls).bind_partial(**plain, **supplied)
    except TypeError as err:
        raise ValueError(f"optuna:{algorithm} does not take {dict(kwargs)!r} ({err}).") from err


def _to_optuna(dist: BaseDistribution) -> Any:
    import optuna.distributions as od

    if isinstance(dist, FloatDistribution):
        return od.FloatDistribution(dist.low, dist.high, log=dist.log, step=dist.step)
    if isinstance(dist, IntDistribution):
        return od.IntDistribution(dist.low, dist.high, log=dist.log, step=dist.step)
    if isinstance(dist, CategoricalDistribution):
        return od.CategoricalDistribution(dist.choices)
    raise TypeError(f"no Optuna distribution for {dist!r}.")


def _build_pruner(spec: Any) -> Any:
    kwargs = {
        key: _build_pruner(_nested(value)) if isinstance(value, Mapping) else value
        for key, value in spec.kwargs.items()
    }
    return _class(spec.algorithm or spec.name, "pruner")(**kwargs)


def _nested(table: Mapping[str, Any]) -> Any:
    from runners._components import ComponentSpec

    name = str(table["name"]).removeprefix("optuna:")
    kwargs = {k: v for k, v in table.items() if k not in ("name", "label")}
    return ComponentSpec(name, kwargs)


class OptunaPeer(PeerOptimizer):
    """An Optuna sampler (and pruner) behind suggest/observe."""

    def __init__(self, algorithm: str, kwargs: Mapping[str, Any], pruner: Any, **common: Any):
        import optuna

        super().__init__(**common)
        optuna.logging.set_verbosity(optuna.logging.WARNING)
        cls = _class(algorithm, "sampler")
        parameters = inspect.signature(cls).parameters
        supplied: dict[str, Any] = {"seed": self.seed} if "seed" in parameters else {}
        if cls.__name__ == "GridSampler":
            from runners._components import grid_space

            supplied["search_space"] = grid_space(self.space)
        if self.n_constraints and "constraints_func" in parameters:
            supplied["constraints_func"] = lambda trial: trial.user_attrs[_CONSTRAINTS_KEY]
        self._study = optuna.create_study(
            directions=self.directions,
            sampler=cls(**kwargs, **supplied),
            pruner=optuna.pruners.NopPruner() if pruner is None else _build_pruner(pruner),
        )
        self._distributions = {name: _to_optuna(d) for name, d in self.space.items()}
        self._trial: Any = None

    def suggest(self) -> dict[str, Any]:
        self._trial = self._study.ask(self._distributions)
        return dict(self._trial.params)

    def observe(
        self,
        params: dict[str, Any],
        values: list[float] | None,
        state: str,
        constraints: list[float] | None = None,
    ) -> None:
        import optuna

        if constraints is not None:
            self._trial.set_user_attr(_CONSTRAINTS_KEY, constraints)
        if state == "complete":
            self._study.tell(self._trial, values)
        elif state == "pruned":
            self._study.tell(self._trial, state=optuna.trial.TrialState.PRUNED)
        else:
            self._study.tell(self._trial, state=optuna.trial.TrialState.FAIL)

    def should_prune(self, step: int, value: float) -> bool:
        self._trial.report(value, step)
        return bool(self._trial.should_prune())


def create(algorithm: str, kwargs: Mapping[str, Any], *, pruner: Any, **common: Any) -> OptunaPeer:
    """Build the Optuna peer ``algorithm`` (see :class:`PeerOptimizer` for ``common``)."""
    return OptunaPeer(algorithm, kwargs, pruner, **common)
