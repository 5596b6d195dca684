"""Plotly helpers for the renderers: lazy import, subplot grids and axis settings.

plotly is imported on first use so that ``import hpobench`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hpobench.visualization._common import importable, require

if TYPE_CHECKING:
    from hpobench.visualization._axes import ParamAxis

INFEASIBLE_COLOR = "#cccccc"


def is_available() -> bool:
    """Return whether plotly can be imported, so that the ``plot_*`` functions work.

    Returns
    -------
    bool

    Examples
    --------
    >>> import hpobench
    >>> isinstance(hpobench.visualization.is_available(), bool)
    True
    """
    return importable("plotly")


def graph_objects() -> Any:
    """Return ``plotly.graph_objects``, or raise ImportError with an install hint."""
    require("plotly", "hpobench.visualization")
    import plotly.graph_objects as go

    return go


def axis_name(index: int) -> str:
    """Return plotly's name of axis ``index`` (0 → "", 1 → "2", ...) used in trace refs."""
    return "" if index == 0 else str(index + 1)


def grid_layout(n_rows: int, n_cols: int, title: str, *, gap: float = 0.03) -> dict[str, Any]:
    """Return a layout dict with an ``n_rows`` × ``n_cols`` grid of axes.

    Cell (row, col) uses axis index ``row * n_cols + col``; see :func:`axis_name` and
    :func:`axis_key`. Callers add to the dict and build the figure once: plotly's
    ``make_subplots`` and per-axis updates are slow for large grids.
    """
    layout: dict[str, Any] = {"title": {"text": title}, "showlegend": False}
    width = (1.0 - gap * (n_cols - 1)) / n_cols
    height = (1.0 - gap * (n_rows - 1)) / n_rows
    for row in range(n_rows):
        for col in range(n_cols):
            k = row * n_cols + col
            suffix = axis_name(k)
            x0 = col * (width + gap)
            y1 = 1.0 - row * (height + gap)
            layout[f"xaxis{suffix}"] = {
                "domain": [max(x0, 0.0), min(x0 + width, 1.0)],
                "anchor": f"y{suffix}",
                "showticklabels": row == n_rows - 1,
            }
            layout[f"yaxis{suffix}"] = {
                "domain": [max(y1 - height, 0.0), min(y1, 1.0)],
                "anchor": f"x{suffix}",
                "showticklabels": col == 0,
            }
    return layout


def axis_key(which: str, index: int) -> str:
    """Return the layout key of axis ``which`` ("x" or "y") number ``index``."""
    return f"{which}axis{axis_name(index)}"


def axis_settings(axis: ParamAxis) -> dict[str, Any]:
    """Return the plotly axis settings (type, range, ticks) that draw ``axis``."""
    low, high = axis.linear_range
    settings: dict[str, Any] = {"range": [low, high]}
    if axis.is_log:
        settings["type"] = "log"
    elif axis.is_categorical:
        settings["tickvals"] = list(range(len(axis.labels)))
        settings["ticktext"] = list(axis.labels)
    return settings
