"""The unit cube in which CMA-ES searches, and its map to and from parameter values."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from hpobench.distributions import BaseDistribution, FloatDistribution, IntDistribution


class UnitCubeSpace:
    """Map the numerical parameters of a search space to ``[0, 1]^d`` and back.

    Each dimension is first put on its natural scale: the logarithm for ``log=True``,
    and for integers and stepped floats an interval that gives every grid value an
    equal share (``[low - step/2, high + step/2]``, so rounding is fair at the ends).
    That interval is then scaled to ``[0, 1]``. Decoding rounds to the grid and clips.

    Parameters
    ----------
    search_space : dict
        Name → FloatDistribution or IntDistribution, none of them single-valued.
    """

    def __init__(self, search_space: dict[str, BaseDistribution]) -> None:
        self.names = list(search_space)
        self.dists = [search_space[name] for name in self.names]
        bounds = [_natural_bounds(d) for d in self.dists]
        self._low = np.array([b[0] for b in bounds])
        self._width = np.array([b[1] - b[0] for b in bounds])

    @property
    def dim(self) -> int:
        return len(self.names)

    def grid_sizes(self) -> np.ndarray:
        """Number of grid values of each dimension; 0 for continuous (and log-int) ones."""
        return np.array([_grid_size(d) for d in self.dists], dtype=float)

    def encode(self, params: dict[str, Any]) -> np.ndarray:
        """Return the unit-cube point of ``params`` (all names must be present)."""
        natural = np.array(
            [_to_natural(d, params[n]) for n, d in zip(self.names, self.dists)], dtype=float
        )
        return np.clip((natural - self._low) / self._width, 0.0, 1.0)

    def decode(self, x: np.ndarray) -> dict[str, Any]:
        """Return the parameter values (in the objective's terms) of unit-cube point ``x``."""
        natural = self._low + np.clip(x, 0.0, 1.0) * self._width
        return {n: _from_natural(d, float(v)) for n, d, v in zip(self.names, self.dists, natural)}


def _natural_bounds(dist: BaseDistribution) -> tuple[float, float]:
    if isinstance(dist, FloatDistribution):
        if dist.log:
            return math.log(dist.low), math.log(dist.high)
        half = 0.0 if dist.step is None else dist.step / 2
        return dist.low - half, dist.high + half
    assert isinstance(dist, IntDistribution)
    if dist.log:
        return math.log(dist.low - 0.5), math.log(dist.high + 0.5)
    return dist.low - dist.step / 2, dist.high + dist.step / 2


def _grid_size(dist: BaseDistribution) -> int:
    if isinstance(dist, IntDistribution) and not dist.log:
        return (dist.high - dist.low) // dist.step + 1
    if isinstance(dist, FloatDistribution) and dist.step is not None:
        return round((dist.high - dist.low) / dist.step) + 1
    return 0


def _to_natural(dist: BaseDistribution, value: Any) -> float:
    return math.log(value) if dist.log else float(value)  # type: ignore[attr-defined]


def _from_natural(dist: BaseDistribution, v: float) -> Any:
    if isinstance(dist, FloatDistribution):
        if dist.log:
            return min(max(math.exp(v), dist.low), dist.high)
        if dist.step is not None:
            k = round((v - dist.low) / dist.step)
            return min(max(dist.low + k * dist.step, dist.low), dist.high)
        return min(max(v, dist.low), dist.high)
    assert isinstance(dist, IntDistribution)
    if dist.log:
        return int(min(max(round(math.exp(v)), dist.low), dist.high))
    k = round((v - dist.low) / dist.step)
    return int(min(max(dist.low + k * dist.step, dist.low), dist.high))
