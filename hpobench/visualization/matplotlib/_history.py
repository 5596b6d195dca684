"""matplotlib renderers of the plots along trials: history, curves, hypervolume, EDF, timeline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from hpobench.visualization._common import DEFAULT_TARGET_NAME, Target
from hpobench.visualization._edf import EdfInfo, get_edf_info
from hpobench.visualization._hypervolume_history import (
    HypervolumeHistoryInfo,
    get_hypervolume_history_info,
)
from hpobench.visualization._intermediate_values import (
    IntermediateValuesInfo,
    curve_groups,
    get_intermediate_values_info,
    group_color,
)
from hpobench.visualization._optimization_history import (
    OptimizationHistoryInfo,
    get_optimization_history_info,
)
from hpobench.visualization._timeline import STATE_COLORS, TimelineInfo, get_timeline_info
from hpobench.visualization.matplotlib._figure import INFEASIBLE_COLOR, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from hpobench.study import Study


def plot_optimization_history(
    study: Study | Sequence[Study],
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
    error_bar: bool = False,
) -> Axes:
    """Plot each trial's value and the best value so far with matplotlib.

    Arguments and errors are those of
    :func:`hpobench.visualization.plot_optimization_history`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5)
    >>> ax = plot_optimization_history(study)
    """
    info = get_optimization_history_info(
        study, target=target, target_name=target_name, error_bar=error_bar
    )
    return draw_optimization_history(info)


def draw_optimization_history(info: OptimizationHistoryInfo) -> Axes:
    """Draw an :class:`~hpobench.visualization.OptimizationHistoryInfo` with matplotlib."""
    ax = new_axes("Optimization History Plot", "Trial", info.target_name)
    for s in info.series:
        x, y = s.trial_numbers[s.feasible], s.values[s.feasible]
        if s.std is None:
            points = ax.scatter(x, y, s=12, label=s.label)
        else:
            points = ax.errorbar(x, y, yerr=s.std[s.feasible], fmt="o", ms=3, label=s.label)
        infeasible = ~s.feasible & ~np.isnan(s.values)
        if infeasible.any():
            ax.scatter(
                s.trial_numbers[infeasible], s.values[infeasible], s=12, color=INFEASIBLE_COLOR
            )
        if s.best_values is not None:
            color = points.get_facecolor()[0] if s.std is None else points.lines[0].get_color()
            ax.plot(s.trial_numbers, s.best_values, color=color, alpha=0.8, label=s.best_label)
            if s.best_std is not None:
                low, high = s.best_values - s.best_std, s.best_values + s.best_std
                ax.fill_between(s.trial_numbers, low, high, color="red", alpha=0.2)
    if info.series:
        ax.legend(loc="best")
    return ax


def plot_intermediate_values(study: Study) -> Axes:
    """Plot every trial's intermediate values with matplotlib.

    Arguments and errors are those of
    :func:`hpobench.visualization.plot_intermediate_values`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import hpobench
    >>> ax = plot_intermediate_values(hpobench.create_study())
    """
    return draw_intermediate_values(get_intermediate_values_info(study))


def draw_intermediate_values(info: IntermediateValuesInfo) -> Axes:
    """Draw an :class:`~hpobench.visualization.IntermediateValuesInfo` with matplotlib."""
    from matplotlib.collections import LineCollection

    ax = new_axes("Intermediate Values Plot", "Step", "Intermediate Value")
    for name, curves in curve_groups(info).items():
        segments = [np.column_stack([c.steps, c.values]) for c in curves]
        ax.add_collection(LineCollection(segments, colors=group_color(name), label=name))
    if info.curves:
        ax.autoscale_view()
        ax.legend(loc="best")
    return ax


def plot_hypervolume_history(study: Study, reference_point: Sequence[float]) -> Axes:
    """Plot the hypervolume after each completed trial with matplotlib.

    Arguments and errors are those of
    :func:`hpobench.visualization.plot_hypervolume_history`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(directions=["minimize", "minimize"])
    >>> ax = plot_hypervolume_history(study, [1.0, 1.0])
    """
    return draw_hypervolume_history(get_hypervolume_history_info(study, reference_point))


def draw_hypervolume_history(info: HypervolumeHistoryInfo) -> Axes:
    """Draw a :class:`~hpobench.visualization.HypervolumeHistoryInfo` with matplotlib."""
    ax = new_axes("Hypervolume History Plot", "Trial", "Hypervolume")
    ax.plot(info.trial_numbers, info.values, marker="o", ms=3)
    return ax


def plot_edf(
    study: Study | Sequence[Study],
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Axes:
    """Plot the empirical distribution function of the target with matplotlib.

    Arguments and errors are those of :func:`hpobench.visualization.plot_edf`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5)
    >>> ax = plot_edf(study)
    """
    return draw_edf(get_edf_info(study, target=target, target_name=target_name))


def draw_edf(info: EdfInfo) -> Axes:
    """Draw an :class:`~hpobench.visualization.EdfInfo` with matplotlib."""
    ax = new_axes(
        "Empirical Distribution Function Plot", info.target_name, "Cumulative Probability"
    )
    for line in info.lines:
        ax.plot(info.x, line.y, drawstyle="steps-post", label=line.study_name)
    ax.set_ylim(0, 1)
    if info.lines:
        ax.legend(loc="best")
    return ax


def plot_timeline(study: Study, n_recent_trials: int | None = None) -> Axes:
    """Plot when each trial ran, as bars coloured by state, with matplotlib.

    Arguments and errors are those of :func:`hpobench.visualization.plot_timeline`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study()
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    >>> ax = plot_timeline(study)
    """
    return draw_timeline(get_timeline_info(study, n_recent_trials))


def draw_timeline(info: TimelineInfo) -> Axes:
    """Draw a :class:`~hpobench.visualization.TimelineInfo` with matplotlib."""
    import matplotlib.dates
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    ax = new_axes("Timeline Plot", "Datetime", "Trial")
    if len(info.trial_numbers) == 0:
        return ax
    handles = []
    for group, color in STATE_COLORS.items():
        keep = info.groups == group
        if not keep.any():
            continue
        # One collection of rectangles: an artist per bar (barh) is slow for
        # thousands of trials.
        left = matplotlib.dates.date2num(info.starts[keep])
        right = matplotlib.dates.date2num(info.ends[keep])
        y = info.trial_numbers[keep].astype(float)
        corners = np.stack(
            [
                np.column_stack([left, y - 0.4]),
                np.column_stack([right, y - 0.4]),
                np.column_stack([right, y + 0.4]),
                np.column_stack([left, y + 0.4]),
            ],
            axis=1,
        )
        ax.add_collection(PolyCollection(corners, facecolors=color, edgecolors=color))
        handles.append(Patch(color=color, label=group))
    ax.autoscale_view()
    ax.xaxis_date()
    ax.legend(handles=handles, loc="best")
    return ax
