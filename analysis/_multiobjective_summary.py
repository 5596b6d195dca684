"""Multi-objective results summarised over repeats: per (problem, method) quality, and the
hypervolume over trials as a median with a quartile band.

:func:`multiobjective_quality` and :func:`hypervolume_curves` give one number (or one
curve) per run; these functions summarise the runs of each (problem, method) the way
:func:`analysis.anytime_curves` summarises best-so-far curves, so that a report can show
them without computing any statistic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis._multiobjective import MultiObjectiveQuality

_MEASURES = ("hypervolume", "igd_plus")
CURVE_COLUMNS = ["problem", "method", "x", "n_runs", "median", "lower", "upper", "mean"]


def multiobjective_table(quality: MultiObjectiveQuality) -> pd.DataFrame:
    """Summarise each (problem, method)'s runs: hypervolume and IGD+ medians and quartiles.

    Parameters
    ----------
    quality : MultiObjectiveQuality
        From :func:`analysis.multiobjective_quality`.

    Returns
    -------
    pandas.DataFrame
        ``problem``, ``method``, ``n_runs``, ``median_n_front``, and for ``hypervolume``
        (higher is better) and ``igd_plus`` (lower is better): ``median_*``, ``q25_*``,
        ``q75_*`` (NaN where the measure is unknown, e.g. IGD+ without a true front).

    Examples
    --------
    >>> multiobjective_table(multiobjective_quality(data))  # doctest: +SKIP
    """
    runs = quality.runs
    grouped = runs.groupby(["problem", "method"])
    table = pd.DataFrame({"n_runs": grouped.size(), "median_n_front": grouped["n_front"].median()})
    for measure in _MEASURES:
        values = grouped[measure]
        table[f"median_{measure}"] = values.median()
        table[f"q25_{measure}"] = values.quantile(0.25)
        table[f"q75_{measure}"] = values.quantile(0.75)
    return table.reset_index()


def hypervolume_anytime(
    curves: pd.DataFrame, *, quantiles: tuple[float, float] = (0.25, 0.75)
) -> pd.DataFrame:
    """Summarise hypervolume-over-trials curves over the repeats of each (problem, method).

    A run's hypervolume after its last COMPLETE trial is carried to the longest run of its
    (problem, method), so that a short run still counts with what it reached.

    Parameters
    ----------
    curves : pandas.DataFrame
        From :func:`analysis.hypervolume_curves`.
    quantiles : (float, float), default=(0.25, 0.75)
        The band around the median.

    Returns
    -------
    pandas.DataFrame
        ``problem``, ``method``, ``x`` (COMPLETE trials), ``n_runs``, ``median``,
        ``lower``, ``upper``, ``mean`` -- the columns of :func:`analysis.anytime_curves`.

    Examples
    --------
    >>> curves = pd.DataFrame({"run_id": ["a", "a", "b"], "problem": "P", "method": "m",
    ...     "repeat": [0, 0, 1], "trial": [1, 2, 1], "hypervolume": [1.0, 2.0, 3.0]})
    >>> hypervolume_anytime(curves)[["x", "n_runs", "median"]].values.tolist()
    [[1.0, 2.0, 2.0], [2.0, 2.0, 2.5]]
    """
    low, high = quantiles
    if not 0 <= low <= high <= 1:
        raise ValueError(
            f"quantiles must be (low, high) with 0 <= low <= high <= 1; got {quantiles!r}."
        )
    frames = []
    for (problem, method), block in curves.groupby(["problem", "method"], sort=True):
        wide = block.pivot_table(index="trial", columns="run_id", values="hypervolume")
        wide = wide.sort_index().ffill()
        values = wide.to_numpy(dtype=float)
        with np.errstate(all="ignore"):
            frame = pd.DataFrame(
                {
                    "problem": problem,
                    "method": method,
                    "x": wide.index.to_numpy(dtype=float),
                    "n_runs": np.sum(~np.isnan(values), axis=1),
                    "median": np.nanmedian(values, axis=1),
                    "lower": np.nanquantile(values, low, axis=1),
                    "upper": np.nanquantile(values, high, axis=1),
                    "mean": np.nanmean(values, axis=1),
                }
            )
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=CURVE_COLUMNS)
    return pd.concat(frames, ignore_index=True)[CURVE_COLUMNS]
