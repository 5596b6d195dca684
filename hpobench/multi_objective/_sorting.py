from __future__ import annotations

import bisect

import numpy as np


def as_losses(points: np.ndarray | list, name: str = "losses") -> np.ndarray:
    """Return ``points`` as a 2-D float array, checking its shape and values."""
    losses = np.asarray(points, dtype=float)
    if losses.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array (points x objectives); got shape {losses.shape}."
        )
    if np.isnan(losses).any():
        raise ValueError(f"{name} must not contain NaN.")
    return losses


def non_dominated_mask(losses: np.ndarray | list) -> np.ndarray:
    """Return a boolean mask of the rows of ``losses`` that no other row dominates.

    Smaller is better in every column. Row ``a`` dominates row ``b`` when it is no
    worse in every column and better in one; equal rows do not dominate each other,
    so duplicates are all kept.

    Examples
    --------
    >>> non_dominated_mask([[1, 2], [2, 1], [2, 2], [1, 2]]).tolist()
    [True, True, False, True]
    """
    losses = as_losses(losses)
    if len(losses) == 0:
        return np.zeros(0, dtype=bool)
    unique, inverse = np.unique(losses, axis=0, return_inverse=True)
    return _front_mask(unique)[inverse.reshape(-1)]


def fast_non_dominated_sort(
    losses: np.ndarray | list, *, n_below: int | None = None
) -> np.ndarray:
    """Return each row's Pareto rank: 0 for the non-dominated front, 1 for the next, ...

    Smaller is better in every column. A row's rank is one more than the largest
    rank of the rows that dominate it. Two objectives take O(n log n); more peel one
    front at a time, comparing only the surviving rows (at worst O(n^2 m)).

    Parameters
    ----------
    losses : array of shape (n, m)
        One row per point, one column per objective (minimised).
    n_below : int or None, default=None
        Stop once at least this many rows are ranked; the rest get the rank after the
        last computed front. None ranks every row.

    Returns
    -------
    ndarray of int, shape (n,)

    Examples
    --------
    >>> fast_non_dominated_sort([[1, 3], [2, 2], [3, 3], [1, 3]]).tolist()
    [0, 0, 1, 0]
    """
    losses = as_losses(losses)
    n, m = losses.shape
    if n_below is None or n_below > n:
        n_below = n
    if n == 0:
        return np.zeros(0, dtype=int)
    if m == 1:
        _, ranks = np.unique(losses[:, 0], return_inverse=True)
        return np.minimum(ranks.reshape(-1), _cut_rank(ranks.reshape(-1), n_below))
    unique, inverse = np.unique(losses, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    if m == 2:
        ranks = _ranks_2d(unique)
    else:
        ranks = _ranks_by_peeling(unique, _weight(inverse, len(unique)), n_below)
    full = ranks[inverse]
    return np.minimum(full, _cut_rank(full, n_below))


def _weight(inverse: np.ndarray, n_unique: int) -> np.ndarray:
    return np.bincount(inverse, minlength=n_unique)


def _cut_rank(ranks: np.ndarray, n_below: int) -> int:
    """The smallest rank r such that at least ``n_below`` rows have rank <= r, plus one."""
    counts = np.cumsum(np.bincount(ranks))
    return int(np.searchsorted(counts, n_below)) + 1


def _ranks_2d(unique: np.ndarray) -> np.ndarray:
    # ``unique`` is sorted lexicographically and has no duplicate rows, so every earlier
    # row with a second value <= ours dominates us. Front k's smallest second value
    # grows with k; a binary search finds the first front that does not dominate us.
    ranks = np.empty(len(unique), dtype=int)
    front_min: list[float] = []
    for i, y in enumerate(unique[:, 1].tolist()):
        k = bisect.bisect_right(front_min, y)
        if k == len(front_min):
            front_min.append(y)
        else:
            front_min[k] = y
        ranks[i] = k
    return ranks


def _ranks_by_peeling(unique: np.ndarray, weight: np.ndarray, n_below: int) -> np.ndarray:
    ranks = np.full(len(unique), -1, dtype=int)
    remaining = np.arange(len(unique))
    rank, done = 0, 0
    while remaining.size:
        front = remaining[_front_mask(unique[remaining])]
        ranks[front] = rank
        done += int(weight[front].sum())
        if done >= n_below:
            break
        remaining = remaining[ranks[remaining] < 0]
        rank += 1
    ranks[ranks < 0] = rank + 1
    return ranks


def _front_mask(points: np.ndarray) -> np.ndarray:
    """Non-dominated mask of pairwise distinct, lexicographically sorted rows."""
    if points.shape[1] <= 2:
        # Every earlier row has a smaller or equal first value: dominated iff one of them
        # also has a second value <= ours.
        y = points[:, -1]
        best_before = np.minimum.accumulate(np.concatenate([[np.inf], y[:-1]]))
        return y < best_before
    mask = np.ones(len(points), dtype=bool)
    for i in range(len(points)):
        if mask[i]:
            # Only later rows can be dominated by row i (earlier ones sort before it).
            rest = points[i + 1 :]
            dominated = np.all(points[i] <= rest, axis=1)
            mask[i + 1 :] &= ~dominated
    return mask


def crowding_distance(losses: np.ndarray | list) -> np.ndarray:
    """Return the crowding distance of each row of one front (Deb et al., 2002).

    For each objective the rows are sorted, the extremes get infinity, and every
    other row adds the gap between its neighbours divided by the objective's range.
    Duplicated rows share a value.

    Examples
    --------
    >>> crowding_distance([[0, 2], [1, 1], [2, 0]]).tolist()
    [inf, 2.0, inf]
    """
    losses = as_losses(losses)
    n, m = losses.shape
    if n <= 2:
        return np.full(n, np.inf)
    unique, inverse = np.unique(losses, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    k = len(unique)
    distance = np.zeros(k)
    if k <= 2:
        return np.full(n, np.inf)
    for j in range(m):
        order = np.argsort(unique[:, j], kind="stable")
        column = unique[order, j]
        span = column[-1] - column[0]
        distance[order[0]] = distance[order[-1]] = np.inf
        if span > 0 and np.isfinite(span):
            distance[order[1:-1]] += (column[2:] - column[:-2]) / span
    return distance[inverse]
