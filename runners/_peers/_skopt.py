"""scikit-optimize as a peer: ``skopt:gp``, ``skopt:forest``, ``skopt:gbrt``, ``skopt:dummy``.

These are ``skopt.Optimizer`` with base estimator ``"GP"``, ``"ET"`` (as
``forest_minimize``) or ``"GBRT"``; ``dummy`` is skopt's random search (its initial
points, never a model: skopt's own ``"DUMMY"`` estimator fails on scikit-learn >= 1.6).
Keyword arguments go to ``skopt.Optimizer`` (``n_initial_points``, ``acq_func``, ...).
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

__all__ = ["SkoptPeer", "check", "create"]

_ESTIMATORS = {"gp": "GP", "forest": "ET", "gbrt": "GBRT", "dummy": "GP"}
_NEVER = 2**62  # initial points of "dummy": the model is never fitted


def check(algorithm: str, kwargs: Mapping[str, Any], kind: str) -> None:
    """Raise ValueError for an unknown estimator or keyword argument."""
    import skopt

    if kind != "sampler":
        raise ValueError(f"scikit-optimize has no pruners; got pruner 'skopt:{algorithm}'.")
    if algorithm not in _ESTIMATORS:
        raise ValueError(
            f"unknown skopt estimator {algorithm!r}; use skopt:gp, skopt:forest, skopt:gbrt "
            "or skopt:dummy."
        )
    if algorithm == "dummy" and "n_initial_points" in kwargs:
        raise ValueError("skopt:dummy is random search; it takes no n_initial_points.")
    try:
        inspect.signature(skopt.Optimizer).bind([], **kwargs)
    except TypeError as err:
        raise ValueError(f"skopt:{algorithm} does not take {dict(kwargs)!r} ({err}).") from err


def _dimension(name: str, dist: BaseDistribution) -> Any:
    from skopt.space import Categorical, Integer, Real

    if isinstance(dist, CategoricalDistribution):
        return Categorical(list(range(len(dist.choices))), name=name)
    prior = "log-uniform" if dist.log else "uniform"  # type: ignore[attr-defined]
    if isinstance(dist, IntDistribution):
        return Integer(dist.low, dist.high, prior=prior, name=name)
    if isinstance(dist, FloatDistribution):
        return Real(dist.low, dist.high, prior=prior, name=name)
    raise TypeError(f"no skopt dimension for {dist!r}.")


class SkoptPeer(PeerOptimizer):
    """A ``skopt.Optimizer`` behind suggest/observe."""

    def __init__(self, algorithm: str, kwargs: Mapping[str, Any], **common: Any) -> None:
        import skopt

        super().__init__(**common)
        self.require_plain_problem("scikit-optimize")
        check(algorithm, kwargs, "sampler")
        dimensions = [_dimension(name, dist) for name, dist in self.space.items()]
        extra = {"n_initial_points": _NEVER} if algorithm == "dummy" else {}
        self._optimizer = skopt.Optimizer(
            dimensions,
            base_estimator=_ESTIMATORS[algorithm],
            random_state=self.seed,
            **kwargs,
            **extra,
        )
        self._x: list[Any] | None = None

    def suggest(self) -> dict[str, Any]:
        self._x = self._optimizer.ask()
        return {
            name: dist.choices[int(v)] if isinstance(dist, CategoricalDistribution) else v
            for (name, dist), v in zip(self.space.items(), self._x)
        }

    def observe(
        self,
        params: dict[str, Any],
        values: list[float] | None,
        state: str,
        constraints: list[float] | None = None,
    ) -> None:
        loss = self.loss(values)
        # skopt cannot be told of a failure; the largest finite loss so far marks the point bad.
        if loss is None:
            seen = [y for y in self._optimizer.yi if y != float("inf")]
            loss = max(seen) if seen else 0.0
        self._optimizer.tell(self._x, loss)


def create(algorithm: str, kwargs: Mapping[str, Any], *, pruner: Any, **common: Any) -> SkoptPeer:
    """Build the scikit-optimize peer ``algorithm``."""
    return SkoptPeer(algorithm, kwargs, **common)
