"""The output formats: the table, CSV, JSON helpers and the hand-written YAML writer."""

from __future__ import annotations

import csv
import datetime
import io

import numpy as np
import pytest

from hpobench.cli import _yaml
from hpobench.cli._output import MAX_CELL_WIDTH, flatten, jsonable, to_csv, to_table

TRICKY = {
    "a": [1, [2, [3, {}]], {"b": None, "c": []}],
    "yes": "no",
    "1": "x: y",
    "floats": [1e-05, -1.5e300, 0.1, float("inf"), float("-inf"), 5e-324],
    "text": 'ünï "q" \\ \n\t\x85\u2028 # end',
    "spaces": [" lead", "trail ", ""],
    "looks_special": ["~", "null", "True", "2024-01-01", "0x10", ".5", "- a", "@x", "*y"],
    "plain": "a b-c_d.e/f",
    "nested": [{"k": {"l": [1]}}, [[]]],
}


def test_yaml_scalars():
    assert [_yaml.scalar(v) for v in (None, False, 7, 1e-05, float("nan"), "ok", "on")] == [
        "null",
        "false",
        "7",
        "1.0e-05",
        ".nan",
        "ok",
        '"on"',
    ]


def test_yaml_block_layout():
    data = [{"number": 0, "params": {"x": 0.5}, "values": [1.0, 2.0], "attrs": {}}]
    assert _yaml.dump(data) == (
        "- number: 0\n  params:\n    x: 0.5\n  values:\n    - 1.0\n    - 2.0\n  attrs: {}\n"
    )
    assert _yaml.dump([]) == "[]\n" and _yaml.dump([[1, 2]]) == "- - 1\n  - 2\n"


def test_yaml_loads_back_with_pyyaml():
    yaml = pytest.importorskip("yaml")
    assert yaml.safe_load(_yaml.dump(TRICKY)) == TRICKY


def test_table_aligns_numbers_right_and_truncates_long_cells():
    rows = [
        {"name": "a" * 60, "value": 1.5, "params": {"x": "y" * 100}},
        {"name": "b", "value": 10.0, "params": {}},
    ]
    lines = to_table(rows).splitlines()
    assert lines[2].startswith("a" * 60)  # the first column is never cut
    assert lines[2].endswith("…") and len(lines[2].split("  ")[-1]) == MAX_CELL_WIDTH
    value_end = lines[0].index("value") + len("value")
    assert lines[2][value_end - 3 : value_end] == "1.5"
    assert lines[3][value_end - 4 : value_end] == "10.0"


def test_table_of_no_rows_is_empty():
    assert to_table([]) == ""


def test_csv_writes_nested_values_as_json():
    rows = [{"n": 0, "v": 0.1, "p": {"x": [1, "a,b"]}, "none": None, "ok": True}]
    parsed = list(csv.reader(io.StringIO(to_csv(rows))))
    assert parsed == [["n", "v", "p", "none", "ok"], ["0", "0.1", '{"x": [1, "a,b"]}', "", "true"]]


def test_jsonable_and_flatten():
    when = datetime.datetime(2024, 5, 6, 7, 8, 9, 123456)
    value = {"t": when, "n": np.float64(0.5), "i": np.int64(3), "tuple": (1, 2)}
    assert jsonable(value) == {
        "t": "2024-05-06T07:08:09.123456",
        "n": 0.5,
        "i": 3,
        "tuple": [1, 2],
    }
    assert flatten({"a": 1, "p": {"x": 2, "q": {"r": 3}}}) == {"a": 1, "p.x": 2, "p.q.r": 3}
