"""Slice plot: the target against each parameter on its own."""

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


@dataclass(frozen=True, eq=False)
class SlicePanel:
    """The trials that have one parameter, as (parameter, target) points.

    Attributes
    ----------
    axis : ParamAxis
        The parameter's axis (its ``values`` cover all plotted trials).
    x, y : ndarray of float
        The parameter (data units: category index on a categorical axis) and target.
    trial_numbers : ndarray of int
    feasible : ndarray of bool
    """

    axis: ParamAxis
    x: np.ndarray
    y: np.ndarray
    trial_numbers: np.ndarray
    feasible: np.ndarray


@dataclass(frozen=True)
class SliceInfo:
    """What :func:`plot_slice` draws: one panel per parameter.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=4)
    >>> len(get_slice_info(study).panels[0].x)
    4
    """

    panels: tuple[SlicePanel, ...]
    target_name: str


def get_slice_info(
    study: Study,
    params: list[str] | None = None,
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> SliceInfo:
    """Compute what :func:`plot_slice` draws.

    Parameters and errors are those of :func:`plot_slice`.
    """
    study, params, trials, values = plotted_trials(study, params, target, target_name)
    if not trials:
        return SliceInfo((), target_name)
    names = resolve_params(trials, params)
    feasible, trial_numbers = feasibility(trials), numbers(trials)
    panels = []
    for name in names:
        axis = param_axis(trials, name)
        has = ~np.isnan(axis.values)
        panels.append(
            SlicePanel(axis, axis.values[has], values[has], trial_numbers[has], feasible[has])
        )
    return SliceInfo(tuple(panels), target_name)


def plot_slice(
    study: Study,
    params: list[str] | None = None,
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> go.Figure:
    """Plot the target against each parameter, one panel per parameter.

    Points are coloured by trial number; infeasible trials are grey. A trial that
    lacks a parameter (conditional search space) is absent from that panel.

    Parameters
    ----------
    study : Study
    params : list of str, optional
        The parameters to plot, in order; all of them (sorted) by default.
    target : callable FrozenTrial -> float, optional
        The value to plot; required for a multi-objective study.
    target_name : str, default="Objective Value"
        The vertical axis label.

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
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5)
    >>> fig = plot_slice(study)
    """
    return draw_slice(get_slice_info(study, params, target=target, target_name=target_name))


def draw_slice(info: SliceInfo) -> go.Figure:
    """Draw a :class:`SliceInfo` with plotly."""
    go = _plotly.graph_objects()
    n = len(info.panels)
    layout = _plotly.grid_layout(1, max(n, 1), "Slice Plot", gap=0.02)
    traces: list[dict[str, Any]] = []
    for k, panel in enumerate(info.panels):
        layout[_plotly.axis_key("x", k)].update(_plotly.axis_settings(panel.axis))
        layout[_plotly.axis_key("x", k)]["title"] = {"text": panel.axis.name}
        if k > 0:
            layout[_plotly.axis_key("y", k)]["matches"] = "y"
        traces.extend(_panel_traces(panel, k, show_scale=k == 0))
    layout["yaxis"]["title"] = {"text": info.target_name}
    if n > 3:
        # A minimum width per panel; plotly's autosize squeezes many panels.
        layout["width"] = 300 * n
    return go.Figure(data=traces, layout=layout)


def _panel_traces(panel: SlicePanel, k: int, *, show_scale: bool) -> list[dict[str, Any]]:
    refs = {"xaxis": f"x{_plotly.axis_name(k)}", "yaxis": f"y{_plotly.axis_name(k)}"}
    ok = panel.feasible
    marker = {
        "color": panel.trial_numbers[ok],
        "colorscale": "Blues",
        "showscale": show_scale,
        "colorbar": {"title": {"text": "Trial"}},
        "line": {"width": 0.5, "color": "Grey"},
    }
    traces = [
        {
            "type": "scatter",
            "x": panel.x[ok],
            "y": panel.y[ok],
            "customdata": panel.trial_numbers[ok],
            "mode": "markers",
            "marker": marker,
            "name": "Feasible Trial",
            "hovertemplate": "Trial %{customdata}<br>%{x}: %{y}<extra></extra>",
            **refs,
        }
    ]
    if not ok.all():
        traces.append(
            {
                "type": "scatter",
                "x": panel.x[~ok],
                "y": panel.y[~ok],
                "mode": "markers",
                "marker": {"color": _plotly.INFEASIBLE_COLOR},
                "name": "Infeasible Trial",
                **refs,
            }
        )
    return traces
