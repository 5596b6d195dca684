"""Print records (dicts) as an aligned table, JSON, YAML or CSV."""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import math
import sys
from collections.abc import Sequence
from typing import Any

from hpobench.cli import _yaml

FORMATS = ("table", "json", "yaml", "csv")
MAX_CELL_WIDTH = 48
Record = dict[str, Any]


def add_format_options(parser: argparse.ArgumentParser, *, default: str = "table") -> None:
    """Add ``-f/--format`` and ``--flatten`` to a command that prints records."""
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        default=default,
        help=f"output format (default {default}); json and yaml keep exact values",
    )
    parser.add_argument(
        "--flatten",
        action="store_true",
        help="spread nested fields into columns: params.x instead of params",
    )


def emit(data: Record | Sequence[Record], args: argparse.Namespace) -> None:
    """Print one record or a list of them in the format of ``args``."""
    fmt = args.format
    if getattr(args, "flatten", False):
        data = flatten(data) if isinstance(data, dict) else [flatten(r) for r in data]
    if fmt == "json":
        text = json.dumps(jsonable(data), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "yaml":
        text = _yaml.dump(jsonable(data))
    else:
        rows = [data] if isinstance(data, dict) else list(data)
        text = to_csv(rows) if fmt == "csv" else to_table(rows)
    sys.stdout.write(text)


def emit_names(names: Sequence[str], args: argparse.Namespace) -> None:
    """Print a list of names: one per line as a table, else as a list (CSV: one column)."""
    if args.format in ("json", "yaml"):
        text = json.dumps(list(names), indent=2) + "\n"
        sys.stdout.write(text if args.format == "json" else _yaml.dump(list(names)))
    elif args.format == "csv":
        sys.stdout.write(to_csv([{"name": n} for n in names]))
    else:
        sys.stdout.write("".join(f"{n}\n" for n in names))


def jsonable(value: Any) -> Any:
    """Return ``value`` with datetimes as ISO text, tuples as lists and NumPy scalars as Python.

    Examples
    --------
    >>> jsonable({"t": datetime.datetime(2024, 1, 2, 3, 4, 5), "v": (1, 2)})
    {'t': '2024-01-02T03:04:05', 'v': [1, 2]}
    """
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "item"):  # NumPy scalars
        return value.item()
    return str(value)


def flatten(record: Record, prefix: str = "") -> Record:
    """Spread nested dicts into dotted keys.

    Examples
    --------
    >>> flatten({"number": 0, "params": {"x": 1.5, "y": "a"}})
    {'number': 0, 'params.x': 1.5, 'params.y': 'a'}
    """
    flat: Record = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, prefix=f"{name}."))
        else:
            flat[name] = value
    return flat


def columns_of(rows: Sequence[Record]) -> list[str]:
    """Return every key of ``rows``, in the order they first appear."""
    return list(dict.fromkeys(key for row in rows for key in row))


def to_csv(rows: Sequence[Record]) -> str:
    """Return ``rows`` as CSV with a header; nested values are written as JSON."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = columns_of(rows)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def _csv_cell(value: Any) -> str:
    value = jsonable(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def to_table(rows: Sequence[Record]) -> str:
    """Return ``rows`` as aligned columns under a header.

    Cells longer than ``MAX_CELL_WIDTH`` end in ``…``, except in the first column (the
    name or number that identifies the row).
    """
    columns = columns_of(rows)
    if not columns:
        return ""
    cells = [
        [_one_line(_table_cell(row.get(c)), limit=i > 0) for i, c in enumerate(columns)]
        for row in rows
    ]
    widths = [max([len(c)] + [len(line[i]) for line in cells]) for i, c in enumerate(columns)]
    numeric = [_all_numbers(row.get(c) for row in rows) for c in columns]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if right else v.ljust(w) for v, w, right in zip(values, widths, numeric)
        ]
        return "  ".join(parts).rstrip()

    header = [c.rjust(w) if n else c for c, w, n in zip(columns, widths, numeric)]
    lines = [line(header), line(["-" * w for w in widths])]
    lines.extend(line(values) for values in cells)
    return "\n".join(lines) + "\n"


def _all_numbers(values: Any) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(_is_number(v) for v in present)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _one_line(text: str, *, limit: bool) -> str:
    text = " ".join(text.split())
    if not limit or len(text) <= MAX_CELL_WIDTH:
        return text
    return text[: MAX_CELL_WIDTH - 1] + "…"


def _table_cell(value: Any) -> str:
    """Return ``value`` for a human: short floats, dates to the second, compact dicts."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return _short_float(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_table_cell(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_table_cell(v) for v in value) + "]"
    return str(value)


def _short_float(value: float) -> str:
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return f"{value:.1f}"
    return f"{value:.6g}"
