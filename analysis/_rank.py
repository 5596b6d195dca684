"""Rankings across problems: average ranks with Friedman and Nemenyi's critical difference,
and pairwise Wilcoxon signed-rank tests with Holm's correction.

Both work on one number per (problem, method): the median (or mean) loss over repeats.
A problem where some method has no usable run is left out (and named in ``notes``), as
rank statistics need complete blocks. Benavoli et al. (2016) show that mean-rank post-hoc
tests depend on which other methods take part; the pairwise Wilcoxon–Holm table does not,
and is the recommended reading.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis import _metrics, _multitest
from analysis._tables import BenchmarkData


@dataclass(frozen=True)
class FriedmanResult:
    """Average ranks over problems, Friedman's test and Nemenyi's critical difference.

    Attributes
    ----------
    metric : str
    average_ranks : dict of str to float
        Rank 1 is best; sorted best first.
    statistic, pvalue : float
        Friedman's chi-square (``scipy.stats.friedmanchisquare``).
    n_problems, n_methods : int
    alpha : float
    q_alpha : float
        The studentized range quantile divided by sqrt(2) (Demšar 2006, Table 5).
    critical_difference : float
        ``q_alpha * sqrt(k (k + 1) / (6 N))``: average ranks further apart differ.
    cliques : tuple of tuple of str
        Maximal runs of methods (in rank order) within one critical difference: the bars
        of a CD diagram.
    notes : tuple of str
    """

    metric: str
    average_ranks: dict[str, float]
    statistic: float
    pvalue: float
    n_problems: int
    n_methods: int
    alpha: float
    q_alpha: float
    critical_difference: float
    cliques: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]


def complete_blocks(
    data: BenchmarkData | pd.DataFrame, metric: str, statistic: str, failures: str
) -> tuple[pd.DataFrame, list[str]]:
    """Return problems x methods of aggregated losses with no gap, and what was left out."""
    runs = data.runs if isinstance(data, BenchmarkData) else data
    samples = _metrics.collect(runs, metric, failures)
    matrix = _metrics.loss_matrix(samples, statistic)
    matrix = matrix.reindex(columns=sorted(runs["method"].unique()))
    gaps = matrix.isna().any(axis=1)
    notes = list(samples.notes)
    for problem in matrix.index[gaps]:
        missing = list(matrix.columns[matrix.loc[problem].isna()])
        notes.append(f"{problem}: left out of the ranking, no usable run of {missing}")
    return matrix[~gaps], notes


def friedman_test(
    data: BenchmarkData | pd.DataFrame,
    metric: str = "final_best",
    *,
    statistic: str = "median",
    alpha: float = 0.05,
    failures: str = "drop",
) -> FriedmanResult:
    """Rank the methods on every problem and test whether their average ranks differ.

    Parameters
    ----------
    data : BenchmarkData or pandas.DataFrame
        The benchmark or its runs table.
    metric : str, default="final_best"
    statistic : {"median", "mean"}
        How the repeats of a (problem, method) become one number.
    alpha : float, default=0.05
        For the critical difference.
    failures : str, default="drop"
        Failure policy (see :mod:`analysis._metrics`).

    Returns
    -------
    FriedmanResult

    Raises
    ------
    ValueError
        With fewer than 3 methods (use :func:`wilcoxon_pairwise`) or fewer than 2
        complete problems.

    Examples
    --------
    >>> runs = pd.DataFrame({"problem": np.repeat(["P1", "P2", "P3"], 3),
    ...     "method": ["A", "B", "C"] * 3, "repeat": 0, "run_id": [str(i) for i in range(9)],
    ...     "status": "done", "direction": "minimize", "n_objectives": 1,
    ...     "final_best": [1, 2, 3, 1, 3, 2, 1, 2, 3.0]})
    >>> friedman_test(runs).average_ranks
    {'A': 1.0, 'B': 2.3333333333333335, 'C': 2.6666666666666665}
    """
    _check_alpha(alpha)
    matrix, notes = complete_blocks(data, metric, statistic, failures)
    n, k = matrix.shape
    if k < 3:
        raise ValueError(
            f"friedman_test needs at least 3 methods; got {k} "
            f"({list(matrix.columns)}). Use wilcoxon_pairwise for two."
        )
    if n < 2:
        raise ValueError(
            f"friedman_test needs at least 2 problems where every method has a "
            f"usable run; got {n}. Notes: {notes}"
        )
    ranks = matrix.rank(axis=1, method="average").mean(axis=0).sort_values()
    test = stats.friedmanchisquare(*[matrix[c].to_numpy() for c in matrix.columns])
    q = nemenyi_q(k, alpha)
    cd = critical_difference(k, n, alpha)
    return FriedmanResult(
        metric,
        {str(m): float(r) for m, r in ranks.items()},
        float(test.statistic),
        float(test.pvalue),
        n,
        k,
        float(alpha),
        q,
        cd,
        _cliques(ranks, cd),
        tuple(notes),
    )


def nemenyi_q(k: int, alpha: float = 0.05) -> float:
    """Return Nemenyi's q_alpha for ``k`` methods: the studentized range quantile / sqrt(2).

    Examples
    --------
    >>> round(nemenyi_q(4, 0.05), 3)
    2.569
    """
    return float(stats.studentized_range.ppf(1.0 - alpha, k, np.inf) / math.sqrt(2.0))


def critical_difference(k: int, n: int, alpha: float = 0.05) -> float:
    """Return Nemenyi's critical difference of average ranks: ``q_alpha sqrt(k(k+1)/(6n))``."""
    return nemenyi_q(k, alpha) * math.sqrt(k * (k + 1) / (6.0 * n))


def _cliques(ranks: pd.Series, cd: float) -> tuple[tuple[str, ...], ...]:
    names, values = list(ranks.index), ranks.to_numpy()
    groups: list[tuple[str, ...]] = []
    for i in range(len(names)):
        j = i
        while j + 1 < len(names) and values[j + 1] - values[i] <= cd:
            j += 1
        group = tuple(names[i : j + 1])
        if len(group) > 1 and not any(set(group) <= set(g) for g in groups):
            groups.append(group)
    return tuple(groups)


def wilcoxon_pairwise(
    data: BenchmarkData | pd.DataFrame,
    metric: str = "final_best",
    *,
    statistic: str = "median",
    correction: str | None = "holm",
    alpha: float = 0.05,
    failures: str = "drop",
) -> pd.DataFrame:
    """Compare every pair of methods across problems with the Wilcoxon signed-rank test.

    Each problem gives one paired observation (the two methods' median losses).

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``method_a``, ``method_b``, ``n_problems``, ``wins_a``,
        ``ties``, ``losses_a``, ``median_difference`` (a minus b, in losses),
        ``statistic``, ``pvalue``, ``pvalue_adjusted`` (over all pairs), ``outcome``
        (``"a better"``, ``"b better"``, ``"no difference"`` or ``"n/a"``), ``reason``.

    Raises
    ------
    ValueError
        For fewer than 2 methods, or a bad metric, correction, alpha or policy.
    """
    _check_alpha(alpha)
    _multitest.check_correction(correction)
    matrix, _ = complete_blocks(data, metric, statistic, failures)
    if matrix.shape[1] < 2:
        raise ValueError(
            f"wilcoxon_pairwise needs at least 2 methods; got {list(matrix.columns)}."
        )
    rows = [_wilcoxon_row(matrix, a, b) for a, b in itertools.combinations(matrix.columns, 2)]
    frame = pd.DataFrame(rows)
    frame["pvalue_adjusted"] = _multitest.adjust_pvalues(frame["pvalue"], correction)
    frame["outcome"] = [
        "n/a"
        if math.isnan(p)
        else "no difference"
        if p >= alpha
        else "a better"
        if d < 0
        else "b better"
        for p, d in zip(frame["pvalue_adjusted"], frame["median_difference"])
    ]
    order = [
        "method_a",
        "method_b",
        "n_problems",
        "wins_a",
        "ties",
        "losses_a",
        "median_difference",
        "statistic",
        "pvalue",
        "pvalue_adjusted",
        "outcome",
        "reason",
    ]
    return frame[order]


def _wilcoxon_row(matrix: pd.DataFrame, a: str, b: str) -> dict[str, object]:
    diff = (matrix[a] - matrix[b]).to_numpy(dtype=float)
    finite = diff[np.isfinite(diff)]
    row: dict[str, object] = {
        "method_a": a,
        "method_b": b,
        "n_problems": len(diff),
        "wins_a": int((diff < 0).sum()),
        "ties": int((diff == 0).sum()),
        "losses_a": int((diff > 0).sum()),
        "median_difference": float(np.median(finite)) if finite.size else math.nan,
        "statistic": math.nan,
        "pvalue": math.nan,
        "reason": "",
    }
    if finite.size < len(diff):
        row["reason"] = "infinite losses (failures scored 'worst') cannot be differenced"
    elif not np.any(finite != 0):
        row["reason"] = "every paired difference is zero"
    else:
        test = stats.wilcoxon(finite)
        row["statistic"], row["pvalue"] = float(test.statistic), float(test.pvalue)
    return row


def _check_alpha(alpha: float) -> None:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be a number in (0, 1); got {alpha!r}.")
