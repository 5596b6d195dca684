"""nevergrad as a peer: ``nevergrad:<optimizer>``, any name of its optimizer registry.

Keyword arguments go to the optimizer's constructor (after ``parametrization``,
``budget`` and ``num_workers``, which the adapter sets).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from runners._peers._base import PeerOptimizer

__all__ = ["NevergradPeer", "check", "create"]


def _optimizer_class(algorithm: str) -> Any:
    import nevergrad as ng

    if algorithm not in ng.optimizers.registry:
        import difflib

        close = difflib.get_close_matches(algorithm, list(ng.optimizers.registry), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise ValueError(
            f"unknown nevergrad optimizer {algorithm!r}{hint}; see nevergrad.optimizers.registry."
        )
    return ng.optimizers.registry[algorithm]


def check(algorithm: str, kwargs: Mapping[str, Any], kind: str) -> None:
    """Raise ValueError for an unknown optimizer name."""
    if kind != "sampler":
        raise ValueError(f"nevergrad has no pruners; got pruner 'nevergrad:{algorithm}'.")
    _optimizer_class(algorithm)


def _parameter(dist: BaseDistribution) -> Any:
    import nevergrad as ng

    if isinstance(dist, CategoricalDistribution):
        return ng.p.Choice(list(range(len(dist.choices))))
    if isinstance(dist, (FloatDistribution, IntDistribution)):
        low, high = float(dist.low), float(dist.high)
        if isinstance(dist, IntDistribution):
            low, high = low - 0.499, high + 0.499
        param = ng.p.Log(lower=low, upper=high) if dist.log else ng.p.Scalar(lower=low, upper=high)
        return param
    raise TypeError(f"no nevergrad parameter for {dist!r}.")


class NevergradPeer(PeerOptimizer):
    """A nevergrad optimizer behind suggest/observe."""

    def __init__(self, algorithm: str, kwargs: Mapping[str, Any], **common: Any) -> None:
        import nevergrad as ng

        super().__init__(**common)
        self.require_plain_problem("nevergrad")
        rng = np.random.RandomState(self.seed)
        parametrization = ng.p.Dict(**{n: _parameter(d) for n, d in self.space.items()})
        parametrization.random_state = rng
        cls = _optimizer_class(algorithm)
        self._optimizer = cls(
            parametrization=parametrization, budget=self.max_trials, num_workers=1, **kwargs
        )
        self._candidate: Any = None

    def suggest(self) -> dict[str, Any]:
        self._candidate = self._optimizer.ask()
        value = self._candidate.value
        return {
            name: dist.choices[int(value[name])]
            if isinstance(dist, CategoricalDistribution)
            else float(value[name])
            for name, dist in self.space.items()
        }

    def observe(
        self,
        params: dict[str, Any],
        values: list[float] | None,
        state: str,
        constraints: list[float] | None = None,
    ) -> None:
        loss = self.loss(values)
        # nevergrad has no "failed" state; an infinite loss tells it to go elsewhere.
        self._optimizer.tell(self._candidate, float("inf") if loss is None else loss)


def create(
    algorithm: str, kwargs: Mapping[str, Any], *, pruner: Any, **common: Any
) -> NevergradPeer:
    """Build the nevergrad peer ``algorithm``."""
    return NevergradPeer(algorithm, kwargs, **common)
