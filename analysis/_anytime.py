"""Anytime performance: best-so-far curves summarised over repeats (median and quartiles)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis._curves import default_grid, trajectories
from analysis._tables import BenchmarkData


def anytime_curves(
    data: BenchmarkData,
    *,
    axis: str = "trials",
    y: str = "best_so_far",
    grid: Sequence[float] | None = None,
    by: Sequence[str] = ("problem", "method"),
    quantiles: tuple[float, float] = (0.25, 0.75),
) -> pd.DataFrame:
    """Summarise best-so-far curves over repeats, per problem and method.

    Parameters
    ----------
    data : BenchmarkData
    axis : {"trials", "steps", "seconds"}
        The budget on the x axis: trials, steps consumed (for pruners) or seconds.
    y : {"best_so_far", "regret", "normalized_regret"}
    grid : sequence of float or None
        Budgets to evaluate at; None for every trial count, or 50 log-spaced points for
        steps and seconds.
    by : sequence of str, default=("problem", "method")
        Runs-table columns that define a curve (add ``"workers"`` to compare scaling).
    quantiles : (float, float), default=(0.25, 0.75)
        The band around the median.

    Returns
    -------
    pandas.DataFrame
        One row per curve and budget: the ``by`` columns, ``x``, ``n_runs`` (runs with a
        value there), ``median``, ``lower``, ``upper``, ``mean``.

    Raises
    ------
    ValueError
        For an unknown axis, quality or ``by`` column, or quantiles outside [0, 1].

    Examples
    --------
    >>> curves = anytime_curves(data)  # doctest: +SKIP
    >>> curves.query("problem == 'Branin' and x == 80")[["method", "median"]]  # doctest: +SKIP
    """
    by = list(by)
    unknown = [c for c in by if c not in data.runs.columns]
    if unknown:
        raise ValueError(
            f"by columns {unknown} are not in the runs table; columns: "
            f"{sorted(data.runs.columns)}."
        )
    lower_q, upper_q = quantiles
    if not 0 <= lower_q <= upper_q <= 1:
        raise ValueError(
            f"quantiles must be (low, high) with 0 <= low <= high <= 1; got {quantiles!r}."
        )
    traj = trajectories(data, axis=axis, y=y)
    points = default_grid(traj) if grid is None else np.asarray(grid, dtype=float)
    values = traj.at(points)
    frames = []
    for key, rows in traj.runs.groupby(by, sort=True).indices.items():
        block = values[rows]
        key = key if isinstance(key, tuple) else (key,)
        frames.append(_summary(block, points, dict(zip(by, key)), lower_q, upper_q))
    if not frames:
        return pd.DataFrame(columns=[*by, "x", "n_runs", "median", "lower", "upper", "mean"])
    return pd.concat(frames, ignore_index=True)


def _summary(
    block: np.ndarray, points: np.ndarray, keys: dict, lower_q: float, upper_q: float
) -> pd.DataFrame:
    counts = np.sum(~np.isnan(block), axis=0)
    with np.errstate(all="ignore"):
        quantiles = _nanquantiles(block, [0.5, lower_q, upper_q])
        mean = np.where(counts > 0, np.nansum(block, axis=0) / np.maximum(counts, 1), np.nan)
    frame = pd.DataFrame(
        {
            "x": points,
            "n_runs": counts,
            "median": quantiles[0],
            "lower": quantiles[1],
            "upper": quantiles[2],
            "mean": mean,
        }
    )
    for name, value in reversed(keys.items()):
        frame.insert(0, name, value)
    return frame


def _nanquantiles(block: np.ndarray, qs: list[float]) -> np.ndarray:
    """Per column, ``np.nanquantile``'s linear quantiles; NaN for all-NaN columns.

    Sorting once puts every column's NaN last, so all columns are interpolated together
    (``np.nanquantile`` along an axis loops over the columns in Python).
    """
    ordered = np.sort(block, axis=0)
    counts = np.sum(~np.isnan(block), axis=0)
    columns = np.arange(block.shape[1])
    out = np.full((len(qs), block.shape[1]), np.nan)
    present = counts > 0
    for i, q in enumerate(qs):
        position = q * (np.maximum(counts, 1) - 1)
        low = np.floor(position).astype(int)
        high = np.minimum(low + 1, np.maximum(counts - 1, 0))
        below, above = ordered[low, columns], ordered[high, columns]
        with np.errstate(invalid="ignore"):  # inf - inf where both neighbours are infinite
            value = np.where(position == low, below, below + (position - low) * (above - below))
        out[i, present] = value[present]
    return out
