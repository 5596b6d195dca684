"""A regression diff between two benchmark results: which (problem, method) cells got
significantly better or worse.

Each cell present in both results is tested with a two-sided Mann–Whitney U test between
the baseline's repeats and the current ones; p-values are corrected over all cells (Holm
by default). Cells present in only one result are listed as added or removed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import _effect, _metrics, _multitest
from analysis._mwu import mannwhitney_many
from analysis._tables import BenchmarkData


@dataclass(frozen=True)
class RegressionReport:
    """The result of :func:`regression_diff`.

    Attributes
    ----------
    cells : pandas.DataFrame
        Per (problem, method) in both: ``n_baseline``, ``n_current``,
        ``median_baseline``, ``median_current``, ``a12`` (chance a current run beats a
        baseline run), ``pvalue``, ``pvalue_adjusted``, ``change`` (``"better"``,
        ``"worse"``, ``"same"`` or ``"n/a"``).
    added, removed : tuple of (str, str)
        Cells only in the current or only in the baseline result.
    counts : dict of str to int
        How many cells got better, worse, stayed the same or could not be tested.
    notes : tuple of str
    """

    cells: pd.DataFrame
    added: tuple[tuple[str, str], ...]
    removed: tuple[tuple[str, str], ...]
    counts: dict[str, int]
    notes: tuple[str, ...]


def regression_diff(
    current: BenchmarkData | pd.DataFrame,
    baseline: BenchmarkData | pd.DataFrame,
    *,
    metric: str = "final_best",
    alpha: float = 0.05,
    correction: str | None = "holm",
    failures: str = "drop",
) -> RegressionReport:
    """Compare every (problem, method) cell of ``current`` with ``baseline``.

    Raises
    ------
    ValueError
        For a bad metric, alpha, correction or failure policy.

    Examples
    --------
    >>> new, old = load_benchmark(new_url), load_benchmark(old_url)  # doctest: +SKIP
    >>> regression_diff(new, old).cells.query("change == 'worse'")  # doctest: +SKIP
    """
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be a number in (0, 1); got {alpha!r}.")
    _multitest.check_correction(correction)
    now = _metrics.collect(_runs(current), metric, failures)
    before = _metrics.collect(_runs(baseline), metric, failures)
    now_cells = {k: g["loss"].to_numpy() for k, g in now.frame.groupby(["problem", "method"])}
    old_cells = {k: g["loss"].to_numpy() for k, g in before.frame.groupby(["problem", "method"])}
    shared = sorted(set(now_cells) & set(old_cells))
    rows = [_cell(k, now_cells[k], old_cells[k], float(now.sign.get(k[0], 1.0))) for k in shared]
    pvalues = _pvalues([(now_cells[k], old_cells[k]) for k in shared])
    cells = pd.DataFrame(
        rows,
        columns=[
            "problem",
            "method",
            "n_baseline",
            "n_current",
            "median_baseline",
            "median_current",
            "a12",
            "pvalue",
        ],
    )
    cells["pvalue"] = pvalues
    cells["pvalue_adjusted"] = _multitest.adjust_pvalues(cells["pvalue"], correction)
    cells["change"] = [
        "n/a" if np.isnan(p) else "same" if p >= alpha else "better" if a > 0.5 else "worse"
        for p, a in zip(cells["pvalue_adjusted"], cells["a12"])
    ]
    counts = {c: int((cells["change"] == c).sum()) for c in ("better", "worse", "same", "n/a")}
    notes = [f"current: {n}" for n in now.notes] + [f"baseline: {n}" for n in before.notes]
    return RegressionReport(
        cells,
        tuple(sorted(set(now_cells) - set(old_cells))),
        tuple(sorted(set(old_cells) - set(now_cells))),
        counts,
        tuple(notes),
    )


def _runs(data: BenchmarkData | pd.DataFrame) -> pd.DataFrame:
    return data.runs if isinstance(data, BenchmarkData) else data


def _cell(key: tuple[str, str], now: np.ndarray, old: np.ndarray, sign: float) -> dict:
    return {
        "problem": key[0],
        "method": key[1],
        "n_baseline": len(old),
        "n_current": len(now),
        "median_baseline": float(np.median(old)) * sign,
        "median_current": float(np.median(now)) * sign,
        "a12": _effect.vargha_delaney(now, old),
        "pvalue": np.nan,
    }


def _pvalues(pairs: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Mann–Whitney p-values; 1 when all values are equal, NaN under 2 runs a side."""
    out = np.full(len(pairs), np.nan)
    due = []
    for i, (now, old) in enumerate(pairs):
        if len(now) < 2 or len(old) < 2:
            continue
        both = np.concatenate([now, old])
        if np.all(both == both[0]):
            out[i] = 1.0
        else:
            due.append(i)
    out[due] = mannwhitney_many([pairs[i] for i in due])[1]
    return out
