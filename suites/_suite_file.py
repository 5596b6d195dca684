"""Read and validate suite files (TOML); the schema is documented in ``files/README.md``.

Validation collects *every* error — with its line, the key and what was expected —
and raises one :class:`~suites.SuiteFileError` holding them all.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from suites._catalog import (
    ENGINE_SAMPLERS,
    PRUNERS,
    check_kwargs,
    check_pruner_name,
    check_sampler_name,
    closest,
)
from suites._problem import Problem
from suites._registry import get_problem, list_problem_suites, list_problems
from suites._suite import Budget, OptimizerSpec, Suite, SuiteError, SuiteFileError
from suites._suite_checks import check_compatibility
from suites._toml_locate import Path as KeyPath
from suites._toml_locate import line_of, locate

__all__ = ["FILES_DIR", "list_suite_files", "load_suite", "parse_suite"]

FILES_DIR = Path(__file__).parent / "files"

_TOP_KEYS = {
    "name": "str",
    "description": "str",
    "seed": "int >= 0",
    "repeats": "int >= 1",
    "workers": "int >= 1",
    "metrics": "list of metric names",
    "budget": "table with trials / steps / seconds",
    "problems": "table with ids / suites / tags / exclude",
    "samplers": "array of tables, each with name = ...",
    "pruners": "array of tables, each with name = ...",
}
_BUDGET_KEYS = {"trials": int, "steps": int, "seconds": float}
_PROBLEM_KEYS = ("ids", "suites", "tags", "exclude")


class _Collector:
    """Collects errors with their line numbers."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.found = locate(text)
        self.errors: list[SuiteError] = []

    def add(self, path: KeyPath, message: str) -> None:
        self.errors.append(
            SuiteError(self.source, line_of(self.found, path), _dotted(path), message)
        )


def _dotted(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def list_suite_files() -> list[str]:
    """Return the names of the built-in suite files (``suites/files/<name>.toml``).

    Examples
    --------
    >>> "quickstart" in list_suite_files()
    True
    """
    return sorted(p.stem for p in FILES_DIR.glob("*.toml"))


def load_suite(name_or_path: str | os.PathLike[str]) -> Suite:
    """Load a suite file: a built-in name (``"quickstart"``) or a path to a ``.toml`` file.

    Raises
    ------
    SuiteFileError
        With every error of the file (line, key, what was expected).
    FileNotFoundError
        For a path that does not exist or an unknown built-in name (the message lists them).

    Examples
    --------
    >>> suite = load_suite("quickstart")
    >>> suite.name, suite.repeats > 0
    ('quickstart', True)
    """
    path = Path(name_or_path)
    if not path.suffix and not path.exists() and os.sep not in str(name_or_path):
        path = FILES_DIR / f"{name_or_path}.toml"
        if not path.exists():
            raise FileNotFoundError(
                f"no built-in suite named {str(name_or_path)!r}"
                f"{closest(str(name_or_path), list_suite_files())}; built-ins: "
                f"{', '.join(list_suite_files())}, or give a path to a .toml file."
            )
    if not path.is_file():
        raise FileNotFoundError(f"suite file {str(path)!r} does not exist.")
    suite = parse_suite(path.read_text(encoding="utf-8"), source=str(path), default_name=path.stem)
    return Suite(**{**vars(suite), "source": path})


def parse_suite(text: str, *, source: str = "<string>", default_name: str = "suite") -> Suite:
    """Parse and validate a suite file's text.

    Examples
    --------
    >>> text = '''
    ... [problems]
    ... ids = ["Branin"]
    ... [budget]
    ... trials = 10
    ... [[samplers]]
    ... name = "random"
    ... '''
    >>> parse_suite(text).problems
    ('Branin',)
    """
    collector = _Collector(source, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        raise SuiteFileError([SuiteError(source, line, "", f"invalid TOML: {exc}")]) from None
    suite = _validate(collector, data, default_name)
    if collector.errors:
        raise SuiteFileError(collector.errors)
    assert suite is not None  # every failure path above added an error
    return suite


def _validate(c: _Collector, data: dict[str, Any], default_name: str) -> Suite | None:
    for key in data:
        if key not in _TOP_KEYS:
            expected = ", ".join(_TOP_KEYS)
            c.add(
                (key,), f"unknown key{closest(key, list(_TOP_KEYS))}; expected one of: {expected}"
            )
    name = _string(c, data, "name", default_name)
    description = _string(c, data, "description", "")
    seed = _int(c, data, "seed", 0, minimum=0)
    repeats = _int(c, data, "repeats", 1, minimum=1)
    workers = _int(c, data, "workers", 1, minimum=1)
    metrics = _metrics(c, data.get("metrics", ["best_value"]))
    budget = _budget(c, data.get("budget"))
    problems = _problems(c, data.get("problems"))
    samplers = _optimizers(c, "sampler", data.get("samplers"), required=True)
    pruners = _optimizers(c, "pruner", data.get("pruners", []), required=False)
    if problems and samplers is not None and pruners is not None and budget is not None:
        check_compatibility(c.add, problems, samplers, pruners, budget, metrics)
    if c.errors:
        return None
    return Suite(
        name=name,
        description=description,
        problems=tuple(problems),
        samplers=tuple(samplers or ()),
        pruners=tuple(pruners or ()),
        repeats=repeats,
        budget=budget or Budget(),
        seed=seed,
        workers=workers,
        metrics=tuple(metrics),
    )


def _string(c: _Collector, data: Mapping[str, Any], key: str, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        c.add((key,), f"must be a string; got {value!r}")
        return default
    return value


def _int(c: _Collector, data: Mapping[str, Any], key: str, default: int, *, minimum: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        c.add((key,), f"must be an int >= {minimum}; got {value!r}")
        return default
    return value


def _string_list(c: _Collector, path: KeyPath, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        c.add(path, f"must be a list of strings; got {value!r}")
        return []
    return value


def _metrics(c: _Collector, value: Any) -> list[str]:
    from suites._suite_checks import METRICS

    metrics = _string_list(c, ("metrics",), value)
    for i, metric in enumerate(metrics):
        if metric not in METRICS:
            c.add(
                ("metrics", i),
                f"unknown metric {metric!r}{closest(metric, list(METRICS))}; expected one of: "
                f"{', '.join(METRICS)}",
            )
    return [m for m in metrics if m in METRICS]


def _budget(c: _Collector, value: Any) -> Budget | None:
    if value is None:
        c.add(("budget",), "missing; add a [budget] table with trials, steps and/or seconds")
        return None
    if not isinstance(value, dict):
        c.add(("budget",), f"must be a table with trials / steps / seconds; got {value!r}")
        return None
    parsed: dict[str, Any] = {}
    for key, item in value.items():
        kind = _BUDGET_KEYS.get(key)
        if kind is None:
            c.add(
                ("budget", key),
                f"unknown budget key{closest(key, list(_BUDGET_KEYS))}; "
                "expected trials, steps or seconds",
            )
        elif isinstance(item, bool) or not isinstance(item, (int, float)) or item <= 0:
            c.add(("budget", key), f"must be a number > 0; got {item!r}")
        elif kind is int and not isinstance(item, int):
            c.add(("budget", key), f"must be an int > 0; got {item!r}")
        else:
            parsed[key] = kind(item)
    if not value:
        c.add(("budget",), "is empty; set trials, steps and/or seconds")
    return Budget(**parsed)


def _problems(c: _Collector, value: Any) -> dict[str, Problem]:
    if value is None:
        c.add(("problems",), "missing; add a [problems] table with ids, suites and/or tags")
        return {}
    if not isinstance(value, dict):
        c.add(("problems",), f"must be a table with {', '.join(_PROBLEM_KEYS)}; got {value!r}")
        return {}
    for key in value:
        if key not in _PROBLEM_KEYS:
            c.add(
                ("problems", key),
                f"unknown key{closest(key, list(_PROBLEM_KEYS))}; expected "
                f"one of: {', '.join(_PROBLEM_KEYS)}",
            )
    resolved: dict[str, Problem] = {}
    for i, case_id in enumerate(_string_list(c, ("problems", "ids"), value.get("ids", []))):
        try:
            problem = get_problem(case_id)
        except (ValueError, TypeError) as exc:
            c.add(("problems", "ids", i), str(exc))
            continue
        resolved.setdefault(problem.case_id, problem)
    _add_problem_suites(c, value, resolved)
    excluded = _string_list(c, ("problems", "exclude"), value.get("exclude", []))
    for i, case_id in enumerate(excluded):
        if resolved.pop(case_id, None) is None:
            c.add(("problems", "exclude", i), f"{case_id!r} is not among the selected problems")
    if not resolved and not any(e.path.startswith("problems") for e in c.errors):
        c.add(("problems",), "selects no problem; give ids, suites and/or tags that match some")
    return resolved


def _add_problem_suites(
    c: _Collector, value: dict[str, Any], resolved: dict[str, Problem]
) -> None:
    names = _string_list(c, ("problems", "suites"), value.get("suites", []))
    tags = set(_string_list(c, ("problems", "tags"), value.get("tags", [])))
    known = list_problem_suites()
    ids: list[str] = []
    for i, suite in enumerate(names):
        if suite not in known:
            c.add(
                ("problems", "suites", i),
                f"unknown problem suite {suite!r}"
                f"{closest(suite, known)}; expected one of: {', '.join(known)}",
            )
        else:
            ids.extend(list_problems(suite))
    if tags and not names and "ids" not in value:
        ids = list_problems()  # tags alone select among every registered problem
    for case_id in dict.fromkeys(ids):
        problem = get_problem(case_id)
        if tags <= problem.tags:
            resolved.setdefault(case_id, problem)


def _optimizers(
    c: _Collector, kind: str, value: Any, *, required: bool
) -> list[OptimizerSpec] | None:
    key = f"{kind}s"
    if value is None or (required and value == []):
        c.add((key,), f"missing; add at least one [[{key}]] table with name = ...")
        return None
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        c.add((key,), f"must be an array of tables ([[{key}]]); got {value!r}")
        return None
    specs = [_spec(c, kind, table, (key, i)) for i, table in enumerate(value)]
    labels: dict[str, int] = {}
    for i, spec in enumerate(specs):
        if spec is None:
            continue
        if spec.label in labels:
            c.add(
                (key, i),
                f"label {spec.label!r} is already used by {key}[{labels[spec.label]}];"
                ' add label = "..." to tell them apart',
            )
        labels.setdefault(spec.label, i)
    return [s for s in specs if s is not None]


def _spec(c: _Collector, kind: str, table: dict[str, Any], path: KeyPath) -> OptimizerSpec | None:
    name = table.get("name")
    if not isinstance(name, str):
        c.add(path, f'each {kind} needs name = "..." (a string); got {name!r}')
        return None
    label = table.get("label", name)
    if not isinstance(label, str) or not label:
        c.add((*path, "label"), f"must be a non-empty string; got {label!r}")
    kwargs = {k: v for k, v in table.items() if k not in ("name", "label")}
    if kind == "sampler":
        message = check_sampler_name(name)
        registry: dict[str, type] = ENGINE_SAMPLERS
    else:
        message = check_pruner_name(name)
        registry = PRUNERS
    if message is not None:
        c.add((*path, "name"), message)
        return None
    if name in registry:
        for key, problem in check_kwargs(kind, name, registry[name], kwargs):
            c.add((*path, key) if key else path, problem)
        kwargs = _nested(c, kwargs, path)
    return OptimizerSpec(kind, name, label if isinstance(label, str) else name, kwargs)


def _nested(c: _Collector, kwargs: dict[str, Any], path: KeyPath) -> dict[str, Any]:
    """Turn nested ``{name = ...}`` tables (wrapped pruners, fallback samplers) into specs."""
    out: dict[str, Any] = {}
    for key, value in kwargs.items():
        if isinstance(value, dict) and "name" in value:
            nested_kind = "pruner" if key == "wrapped_pruner" else "sampler"
            nested = _spec(c, nested_kind, value, (*path, key))
            if nested is not None and not nested.is_engine:
                c.add(
                    (*path, key, "name"),
                    f"{nested.name!r} is a peer optimizer's; inside an hpobench {nested_kind} "
                    f"use an hpobench {nested_kind} (one of: "
                    f"{', '.join(ENGINE_SAMPLERS if nested_kind == 'sampler' else PRUNERS)})",
                )
            out[key] = nested
        else:
            out[key] = value
    return out
