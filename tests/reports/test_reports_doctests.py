"""The examples in the docstrings of ``reports`` run and show what they claim."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import reports

MODULES = sorted(m.name for m in pkgutil.iter_modules(reports.__path__, "reports."))


@pytest.mark.parametrize("name", ["reports", *MODULES])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
