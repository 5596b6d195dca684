"""bayesmark's normalised score: 0 at the optimum, 1 at the median of a baseline (random).

Per problem, with losses (lower is better), ``opt`` the optimum (``f_star``, or when it is
unknown the best loss any run reached) and ``base`` the baseline method's median final
loss:

- ``median_score = (median loss of the method - opt) / (base - opt)``;
- ``mean_score``: the mean over repeats of ``(loss - opt) / (base - opt)``, each clipped
  at the score of ``f_ref`` (the median first value, see :mod:`analysis._tables`) so that
  one crashed run cannot dominate -- bayesmark clips at the random-search median after
  one evaluation, which is the same idea.

Across problems the median scores aggregate by their median and the mean scores by
their mean, as in bayesmark.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import _metrics
from analysis._tables import BenchmarkData


@dataclass(frozen=True)
class NormalizedScores:
    """The result of :func:`normalized_scores`.

    Attributes
    ----------
    baseline, metric : str
    per_problem : pandas.DataFrame
        ``problem``, ``method``, ``median_score``, ``mean_score``, ``opt``, ``base``.
    summary : pandas.DataFrame
        Per method: ``median_score`` (median over problems) and ``mean_score`` (mean over
        problems), sorted best first, with ``n_problems``.
    notes : tuple of str
    """

    baseline: str
    metric: str
    per_problem: pd.DataFrame
    summary: pd.DataFrame
    notes: tuple[str, ...]


def normalized_scores(
    data: BenchmarkData | pd.DataFrame,
    baseline: str,
    *,
    metric: str = "final_best",
    failures: str = "drop",
) -> NormalizedScores:
    """Compute bayesmark's normalised scores of every method against ``baseline``.

    Parameters
    ----------
    data : BenchmarkData or pandas.DataFrame
    baseline : str
        The method that scores 1 (random search in bayesmark).
    metric : {"final_best", "auc"}
        ``auc`` gives the score averaged over the budget.
    failures : str, default="drop"

    Returns
    -------
    NormalizedScores

    Raises
    ------
    ValueError
        For an unknown baseline (the message lists the methods) or metric.

    Examples
    --------
    >>> runs = pd.DataFrame({"problem": "P", "method": ["rand"] * 3 + ["tpe"] * 3,
    ...     "repeat": [0, 1, 2] * 2, "run_id": list("abcdef"), "status": "done",
    ...     "direction": "minimize", "n_objectives": 1, "f_star": 0.0, "f_ref": 8.0,
    ...     "final_best": [2.0, 4.0, 6.0, 1.0, 2.0, 3.0]})
    >>> float(normalized_scores(runs, "rand").summary.loc["tpe", "median_score"])
    0.5
    """
    runs = data.runs if isinstance(data, BenchmarkData) else data
    if metric not in _metrics.DIRECTIONAL_METRICS:
        raise ValueError(f"metric must be 'final_best' or 'auc'; got {metric!r}.")
    _metrics.check_methods(runs["method"].unique(), [baseline], "baseline")
    samples = _metrics.collect(runs, metric, failures)
    frame = samples.frame
    sign = frame["problem"].map(samples.sign)
    notes = list(samples.notes)
    rows = []
    for problem, group in frame.groupby("problem"):
        scale = _scale(runs, group, problem, baseline, sign.loc[group.index].iloc[0], notes)
        if scale is None:
            continue
        opt, base, clip = scale
        for method, cell in group.groupby("method"):
            per_run = np.minimum((cell["loss"] - opt) / (base - opt), clip)
            rows.append(
                {
                    "problem": problem,
                    "method": method,
                    "median_score": float((cell["loss"].median() - opt) / (base - opt)),
                    "mean_score": float(per_run.mean()),
                    "opt": opt,
                    "base": base,
                }
            )
    per_problem = pd.DataFrame(
        rows, columns=["problem", "method", "median_score", "mean_score", "opt", "base"]
    )
    summary = per_problem.groupby("method").agg(
        median_score=("median_score", "median"),
        mean_score=("mean_score", "mean"),
        n_problems=("problem", "nunique"),
    )
    return NormalizedScores(
        baseline, metric, per_problem, summary.sort_values("median_score"), tuple(notes)
    )


def _scale(
    runs: pd.DataFrame,
    group: pd.DataFrame,
    problem: str,
    baseline: str,
    sign: float,
    notes: list[str],
) -> tuple[float, float, float] | None:
    """Return (opt, base, clip) in losses for ``problem``, or None with a note."""
    of_problem = runs[runs["problem"] == problem]
    f_star = of_problem["f_star"].dropna()
    opt = float(f_star.iloc[0]) * sign if len(f_star) else float(group["loss"].min())
    base_losses = group.loc[group["method"] == baseline, "loss"]
    if base_losses.empty:
        notes.append(f"{problem}: left out, the baseline {baseline!r} has no usable run")
        return None
    base = float(base_losses.median())
    if not base > opt:
        notes.append(
            f"{problem}: left out, the baseline's median equals the optimum "
            f"({base:g}); no room to normalise"
        )
        return None
    f_ref = of_problem["f_ref"].dropna() if "f_ref" in of_problem else pd.Series(dtype=float)
    clip = (float(f_ref.iloc[0]) * sign - opt) / (base - opt) if len(f_ref) else math.inf
    return opt, base, max(clip, 1.0)
