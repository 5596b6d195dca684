"""kurobako's ranking (after Dewancker et al. 2016): Borda and Firsts over problems.

On each problem every pair of methods is compared with a two-sided Mann–Whitney U test on
the first metric of ``metrics``; when it is not significant the next metric decides (by
default: best value, then AUC). The significance level is the largest step of kurobako's
ladder (0.05, 0.025, 0.01, 0.0075, 0.005, 0.0025, 0.001, 0.00075, …) for which the
Šidák family-wise error over all pairs, ``1 - (1 - α)^C(k, 2)``, stays below 0.05. A
method's rank on a problem is 1 + the number of methods that beat it; its Borda count
sums the methods it beats, and its Firsts count the problems where nobody beats it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import _effect, _metrics
from analysis._mwu import mannwhitney_many
from analysis._tables import BenchmarkData

FAMILY_ERROR = 0.05


@dataclass(frozen=True)
class KurobakoRanking:
    """The result of :func:`kurobako_ranking`.

    Attributes
    ----------
    alpha : float
        The level used for every pairwise test.
    metrics : tuple of str
        The precedence of metrics.
    overall : pandas.DataFrame
        One row per method: ``borda``, ``firsts``, sorted best first.
    per_problem : pandas.DataFrame
        ``problem``, ``method``, ``rank``, ``beats``, ``beaten_by``.
    notes : tuple of str
        Problems left out because some method had no usable run there.
    """

    alpha: float
    metrics: tuple[str, ...]
    overall: pd.DataFrame
    per_problem: pd.DataFrame
    notes: tuple[str, ...]


def kurobako_alpha(n_methods: int) -> float:
    """Return kurobako's significance level for ``n_methods`` methods.

    Examples
    --------
    >>> [kurobako_alpha(k) for k in (2, 3, 4, 5, 6, 7, 10)]
    [0.025, 0.01, 0.0075, 0.005, 0.0025, 0.001, 0.001]
    """
    if isinstance(n_methods, bool) or not isinstance(n_methods, int) or n_methods < 2:
        raise ValueError(f"n_methods must be an int >= 2; got {n_methods!r}.")
    pairs = math.comb(n_methods, 2)
    for alpha in _ladder():
        if 1.0 - (1.0 - alpha) ** pairs < FAMILY_ERROR:
            return alpha
    raise AssertionError("the ladder always reaches a small enough alpha")


def _ladder() -> list[float]:
    steps = [0.05, 0.025, 0.01]
    for exponent in range(3, 12):
        scale = 10.0**-exponent
        steps.extend(round(m * scale, exponent + 2) for m in (7.5, 5.0, 2.5, 1.0))
    return steps


def kurobako_ranking(
    data: BenchmarkData | pd.DataFrame,
    *,
    metrics: Sequence[str] = ("final_best", "auc"),
    alpha: float | None = None,
    failures: str = "drop",
) -> KurobakoRanking:
    """Rank methods by Borda and Firsts from pairwise Mann–Whitney tests per problem.

    Parameters
    ----------
    data : BenchmarkData or pandas.DataFrame
    metrics : sequence of str, default=("final_best", "auc")
        The precedence: a later metric decides only when earlier ones do not.
    alpha : float or None
        None for :func:`kurobako_alpha` of the number of methods.
    failures : str, default="drop"

    Returns
    -------
    KurobakoRanking

    Raises
    ------
    ValueError
        For fewer than 2 methods, no metric, or a bad metric, alpha or policy.
    """
    runs = data.runs if isinstance(data, BenchmarkData) else data
    methods = sorted(runs["method"].unique())
    if len(methods) < 2 or not metrics:
        raise ValueError(
            f"kurobako_ranking needs >= 2 methods and >= 1 metric; got methods "
            f"{methods} and metrics {list(metrics)}."
        )
    alpha = kurobako_alpha(len(methods)) if alpha is None else alpha
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be None or a number in (0, 1); got {alpha!r}.")
    samples = [_metrics.collect(runs, m, failures).frame for m in metrics]
    groups = [
        {k: g["loss"].to_numpy() for k, g in s.groupby(["problem", "method"])} for s in samples
    ]
    notes, kept = [], []
    for problem in sorted(runs["problem"].unique()):
        absent = [m for m in methods if (problem, m) not in groups[0]]
        if absent:
            notes.append(f"{problem}: left out, no usable run of {absent}")
        else:
            kept.append(problem)
    winners = _pair_winners(kept, methods, groups, alpha)
    rows = [_rank_row(problem, m, methods, winners) for problem in kept for m in methods]
    per_problem = pd.DataFrame(rows, columns=["problem", "method", "rank", "beats", "beaten_by"])
    overall = per_problem.groupby("method").agg(
        borda=("beats", "sum"), firsts=("beaten_by", lambda b: int((b == 0).sum()))
    )
    overall = overall.reindex(methods, fill_value=0)
    overall = overall.sort_values(["borda", "firsts"], ascending=False, kind="stable")
    return KurobakoRanking(float(alpha), tuple(metrics), overall, per_problem, tuple(notes))


def _pair_winners(
    problems: list[str], methods: list[str], groups: list[dict], alpha: float
) -> dict[tuple[str, str, str], str]:
    """(problem, a, b) -> the winner, for the pairs that one metric separates."""
    undecided = [(p, a, b) for p in problems for a, b in itertools.combinations(methods, 2)]
    winners: dict[tuple[str, str, str], str] = {}
    for group in groups:
        tested = []
        for key in undecided:
            x, y = group.get((key[0], key[1])), group.get((key[0], key[2]))
            if x is None or y is None or not len(x) or not len(y):
                continue
            both = np.concatenate([x, y])
            if not np.all(both == both[0]):
                tested.append((key, x, y))
        _, pvalues = mannwhitney_many([(x, y) for _, x, y in tested])
        for (key, x, y), p in zip(tested, pvalues):
            if p < alpha:
                winners[key] = key[1] if _effect.vargha_delaney(x, y) > 0.5 else key[2]
        undecided = [key for key in undecided if key not in winners]
    return winners


def _rank_row(
    problem: str, method: str, methods: list[str], winners: dict[tuple[str, str, str], str]
) -> tuple[str, str, int, int, int]:
    beats = beaten = 0
    for a, b in itertools.combinations(methods, 2):
        winner = winners.get((problem, a, b))
        if winner is None or method not in (a, b):
            continue
        beats += winner == method
        beaten += winner != method
    return problem, method, 1 + beaten, beats, beaten
