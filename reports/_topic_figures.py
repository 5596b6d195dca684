"""plotly drawings of the topic sections' figures: Pareto fronts (attainment surfaces),
hyperparameter importances, and average ranks per problem class.

Each has a matplotlib twin of the same name in :mod:`reports._topic_static`; both draw the
tables ``analysis`` returns, reshaped at most (a pivot), never summarised.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from reports._palette import color

# How each attainment percentile is drawn: the median surface solid, the best dotted.
SURFACE_DASH = {0: "dot", 50: "solid", 100: "dash"}
SURFACE_NAME = {0: "best", 50: "median", 100: "worst"}


def rank_matrix(ranks: pd.DataFrame) -> pd.DataFrame:
    """:func:`analysis.ranks_by_stratum` as strata (rows, ``"stratum (n problems)"``) by
    methods (columns, in their order of first appearance).

    Examples
    --------
    >>> ranks = pd.DataFrame({"stratum": ["a", "a"], "method": ["x", "y"],
    ...     "n_problems": [2, 2], "average_rank": [1.5, 1.5]})
    >>> rank_matrix(ranks).to_dict()
    {'x': {'a (2)': 1.5}, 'y': {'a (2)': 1.5}}
    """
    labels = [f"{s} ({n})" for s, n in zip(ranks["stratum"], ranks["n_problems"])]
    frame = ranks.assign(label=labels)
    matrix = frame.pivot(index="label", columns="method", values="average_rank")
    rows = list(dict.fromkeys(labels))
    return matrix.loc[rows, list(dict.fromkeys(ranks["method"]))]


def fronts_figure(surfaces: pd.DataFrame, *, title: str) -> go.Figure:
    """Attainment surfaces of one two-objective problem, one colour per method.

    ``surfaces`` holds :func:`analysis.attainment_surfaces` rows of one problem
    (``method``, ``percentile``, ``f0``, ``f1``, in losses).

    Examples
    --------
    >>> rows = pd.DataFrame({"method": "nsga2", "percentile": [50, 50], "f0": [0.0, 1.0],
    ...     "f1": [1.0, 0.0]})
    >>> [trace.name for trace in fronts_figure(rows, title="t").data]
    ['nsga2 (median)']
    """
    fig = go.Figure()
    for i, (method, block) in enumerate(surfaces.groupby("method", sort=True)):
        for percentile, surface in block.groupby("percentile", sort=True):
            surface = surface.sort_values("f0")
            fig.add_trace(
                go.Scatter(
                    x=surface["f0"].tolist(),
                    y=surface["f1"].tolist(),
                    mode="lines+markers",
                    line={
                        "shape": "hv",
                        "color": color(i),
                        "dash": SURFACE_DASH.get(int(percentile), "dashdot"),
                    },
                    marker={"size": 4},
                    name=f"{method} ({_surface_name(percentile)})",
                    legendgroup=str(method),
                )
            )
    fig.update_layout(
        title=title,
        xaxis_title="objective 0 (loss)",
        yaxis_title="objective 1 (loss)",
        height=400,
    )
    return fig


def _surface_name(percentile: float) -> str:
    return SURFACE_NAME.get(int(percentile), f"{percentile:g}%")


def importances_figure(summary: pd.DataFrame, *, title: str) -> go.Figure:
    """Mean importance per hyperparameter with its spread over runs as error bars.

    ``summary`` holds :attr:`analysis.ImportanceSummary.summary` rows of one problem
    (``param``, ``mean``, ``std``); the most important parameter is drawn on top.

    Examples
    --------
    >>> rows = pd.DataFrame({"param": ["a", "b"], "mean": [0.7, 0.3], "std": [0.1, 0.05]})
    >>> importances_figure(rows, title="t").data[0].y
    ('b', 'a')
    """
    ordered = summary.sort_values("mean")
    fig = go.Figure(
        go.Bar(
            x=ordered["mean"].tolist(),
            y=[str(p) for p in ordered["param"]],
            orientation="h",
            marker_color=color(0),
            error_x={"type": "data", "array": ordered["std"].fillna(0.0).tolist()},
            name="mean importance",
        )
    )
    fig.update_layout(
        title=title,
        xaxis_title="importance (share of variance)",
        yaxis={"automargin": True},
        height=160 + 32 * len(ordered),
    )
    return fig


def rank_heatmap_figure(ranks: pd.DataFrame, *, title: str) -> go.Figure:
    """Average rank of each method (columns) per problem class (rows), 1 = best.

    ``ranks`` is :func:`analysis.ranks_by_stratum`.

    Examples
    --------
    >>> ranks = pd.DataFrame({"stratum": ["a", "b"], "method": ["x", "x"],
    ...     "n_problems": [1, 2], "average_rank": [1.0, 2.0]})
    >>> rank_heatmap_figure(ranks, title="t").data[0].y
    ('a (1)', 'b (2)')
    """
    matrix = rank_matrix(ranks)
    values = matrix.to_numpy(dtype=float)
    text = [["" if v != v else f"{v:.2f}" for v in row] for row in values]
    fig = go.Figure(
        go.Heatmap(
            z=values.tolist(),
            x=[str(m) for m in matrix.columns],
            y=list(matrix.index),
            text=text,
            texttemplate="%{text}",
            colorscale="RdYlGn",
            reversescale=True,
            colorbar={"title": "average rank"},
        )
    )
    fig.update_layout(
        title=title,
        height=220 + 40 * len(matrix),
        yaxis={"autorange": "reversed", "automargin": True},
    )
    return fig


# The topic figure kinds, merged into reports._figures.PLOTLY.
TOPIC_PLOTLY: dict[str, Callable[..., go.Figure]] = {
    "fronts": fronts_figure,
    "importances": importances_figure,
    "rank_heatmap": rank_heatmap_figure,
}
