"""The GP's input space: numerical parameters in ``[0, 1]``, categoricals as indices."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)

#: Discrete dimensions with at most this many values are searched exhaustively.
_EXHAUSTIVE_GRID = 32


class GPSpace:
    """Encode parameters as GP inputs and decode GP inputs back to parameter values.

    A float or int parameter becomes one column in ``[0, 1]``: log parameters in log
    space, and integers and stepped floats on ``[low - step/2, high + step/2]`` so that
    each grid value owns an equal share. A categorical parameter becomes one column
    holding the index of its choice; the kernel compares such columns by equality.

    Parameters
    ----------
    search_space : dict
        Name → distribution, none of them single-valued.
    """

    def __init__(self, search_space: dict[str, BaseDistribution]) -> None:
        self.names = list(search_space)
        self.dists = [search_space[n] for n in self.names]
        self.is_cat = np.array([isinstance(d, CategoricalDistribution) for d in self.dists])
        self.is_discrete = np.array([_grid_size(d) > 0 for d in self.dists]) & ~self.is_cat
        self.is_continuous = ~self.is_cat & ~self.is_discrete
        bounds = [_natural_bounds(d) for d in self.dists]
        self._low = np.array([b[0] for b in bounds])
        self._width = np.array([b[1] - b[0] for b in bounds])

    @property
    def dim(self) -> int:
        return len(self.names)

    def n_choices(self, j: int) -> int:
        return len(self.dists[j].choices)  # type: ignore[attr-defined]

    def encode(self, params: dict[str, Any]) -> np.ndarray:
        """Return the GP input of ``params`` (all names must be present)."""
        x = np.empty(self.dim)
        for j, (name, dist) in enumerate(zip(self.names, self.dists)):
            value = params[name]
            if self.is_cat[j]:
                x[j] = dist.to_internal_repr(value)
            else:
                natural = math.log(value) if dist.log else float(value)  # type: ignore[attr-defined]
                x[j] = (natural - self._low[j]) / self._width[j]
        num = ~self.is_cat
        x[num] = np.clip(x[num], 0.0, 1.0)
        return x

    def decode(self, x: np.ndarray) -> dict[str, Any]:
        """Return the parameter values (in the objective's terms) of GP input ``x``."""
        out: dict[str, Any] = {}
        for j, (name, dist) in enumerate(zip(self.names, self.dists)):
            if self.is_cat[j]:
                out[name] = dist.to_external_repr(float(round(x[j])))
            else:
                natural = self._low[j] + min(max(float(x[j]), 0.0), 1.0) * self._width[j]
                out[name] = _from_natural(dist, natural)
        return out

    def snap(self, x: np.ndarray) -> np.ndarray:
        """Return ``x`` (shape ``(..., dim)``) with discrete columns moved to grid values."""
        x = np.array(x, dtype=float, copy=True)
        for j in np.flatnonzero(self.is_discrete):
            x[..., j] = self._snap_column(j, x[..., j])
        return x

    def _snap_column(self, j: int, col: np.ndarray) -> np.ndarray:
        dist = self.dists[j]
        natural = self._low[j] + np.clip(col, 0.0, 1.0) * self._width[j]
        if isinstance(dist, IntDistribution) and dist.log:
            values = np.clip(np.round(np.exp(natural)), dist.low, dist.high)
            natural = np.log(values)
        else:
            step = dist.step  # type: ignore[attr-defined]
            k = np.clip(np.round((natural - dist.low) / step), 0, _grid_size(dist) - 1)  # type: ignore[attr-defined]
            natural = dist.low + k * step  # type: ignore[attr-defined]
        return (natural - self._low[j]) / self._width[j]

    def discrete_options(self, j: int, current: float) -> np.ndarray:
        """Return the grid values of discrete column ``j`` worth trying from ``current``."""
        n = _grid_size(self.dists[j])
        if n <= _EXHAUSTIVE_GRID:
            grid = (np.arange(n) + 0.5) / n
        else:
            # Neighbours in unit steps (log ints: approximately) plus a coarse sweep.
            offsets = np.array([-4, -2, -1, 1, 2, 4]) / n
            grid = np.concatenate([current + offsets, np.linspace(0.0, 1.0, 17)])
        return np.unique(self._snap_column(j, np.clip(grid, 0.0, 1.0)))

    def sobol_to_inputs(self, u: np.ndarray) -> np.ndarray:
        """Map points of ``[0, 1)^dim`` to valid GP inputs (categoricals: index by bins)."""
        x = self.snap(u)
        for j in np.flatnonzero(self.is_cat):
            n = self.n_choices(j)
            x[:, j] = np.minimum(np.floor(u[:, j] * n), n - 1)
        return x


def _natural_bounds(dist: BaseDistribution) -> tuple[float, float]:
    if isinstance(dist, CategoricalDistribution):
        return 0.0, 1.0
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
    if isinstance(dist, IntDistribution):
        if dist.log:
            return dist.high - dist.low + 1
        return (dist.high - dist.low) // dist.step + 1
    if isinstance(dist, FloatDistribution) and dist.step is not None:
        return round((dist.high - dist.low) / dist.step) + 1
    return 0


def _from_natural(dist: BaseDistribution, v: float) -> Any:
    if isinstance(dist, FloatDistribution):
        if dist.log:
            return min(max(math.exp(v), dist.low), dist.high)
        if dist.step is not None:
            k = round((v - dist.low) / dist.step)
            return float(min(max(dist.low + k * dist.step, dist.low), dist.high))
        return float(min(max(v, dist.low), dist.high))
    assert isinstance(dist, IntDistribution)
    if dist.log:
        return int(min(max(round(math.exp(v)), dist.low), dist.high))
    k = round((v - dist.low) / dist.step)
    return int(min(max(dist.low + k * dist.step, dist.low), dist.high))
