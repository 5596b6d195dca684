"""Trials as a numeric matrix for the forests: the encoding and its domain.

* A float or int parameter is one column, in log space when its distribution is log, so
  that fANOVA measures it uniformly on the scale it was searched on. Its domain is
  ``[low, high]``; an int or a stepped float is widened by half a step on each side and
  the forest's splits on it are moved half-way between allowed values, so every allowed
  value owns its half-step neighbourhood: equal shares, or log-uniform ones for a log int
  (the way samplers draw a log int).
* A categorical parameter is one-hot encoded (scikit-learn's forests have no categorical
  split). fANOVA maps the one-hot splits back to sets of choices and gives each choice an
  equal share of the domain (not the hypercube of the one-hot columns that Optuna uses,
  which counts impossible all-zero and many-hot points); MDI sums the columns' importances.
* A single-value parameter (one allowed value) gets no column: it explains nothing and
  its importance is 0, as in Optuna.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.trial._frozen import FrozenTrial


@dataclass(frozen=True)
class EncodedParam:
    """One parameter's columns in the encoded matrix.

    Attributes
    ----------
    name : str
        The parameter name.
    distribution : BaseDistribution
        Its distribution.
    columns : tuple of int
        Its column (numeric) or one-hot columns (categorical, in choice order).
    low, high : float
        The domain of the numeric column in encoded units (log space for log
        distributions, widened by half a step for discrete ones); 0 and 1 for categoricals.
    """

    name: str
    distribution: BaseDistribution
    columns: tuple[int, ...]
    low: float
    high: float

    @property
    def categorical(self) -> bool:
        """Whether the parameter is categorical (one-hot encoded)."""
        return isinstance(self.distribution, CategoricalDistribution)

    @property
    def log(self) -> bool:
        """Whether the column is in log space."""
        return bool(getattr(self.distribution, "log", False))

    @property
    def step(self) -> float | None:
        """The spacing of the allowed values of an int or stepped float; else None."""
        step = getattr(self.distribution, "step", None)
        return None if step is None else float(step)

    def to_encoded(self, values: np.ndarray) -> np.ndarray:
        """Map numeric parameter values (in their own units) to the encoded column."""
        values = np.asarray(values, dtype=float)
        return np.log(values) if self.log else values

    def snap_splits(self, splits: np.ndarray) -> np.ndarray:
        """Move splits of a discrete parameter half-way between two allowed values.

        A split only separates the values on either side of it; placed half-way, every
        allowed value owns an equal share of the domain, so fANOVA's measure is the
        uniform one on the allowed values. Values stay on the side where the forest put
        them (``value <= split`` goes left). Continuous parameters are left as they are.
        """
        step = self.step
        if step is None:
            return splits
        low = float(self.distribution.low)  # type: ignore[attr-defined]
        below = np.exp(splits) if self.log else splits
        # The tolerance keeps a split that sits on an allowed value on that value's right.
        index = np.floor((below - low) / step + 1e-9)
        return self.to_encoded(low + (index + 0.5) * step)


@dataclass(frozen=True)
class EncodedSpace:
    """The encoding of a set of parameters (see the module docstring).

    Attributes
    ----------
    params : tuple of EncodedParam
        The parameters with more than one allowed value, in the given order.
    single : tuple of str
        The single-value parameters, which get no column.
    n_columns : int
        The width of the encoded matrix.

    Examples
    --------
    >>> from hpobench.distributions import CategoricalDistribution, FloatDistribution
    >>> lr = FloatDistribution(1e-4, 1e-1, log=True)
    >>> space = EncodedSpace.build({"lr": lr, "opt": CategoricalDistribution(["a", "b"])})
    >>> space.n_columns, [p.columns for p in space.params]
    (3, [(0,), (1, 2)])
    """

    params: tuple[EncodedParam, ...]
    single: tuple[str, ...]
    n_columns: int

    @classmethod
    def build(cls, distributions: dict[str, BaseDistribution]) -> EncodedSpace:
        """Lay out the columns of ``distributions``."""
        params: list[EncodedParam] = []
        single: list[str] = []
        column = 0
        for name, dist in distributions.items():
            if dist.single():
                single.append(name)
                continue
            if isinstance(dist, CategoricalDistribution):
                columns = tuple(range(column, column + len(dist.choices)))
                params.append(EncodedParam(name, dist, columns, 0.0, 1.0))
            else:
                low, high = _numeric_domain(dist)
                params.append(EncodedParam(name, dist, (column,), low, high))
                columns = (column,)
            column += len(columns)
        return cls(tuple(params), tuple(single), column)

    def encode(self, trials: Sequence[FrozenTrial]) -> np.ndarray:
        """Return the ``(len(trials), n_columns)`` matrix of the trials' parameters."""
        matrix = np.zeros((len(trials), self.n_columns))
        rows = np.arange(len(trials))
        for param in self.params:
            dist = param.distribution
            internal = np.array([dist.to_internal_repr(t.params[param.name]) for t in trials])
            if param.categorical:
                matrix[rows, param.columns[0] + internal.astype(int)] = 1.0
            else:
                matrix[:, param.columns[0]] = param.to_encoded(internal)
        return matrix

    def column_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the lower and upper bound of every column (0 and 1 for one-hot columns)."""
        low = np.zeros(self.n_columns)
        high = np.ones(self.n_columns)
        for param in self.params:
            if not param.categorical:
                low[param.columns[0]] = param.low
                high[param.columns[0]] = param.high
        return low, high


def _numeric_domain(dist: BaseDistribution) -> tuple[float, float]:
    if isinstance(dist, IntDistribution):
        if dist.log:
            return math.log(dist.low - 0.5), math.log(dist.high + 0.5)
        return dist.low - dist.step / 2, dist.high + dist.step / 2
    if isinstance(dist, FloatDistribution):
        if dist.log:
            return math.log(dist.low), math.log(dist.high)
        half = dist.step / 2 if dist.step is not None else 0.0
        return dist.low - half, dist.high + half
    raise TypeError(f"Unsupported distribution for importances: {dist!r}.")
