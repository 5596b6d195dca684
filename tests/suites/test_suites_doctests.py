"""The docstring examples of the suites core modules run and print what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "suites",
    "suites._problem",
    "suites._registry",
    "suites._box",
    "suites._classic",
    "suites._constrained",
    "suites._catalog",
    "suites._suite",
    "suites._suite_file",
    "suites._toml_locate",
    "suites._cli",
    "suites._evalset",
    "suites._evalset._cases",
    "suites._evalset._functions",
    "suites._evalset._mccourt",
    "suites._evalset._mccourt_data",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
