"""The best-effort TOML key locator used for the line numbers of suite-file errors."""

from __future__ import annotations

import tomllib

from suites._toml_locate import line_of, locate

TEXT = """\
# a comment
name = "demo"   # trailing comment
"quoted key" = 1
samplers = [
  {name = "tpe", multivariate = true},
  { name = "x", nested = {name = "median"} },
]
text = '''
multi-line [not an array
'''
after = 2

[problems]
ids = [
  "Branin",   # first
  "Nope(dim=2)",
]
a.b = 3

[[pruners]]
name = "median"

[[pruners]]
name = "hyperband"
"""


def test_the_text_is_valid_toml():
    assert tomllib.loads(TEXT)["after"] == 2


def test_top_level_and_quoted_keys():
    found = locate(TEXT)
    assert found[("name",)] == 2
    assert found[("quoted key",)] == 3


def test_inline_tables_in_an_array():
    found = locate(TEXT)
    assert found[("samplers", 0)] == 5
    assert found[("samplers", 0, "multivariate")] == 5
    assert found[("samplers", 1, "name")] == 6
    assert found[("samplers", 1, "nested", "name")] == 6


def test_multi_line_strings_are_skipped():
    found = locate(TEXT)
    assert found[("text",)] == 8
    assert found[("after",)] == 11


def test_tables_arrays_and_dotted_keys():
    found = locate(TEXT)
    assert found[("problems", "ids", 0)] == 15
    assert found[("problems", "ids", 1)] == 16
    assert ("problems", "ids", 2) not in found  # no phantom element after a trailing comma
    assert found[("problems", "a", "b")] == 18
    assert found[("pruners", 0, "name")] == 21
    assert found[("pruners", 1, "name")] == 24


def test_line_of_falls_back_to_the_nearest_parent():
    found = locate(TEXT)
    assert line_of(found, ("pruners", 1, "unknown")) == 23
    assert line_of(found, ("missing", "key")) is None
