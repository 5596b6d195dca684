"""Many Mann–Whitney U tests at once, each exactly as ``scipy.stats.mannwhitneyu`` gives it.

A benchmark needs thousands of tests (every problem x rival, every pair for a ranking).
One scipy call costs about a millisecond of overhead, so samples of the same sizes are
stacked into one vectorised call. Only sizes above 8 are stacked: for those scipy always
uses the normal approximation with its tie correction, computed slice by slice, so the
numbers are the same as separate calls; smaller samples get their own call, where scipy
picks the exact distribution when there are no ties.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats

_EXACT_LIMIT = 8  # scipy's "auto" method is exact up to this size (without ties)


def mannwhitney_many(
    pairs: Sequence[tuple[np.ndarray, np.ndarray]], alternative: str = "two-sided"
) -> tuple[np.ndarray, np.ndarray]:
    """Return the U statistics (of the first samples) and p-values of every pair.

    Infinite values (failures scored "worst") are replaced by a value above every
    finite one of their pair, which leaves the ranks, and so the test, unchanged.

    Examples
    --------
    >>> u, p = mannwhitney_many([(np.arange(10.0), np.arange(5.0, 15.0))])
    >>> float(u[0]) == float(stats.mannwhitneyu(np.arange(10.0), np.arange(5.0, 15.0)).statistic)
    True
    """
    u = np.full(len(pairs), np.nan)
    p = np.full(len(pairs), np.nan)
    batches: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(pairs):
        if len(x) > _EXACT_LIMIT and len(y) > _EXACT_LIMIT:
            batches.setdefault((len(x), len(y)), []).append(i)
        else:
            x, y = finite_ranks(x, y)
            result = stats.mannwhitneyu(x, y, alternative=alternative)
            u[i], p[i] = result.statistic, result.pvalue
    for indices in batches.values():
        xs, ys = zip(*(finite_ranks(*pairs[i]) for i in indices))
        result = stats.mannwhitneyu(np.vstack(xs), np.vstack(ys), alternative=alternative, axis=1)
        u[indices], p[indices] = result.statistic, result.pvalue
    return u, p


def finite_ranks(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Replace +inf in two samples by one value above all their finite values."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    both = np.concatenate([x, y])
    if np.all(np.isfinite(both)):
        return x, y
    finite = both[np.isfinite(both)]
    top = (finite.max() if finite.size else 0.0) + 1.0
    return np.where(np.isposinf(x), top, x), np.where(np.isposinf(y), top, y)
