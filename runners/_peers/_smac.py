"""SMAC3 as a peer: ``smac`` (or ``smac:hpo``), ``smac:bb``, ``smac:random``.

``hpo`` is SMAC3's HyperparameterOptimizationFacade (random forest), ``bb`` its
BlackBoxFacade (Gaussian process), ``random`` its RandomFacade; the bare ``smac`` takes
the facade as keyword argument ``facade`` (default ``"hpo"``). Keyword argument
``n_initial`` sets the initial design's size (SMAC3's default otherwise). SMAC3 writes
its run files to a temporary folder, removed when the run ends.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from typing import Any

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from runners._peers._base import PeerOptimizer

__all__ = ["SmacPeer", "check", "create"]

_FACADES = {
    "hpo": "HyperparameterOptimizationFacade",
    "bb": "BlackBoxFacade",
    "random": "RandomFacade",
}
_KWARGS = ("n_initial", "facade")


def check(algorithm: str, kwargs: Mapping[str, Any], kind: str) -> None:
    """Raise ValueError for an unknown facade or keyword argument."""
    if kind != "sampler":
        raise ValueError(f"SMAC3 has no pruners here; got pruner 'smac:{algorithm}'.")
    facade = _facade_name(algorithm, kwargs)
    if facade not in _FACADES:
        raise ValueError(
            f"unknown SMAC3 facade {facade!r}; use smac (facade = hpo, bb or random), "
            "smac:hpo, smac:bb or smac:random."
        )
    unknown = sorted(set(kwargs) - set(_KWARGS))
    if unknown:
        raise ValueError(f"smac does not take {unknown}; it takes {', '.join(_KWARGS)}.")


def _facade_name(algorithm: str, kwargs: Mapping[str, Any]) -> str:
    if algorithm and "facade" in kwargs:
        raise ValueError(f"smac:{algorithm} names its facade; drop facade = {kwargs['facade']!r}.")
    return algorithm or str(kwargs.get("facade", "hpo"))


def _hyperparameter(name: str, dist: BaseDistribution) -> Any:
    from ConfigSpace import Categorical, Float, Integer

    if isinstance(dist, CategoricalDistribution):
        return Categorical(name, [str(c) for c in dist.choices])
    if isinstance(dist, IntDistribution):
        return Integer(name, (dist.low, dist.high), log=dist.log)
    if isinstance(dist, FloatDistribution):
        return Float(name, (dist.low, dist.high), log=dist.log)
    raise TypeError(f"no ConfigSpace hyperparameter for {dist!r}.")


class SmacPeer(PeerOptimizer):
    """A SMAC3 facade behind suggest/observe."""

    def __init__(self, algorithm: str, kwargs: Mapping[str, Any], **common: Any) -> None:
        import smac
        from ConfigSpace import ConfigurationSpace

        super().__init__(**common)
        self.require_plain_problem("SMAC3")
        check(algorithm, kwargs, "sampler")
        space = ConfigurationSpace(seed=self.seed)
        space.add([_hyperparameter(name, dist) for name, dist in self.space.items()])
        self._folder = tempfile.TemporaryDirectory(prefix="hpobench-smac-")
        scenario = smac.Scenario(
            space,
            deterministic=True,
            n_trials=self.max_trials or 10**6,
            seed=self.seed,
            output_directory=self._folder.name,
        )
        facade = getattr(smac, _FACADES[_facade_name(algorithm, kwargs)])
        extra = {}
        if "n_initial" in kwargs:
            extra["initial_design"] = facade.get_initial_design(
                scenario, n_configs=int(kwargs["n_initial"])
            )
        self._smac = facade(
            scenario, target_function=_never_called, overwrite=True, logging_level=40, **extra
        )
        self._info: Any = None

    def suggest(self) -> dict[str, Any]:
        self._info = self._smac.ask()
        config = dict(self._info.config)
        return {name: self._choice(name, dist, config[name]) for name, dist in self.space.items()}

    @staticmethod
    def _choice(name: str, dist: BaseDistribution, value: Any) -> Any:
        if isinstance(dist, CategoricalDistribution):
            return dist.choices[[str(c) for c in dist.choices].index(str(value))]
        return value.item() if hasattr(value, "item") else value

    def observe(
        self,
        params: dict[str, Any],
        values: list[float] | None,
        state: str,
        constraints: list[float] | None = None,
    ) -> None:
        from smac.runhistory.dataclasses import TrialValue
        from smac.runhistory.enumerations import StatusType

        loss = self.loss(values)
        if loss is None:
            self._smac.tell(self._info, TrialValue(cost=float("inf"), status=StatusType.CRASHED))
        else:
            self._smac.tell(self._info, TrialValue(cost=loss))

    def __del__(self) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            folder.cleanup()


def _never_called(config: Any, seed: int = 0) -> float:
    raise RuntimeError("SMAC3 is driven by ask-and-tell here; its target function is unused.")


def create(algorithm: str, kwargs: Mapping[str, Any], *, pruner: Any, **common: Any) -> SmacPeer:
    """Build the SMAC3 peer ``algorithm`` (a facade)."""
    return SmacPeer(algorithm, kwargs, **common)
