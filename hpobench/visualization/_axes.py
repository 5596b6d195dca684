"""One parameter as a plot axis: its scale, its per-trial coordinates and its range."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)

if TYPE_CHECKING:
    from hpobench.trial import FrozenTrial

Scale = Literal["linear", "log", "categorical"]
PADDING_RATIO = 0.05


@dataclass(frozen=True, eq=False)
class ParamAxis:
    """A parameter laid out on an axis.

    Attributes
    ----------
    name : str
        The parameter's name.
    scale : {"linear", "log", "categorical"}
        How the axis is drawn: a log axis holds raw values on a log scale, a categorical
        one holds the index of each choice in ``labels``.
    values : ndarray of float
        One coordinate per trial in data units (raw value, or category index); NaN where
        the trial does not have the parameter (a conditional parameter).
    range : tuple of float
        The padded axis range in data units.
    labels : tuple of str
        The category labels in axis order; empty unless categorical.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("lr", 1e-4, 1e-1, log=True), n_trials=5)
    >>> param_axis(study.trials, "lr").scale
    'log'
    """

    name: str
    scale: Scale
    values: np.ndarray
    range: tuple[float, float]
    labels: tuple[str, ...] = ()

    @property
    def is_log(self) -> bool:
        """Whether the axis has a log scale."""
        return self.scale == "log"

    @property
    def is_categorical(self) -> bool:
        """Whether the axis holds category indices."""
        return self.scale == "categorical"

    def to_linear(self, values: np.ndarray) -> np.ndarray:
        """Map data coordinates to the axis' linear space (log10 on a log axis)."""
        values = np.asarray(values, dtype=float)
        return np.log10(values) if self.is_log else values

    def from_linear(self, values: np.ndarray) -> np.ndarray:
        """Map linear-space coordinates back to data coordinates."""
        values = np.asarray(values, dtype=float)
        return np.power(10.0, values) if self.is_log else values

    @property
    def linear_range(self) -> tuple[float, float]:
        """The padded range in the axis' linear space."""
        low, high = self.to_linear(np.array(self.range))
        return float(low), float(high)


def param_axis(trials: Sequence[FrozenTrial], name: str) -> ParamAxis:
    """Lay out parameter ``name`` of ``trials`` on an axis.

    The scale comes from the parameter's distribution: categorical when any trial
    drew it from a CategoricalDistribution, log when a numeric distribution has
    ``log=True``, linear otherwise.
    """
    distributions = _distinct_distributions(trials, name)
    if any(isinstance(d, CategoricalDistribution) for d in distributions):
        return _categorical_axis(trials, name, distributions)
    scale: Scale = "log" if any(_is_log(d) for d in distributions) else "linear"
    values = np.array([t.params.get(name, math.nan) for t in trials], dtype=float)
    return ParamAxis(name, scale, values, _padded_range(values, scale == "log"))


def _distinct_distributions(trials: Sequence[FrozenTrial], name: str) -> list[BaseDistribution]:
    # Compared by a cheap key: equality of distributions is slow at thousands of trials.
    found: dict[tuple[object, ...], BaseDistribution] = {}
    for trial in trials:
        distribution = trial.distributions.get(name)
        if distribution is None:
            continue
        if isinstance(distribution, CategoricalDistribution):
            key: tuple[object, ...] = (CategoricalDistribution, distribution.choices)
        else:
            key = (type(distribution), _is_log(distribution))
        found.setdefault(key, distribution)
    return list(found.values())


def _is_log(distribution: BaseDistribution) -> bool:
    return isinstance(distribution, (FloatDistribution, IntDistribution)) and distribution.log


def _categorical_axis(
    trials: Sequence[FrozenTrial], name: str, distributions: list[BaseDistribution]
) -> ParamAxis:
    # Categories keep their declared order; values seen under another (numeric)
    # distribution of a dynamic search space are appended after them.
    index: dict[str, int] = {}
    for distribution in distributions:
        if isinstance(distribution, CategoricalDistribution):
            for choice in distribution.choices:
                index.setdefault(str(choice), len(index))
    values = np.full(len(trials), math.nan)
    for i, trial in enumerate(trials):
        if name in trial.params:
            values[i] = index.setdefault(str(trial.params[name]), len(index))
    k = len(index)
    return ParamAxis(name, "categorical", values, (-0.5, k - 0.5), tuple(index))


def _padded_range(values: np.ndarray, log: bool) -> tuple[float, float]:
    present = values[~np.isnan(values)]
    if present.size == 0:
        return (1.0, 10.0) if log else (0.0, 1.0)
    linear = np.log10(present) if log else present
    low, high = float(linear.min()), float(linear.max())
    span = high - low
    if span > 0:
        pad = span * PADDING_RATIO
    elif log:
        pad = 0.5
    else:
        pad = abs(low) * PADDING_RATIO or 0.5
    low, high = low - pad, high + pad
    return (10.0**low, 10.0**high) if log else (low, high)
