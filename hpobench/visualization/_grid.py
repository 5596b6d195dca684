"""Scattered values onto a regular grid: bin, keep one value per cell, fill the holes."""

from __future__ import annotations

import numpy as np

RELAX_SWEEPS = 20


def interpolate_grid(
    cols: np.ndarray,
    rows: np.ndarray,
    values: np.ndarray,
    shape: tuple[int, int],
    best: str | None,
) -> np.ndarray:
    """Return a ``shape`` grid filled from the values at cells ``(rows, cols)``.

    Several values in one cell are reduced to their minimum (``best="min"``), maximum
    (``"max"``) or mean (None). Filled cells keep that value; empty cells are filled by
    :func:`fill_holes`. With no value at all, the grid is all NaN.

    Examples
    --------
    >>> cols, rows = np.array([0, 2]), np.array([0, 0])
    >>> interpolate_grid(cols, rows, np.array([1.0, 3.0]), (1, 3), None).round(3).tolist()
    [[1.0, 2.0, 3.0]]
    """
    n_rows, n_cols = shape
    if len(values) == 0:
        return np.full(shape, np.nan)
    cells, inverse = np.unique(rows * n_cols + cols, return_inverse=True)
    grid = np.full(n_rows * n_cols, np.nan)
    grid[cells] = _reduce(inverse.reshape(-1), values, len(cells), best)
    return fill_holes(grid.reshape(shape))


def _reduce(inverse: np.ndarray, values: np.ndarray, n: int, best: str | None) -> np.ndarray:
    if best == "min":
        out = np.full(n, np.inf)
        np.minimum.at(out, inverse, values)
        return out
    if best == "max":
        out = np.full(n, -np.inf)
        np.maximum.at(out, inverse, values)
        return out
    return np.bincount(inverse, weights=values, minlength=n) / np.bincount(inverse, minlength=n)


def fill_holes(grid: np.ndarray) -> np.ndarray:
    """Fill the NaN cells of ``grid`` smoothly from the others ("push-pull").

    The known cells are averaged into ever coarser grids (push); going back, every
    empty cell takes the bilinear upsampling of the next coarser level (pull); a few
    sweeps of Laplace smoothing over the holes then remove the seams. Known cells keep
    their value, and a hole is filled at the scale of its size, for a cost of O(cells)
    where a triangulation costs tens of milliseconds per panel.

    Examples
    --------
    >>> fill_holes(np.array([[0.0, np.nan, np.nan, 3.0]])).round(2).tolist()
    [[0.0, 1.0, 2.0, 3.0]]
    """
    known = ~np.isnan(grid)
    if not known.any():
        return grid.copy()
    filled = _pull(np.where(known, grid, 0.0), known.astype(float))
    return _relax(filled, known)


def _relax(grid: np.ndarray, known: np.ndarray) -> np.ndarray:
    # A few Jacobi sweeps of Laplace's equation over the holes smooth the seams that
    # the block structure of push-pull leaves; the known cells stay fixed.
    holes = ~known
    for _ in range(RELAX_SWEEPS):
        p = np.pad(grid, 1, mode="edge")
        mean = (p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:]) / 4.0
        grid = np.where(holes, mean, grid)
    return grid


def _pull(value: np.ndarray, weight: np.ndarray) -> np.ndarray:
    if weight.min() > 0:
        return value
    coarse_value, coarse_weight = _push(value, weight)
    coarse = _pull(coarse_value, coarse_weight)
    blend = np.minimum(weight, 1.0)
    return blend * value + (1.0 - blend) * _upsample(coarse, value.shape)


def _push(value: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = value.shape
    pad = ((0, rows % 2), (0, cols % 2))
    value, weight = np.pad(value, pad), np.pad(weight, pad)

    def blocks(a: np.ndarray) -> np.ndarray:
        r, c = a.shape
        return a.reshape(r // 2, 2, c // 2, 2).sum(axis=(1, 3))

    total = blocks(weight)
    mean = blocks(value * weight) / np.where(total > 0, total, 1.0)
    return mean, total


def _upsample(coarse: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    low, high, frac = _linear_index(shape[0], coarse.shape[0])
    rows = coarse[low] * (1.0 - frac)[:, None] + coarse[high] * frac[:, None]
    low, high, frac = _linear_index(shape[1], coarse.shape[1])
    return rows[:, low] * (1.0 - frac) + rows[:, high] * frac


def _linear_index(n_fine: int, n_coarse: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # Coarse cell j covers fine cells 2j and 2j + 1, so its centre sits at 2j + 0.5.
    position = np.clip((np.arange(n_fine) - 0.5) / 2.0, 0.0, n_coarse - 1)
    low = np.floor(position).astype(int)
    high = np.minimum(low + 1, n_coarse - 1)
    return low, high, position - low
