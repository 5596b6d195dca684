"""The colours shared by the plotly and the matplotlib drawings of the report's figures."""

from __future__ import annotations

COLORS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)


def color(index: int) -> str:
    """The ``index``-th series' colour (the palette repeats).

    Examples
    --------
    >>> color(0), color(10)
    ('#1f77b4', '#1f77b4')
    """
    return COLORS[index % len(COLORS)]


def rgba(hex_color: str, alpha: float) -> str:
    """``"#rrggbb"`` with an opacity, as CSS ``rgba(...)`` text.

    Examples
    --------
    >>> rgba("#ff0000", 0.5)
    'rgba(255,0,0,0.5)'
    """
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
