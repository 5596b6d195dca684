"""One-parameter Parzen estimators on a grid, for PED-ANOVA.

A numeric parameter is discretised onto at most ``n_steps`` evenly spaced grid points
(in log space for log distributions; fewer points for ints and stepped floats with fewer
values) and each trial is counted at its nearest point; a categorical parameter is
counted per choice. The density is a mixture of one kernel per occupied point, weighted
by its count, plus a wide prior kernel: discrete Gaussians with Scott's-rule bandwidth for
numeric grids, and "the choice plus a little of every other" for categoricals, as in
Watanabe et al. (IJCAI 2023) and Optuna.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import ndtr

from hpobench.distributions import BaseDistribution, CategoricalDistribution, IntDistribution

# 1.64 sigma (90% of a kernel) must fit within half a grid step: the narrowest kernel.
_MIN_SIGMA = 0.5 / 1.64


def grid_size(dist: BaseDistribution, n_steps: int) -> int:
    """Number of grid points of a distribution (its choices for a categorical)."""
    if isinstance(dist, CategoricalDistribution):
        return len(dist.choices)
    if isinstance(dist, IntDistribution) and dist.log:
        return min(n_steps, math.ceil(math.log2(dist.high - dist.low + 1)) + 1)
    step = getattr(dist, "step", None)
    if step is not None:
        return min(n_steps, round((dist.high - dist.low) / step) + 1)
    return n_steps


def grid_counts(dist: BaseDistribution, values: list[object], n_steps: int) -> np.ndarray:
    """Count parameter values (in their own units) per grid point of ``dist``."""
    size = grid_size(dist, n_steps)
    if isinstance(dist, CategoricalDistribution):
        indices = np.array([int(dist.to_internal_repr(v)) for v in values], dtype=np.int64)
        return np.bincount(indices, minlength=size)
    log = bool(getattr(dist, "log", False))
    scale = np.log if log else np.asarray
    low, high = float(scale(dist.low)), float(scale(dist.high))
    points = scale(np.asarray(values, dtype=float))
    step = (high - low) / (size - 1)
    # Round to the nearest point; a value exactly halfway goes to the lower one.
    indices = np.clip(np.ceil((points - low) / step - 0.5).astype(np.int64), 0, size - 1)
    return np.bincount(indices, minlength=size)


def parzen_pdf(counts: np.ndarray, *, categorical: bool, prior_weight: float) -> np.ndarray:
    """Return the Parzen estimator's probability of each grid point (sums to 1).

    Examples
    --------
    >>> pdf = parzen_pdf(np.array([0, 5, 0, 0]), categorical=False, prior_weight=1.0)
    >>> int(np.argmax(pdf)), round(float(pdf.sum()), 6)
    (1, 1.0)
    """
    size = len(counts)
    occupied = np.flatnonzero(counts)
    if occupied.size == 0:
        return np.full(size, 1.0 / size)
    weights = np.append(counts[occupied].astype(float), prior_weight)
    weights /= weights.sum()
    if categorical:
        kernels = _categorical_kernels(occupied, size, prior_weight)
    else:
        kernels = _numeric_kernels(occupied, counts[occupied].astype(float), size)
    return weights @ kernels


def pearson_divergence(target_pdf: np.ndarray, region_pdf: np.ndarray) -> float:
    """Pearson chi-square divergence of ``target_pdf`` from ``region_pdf`` on a grid."""
    target_pdf = target_pdf + 1e-12
    region_pdf = region_pdf + 1e-12
    return float(region_pdf @ (target_pdf / region_pdf - 1.0) ** 2)


def _numeric_kernels(points: np.ndarray, counts: np.ndarray, size: int) -> np.ndarray:
    """Rows: one discrete Gaussian per occupied point, then the prior (centre, width size)."""
    sigma = max(_scott_bandwidth(points.astype(float), counts), _MIN_SIGMA)
    mus = np.append(points.astype(float), (size - 1) / 2.0)
    sigmas = np.append(np.full(len(points), sigma), float(size))
    grid = np.arange(size, dtype=float)
    upper = ndtr((grid[None, :] + 0.5 - mus[:, None]) / sigmas[:, None])
    lower = ndtr((grid[None, :] - 0.5 - mus[:, None]) / sigmas[:, None])
    mass = upper - lower
    # Truncate to the grid: renormalise each kernel's mass over the grid points.
    return mass / mass.sum(axis=1, keepdims=True)


def _scott_bandwidth(points: np.ndarray, counts: np.ndarray) -> float:
    """Scott's rule, ``1.059 * min(IQR / 1.34, sd) * n^(-1/5)``, on weighted grid points."""
    n = counts.sum()
    mean = points @ counts / n
    sd = math.sqrt(float(((points - mean) ** 2) @ counts) / max(1.0, n - 1.0))
    cumulative = np.cumsum(counts)
    q1 = points[np.searchsorted(cumulative, n // 4, side="left")]
    q3 = points[min(len(points) - 1, int(np.searchsorted(cumulative, n * 3 // 4, side="right")))]
    return 1.059 * min((q3 - q1) / 1.34, sd) * n**-0.2


def _categorical_kernels(occupied: np.ndarray, size: int, prior_weight: float) -> np.ndarray:
    """Rows: each observed choice plus a share of the prior on every choice; then uniform."""
    n_kernels = len(occupied) + 1
    kernels = np.full((n_kernels, size), prior_weight / n_kernels)
    kernels[np.arange(len(occupied)), occupied] += 1.0
    totals = kernels.sum(axis=1, keepdims=True)
    return kernels / np.where(totals == 0.0, 1.0, totals)
