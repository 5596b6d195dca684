"""Which way a metric is better, and how failed runs enter the statistics.

Every statistic works on *losses*: the metric turned so that lower is better. ``final_best``
and ``auc`` follow the problem's direction; every other metric of the runs table
(``regret``, ``normalized_regret``, ``wall_s``, ``steps_consumed``, ...) is lower-is-better.

A run is *failed* when its status is ``"failed"`` or it has no COMPLETE trial. Incomplete
runs (no status: still running, or killed) never enter a statistic. Failed runs are, by
the ``failures`` policy:

- ``"drop"``: left out (the comparison notes how many);
- ``"worst"``: given a loss worse than every finished run of the problem (``inf``), so
  rank tests place them last, tied among themselves;
- ``"par<k>"`` (e.g. ``"par10"``): given the penalised loss ``worst + (k - 1) * (worst -
  best)`` over the problem's finished runs -- PAR-k as used for runtimes, where a failure
  counts k times the worst result.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import _format

DIRECTIONAL_METRICS = frozenset({"final_best", "auc"})
_PAR = re.compile(r"par(\d+(?:\.\d+)?)$")


@dataclass(frozen=True)
class Samples:
    """The losses that enter a statistic, and what was left out.

    Attributes
    ----------
    frame : pandas.DataFrame
        ``problem``, ``method``, ``repeat``, ``run_id``, ``loss`` (lower is better),
        ``value`` (the metric as stored), ``failed`` (bool).
    sign : pandas.Series
        Per problem: +1 when the metric is lower-is-better there, -1 otherwise.
    notes : tuple of str
        One line per exclusion (incomplete runs, dropped failures, missing metric).
    """

    frame: pd.DataFrame
    sign: pd.Series
    notes: tuple[str, ...]


def check_failures(failures: str) -> float | None:
    """Validate a failure policy; return k for ``"par<k>"``, else None.

    Raises
    ------
    ValueError
        For an unknown policy.
    """
    if failures in ("drop", "worst"):
        return None
    match = _PAR.match(failures) if isinstance(failures, str) else None
    if match is None or float(match.group(1)) < 1:
        raise ValueError(
            f"failures must be 'drop', 'worst' or 'par<k>' with k >= 1 (e.g. 'par10'); "
            f"got {failures!r}."
        )
    return float(match.group(1))


def check_metric(runs: pd.DataFrame, metric: str) -> None:
    """Raise a ValueError naming the numeric columns when ``metric`` is not one of them."""
    numeric = [c for c in runs.columns if pd.api.types.is_numeric_dtype(runs[c])]
    if metric not in numeric:
        raise ValueError(
            f"metric {metric!r} is not a numeric column of the runs table; choose one of "
            f"{sorted(numeric)}."
        )


def problem_signs(runs: pd.DataFrame, metric: str) -> pd.Series:
    """Return +1 (lower is better) or -1 per problem for ``metric``.

    Raises
    ------
    ValueError
        When the runs of one problem disagree on the direction.
    """
    if metric not in DIRECTIONAL_METRICS:
        return pd.Series(1.0, index=pd.Index(runs["problem"].unique(), name="problem"))
    directions = runs.groupby("problem")["direction"].unique()
    mixed = [p for p, d in directions.items() if len(d) > 1]
    if mixed:
        raise ValueError(
            f"problems {mixed} have runs with different directions; {metric!r} "
            "cannot be compared across them."
        )
    return directions.map(lambda d: -1.0 if d[0] == "maximize" else 1.0).astype(float)


def collect(runs: pd.DataFrame, metric: str, failures: str = "drop") -> Samples:
    """Return the losses of ``metric`` per run after the ``failures`` policy.

    Raises
    ------
    ValueError
        For an unknown metric or policy.
    """
    check_metric(runs, metric)
    k = check_failures(failures)
    sign = problem_signs(runs, metric)
    notes: list[str] = []
    incomplete = runs["status"] == _format.STATUS_INCOMPLETE
    for (problem, method), n in runs[incomplete].groupby(["problem", "method"]).size().items():
        notes.append(f"{problem} / {method}: {n} incomplete run(s) left out")
    frame = runs.loc[~incomplete, ["problem", "method", "repeat", "run_id"]].copy()
    kept = runs.loc[~incomplete]
    frame["value"] = kept[metric].astype(float)
    frame["failed"] = (kept["status"] == _format.STATUS_FAILED) | kept["final_best"].isna()
    frame.loc[kept["n_objectives"] > 1, "failed"] = kept["status"] == _format.STATUS_FAILED
    frame["loss"] = frame["value"] * frame["problem"].map(sign)
    missing = ~frame["failed"] & frame["loss"].isna()
    for (problem, method), n in frame[missing].groupby(["problem", "method"]).size().items():
        notes.append(
            f"{problem} / {method}: {metric} is NaN in {n} finished run(s)"
            + _why_nan(runs, problem, metric)
        )
    frame = frame[~missing]
    frame = _apply_policy(frame, failures, k, notes)
    return Samples(frame.reset_index(drop=True), sign, tuple(notes))


def _why_nan(runs: pd.DataFrame, problem: str, metric: str) -> str:
    if metric in ("regret", "normalized_regret"):
        f_star = runs.loc[runs["problem"] == problem, "f_star"]
        if f_star.isna().all():
            return " (the problem has no f_star)"
    return ""


def _apply_policy(
    frame: pd.DataFrame, failures: str, k: float | None, notes: list[str]
) -> pd.DataFrame:
    failed = frame["failed"]
    for (problem, method), n in frame[failed].groupby(["problem", "method"]).size().items():
        action = "left out" if failures == "drop" else f"scored by policy {failures!r}"
        notes.append(f"{problem} / {method}: {n} failed run(s) {action}")
    if failures == "drop":
        return frame[~failed]
    frame = frame.copy()
    finished = frame[~failed].groupby("problem")["loss"]
    worst, best = finished.max(), finished.min()
    if k is None:
        penalty = pd.Series(math.inf, index=worst.index)
    else:
        penalty = worst + (k - 1.0) * (worst - best)
    filled = frame.loc[failed, "problem"].map(penalty)
    # A problem where every run failed has no finished run to scale a penalty from.
    frame.loc[failed, "loss"] = filled.fillna(math.inf).to_numpy()
    return frame


def loss_matrix(samples: Samples, statistic: str = "median") -> pd.DataFrame:
    """Return problems x methods of the median (or mean) loss over repeats."""
    if statistic not in ("median", "mean"):
        raise ValueError(f"statistic must be 'median' or 'mean'; got {statistic!r}.")
    grouped = samples.frame.groupby(["problem", "method"])["loss"]
    table = grouped.median() if statistic == "median" else grouped.mean()
    return table.unstack("method")


def check_methods(present: list[str] | np.ndarray, wanted: list[str], what: str) -> None:
    """Raise a ValueError naming the methods present when one of ``wanted`` is absent."""
    present_set = set(present)
    unknown = [m for m in wanted if m not in present_set]
    if unknown:
        raise ValueError(
            f"{what} {unknown[0]!r} is not a method of these runs; methods present: "
            f"{sorted(present_set)}."
        )
