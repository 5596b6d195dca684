"""The report's figures drawn with matplotlib as static SVG, for the PDF report.

Each function here is the twin of the plotly function of the same kind in
:mod:`reports._figures`: it draws the same analysis data, with the same titles, colours
and axes. Figures are built with :class:`matplotlib.figure.Figure` (never pyplot) and
saved with ``svg.fonttype = "none"``, so their text stays text in the PDF.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable
from typing import cast

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis import FriedmanResult, RuntimeECDF
from reports import _html
from reports._figures import FigureSpec
from reports._mpl import axes as _axes
from reports._mpl import legend as _legend
from reports._palette import COLORS as _COLORS
from reports._topic_static import TOPIC_STATIC

_SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "hpobench-report", "font.size": 9}


def curves_axes(
    curves: pd.DataFrame,
    *,
    title: str,
    y_title: str,
    log_y: bool,
    x_title: str = "trials",
    log_x: bool = False,
    series: str = "method",
) -> Axes:
    """Median lines with a lower–upper band per ``series`` value (twin of ``curves_figure``).

    Examples
    --------
    >>> frame = pd.DataFrame({"method": ["a", "a"], "x": [1, 2], "median": [2.0, 1.0],
    ...     "lower": [1.5, 0.5], "upper": [3.0, 1.5]})
    >>> [line.get_label() for line in curves_axes(frame, title="t", y_title="v",
    ...     log_y=False).lines]
    ['a']
    """
    ax = _axes(3.4, title, x_title, y_title)
    for i, (method, group) in enumerate(curves.groupby(series, sort=True)):
        color = _COLORS[i % len(_COLORS)]
        group = group.sort_values("x")
        ax.fill_between(group["x"], group["lower"], group["upper"], color=color, alpha=0.18, lw=0)
        ax.plot(group["x"], group["median"], color=color, label=str(method))
    if log_y:
        ax.set_yscale("log")
    if log_x:
        ax.set_xscale("log")
    _legend(ax)
    return ax


def ecdf_axes(ecdf: RuntimeECDF) -> Axes:
    """The fraction of targets reached against the budget (twin of ``ecdf_figure``)."""
    ax = _axes(
        3.4,
        f"Runtime ECDF over {len(ecdf.targets)} {ecdf.y} targets",
        ecdf.axis,
        "fraction of targets reached",
    )
    for i, (method, group) in enumerate(ecdf.curves.groupby("method", sort=True)):
        group = group.sort_values("x")
        ax.step(
            group["x"],
            group["fraction"],
            where="post",
            color=_COLORS[i % len(_COLORS)],
            label=f"{method} (area {ecdf.area[method]:.3f})",
        )
    ax.set_ylim(0, 1.02)
    _legend(ax)
    return ax


def cd_axes(friedman: FriedmanResult) -> Axes:
    """The critical-difference diagram (twin of ``cd_figure``)."""
    ranks = friedman.average_ranks
    ax = _axes(
        2.2,
        f"Average ranks (1 = best); bars join methods within the critical difference "
        f"at alpha {friedman.alpha:g}",
        "average rank",
    )
    order = sorted(ranks, key=ranks.get)
    ax.plot([ranks[m] for m in order], [0.0] * len(order), "o", color="#333", markersize=6)
    for i, method in enumerate(order):
        above = i % 2 == 0
        ax.annotate(
            f"{method} ({ranks[method]:.2f})",
            (ranks[method], 0.0),
            xytext=(0, 8 if above else -8),
            textcoords="offset points",
            ha="center",
            va="bottom" if above else "top",
            fontsize=8,
        )
    for level, clique in enumerate(c for c in friedman.cliques if len(c) > 1):
        xs = [ranks[m] for m in clique]
        y = -0.4 - 0.15 * level
        ax.plot([min(xs), max(xs)], [y, y], color="#888", lw=5, solid_capstyle="butt")
    cd = friedman.critical_difference
    ax.plot([1.0, 1.0 + cd], [0.6, 0.6], color="#d62728", lw=3)
    ax.annotate(
        f"CD = {cd:.3f}", (1.0 + cd, 0.6), xytext=(4, 0), textcoords="offset points", va="center"
    )
    ax.set_xlim(0.5, friedman.n_methods + 0.5)
    ax.set_ylim(-1.2, 1.0)
    ax.yaxis.set_visible(False)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    return ax


def win_tie_loss_axes(counts: pd.DataFrame, reference: str) -> Axes:
    """Stacked bars of the reference's wins, ties and losses (twin of
    ``win_tie_loss_figure``)."""
    colors = {"win": "#2ca02c", "tie": "#bbbbbb", "loss": "#d62728", "n/a": "#eeeeee"}
    rivals = [str(r) for r in counts.index]
    ax = _axes(
        1.2 + 0.4 * len(rivals),
        f"{reference} against each rival: problems won, tied, lost",
        "problems",
    )
    left = [0.0] * len(rivals)
    for outcome, color in colors.items():
        widths = [float(v) for v in counts[outcome]]
        ax.barh(rivals, widths, left=left, color=color, label=outcome, edgecolor="#999", lw=0.3)
        left = [a + b for a, b in zip(left, widths)]
    _legend(ax)
    return ax


def timing_axes(timing: pd.DataFrame) -> Axes:
    """Sampler against objective seconds per trial, per method (twin of ``timing_figure``)."""
    methods = [str(m) for m in timing["method"]]
    ax = _axes(3.2, "Mean seconds per trial over all problems", "", "seconds per trial")
    width = 0.4
    for offset, (column, name, color) in zip(
        (-width / 2, width / 2),
        (
            ("sampler_s_per_trial", "sampler (ask + tell)", "#1f77b4"),
            ("objective_s_per_trial", "objective", "#ff7f0e"),
        ),
    ):
        positions = [i + offset for i in range(len(methods))]
        ax.bar(positions, timing[column].tolist(), width, label=name, color=color)
    ax.set_xticks(range(len(methods)), methods)
    _legend(ax)
    return ax


# The static drawing of each figure kind; the same keys as reports._figures.PLOTLY.
STATIC: dict[str, Callable[..., Axes]] = {
    "curves": curves_axes,
    "ecdf": ecdf_axes,
    "cd": cd_axes,
    "win_tie_loss": win_tie_loss_axes,
    "timing": timing_axes,
    **TOPIC_STATIC,
}


def static_figure(spec: FigureSpec) -> Figure:
    """Draw ``spec`` with matplotlib (9-point text, as in the PDF's tables)."""
    with matplotlib.rc_context(_SVG_RC):
        ax = STATIC[spec.kind](*spec.args, **spec.kwargs)
    return cast(Figure, ax.figure)


def svg(figure: Figure) -> str:
    """``figure`` as an SVG document whose text stays text (``svg.fonttype = "none"``).

    There is no date or metadata in it and its ids are stable: the same figure gives
    the same SVG.

    Examples
    --------
    >>> ax = Figure(figsize=(2, 1)).add_subplot()
    >>> ax.set_title("best value")
    Text(...)
    >>> text = svg(ax.figure)
    >>> text.startswith("<svg") and ">best value</text>" in text
    True
    """
    buffer = io.StringIO()
    with matplotlib.rc_context(_SVG_RC):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    return re.sub(r"<metadata>.*?</metadata>\s*", "", text, count=1, flags=re.DOTALL)


def static_html(spec: FigureSpec) -> str:
    """``spec`` drawn as an SVG image embedded in a ``div`` named after it (PDF figures).

    A ``data:`` image rather than inline ``<svg>``: WeasyPrint then draws it without
    styling each of its elements as HTML, which is several times faster.
    """
    data = base64.b64encode(svg(static_figure(spec)).encode("utf-8")).decode("ascii")
    ident = _html.text(spec.ident)
    return (
        f'<div class="figure static" id="{ident}">'
        f'<img alt="{ident}" src="data:image/svg+xml;base64,{data}"></div>'
    )
