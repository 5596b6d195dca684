"""Parallel coordinates: each trial as a line through its objective and parameters."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.multi_objective import fast_non_dominated_sort
from hpobench.study._multi_objective import as_loss_matrix
from hpobench.trial._state import TrialState
from hpobench.visualization import _plotly
from hpobench.visualization._axes import ParamAxis, Scale, param_axis
from hpobench.visualization._common import (
    DEFAULT_TARGET_NAME,
    Target,
    check_params,
    check_study,
    check_target,
    feasibility,
    finite_complete_trials,
    logger,
    minimizes,
    numbers,
    objective_names,
    resolve_params,
)

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from hpobench.study import Study
    from hpobench.trial import FrozenTrial

MISSING_LABEL = "(missing)"


@dataclass(frozen=True, eq=False)
class ParallelDimension:
    """One vertical axis.

    Attributes
    ----------
    label : str
    values : ndarray of float
        One coordinate per trial: the value, its log10 on a log axis, the category
        index on a categorical one; a trial without the parameter sits at the
        ``MISSING_LABEL`` tick below the others.
    range : tuple of float
        The axis' bottom and top, in the coordinates of ``values``.
    tickvals : tuple of float
    ticktext : tuple of str
    scale : {"linear", "log", "categorical"}
    """

    label: str
    values: np.ndarray
    range: tuple[float, float]
    tickvals: tuple[float, ...]
    ticktext: tuple[str, ...]
    scale: Scale = "linear"


@dataclass(frozen=True, eq=False)
class ParallelCoordinateInfo:
    """What :func:`plot_parallel_coordinate` draws.

    The trials are ordered so that the best comes last (drawn on top).

    Attributes
    ----------
    dimensions : tuple of ParallelDimension
        The objective axes (``n_objectives`` of them) first, then one per parameter.
    n_objectives : int
    trial_numbers : ndarray of int
    color_values : ndarray of float
        The line colours: the target, or the Pareto rank of a multi-objective study.
    color_title : str
    reverse_scale : bool
        Whether smaller colour values are better.
    feasible : ndarray of bool or None
        None when no trial has constraints.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=4)
    >>> [d.label for d in get_parallel_coordinate_info(study).dimensions]
    ['Objective Value', 'x']
    """

    dimensions: tuple[ParallelDimension, ...]
    n_objectives: int
    trial_numbers: np.ndarray
    color_values: np.ndarray
    color_title: str
    reverse_scale: bool
    feasible: np.ndarray | None


def get_parallel_coordinate_info(
    study: Study,
    params: list[str] | None = None,
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> ParallelCoordinateInfo:
    """Compute what :func:`plot_parallel_coordinate` draws.

    Parameters and errors are those of :func:`plot_parallel_coordinate`.
    """
    study = check_study(study)
    check_target([study], target, target_name, allow_multi=True)
    params = check_params(params)
    if target is None and len(study.directions) > 1:
        trials, objectives, colors = _multi_objective_trials(study)
        labels, title, reverse = objective_names(study), "Pareto Rank", True
    else:
        trials, values = finite_complete_trials(study, target)
        objectives, colors = values[:, None], values
        labels, title, reverse = [target_name], target_name, minimizes(study, target)
    if not trials:
        logger.warning("Study %r has no completed trials to plot.", study.study_name)
    names = resolve_params(trials, params) if trials else []
    # Best last: it is drawn on top of the others.
    order = np.argsort(-colors if reverse else colors, kind="stable")
    trials = [trials[i] for i in order]
    dims = [_numeric_dimension(label, objectives[order, j]) for j, label in enumerate(labels)]
    dims += [_param_dimension(param_axis(trials, name)) for name in names]
    has_constraints = any(t.constraints is not None for t in trials)
    return ParallelCoordinateInfo(
        dimensions=tuple(dims),
        n_objectives=len(labels),
        trial_numbers=numbers(trials),
        color_values=colors[order],
        color_title=title,
        reverse_scale=reverse,
        feasible=feasibility(trials) if has_constraints else None,
    )


def _multi_objective_trials(study: Study) -> tuple[list[FrozenTrial], np.ndarray, np.ndarray]:
    trials = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    trials = [t for t in trials if all(math.isfinite(v) for v in t.values)]
    m = len(study.directions)
    values = np.array([t.values for t in trials], dtype=float).reshape(len(trials), m)
    if not trials:
        return trials, values, np.zeros(0)
    ranks = fast_non_dominated_sort(as_loss_matrix(trials, study.directions))
    return trials, values, ranks.astype(float)


def _numeric_dimension(
    label: str, values: np.ndarray, scale: Scale = "linear"
) -> ParallelDimension:
    present = values[~np.isnan(values)]
    if present.size == 0:
        return ParallelDimension(label, values, (0.0, 1.0), (), (), scale)
    low, high = float(present.min()), float(present.max())
    if scale == "log":
        ticks = [float(t) for t in range(math.ceil(low), math.floor(high) + 1)]
        ticks = sorted({low, high, *ticks})
        text = [f"{10.0**t:.3g}" for t in ticks]
    else:
        ticks = [low] if low == high else np.linspace(low, high, 5).tolist()
        text = [f"{t:.3g}" for t in ticks]
    if present.size < values.size:
        missing = low - (high - low) * 0.12 if high > low else low - 1.0
        values = np.where(np.isnan(values), missing, values)
        ticks, text, low = [missing, *ticks], [MISSING_LABEL, *text], missing
    return ParallelDimension(label, values, (low, high), tuple(ticks), tuple(text), scale)


def _param_dimension(axis: ParamAxis) -> ParallelDimension:
    if not axis.is_categorical:
        return _numeric_dimension(axis.name, axis.to_linear(axis.values), axis.scale)
    ticks = [float(i) for i in range(len(axis.labels))]
    text = list(axis.labels)
    values = axis.values
    if np.isnan(values).any():
        values = np.where(np.isnan(values), -1.0, values)
        ticks, text = [-1.0, *ticks], [MISSING_LABEL, *text]
    return ParallelDimension(
        axis.name, values, (ticks[0], ticks[-1]), tuple(ticks), tuple(text), "categorical"
    )


def plot_parallel_coordinate(
    study: Study,
    params: list[str] | None = None,
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> go.Figure:
    """Plot each trial as a line across its objective value and parameter values.

    A trial lacking a parameter passes through a ``(missing)`` tick at the bottom of
    that axis. A multi-objective study without ``target`` gets one axis per objective
    and lines coloured by Pareto rank. Infeasible trials are grey.

    Parameters
    ----------
    study : Study
    params : list of str, optional
        The parameters to plot, in order; all of them (sorted) by default.
    target : callable FrozenTrial -> float, optional
        The value to plot instead of the objective value(s).
    target_name : str, default="Objective Value"
        The objective axis' label.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        If ``params`` names a parameter that no plotted trial has.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5)
    >>> fig = plot_parallel_coordinate(study)
    """
    info = get_parallel_coordinate_info(study, params, target=target, target_name=target_name)
    return draw_parallel_coordinate(info)


def draw_parallel_coordinate(info: ParallelCoordinateInfo) -> go.Figure:
    """Draw a :class:`ParallelCoordinateInfo` with plotly."""
    go = _plotly.graph_objects()
    layout = {"title": {"text": "Parallel Coordinate Plot"}}
    if len(info.trial_numbers) == 0:
        return go.Figure(layout=layout)
    dimensions = [
        {
            "label": d.label,
            "values": d.values,
            "range": list(d.range),
            **({"tickvals": list(d.tickvals), "ticktext": list(d.ticktext)} if d.tickvals else {}),
        }
        for d in info.dimensions
    ]
    trace = {"type": "parcoords", "dimensions": dimensions, "line": _line(info)}
    return go.Figure(data=[trace], layout=layout)


def _line(info: ParallelCoordinateInfo) -> dict[str, Any]:
    import plotly.colors

    colors = info.color_values
    low, high = float(colors.min()), float(colors.max())
    if high == low:
        low, high = low - 0.5, high + 0.5
    scale = list(plotly.colors.sequential.Blues)
    if info.reverse_scale:
        scale = scale[::-1]
    colorbar = {"title": {"text": info.color_title}}
    if info.feasible is None or info.feasible.all():
        stops = np.linspace(0.0, 1.0, len(scale))
        return {
            "color": colors,
            "cmin": low,
            "cmax": high,
            "colorscale": [[float(s), c] for s, c in zip(stops, scale)],
            "showscale": True,
            "colorbar": colorbar,
        }
    # Parcoords colours lines only through a colour scale: infeasible lines get a value
    # below the others that the scale maps to grey.
    floor = 0.1
    position = floor + (1.0 - floor) * (colors - low) / (high - low)
    position = np.where(info.feasible, position, 0.0)
    stops = floor + (1.0 - floor) * np.linspace(0.0, 1.0, len(scale))
    colorscale = [[0.0, _plotly.INFEASIBLE_COLOR], [floor * 0.99, _plotly.INFEASIBLE_COLOR]]
    colorscale += [[float(s), c] for s, c in zip(stops, scale)]
    ticks = np.linspace(low, high, 5)
    colorbar["tickvals"] = (floor + (1.0 - floor) * (ticks - low) / (high - low)).tolist()
    colorbar["ticktext"] = [f"{t:.3g}" for t in ticks]
    return {
        "color": position,
        "cmin": 0.0,
        "cmax": 1.0,
        "colorscale": colorscale,
        "showscale": True,
        "colorbar": colorbar,
    }
