"""Exact hypervolume of small point sets (minimisation), and greedy subset selection.

Two objectives take a sort and a sweep, three a vectorised sweep over slices of the
third; more are sliced recursively along the last objective (exact, fine for the few
dozen points of one front).
"""

from __future__ import annotations

import numpy as np


def hypervolume(points: np.ndarray, reference: np.ndarray) -> float:
    """Return the volume dominated by ``points`` and bounded by ``reference``.

    Parameters
    ----------
    points : ndarray, shape (n, m)
        Loss vectors (smaller is better). Points not below the reference in every
        objective add nothing.
    reference : ndarray, shape (m,)
        The reference point.

    Examples
    --------
    >>> hypervolume(np.array([[1.0, 2.0], [2.0, 1.0]]), np.array([3.0, 3.0]))
    3.0
    >>> hypervolume(np.array([[0.0, 0.0, 0.0]]), np.array([1.0, 2.0, 3.0]))
    6.0
    """
    points = np.asarray(points, dtype=float)
    reference = np.asarray(reference, dtype=float)
    points = points[np.all(points < reference, axis=1)]
    if len(points) == 0:
        return 0.0
    m = points.shape[1]
    if m == 1:
        return float(reference[0] - points[:, 0].min())
    if m == 2:
        return _hypervolume_2d(points, reference)
    if m == 3:
        return _hypervolume_3d(points, reference)
    order = np.argsort(points[:, -1], kind="stable")
    points = points[order]
    levels = np.append(points[1:, -1], reference[-1])
    total = 0.0
    for i in range(len(points)):
        height = levels[i] - points[i, -1]
        if height > 0:
            total += height * hypervolume(points[: i + 1, :-1], reference[:-1])
    return float(total)


def _hypervolume_2d(points: np.ndarray, reference: np.ndarray) -> float:
    order = np.lexsort((points[:, 1], points[:, 0]))
    x, y = points[order, 0], np.minimum.accumulate(points[order, 1])
    widths = np.diff(np.append(x, reference[0]))
    return float(np.sum(widths * (reference[1] - y)))


def _hypervolume_3d(points: np.ndarray, reference: np.ndarray) -> float:
    # Slices along the third objective: slice i holds the points with the i+1 smallest
    # third values; every slice's 2-D staircase is computed at once on an (n, n) grid.
    n = len(points)
    by_z = np.argsort(points[:, 2], kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[by_z] = np.arange(n)
    by_x = np.lexsort((points[:, 1], points[:, 0]))
    x, y = points[by_x, 0], points[by_x, 1]
    present = rank[by_x][None, :] <= np.arange(n)[:, None]
    stairs = np.minimum.accumulate(np.where(present, y, reference[1]), axis=1)
    widths = np.diff(np.append(x, reference[0]))
    areas = (widths * (reference[1] - stairs)).sum(axis=1)
    z = points[by_z, 2]
    heights = np.diff(np.append(z, reference[2]))
    return float(np.sum(heights * areas))


def greedy_hypervolume_subset(points: np.ndarray, reference: np.ndarray, k: int) -> np.ndarray:
    """Pick ``k`` rows of ``points`` greedily, each adding the most hypervolume.

    A point's gain is the volume of its box minus the part the chosen points already
    dominate (the hypervolume of its corner-wise maxima with them); the gains of all
    remaining points are computed at once. Ties go to the lower index.

    Returns
    -------
    ndarray of int
        The chosen row indices, in the order they were chosen.

    Examples
    --------
    >>> pts = np.array([[0.0, 3.0], [1.0, 1.0], [3.0, 0.0], [1.1, 1.1]])
    >>> greedy_hypervolume_subset(pts, np.array([4.0, 4.0]), 2).tolist()
    [1, 0]
    """
    points = np.minimum(np.asarray(points, dtype=float), reference)
    n = len(points)
    k = max(0, min(k, n))
    boxes = np.prod(reference - points, axis=1)
    chosen: list[int] = []
    remaining = np.arange(n)
    while len(chosen) < k:
        gains = boxes[remaining]
        if chosen:
            corners = np.maximum(points[remaining][:, None, :], points[chosen][None, :, :])
            gains = gains - _batched_hypervolume(corners, reference)
        best = int(np.argmax(gains))
        chosen.append(int(remaining[best]))
        remaining = np.delete(remaining, best)
    return np.array(chosen, dtype=np.int64)


def _batched_hypervolume(batch: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Hypervolume of each (n, m) point set of a (b, n, m) batch."""
    if batch.shape[2] == 2:
        order = np.argsort(batch[:, :, 0], axis=1, kind="stable")
        x = np.take_along_axis(batch[:, :, 0], order, axis=1)
        y = np.minimum.accumulate(np.take_along_axis(batch[:, :, 1], order, axis=1), axis=1)
        widths = np.diff(np.concatenate([x, np.full((len(x), 1), reference[0])], axis=1), axis=1)
        return np.sum(widths * (reference[1] - y), axis=1)
    if batch.shape[2] == 3:
        return _batched_hypervolume_3d(batch, reference)
    return np.array([hypervolume(points, reference) for points in batch])


def _batched_hypervolume_3d(batch: np.ndarray, reference: np.ndarray) -> np.ndarray:
    b, n, _ = batch.shape
    by_z = np.argsort(batch[:, :, 2], axis=1, kind="stable")
    rank = np.empty((b, n), dtype=np.int64)
    np.put_along_axis(rank, by_z, np.arange(n)[None, :].repeat(b, axis=0), axis=1)
    by_x = np.argsort(batch[:, :, 0], axis=1, kind="stable")
    x = np.take_along_axis(batch[:, :, 0], by_x, axis=1)
    y = np.take_along_axis(batch[:, :, 1], by_x, axis=1)
    present = np.take_along_axis(rank, by_x, axis=1)[:, None, :] <= np.arange(n)[None, :, None]
    stairs = np.minimum.accumulate(np.where(present, y[:, None, :], reference[1]), axis=2)
    widths = np.diff(np.concatenate([x, np.full((b, 1), reference[0])], axis=1), axis=1)
    areas = np.sum(widths[:, None, :] * (reference[1] - stairs), axis=2)
    z = np.take_along_axis(batch[:, :, 2], by_z, axis=1)
    heights = np.diff(np.concatenate([z, np.full((b, 1), reference[2])], axis=1), axis=1)
    return np.sum(heights * areas, axis=1)
