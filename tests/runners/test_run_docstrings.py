"""The examples in the runners' docstrings run and print what they say."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import runners

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(runners.__path__, "runners.")
    if name not in ("runners.__main__", "runners._worker")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
