"""The examples in the docstrings of hpobench.visualization run and show what they say."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import hpobench.visualization

MODULES = ["hpobench.visualization"] + [
    info.name
    for info in pkgutil.walk_packages(
        hpobench.visualization.__path__, prefix="hpobench.visualization."
    )
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
