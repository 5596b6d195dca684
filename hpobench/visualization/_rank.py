"""Rank plot: pairs of parameters, each trial coloured by the rank of its target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.visualization import _plotly
from hpobench.visualization._axes import ParamAxis, param_axis
from hpobench.visualization._common import (
    DEFAULT_TARGET_NAME,
    Target,
    feasibility,
    numbers,
    plotted_trials,
    resolve_params,
)

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from hpobench.study import Study

COLORMAP = "RdYlBu_r"
_QUANTILES = (0.0, 0.25, 0.5, 0.75, 1.0)
_QUANTILE_NAMES = ("min.", "25%", "50%", "75%", "max.")


@dataclass(frozen=True, eq=False)
class RankInfo:
    """What :func:`plot_rank` draws.

    Attributes
    ----------
    params : tuple of str
    axes : tuple of ParamAxis
        One per parameter; ``axes[i].values[j]`` is trial ``j``'s coordinate (NaN
        when it lacks the parameter, so it is absent from that parameter's panels).
    trial_numbers : ndarray of int
    target_values : ndarray of float
    color_positions : ndarray of float
        Each trial's rank in [0, 1] (0: smallest target; ties share their mean rank).
    feasible : ndarray of bool
        Infeasible trials are drawn grey.
    tick_positions, tick_labels : tuple
        Colour bar ticks at the quantiles of the target.
    target_name : str

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    >>> sorted(get_rank_info(study).color_positions.tolist())
    [0.0, 0.5, 1.0]
    """

    params: tuple[str, ...]
    axes: tuple[ParamAxis, ...]
    trial_numbers: np.ndarray
    target_values: np.ndarray
    color_positions: np.ndarray
    feasible: np.ndarray
    tick_positions: tuple[float, ...]
    tick_labels: tuple[str, ...]
    target_name: str


def get_rank_info(
    study: Study,
    params: list[str] | None = None,
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> RankInfo:
    """Compute what :func:`plot_rank` draws.

    Parameters and errors are those of :func:`plot_rank`.
    """
    from scipy.stats import rankdata

    study, params, trials, values = plotted_trials(study, params, target, target_name)
    if not trials:
        empty = np.zeros(0)
        return RankInfo(
            (), (), empty.astype(int), empty, empty, empty.astype(bool), (), (), target_name
        )
    names = resolve_params(trials, params)
    ranks = rankdata(values, method="average") - 1.0
    positions = ranks / (len(values) - 1) if len(values) > 1 else np.full(1, 0.5)
    quantiles = np.quantile(values, _QUANTILES)
    labels = tuple(f"{name} ({q:.3g})" for name, q in zip(_QUANTILE_NAMES, quantiles))
    return RankInfo(
        params=tuple(names),
        axes=tuple(param_axis(trials, name) for name in names),
        trial_numbers=numbers(trials),
        target_values=values,
        color_positions=positions,
        feasible=feasibility(trials),
        tick_positions=_QUANTILES,
        tick_labels=labels,
        target_name=target_name,
    )


def rank_panels(info: RankInfo) -> list[tuple[int, int]]:
    """Return the (row, column) axis indices of the panels: one pair, or every pair."""
    n = len(info.params)
    if n == 2:
        return [(1, 0)]
    return [(row, col) for row in range(n) for col in range(n)]


def plot_rank(
    study: Study,
    params: list[str] | None = None,
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> go.Figure:
    """Plot pairs of parameters with each trial coloured by the rank of its target.

    Ranks make the colours insensitive to outliers of the target: red is worst (the
    largest value), blue the smallest. With two parameters there is one panel, with
    more a grid of every pair. Infeasible trials are grey; a trial lacking one of the
    two parameters is absent from that panel.

    Parameters
    ----------
    study : Study
    params : list of str, optional
        The parameters to plot, in order; all of them (sorted) by default.
    target : callable FrozenTrial -> float, optional
        The value to rank; required for a multi-objective study.
    target_name : str, default="Objective Value"
        The title's name of the ranked value.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        If ``params`` names a parameter that no plotted trial has, or the study is
        multi-objective and ``target`` is None.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_float("y", 0, 1), 9)
    >>> fig = plot_rank(study)
    """
    return draw_rank(get_rank_info(study, params, target=target, target_name=target_name))


def draw_rank(info: RankInfo) -> go.Figure:
    """Draw a :class:`RankInfo` with plotly."""
    go = _plotly.graph_objects()
    title = f"Rank ({info.target_name})"
    n = len(info.params)
    if n == 0:
        return go.Figure(layout={"title": {"text": title}})
    cells = 1 if n == 2 else n
    layout = _plotly.grid_layout(cells, cells, title)
    traces: list[dict[str, Any]] = []
    for k, (row, col) in enumerate(rank_panels(info)):
        x_axis, y_axis = info.axes[col], info.axes[row]
        for which, axis in (("x", x_axis), ("y", y_axis)):
            layout[_plotly.axis_key(which, k)].update(_plotly.axis_settings(axis))
        if n == 2 or row == cells - 1:
            layout[_plotly.axis_key("x", k)]["title"] = {"text": x_axis.name}
        if n == 2 or col == 0:
            layout[_plotly.axis_key("y", k)]["title"] = {"text": y_axis.name}
        traces.extend(_panel_traces(info, x_axis, y_axis, k))
    traces.append(_colorbar_trace(info))
    return go.Figure(data=traces, layout=layout)


def _panel_traces(
    info: RankInfo, x_axis: ParamAxis, y_axis: ParamAxis, k: int
) -> list[dict[str, Any]]:
    both = ~np.isnan(x_axis.values) & ~np.isnan(y_axis.values)
    refs = {"xaxis": f"x{_plotly.axis_name(k)}", "yaxis": f"y{_plotly.axis_name(k)}"}
    traces = []
    for feasible in (True, False):
        keep = both & (info.feasible == feasible)
        if not keep.any():
            continue
        # Numeric colours on a colour scale: plotly.js maps them, far faster than
        # sampling one colour string per point here.
        marker: dict[str, Any] = {"line": {"width": 0.5, "color": "Grey"}}
        if feasible:
            marker.update(color=info.color_positions[keep], colorscale=COLORMAP, cmin=0, cmax=1)
        else:
            marker["color"] = _plotly.INFEASIBLE_COLOR
        traces.append(
            {
                "type": "scatter",
                "x": x_axis.values[keep],
                "y": y_axis.values[keep],
                "customdata": np.column_stack(
                    [info.trial_numbers[keep], info.target_values[keep]]
                ),
                "mode": "markers",
                "marker": marker,
                "hovertemplate": "Trial %{customdata[0]}<br>"
                + info.target_name
                + ": %{customdata[1]}<extra></extra>",
                **refs,
            }
        )
    return traces


def _colorbar_trace(info: RankInfo) -> dict[str, Any]:
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "hoverinfo": "none",
        "marker": {
            "colorscale": COLORMAP,
            "showscale": True,
            "cmin": 0,
            "cmax": 1,
            "colorbar": {
                "thickness": 10,
                "tickvals": list(info.tick_positions),
                "ticktext": list(info.tick_labels),
            },
        },
    }
