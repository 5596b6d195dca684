"""Contour plot: the target interpolated over each pair of parameters."""

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
    logger,
    minimizes,
    plotted_trials,
    resolve_params,
)
from hpobench.visualization._grid import interpolate_grid

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from hpobench.study import Study

GRID_SIZE = 100


@dataclass(frozen=True, eq=False)
class ContourPanel:
    """The contour of one pair of parameters.

    Attributes
    ----------
    x, y : str
        The parameters on the horizontal and vertical axes.
    x_grid, y_grid : ndarray of float
        The grid nodes in data units (raw values on a log axis, indices on a
        categorical one).
    z : ndarray of shape (len(y_grid), len(x_grid))
        The interpolated target at the nodes; NaN when no trial has both parameters,
        and along a category that none of them took.
    x_points, y_points : ndarray of float
        The trials that have both parameters, in data units.
    feasible : ndarray of bool
        Whether each of those trials satisfies its constraints.
    """

    x: str
    y: str
    x_grid: np.ndarray
    y_grid: np.ndarray
    z: np.ndarray
    x_points: np.ndarray
    y_points: np.ndarray
    feasible: np.ndarray

    def transposed(self) -> ContourPanel:
        """Return the same panel with the axes swapped."""
        return ContourPanel(
            self.y,
            self.x,
            self.y_grid,
            self.x_grid,
            self.z.T,
            self.y_points,
            self.x_points,
            self.feasible,
        )


@dataclass(frozen=True, eq=False)
class ContourInfo:
    """What :func:`plot_contour` draws.

    Attributes
    ----------
    params : tuple of str
        The plotted parameters; a grid of panels when there are more than two.
    axes : tuple of ParamAxis
        One axis per parameter, in the order of ``params``.
    panels : dict of (str, str) to ContourPanel
        One panel per pair ``(params[i], params[j])`` with ``i < j``; see :meth:`panel`.
    z_range : tuple of float
        The smallest and largest plotted value: the shared colour scale.
    reverse_scale : bool
        Whether smaller values are better (darker colour).
    target_name : str

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> def objective(t):
    ...     return t.suggest_float("x", 0, 1) + len(t.suggest_categorical("y", ["a", "bb"]))
    >>> study.optimize(objective, n_trials=10)
    >>> info = get_contour_info(study)
    >>> info.panel("x", "y").z.shape
    (2, 100)
    """

    params: tuple[str, ...]
    axes: tuple[ParamAxis, ...]
    panels: dict[tuple[str, str], ContourPanel]
    z_range: tuple[float, float]
    reverse_scale: bool
    target_name: str

    def panel(self, x: str, y: str) -> ContourPanel:
        """Return the panel with ``x`` horizontal and ``y`` vertical."""
        if (x, y) in self.panels:
            return self.panels[(x, y)]
        return self.panels[(y, x)].transposed()


def get_contour_info(
    study: Study,
    params: list[str] | None = None,
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> ContourInfo:
    """Compute what :func:`plot_contour` draws.

    Parameters and errors are those of :func:`plot_contour`.
    """
    study, params, trials, values = plotted_trials(study, params, target, target_name)
    reverse = minimizes(study, target)
    if not trials:
        return ContourInfo((), (), {}, (np.nan, np.nan), reverse, target_name)
    names = resolve_params(trials, params)
    if len(names) < 2:
        logger.warning("A contour plot needs two or more parameters; got %s.", names)
    axes = tuple(param_axis(trials, name) for name in names)
    feasible = feasibility(trials)
    best = None if target is not None else ("min" if reverse else "max")
    panels = {
        (ax.name, ay.name): _panel(ax, ay, values, feasible, best)
        for i, ax in enumerate(axes)
        for ay in axes[i + 1 :]
    }
    z_range = (float(values.min()), float(values.max()))
    return ContourInfo(tuple(names), axes, panels, z_range, reverse, target_name)


def _grid_nodes(axis: ParamAxis) -> np.ndarray:
    if axis.is_categorical:
        return np.arange(len(axis.labels), dtype=float)
    low, high = axis.linear_range
    return axis.from_linear(np.linspace(low, high, GRID_SIZE))


def _cell_index(axis: ParamAxis, values: np.ndarray, size: int) -> np.ndarray:
    if axis.is_categorical:
        return values.astype(int)
    low, high = axis.linear_range
    position = (axis.to_linear(values) - low) / (high - low) * (size - 1)
    return np.clip(np.rint(position), 0, size - 1).astype(int)


def _panel(
    ax: ParamAxis, ay: ParamAxis, values: np.ndarray, feasible: np.ndarray, best: str | None
) -> ContourPanel:
    x_grid, y_grid = _grid_nodes(ax), _grid_nodes(ay)
    both = ~np.isnan(ax.values) & ~np.isnan(ay.values)
    xs, ys = ax.values[both], ay.values[both]
    cols, rows = _cell_index(ax, xs, len(x_grid)), _cell_index(ay, ys, len(y_grid))
    z = interpolate_grid(cols, rows, values[both], (len(y_grid), len(x_grid)), best)
    # A category no trial of this pair took has no value to show: filling it from
    # its neighbours would invent one (e.g. a parameter that only exists for one choice).
    if ay.is_categorical:
        z[np.setdiff1d(np.arange(len(y_grid)), rows), :] = np.nan
    if ax.is_categorical:
        z[:, np.setdiff1d(np.arange(len(x_grid)), cols)] = np.nan
    return ContourPanel(ax.name, ay.name, x_grid, y_grid, z, xs, ys, feasible[both])


def plot_contour(
    study: Study,
    params: list[str] | None = None,
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> go.Figure:
    """Plot the target as contours over each pair of parameters.

    The COMPLETE trials with a finite value are binned on a 100-node grid per numeric
    axis (one node per category on a categorical axis); a cell keeps the best value of
    its trials (the mean for a custom ``target``), and the empty cells are filled
    smoothly from the others at the scale of each hole (a push-pull interpolation).
    Trials that lack one of the two parameters are left out of that panel, and a
    category none of the remaining trials took stays empty.

    Parameters
    ----------
    study : Study
    params : list of str, optional
        The parameters to plot, in order; all of them by default. Two give one panel,
        more give a grid of panels.
    target : callable FrozenTrial -> float, optional
        The value to plot; required for a multi-objective study.
    target_name : str, default="Objective Value"
        The colour bar's title.

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
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) * t.suggest_float("y", 0, 1), 20)
    >>> fig = plot_contour(study, params=["x", "y"])
    """
    return draw_contour(get_contour_info(study, params, target=target, target_name=target_name))


def draw_contour(info: ContourInfo) -> go.Figure:
    """Draw a :class:`ContourInfo` with plotly."""
    go = _plotly.graph_objects()
    n = len(info.params)
    if n < 2:
        return go.Figure(layout={"title": {"text": "Contour Plot"}})
    pairs = [(0, 1)] if n == 2 else [(row, col) for row in range(n) for col in range(n)]
    cells = 1 if n == 2 else n
    layout = _plotly.grid_layout(cells, cells, "Contour Plot")
    traces: list[Any] = []
    for k, (row, col) in enumerate(pairs):
        # With two parameters, the single panel has params[0] horizontal.
        x_axis, y_axis = (
            (info.axes[0], info.axes[1]) if n == 2 else (info.axes[col], info.axes[row])
        )
        layout[_plotly.axis_key("x", k)].update(_plotly.axis_settings(x_axis))
        layout[_plotly.axis_key("y", k)].update(_plotly.axis_settings(y_axis))
        if row == cells - 1 or n == 2:
            layout[_plotly.axis_key("x", k)]["title"] = {"text": x_axis.name}
        if col == 0 or n == 2:
            layout[_plotly.axis_key("y", k)]["title"] = {"text": y_axis.name}
        if x_axis.name != y_axis.name:
            panel = info.panel(x_axis.name, y_axis.name)
            traces.extend(_panel_traces(info, panel, k, show_scale=not traces))
    return go.Figure(data=traces, layout=layout)


def _panel_traces(
    info: ContourInfo, panel: ContourPanel, k: int, *, show_scale: bool
) -> list[dict[str, Any]]:
    # Plain dicts: plotly validates them once, in the Figure, instead of twice.
    refs = {"xaxis": f"x{_plotly.axis_name(k)}", "yaxis": f"y{_plotly.axis_name(k)}"}
    traces: list[dict[str, Any]] = [
        {
            "type": "contour",
            "x": panel.x_grid,
            "y": panel.y_grid,
            "z": panel.z,
            "zmin": info.z_range[0],
            "zmax": info.z_range[1],
            "colorscale": "Blues",
            "reversescale": info.reverse_scale,
            "showscale": show_scale,
            "colorbar": {"title": {"text": info.target_name}},
            "hoverinfo": "skip",
            **refs,
        }
    ]
    for feasible in (True, False):
        mask = panel.feasible == feasible
        if not mask.any():
            continue
        color = "black" if feasible else _plotly.INFEASIBLE_COLOR
        traces.append(
            {
                "type": "scatter",
                "x": panel.x_points[mask],
                "y": panel.y_points[mask],
                "mode": "markers",
                "marker": {"color": color, "size": 4, "line": {"width": 1, "color": "white"}},
                "name": "Feasible Trial" if feasible else "Infeasible Trial",
                "showlegend": False,
                **refs,
            }
        )
    return traces
