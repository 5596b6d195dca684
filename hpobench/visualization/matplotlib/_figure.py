"""Figure helpers for the matplotlib renderers: lazy import, axes, parameter axes.

Figures are built with :class:`matplotlib.figure.Figure`, never through pyplot: no
global figure list to leak or close, safe under the Agg backend and in threads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.visualization._common import importable, require

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from hpobench.visualization._axes import ParamAxis

INFEASIBLE_COLOR = "#cccccc"
# A slim colour bar beside a grid of panels.
COLORBAR = {"fraction": 0.04, "pad": 0.02}
# Where maps that colour trial numbers start (see :func:`colormap`).
TRIAL_COLORS_FROM = 0.25
PANEL_INCHES = 2.6


def is_available() -> bool:
    """Return whether matplotlib can be imported, so that the ``plot_*`` functions work.

    Returns
    -------
    bool

    Examples
    --------
    >>> import hpobench
    >>> isinstance(hpobench.visualization.matplotlib.is_available(), bool)
    True
    """
    return importable("matplotlib")


def new_figure(figsize: tuple[float, float] = (6.4, 4.8), *, constrained: bool = True) -> Figure:
    """Return a new figure that pyplot does not track (constrained layout by default)."""
    require("matplotlib", "hpobench.visualization.matplotlib")
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained" if constrained else None)


def new_axes(title: str, xlabel: str = "", ylabel: str = "", **kwargs: Any) -> Axes:
    """Return the single Axes of a new figure, titled and labelled."""
    ax = new_figure().add_subplot(**kwargs)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def new_grid(n_rows: int, n_cols: int, title: str, *, share: bool = False) -> np.ndarray:
    """Return an ``n_rows`` × ``n_cols`` array of Axes in a new figure.

    With ``share``, the panels of a column share their x axis and those of a row their
    y axis, only the outer panels show tick labels, and the spacing is fixed: the
    constrained layout of a dozen panels or more costs seconds when the figure is saved.
    """
    size = (max(6.4, PANEL_INCHES * n_cols), max(4.8, PANEL_INCHES * n_rows))
    figure = new_figure(size, constrained=not share)
    sharex, sharey = ("col", "row") if share else (False, False)
    axes = figure.subplots(n_rows, n_cols, squeeze=False, sharex=sharex, sharey=sharey)
    figure.suptitle(title)
    if share:
        # Margins in inches, so that labels fit whatever the grid's size.
        width, height = size
        figure.subplots_adjust(
            left=0.9 / width,
            right=1.0 - 0.3 / width,
            bottom=0.7 / height,
            top=1.0 - 0.5 / height,
            wspace=0.08,
            hspace=0.08,
        )
        for ax in axes.flat:
            ax.label_outer()
    return axes


def colormap(name: str, reverse: bool = False, low: float = 0.0) -> Any:
    """Return the matplotlib colormap ``name``, reversed when asked.

    ``low`` > 0 drops the start of the map: the lightest part of "Blues" or "Reds" is
    nearly white and hides the points coloured with it.
    """
    import matplotlib
    from matplotlib.colors import ListedColormap

    cmap = matplotlib.colormaps[name]
    if low > 0.0:
        cmap = ListedColormap(cmap(np.linspace(low, 1.0, 256)), name=f"{name}_from_{low}")
    return cmap.reversed() if reverse else cmap


def set_param_axis(ax: Axes, which: str, axis: ParamAxis) -> None:
    """Give axis ``which`` ("x" or "y") of ``ax`` the scale, range and ticks of ``axis``."""
    set_scale = ax.set_xscale if which == "x" else ax.set_yscale
    set_limits = ax.set_xlim if which == "x" else ax.set_ylim
    if axis.is_log:
        set_scale("log")
    set_limits(*axis.range)
    if axis.is_categorical:
        set_ticks = ax.set_xticks if which == "x" else ax.set_yticks
        set_ticks(range(len(axis.labels)), list(axis.labels))
