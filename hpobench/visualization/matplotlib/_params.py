"""matplotlib renderers of the plots over parameters: slice, parallel coordinates, importances."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from hpobench.visualization._common import DEFAULT_TARGET_NAME, Target
from hpobench.visualization._parallel_coordinate import (
    ParallelCoordinateInfo,
    get_parallel_coordinate_info,
)
from hpobench.visualization._param_importances import (
    ImportanceSeries,
    ParamImportancesInfo,
    get_param_importances_info,
)
from hpobench.visualization._slice import SliceInfo, get_slice_info
from hpobench.visualization.matplotlib._figure import (
    COLORBAR,
    INFEASIBLE_COLOR,
    TRIAL_COLORS_FROM,
    colormap,
    new_axes,
    new_grid,
    set_param_axis,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from hpobench.importance import BaseImportanceEvaluator
    from hpobench.study import Study


def plot_slice(
    study: Study,
    params: list[str] | None = None,
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Axes | np.ndarray:
    """Plot the target against each parameter with matplotlib.

    Arguments and errors are those of :func:`hpobench.visualization.plot_slice`.

    Returns
    -------
    matplotlib.axes.Axes or ndarray of Axes
        One Axes for one parameter, a row of them for more.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_int("n", 0, 3), 9)
    >>> plot_slice(study).shape
    (2,)
    """
    return draw_slice(get_slice_info(study, params, target=target, target_name=target_name))


def draw_slice(info: SliceInfo) -> Axes | np.ndarray:
    """Draw a :class:`~hpobench.visualization.SliceInfo` with matplotlib."""
    if not info.panels:
        return new_axes("Slice Plot", ylabel=info.target_name)
    axes = new_grid(1, len(info.panels), "Slice Plot", share=True)[0]
    cmap = colormap("Blues", low=TRIAL_COLORS_FROM)
    numbers = np.concatenate([p.trial_numbers for p in info.panels])
    norm = (float(numbers.min()), float(numbers.max())) if numbers.size else (0.0, 1.0)
    points = None
    for ax, panel in zip(axes, info.panels):
        ok = panel.feasible
        points = ax.scatter(
            panel.x[ok],
            panel.y[ok],
            c=panel.trial_numbers[ok],
            cmap=cmap,
            vmin=norm[0],
            vmax=norm[1],
            edgecolors="grey",
            linewidths=0.5,
            s=15,
        )
        ax.scatter(panel.x[~ok], panel.y[~ok], color=INFEASIBLE_COLOR, s=15)
        set_param_axis(ax, "x", panel.axis)
        ax.set_xlabel(panel.axis.name)
    axes[0].set_ylabel(info.target_name)
    axes[0].figure.colorbar(points, ax=list(axes), label="Trial", **COLORBAR)
    return axes[0] if len(axes) == 1 else axes


def plot_parallel_coordinate(
    study: Study,
    params: list[str] | None = None,
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Axes:
    """Plot each trial as a line across its objective and parameters with matplotlib.

    Arguments and errors are those of
    :func:`hpobench.visualization.plot_parallel_coordinate`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5)
    >>> ax = plot_parallel_coordinate(study)
    """
    info = get_parallel_coordinate_info(study, params, target=target, target_name=target_name)
    return draw_parallel_coordinate(info)


def draw_parallel_coordinate(info: ParallelCoordinateInfo) -> Axes:
    """Draw a :class:`~hpobench.visualization.ParallelCoordinateInfo` with matplotlib."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.collections import LineCollection
    from matplotlib.colors import Normalize

    ax = new_axes("Parallel Coordinate Plot")
    if len(info.trial_numbers) == 0:
        return ax
    ax.figure.set_size_inches(max(6.4, 1.4 * len(info.dimensions)), 4.8)
    ys = np.column_stack([_normalized(d.values, d.range) for d in info.dimensions])
    xs = np.arange(len(info.dimensions), dtype=float)
    low, high = float(info.color_values.min()), float(info.color_values.max())
    mappable = ScalarMappable(
        Normalize(low, high if high > low else low + 1.0),
        colormap("Blues", reverse=info.reverse_scale),
    )
    colors = mappable.to_rgba(info.color_values)
    if info.feasible is not None:
        colors[~info.feasible] = (0.8, 0.8, 0.8, 1.0)
    segments = np.stack([np.broadcast_to(xs, ys.shape), ys], axis=-1)
    ax.add_collection(LineCollection(segments, colors=colors, linewidths=1.0))
    for x, d in zip(xs, info.dimensions):
        ax.axvline(x, color="black", linewidth=0.8)
        ticks = d.tickvals or np.linspace(d.range[0], d.range[1], 5).tolist()
        text = d.ticktext or [f"{t:.3g}" for t in ticks]
        for tick, label in zip(_normalized(np.array(ticks, dtype=float), d.range), text):
            ax.text(x - 0.03, tick, label, ha="right", va="center", fontsize=7)
    ax.set_xticks(xs, [d.label for d in info.dimensions], rotation=30, ha="right")
    ax.set_xlim(-0.5, len(xs) - 0.5)
    ax.set_ylim(-0.05, 1.05)
    ax.set_yticks([])
    ax.figure.colorbar(mappable, ax=ax, label=info.color_title)
    return ax


def _normalized(values: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    low, high = bounds
    if high == low:
        return np.full(len(values), 0.5)
    return (values - low) / (high - low)


def plot_param_importances(
    study: Study,
    evaluator: BaseImportanceEvaluator | None = None,
    params: list[str] | None = None,
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
    interactions: bool = False,
) -> Axes | np.ndarray:
    """Plot hyperparameter importances as horizontal bars with matplotlib.

    Arguments and errors are those of
    :func:`hpobench.visualization.plot_param_importances`.

    Returns
    -------
    matplotlib.axes.Axes or ndarray of Axes
        One Axes; two (main effects, interactions) with ``interactions=True``.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_float("y", 0, 1), 30)
    >>> evaluator = hpobench.importance.FanovaImportanceEvaluator(n_trees=8, seed=0)
    >>> ax = plot_param_importances(study, evaluator)
    """
    info = get_param_importances_info(
        study, evaluator, params, target=target, target_name=target_name, interactions=interactions
    )
    return draw_param_importances(info)


def draw_param_importances(info: ParamImportancesInfo) -> Axes | np.ndarray:
    """Draw a :class:`~hpobench.visualization.ParamImportancesInfo` with matplotlib."""
    panels = [info.main_effects] + ([info.interactions] if info.interactions else [])
    axes = new_grid(len(panels), 1, "Hyperparameter Importances")[:, 0]
    for ax, group, what in zip(axes, panels, ("Hyperparameter", "Interaction")):
        _bars(ax, group)
        ax.set_xlabel(f"{what} Importance")
        ax.set_ylabel("Hyperparameter" if what == "Hyperparameter" else "Pair")
    return axes[0] if len(axes) == 1 else axes


def _bars(ax: Axes, group: tuple[ImportanceSeries, ...]) -> None:
    if not group:
        return
    # Rows follow the first series' order, largest on top.
    names = list(group[0].names)[::-1]
    height = 0.8 / len(group)
    for i, series in enumerate(group):
        value = dict(zip(series.names, series.values))
        std = dict(zip(series.names, series.std)) if series.std is not None else None
        label = dict(zip(series.names, series.labels))
        rows = np.arange(len(names)) + (i - (len(group) - 1) / 2) * height
        bars = ax.barh(
            rows,
            [value.get(n, 0.0) for n in names],
            height=height,
            xerr=None if std is None else [std.get(n, 0.0) for n in names],
            label=series.target_name,
        )
        ax.bar_label(bars, [label.get(n, "") for n in names], padding=3, fontsize=8)
    ax.set_yticks(np.arange(len(names)), names)
    ax.margins(x=0.15)
    if len(group) > 1:
        ax.legend(loc="lower right")
