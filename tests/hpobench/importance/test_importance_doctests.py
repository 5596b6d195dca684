"""The examples in the docstrings of hpobench.importance run and show what they claim."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import hpobench
import hpobench.importance

MODULES = ["hpobench.importance"] + [
    f"hpobench.importance.{m.name}" for m in pkgutil.iter_modules(hpobench.importance.__path__)
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    verbosity = hpobench.logging.get_verbosity()
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    try:
        result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    finally:
        hpobench.logging.set_verbosity(verbosity)
    assert result.attempted > 0
    assert result.failed == 0
