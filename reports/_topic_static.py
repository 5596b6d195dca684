"""matplotlib twins of :mod:`reports._topic_figures`, for the PDF report: the same data,
titles, colours and axes, drawn as static figures."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from reports._mpl import axes, legend
from reports._palette import color
from reports._topic_figures import SURFACE_NAME, rank_matrix

# matplotlib's names for plotly's dashes of reports._topic_figures.SURFACE_DASH.
_LINESTYLE = {0: ":", 50: "-", 100: "--"}


def fronts_axes(surfaces: pd.DataFrame, *, title: str) -> Axes:
    """Attainment surfaces of one two-objective problem (twin of ``fronts_figure``).

    Examples
    --------
    >>> rows = pd.DataFrame({"method": "nsga2", "percentile": [50, 50], "f0": [0.0, 1.0],
    ...     "f1": [1.0, 0.0]})
    >>> [line.get_label() for line in fronts_axes(rows, title="t").lines]
    ['nsga2 (median)']
    """
    ax = axes(3.6, title, "objective 0 (loss)", "objective 1 (loss)")
    for i, (method, block) in enumerate(surfaces.groupby("method", sort=True)):
        for percentile, surface in block.groupby("percentile", sort=True):
            surface = surface.sort_values("f0")
            name = SURFACE_NAME.get(int(percentile), f"{percentile:g}%")
            ax.step(
                surface["f0"],
                surface["f1"],
                where="post",
                color=color(i),
                linestyle=_LINESTYLE.get(int(percentile), "-."),
                marker="o",
                markersize=2.5,
                label=f"{method} ({name})",
            )
    legend(ax)
    return ax


def importances_axes(summary: pd.DataFrame, *, title: str) -> Axes:
    """Mean importance per hyperparameter with error bars (twin of ``importances_figure``).

    Examples
    --------
    >>> rows = pd.DataFrame({"param": ["a", "b"], "mean": [0.7, 0.3], "std": [0.1, 0.05]})
    >>> [float(p.get_width()) for p in importances_axes(rows, title="t").patches]
    [0.3, 0.7]
    """
    ordered = summary.sort_values("mean")
    ax = axes(1.0 + 0.32 * len(ordered), title, "importance (share of variance)")
    ax.barh(
        [str(p) for p in ordered["param"]],
        ordered["mean"].tolist(),
        xerr=ordered["std"].fillna(0.0).tolist(),
        color=color(0),
        ecolor="#333",
        capsize=3,
    )
    return ax


def rank_heatmap_axes(ranks: pd.DataFrame, *, title: str) -> Axes:
    """Average rank per problem class and method (twin of ``rank_heatmap_figure``).

    Examples
    --------
    >>> ranks = pd.DataFrame({"stratum": ["a", "b"], "method": ["x", "x"],
    ...     "n_problems": [1, 2], "average_rank": [1.0, 2.0]})
    >>> [t.get_text() for t in rank_heatmap_axes(ranks, title="t").texts]
    ['1.00', '2.00']
    """
    matrix = rank_matrix(ranks)
    values = matrix.to_numpy(dtype=float)
    ax = axes(1.2 + 0.34 * len(matrix), title)
    # pcolormesh, not imshow, and a colour bar of few levels: both stay vector drawings.
    low, high = np.nanmin(values), np.nanmax(values)
    levels = np.linspace(low, high if high > low else low + 1.0, 11)
    mesh = ax.pcolormesh(
        np.ma.masked_invalid(values), cmap="RdYlGn_r", vmin=levels[0], vmax=levels[-1]
    )
    ax.set_xticks(np.arange(len(matrix.columns)) + 0.5, [str(m) for m in matrix.columns])
    ax.set_yticks(np.arange(len(matrix.index)) + 0.5, list(matrix.index))
    ax.invert_yaxis()
    for (row, column), value in np.ndenumerate(values):
        if value == value:
            ax.text(column + 0.5, row + 0.5, f"{value:.2f}", ha="center", va="center", fontsize=8)
    ax.figure.colorbar(mesh, ax=ax, label="average rank", boundaries=levels)
    return ax


# The topic figure kinds, merged into reports._static_figures.STATIC.
TOPIC_STATIC: dict[str, Callable[..., Axes]] = {
    "fronts": fronts_axes,
    "importances": importances_axes,
    "rank_heatmap": rank_heatmap_axes,
}
