"""matplotlib helpers of the static (PDF) figures: page-wide axes with a wrapped title, and a
legend outside the plot."""

from __future__ import annotations

import textwrap

from matplotlib.axes import Axes
from matplotlib.figure import Figure

# Inches: the width of an A4 page's text block, so that fonts print at their size.
WIDTH = 7.0
# Characters per title line at the default title size on WIDTH inches.
TITLE_CHARS = 90
# A legend with a longer label goes below the plot, which would be squeezed beside it.
SIDE_LEGEND_CHARS = 28


def axes(height: float, title: str, xlabel: str = "", ylabel: str = "") -> Axes:
    """New axes on their own page-wide figure (never pyplot), titled and labelled.

    Examples
    --------
    >>> axes(2.0, "t", "x", "y").get_xlabel()
    'x'
    """
    ax = Figure(figsize=(WIDTH, height), layout="constrained").add_subplot()
    ax.set_title(textwrap.fill(title, TITLE_CHARS), fontsize=10)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def legend(ax: Axes) -> None:
    """A frameless legend right of the axes (below them for long labels), when anything is
    labelled."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    if max(len(label) for label in labels) <= SIDE_LEGEND_CHARS:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    else:
        ax.figure.legend(handles, labels, loc="outside lower center", frameon=False)
