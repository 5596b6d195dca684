"""``sk.<submodule>``: scikit-learn submodules imported on first use.

scikit-learn's estimators take about a second to import; deferring them keeps
``import suites`` fast for users who never build an ML task.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class _LazySklearn:
    """Attribute access ``sk.ensemble`` imports and returns ``sklearn.ensemble``."""

    def __getattr__(self, name: str) -> ModuleType:
        if name.startswith("_"):  # introspection (copy, inspect, doctest) probes dunders
            raise AttributeError(name)
        return importlib.import_module(f"sklearn.{name}")


sk = _LazySklearn()
