"""matplotlib renderers of the parameter-pair plots: contour and rank."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from hpobench.visualization._common import DEFAULT_TARGET_NAME, Target
from hpobench.visualization._contour import ContourInfo, get_contour_info
from hpobench.visualization._rank import COLORMAP, RankInfo, get_rank_info, rank_panels
from hpobench.visualization.matplotlib._figure import (
    COLORBAR,
    INFEASIBLE_COLOR,
    colormap,
    new_axes,
    new_grid,
    set_param_axis,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from hpobench.study import Study

CONTOUR_LEVELS = 15


def plot_contour(
    study: Study,
    params: list[str] | None = None,
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Axes | np.ndarray:
    """Plot the target as contours over pairs of parameters with matplotlib.

    Arguments and errors are those of :func:`hpobench.visualization.plot_contour`.

    Returns
    -------
    matplotlib.axes.Axes or ndarray of Axes
        One Axes for two parameters, an n × n grid for more.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) * t.suggest_float("y", 0, 1), 20)
    >>> ax = plot_contour(study)
    """
    return draw_contour(get_contour_info(study, params, target=target, target_name=target_name))


def draw_contour(info: ContourInfo) -> Axes | np.ndarray:
    """Draw a :class:`~hpobench.visualization.ContourInfo` with matplotlib."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    n = len(info.params)
    if n < 2:
        return new_axes("Contour Plot")
    # Every panel of a column shows the same parameter horizontally, every panel of a
    # row the same one vertically: shared axes, tick labels on the outer panels only.
    axes = new_grid(1, 1, "Contour Plot") if n == 2 else new_grid(n, n, "Contour Plot", share=True)
    low, high = info.z_range
    norm = Normalize(low, high if high > low else low + 1.0)
    cmap = colormap("Blues", reverse=info.reverse_scale)
    levels = np.linspace(norm.vmin, norm.vmax, CONTOUR_LEVELS)
    cells = [(0, 1, 0, 0)] if n == 2 else [(c, r, r, c) for r in range(n) for c in range(n)]
    for x_i, y_i, row, col in cells:
        ax = axes[row, col]
        x_axis, y_axis = info.axes[x_i], info.axes[y_i]
        if x_i != y_i:
            panel = info.panel(x_axis.name, y_axis.name)
            if not np.isnan(panel.z).all():
                ax.contourf(
                    panel.x_grid,
                    panel.y_grid,
                    panel.z,
                    levels=levels,
                    cmap=cmap,
                    # Bounds, not the shared Normalize: a norm shared by 90 contour
                    # sets makes each of them notify all the others.
                    vmin=levels[0],
                    vmax=levels[-1],
                )
            ok = panel.feasible
            ax.scatter(
                panel.x_points[ok],
                panel.y_points[ok],
                s=12,
                color="black",
                edgecolors="white",
                linewidths=0.4,
            )
            ax.scatter(panel.x_points[~ok], panel.y_points[~ok], s=12, color=INFEASIBLE_COLOR)
        set_param_axis(ax, "x", x_axis)
        set_param_axis(ax, "y", y_axis)
        if n == 2 or row == n - 1:
            ax.set_xlabel(x_axis.name)
        if n == 2 or col == 0:
            ax.set_ylabel(y_axis.name)
    figure = axes[0, 0].figure
    figure.colorbar(
        ScalarMappable(norm, cmap), ax=axes.ravel().tolist(), label=info.target_name, **COLORBAR
    )
    return axes[0, 0] if n == 2 else axes


def plot_rank(
    study: Study,
    params: list[str] | None = None,
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Axes | np.ndarray:
    """Plot pairs of parameters coloured by the rank of the target with matplotlib.

    Arguments and errors are those of :func:`hpobench.visualization.plot_rank`.

    Returns
    -------
    matplotlib.axes.Axes or ndarray of Axes
        One Axes for two parameters, an n × n grid otherwise.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_float("y", 0, 1), 9)
    >>> ax = plot_rank(study)
    """
    return draw_rank(get_rank_info(study, params, target=target, target_name=target_name))


def draw_rank(info: RankInfo) -> Axes | np.ndarray:
    """Draw a :class:`~hpobench.visualization.RankInfo` with matplotlib."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    title = f"Rank ({info.target_name})"
    n = len(info.params)
    if n == 0:
        return new_axes(title)
    cells = 1 if n == 2 else n
    axes = new_grid(cells, cells, title, share=True)
    cmap = colormap(COLORMAP)
    for k, (y_i, x_i) in enumerate(rank_panels(info)):
        ax = axes.flat[k]
        x_axis, y_axis = info.axes[x_i], info.axes[y_i]
        both = ~np.isnan(x_axis.values) & ~np.isnan(y_axis.values)
        ok, bad = both & info.feasible, both & ~info.feasible
        ax.scatter(
            x_axis.values[ok],
            y_axis.values[ok],
            c=info.color_positions[ok],
            cmap=cmap,
            vmin=0.0,
            vmax=1.0,
            s=12,
            edgecolors="grey",
            linewidths=0.4,
        )
        ax.scatter(x_axis.values[bad], y_axis.values[bad], color=INFEASIBLE_COLOR, s=12)
        set_param_axis(ax, "x", x_axis)
        set_param_axis(ax, "y", y_axis)
        if n == 2 or k // cells == cells - 1:
            ax.set_xlabel(x_axis.name)
        if n == 2 or k % cells == 0:
            ax.set_ylabel(y_axis.name)
    bar = axes[0, 0].figure.colorbar(
        ScalarMappable(Normalize(0.0, 1.0), cmap), ax=axes.ravel().tolist(), **COLORBAR
    )
    bar.set_ticks(list(info.tick_positions), labels=list(info.tick_labels))
    return axes[0, 0] if cells == 1 else axes
