"""Portfolio contribution of each method: the virtual best, marginal contributions and
Shapley values.

On each problem the methods' median losses are scaled to [0, 1] (0 = the best method
there, 1 = the worst), so that problems weigh the same. A portfolio ``S`` of methods is
worth ``v(S)``: the mean over problems of ``1 - min over S`` of the scaled loss -- how
close the virtual best of ``S`` (the best of its members, chosen per problem) gets to the
best of all. A method's *marginal contribution* is ``v(all) - v(all without it)``; its
*Shapley value* averages its contribution over every order of adding the methods (exact,
so at most 16 methods), and the Shapley values sum to ``v(all)``.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis._rank import complete_blocks
from analysis._tables import BenchmarkData

MAX_SHAPLEY_METHODS = 16


@dataclass(frozen=True)
class PortfolioResult:
    """The result of :func:`portfolio_contributions`.

    Attributes
    ----------
    virtual_best : pandas.DataFrame
        Per problem: ``best_method`` and its median ``loss``.
    contributions : pandas.DataFrame
        Per method: ``alone`` (``v`` of the method by itself), ``marginal``, ``shapley``,
        ``n_best`` (problems where it is the virtual best), sorted by Shapley value.
    value : float
        ``v(all)`` (1 when every problem has a method that is best there, which it does).
    notes : tuple of str
    """

    virtual_best: pd.DataFrame
    contributions: pd.DataFrame
    value: float
    notes: tuple[str, ...]


def portfolio_contributions(
    data: BenchmarkData | pd.DataFrame, *, metric: str = "final_best", failures: str = "drop"
) -> PortfolioResult:
    """Compute each method's contribution to the virtual best of all methods.

    Raises
    ------
    ValueError
        With fewer than 2 methods or more than 16, or no problem where all ran.

    Examples
    --------
    >>> portfolio_contributions(data).contributions  # doctest: +SKIP
    """
    matrix, notes = complete_blocks(data, metric, "median", failures)
    methods = list(matrix.columns)
    if not 2 <= len(methods) <= MAX_SHAPLEY_METHODS or matrix.empty:
        raise ValueError(
            f"portfolio_contributions needs 2 to {MAX_SHAPLEY_METHODS} methods "
            f"and a problem where all have usable runs; got methods {methods} "
            f"and {len(matrix)} complete problems."
        )
    scaled = _scale(matrix.to_numpy(dtype=float))

    def value(members: tuple[int, ...]) -> float:
        if not members:
            return 0.0
        return float(np.mean(1.0 - scaled[:, list(members)].min(axis=1)))

    everyone = tuple(range(len(methods)))
    total = value(everyone)
    shapley = _shapley(len(methods), value)
    best = matrix.idxmin(axis=1)
    contributions = pd.DataFrame(
        {
            "alone": [value((i,)) for i in everyone],
            "marginal": [total - value(tuple(j for j in everyone if j != i)) for i in everyone],
            "shapley": shapley,
            "n_best": [int((best == m).sum()) for m in methods],
        },
        index=pd.Index(methods, name="method"),
    ).sort_values("shapley", ascending=False)
    virtual_best = pd.DataFrame({"best_method": best, "loss": matrix.min(axis=1)})
    return PortfolioResult(virtual_best, contributions, total, tuple(notes))


def _scale(losses: np.ndarray) -> np.ndarray:
    low = losses.min(axis=1, keepdims=True)
    high = losses.max(axis=1, keepdims=True)
    span = np.where(high > low, high - low, 1.0)
    scaled = (losses - low) / span
    # Infinite losses (failures under "worst") are the worst there is.
    return np.where(np.isnan(scaled), 1.0, np.clip(scaled, 0.0, 1.0))


def _shapley(n: int, value: object) -> list[float]:
    cache: dict[tuple[int, ...], float] = {}

    def v(members: tuple[int, ...]) -> float:
        if members not in cache:
            cache[members] = value(members)  # type: ignore[operator]
        return cache[members]

    out = []
    for i in range(n):
        others = [j for j in range(n) if j != i]
        total = 0.0
        for size in range(n):
            weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
            for subset in itertools.combinations(others, size):
                with_i = tuple(sorted((*subset, i)))
                total += weight * (v(with_i) - v(subset))
        out.append(total)
    return out
