"""HTML building blocks: escaped text, sortable tables, embedded figures and the page shell.

Every string that may come from a user (study, problem and method names, errors, notes)
goes through :func:`text`; figures are embedded as JSON with ``<`` written ``\\u003c`` so
that no name can close the ``<script>`` element that carries them.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Sequence

import pandas as pd

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:1100px;padding:0 1.2rem 3rem;color:#222;line-height:1.45}
h1{border-bottom:2px solid #444;padding-bottom:.3rem}
h2{border-bottom:1px solid #bbb;margin-top:2.2rem}
nav.toc{background:#f5f5f5;padding:.6rem 1rem;border-radius:4px}
nav.toc li{margin:.15rem 0}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.88rem;display:block;
overflow-x:auto;max-width:100%}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}
table.sortable th{cursor:pointer;background:#eee}
table.sortable th:after{content:" \\2195";color:#999}
caption{text-align:left;font-weight:600;padding:.2rem 0}
.note{color:#555;font-size:.88rem}
.figure{width:100%;min-height:240px}
.better{color:#1a7f37;font-weight:600}.worse{color:#b42318;font-weight:600}
pre.error{background:#fff4f4;padding:.4rem;white-space:pre-wrap;font-size:.82rem}
.print-only{display:none}
@media print{nav.toc{display:none}body{max-width:none}h2{page-break-before:always}
table{display:table;overflow:visible}.figure{page-break-inside:avoid}
table.sortable th:after{content:""}.screen-only{display:none}.print-only{display:block}}
"""

SORT_JS = """
document.querySelectorAll("table.sortable").forEach(function(table){
  table.querySelectorAll("th").forEach(function(th, col){
    th.addEventListener("click", function(){
      var body = table.tBodies[0], rows = Array.from(body.rows);
      var asc = th.dataset.order !== "asc"; th.dataset.order = asc ? "asc" : "desc";
      rows.sort(function(a, b){
        var x = a.cells[col].dataset.value || a.cells[col].textContent;
        var y = b.cells[col].dataset.value || b.cells[col].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return asc ? c : -c;
      });
      rows.forEach(function(r){ body.appendChild(r); });
    });
  });
});
document.querySelectorAll("script.figure-data").forEach(function(el){
  var fig = JSON.parse(el.textContent);
  var div = document.getElementById(el.dataset.target);
  Plotly.newPlot(div, fig.data, fig.layout, {responsive: true, displaylogo: false});
});
"""


def text(value: object) -> str:
    """Escape ``value`` for HTML text and attributes.

    Examples
    --------
    >>> text("<b>&</b>")
    '&lt;b&gt;&amp;&lt;/b&gt;'
    """
    return html.escape(str(value), quote=True)


def number(value: object, digits: int = 4) -> str:
    """Format a cell: floats with ``digits`` significant digits, NaN as an empty cell.

    Examples
    --------
    >>> number(0.123456), number(float("nan")), number(3)
    ('0.1235', '', '3')
    """
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return "" if math.isnan(value) else f"{float(value):.{digits}g}"
    return str(value)


def table(
    frame: pd.DataFrame,
    *,
    caption: str | None = None,
    table_id: str | None = None,
    classes: dict[str, str] | None = None,
) -> str:
    """Render ``frame`` (columns as headers, index dropped) as a sortable, escaped table.

    ``classes`` maps a cell's displayed text to a CSS class (e.g. ``{"win": "better"}``).
    Numeric cells keep their full value in ``data-value`` so that sorting is exact.
    """
    classes = classes or {}
    head = "".join(f"<th>{text(c)}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        cells = []
        for value in values:
            shown = number(value)
            numeric = isinstance(value, numbers.Real) and not isinstance(value, bool)
            attrs = f' class="num" data-value="{text(value)}"' if numeric else ""
            css = classes.get(shown)
            body = f'<span class="{css}">{text(shown)}</span>' if css else text(shown)
            cells.append(f"<td{attrs}>{body}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    ident = f' id="{text(table_id)}"' if table_id else ""
    cap = f"<caption>{text(caption)}</caption>" if caption else ""
    return (
        f'<table class="sortable"{ident}>{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def figure(fig_json: str, ident: str) -> str:
    """Embed a plotly figure given as ``fig.to_json()`` text in a ``div`` named ``ident``."""
    safe = fig_json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        f'<div class="figure" id="{text(ident)}"></div>'
        f'<script type="application/json" class="figure-data" data-target="{text(ident)}">'
        f"{safe}</script>"
    )


def notes(lines: Sequence[str]) -> str:
    """A list of notes (warnings, exclusions), or nothing."""
    if not lines:
        return ""
    items = "".join(f"<li>{text(line)}</li>" for line in lines)
    return f'<ul class="note">{items}</ul>'


TocEntry = tuple[str, str, Sequence[tuple[str, str]]]


def page(
    title: str, toc: Sequence[TocEntry], body: str, plotly_js: str, *, extra_css: str = ""
) -> str:
    """The whole document: head with CSS, title, table of contents, body, scripts.

    ``toc`` holds ``(anchor, title, sub-entries)``; sub-entries are ``(anchor, title)``.
    An empty ``plotly_js`` gives a static document without any script (for print);
    ``extra_css`` follows :data:`CSS`.
    """
    links = "".join(_toc_item(i, t, sub) for i, t, sub in toc)
    head_js = f'<script type="text/javascript">{plotly_js}</script>' if plotly_js else ""
    tail_js = f"<script>{SORT_JS}</script>" if plotly_js else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{text(title)}</title><style>{CSS}{extra_css}</style>"
        f"{head_js}</head><body>"
        f'<h1>{text(title)}</h1><nav class="toc"><strong>Contents</strong><ol>{links}</ol></nav>'
        f"{body}{tail_js}</body></html>\n"
    )


def _toc_item(ident: str, title: str, children: Sequence[tuple[str, str]]) -> str:
    sub = "".join(f'<li><a href="#{text(i)}">{text(t)}</a></li>' for i, t in children)
    nested = f"<ol>{sub}</ol>" if sub else ""
    return f'<li><a href="#{text(ident)}">{text(title)}</a>{nested}</li>'
