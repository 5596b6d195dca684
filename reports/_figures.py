"""The report's figures: what each one shows (:class:`FigureSpec`) and its plotly drawing.

A section holds a :class:`FigureSpec` (the analysis data and the kind of drawing), not a
drawn figure, so that the HTML page draws it with plotly (:func:`plotly_html`) and the
PDF with matplotlib (:mod:`reports._static_figures`) from the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analysis import FriedmanResult, RuntimeECDF
from reports import _html
from reports._palette import COLORS as _COLORS
from reports._palette import rgba as _rgba
from reports._topic_figures import TOPIC_PLOTLY


@dataclass(frozen=True)
class FigureSpec:
    """One figure of a report: its element id, its kind and the data its drawing takes.

    ``kind`` names the drawing function in :data:`PLOTLY` and in
    :data:`reports._static_figures.STATIC`; ``args`` and ``kwargs`` are passed to it.

    Examples
    --------
    >>> counts = pd.DataFrame({"win": [1], "tie": [0], "loss": [0], "n/a": [0]},
    ...     index=pd.Index(["random"], name="rival"))
    >>> spec = FigureSpec("fig-wtl", "win_tie_loss", (counts, "tpe"))
    >>> plotly_html(spec).startswith('<div class="figure" id="fig-wtl">')
    True
    """

    ident: str
    kind: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)


def plotly_figure(spec: FigureSpec) -> go.Figure:
    """Draw ``spec`` with plotly."""
    return PLOTLY[spec.kind](*spec.args, **spec.kwargs)


def plotly_html(spec: FigureSpec) -> str:
    """``spec`` drawn with plotly and embedded as JSON (the HTML report's figures)."""
    return _html.figure(plotly_figure(spec).to_json(), spec.ident)


def curves_figure(
    curves: pd.DataFrame,
    *,
    title: str,
    y_title: str,
    log_y: bool,
    x_title: str = "trials",
    log_x: bool = False,
    series: str = "method",
) -> go.Figure:
    """Median lines with a lower–upper band per ``series`` value (a column; one line per
    method by default), from :func:`analysis.anytime_curves`.

    Examples
    --------
    >>> frame = pd.DataFrame({"method": ["a", "a"], "x": [1, 2], "median": [2.0, 1.0],
    ...     "lower": [1.5, 0.5], "upper": [3.0, 1.5]})
    >>> len(curves_figure(frame, title="t", y_title="v", log_y=False).data)
    2
    """
    fig = go.Figure()
    for i, (method, group) in enumerate(curves.groupby(series, sort=True)):
        color = _COLORS[i % len(_COLORS)]
        group = group.sort_values("x")
        x = group["x"].tolist()
        fig.add_trace(
            go.Scatter(
                x=x + x[::-1],
                y=group["upper"].tolist() + group["lower"].tolist()[::-1],
                mode="lines",
                fill="toself",
                fillcolor=_rgba(color, 0.18),
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=str(method),
            )
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=group["median"].tolist(),
                mode="lines",
                name=str(method),
                line={"color": color},
                legendgroup=str(method),
            )
        )
    fig.update_layout(title=title, xaxis_title=x_title, yaxis_title=y_title, height=380)
    if log_y:
        fig.update_yaxes(type="log")
    if log_x:
        fig.update_xaxes(type="log")
    return fig


def ecdf_figure(ecdf: RuntimeECDF) -> go.Figure:
    """The fraction of (problem, target, run) triples solved against the budget."""
    fig = go.Figure()
    for i, (method, group) in enumerate(ecdf.curves.groupby("method", sort=True)):
        group = group.sort_values("x")
        fig.add_trace(
            go.Scatter(
                x=group["x"].tolist(),
                y=group["fraction"].tolist(),
                mode="lines",
                line={"shape": "hv", "color": _COLORS[i % len(_COLORS)]},
                name=f"{method} (area {ecdf.area[method]:.3f})",
            )
        )
    fig.update_layout(
        title=f"Runtime ECDF over {len(ecdf.targets)} {ecdf.y} targets",
        xaxis_title=ecdf.axis,
        yaxis_title="fraction of targets reached",
        yaxis_range=[0, 1.02],
        height=380,
    )
    return fig


def cd_figure(friedman: FriedmanResult) -> go.Figure:
    """A critical-difference diagram: methods on the average-rank axis, cliques as bars."""
    ranks = friedman.average_ranks
    fig = go.Figure()
    order = sorted(ranks, key=ranks.get)
    fig.add_trace(
        go.Scatter(
            x=[ranks[m] for m in order],
            y=[0.0] * len(order),
            mode="markers+text",
            text=[f"{m} ({ranks[m]:.2f})" for m in order],
            textposition=[
                "top center" if i % 2 == 0 else "bottom center" for i in range(len(order))
            ],
            marker={"size": 10, "color": "#333"},
            showlegend=False,
        )
    )
    for level, clique in enumerate(c for c in friedman.cliques if len(c) > 1):
        xs = [ranks[m] for m in clique]
        y = -0.4 - 0.15 * level
        fig.add_trace(
            go.Scatter(
                x=[min(xs), max(xs)],
                y=[y, y],
                mode="lines",
                line={"width": 5, "color": "#888"},
                name=" = ".join(clique),
                showlegend=False,
            )
        )
    cd = friedman.critical_difference
    fig.add_trace(
        go.Scatter(
            x=[1.0, 1.0 + cd],
            y=[0.6, 0.6],
            mode="lines+text",
            line={"width": 3, "color": "#d62728"},
            text=["", f"CD = {cd:.3f}"],
            textposition="middle right",
            showlegend=False,
        )
    )
    fig.update_layout(
        title=f"Average ranks (1 = best); bars join methods within the critical difference "
        f"at alpha {friedman.alpha:g}",
        xaxis={"range": [0.5, friedman.n_methods + 0.5], "title": "average rank"},
        yaxis={"visible": False, "range": [-1.2, 1.0]},
        height=300,
    )
    return fig


def win_tie_loss_figure(counts: pd.DataFrame, reference: str) -> go.Figure:
    """Stacked horizontal bars of the reference's wins, ties and losses per rival.

    ``counts`` is :meth:`analysis.ComparisonResult.win_tie_loss` (indexed by rival), the
    layout of the Optuna paper's Figure 9.

    Examples
    --------
    >>> counts = pd.DataFrame({"win": [2], "tie": [1], "loss": [0], "n/a": [0]},
    ...     index=pd.Index(["random"], name="rival"))
    >>> [trace.name for trace in win_tie_loss_figure(counts, "tpe").data]
    ['win', 'tie', 'loss', 'n/a']
    """
    colors = {"win": "#2ca02c", "tie": "#bbbbbb", "loss": "#d62728", "n/a": "#eeeeee"}
    fig = go.Figure()
    rivals = [str(r) for r in counts.index]
    for outcome, color in colors.items():
        fig.add_trace(
            go.Bar(
                y=rivals,
                x=counts[outcome].tolist(),
                name=outcome,
                orientation="h",
                marker_color=color,
            )
        )
    fig.update_layout(
        barmode="stack",
        title=f"{reference} against each rival: problems won, tied, lost",
        xaxis_title="problems",
        height=160 + 40 * len(rivals),
    )
    return fig


def timing_figure(timing: pd.DataFrame) -> go.Figure:
    """Sampler against objective seconds per trial, per method (from ``timing_summary``).

    Examples
    --------
    >>> frame = pd.DataFrame({"method": ["a"], "sampler_s_per_trial": [0.1],
    ...     "objective_s_per_trial": [0.5]})
    >>> [trace.name for trace in timing_figure(frame).data]
    ['sampler (ask + tell)', 'objective']
    """
    methods = [str(m) for m in timing["method"]]
    fig = go.Figure()
    for column, name, color in (
        ("sampler_s_per_trial", "sampler (ask + tell)", "#1f77b4"),
        ("objective_s_per_trial", "objective", "#ff7f0e"),
    ):
        fig.add_trace(go.Bar(x=methods, y=timing[column].tolist(), name=name, marker_color=color))
    fig.update_layout(
        barmode="group",
        title="Mean seconds per trial over all problems",
        yaxis_title="seconds per trial",
        height=360,
    )
    return fig


# The drawing of each figure kind; reports._static_figures.STATIC has the same keys.
PLOTLY: dict[str, Callable[..., go.Figure]] = {
    "curves": curves_figure,
    "ecdf": ecdf_figure,
    "cd": cd_figure,
    "win_tie_loss": win_tie_loss_figure,
    "timing": timing_figure,
    **TOPIC_PLOTLY,
}
