"""From a suite file to a plan: the one place that reads :class:`suites.Suite`'s fields."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from runners._components import Budget, ComponentSpec
from runners._plan import Plan, make_plan

__all__ = ["load_plan", "plan_from_suite", "suite_sha256"]


def _plain(value: Any) -> Any:
    """Nested sampler/pruner specs become their ``{name, label, ...}`` tables."""
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


def _component(spec: Any) -> ComponentSpec:
    kwargs = {key: _plain(value) for key, value in spec.kwargs.items()}
    return ComponentSpec(spec.name, kwargs, spec.label)


def suite_sha256(suite: Any) -> str:
    """The SHA-256 of the suite file's bytes (of its parsed content when it has no file)."""
    source = getattr(suite, "source", None)
    if source is not None and Path(source).is_file():
        return hashlib.sha256(Path(source).read_bytes()).hexdigest()
    text = json.dumps(suite.to_dict(), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def plan_from_suite(suite: Any, *, benchmark: str | None = None) -> Plan:
    """Turn a :class:`suites.Suite` into the plan of its runs.

    Parameters
    ----------
    suite : suites.Suite
        A loaded suite (:func:`suites.load_suite`).
    benchmark : str or None
        The benchmark name its runs are stored under; default the suite's name.

    Examples
    --------
    >>> import suites
    >>> plan = plan_from_suite(suites.load_suite("quickstart"))
    >>> len(plan) == suites.load_suite("quickstart").n_runs
    True
    """
    budget = Budget(
        trials=suite.budget.trials, steps=suite.budget.steps, seconds=suite.budget.seconds
    )
    pruners = [_component(p) for p in suite.pruners] or [None]
    source = getattr(suite, "source", None)
    return make_plan(
        benchmark or suite.name,
        list(suite.problems),
        [_component(s) for s in suite.samplers],
        pruners,
        repeats=suite.repeats,
        budget=budget,
        seed=suite.seed,
        workers=suite.workers,
        suite_name=suite.name,
        suite_sha256=suite_sha256(suite),
        suite_path="" if source is None else str(source),
    )


def load_plan(name_or_path: str | os.PathLike[str], *, benchmark: str | None = None) -> Plan:
    """Load a suite file (a path, or a built-in name such as ``"quickstart"``) as a plan.

    Raises
    ------
    suites.SuiteFileError
        For an invalid suite file (every error, with its line).
    FileNotFoundError
        For a missing file or unknown built-in name.
    ValueError
        For a sampler or pruner the runner cannot build.
    """
    import suites

    return plan_from_suite(suites.load_suite(name_or_path), benchmark=benchmark)
