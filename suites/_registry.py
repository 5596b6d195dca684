"""The problem registry: families register their cases and problem suites at import.

A *family* is a :class:`~suites.Problem` subclass (or any callable building one) named by
its ``family`` attribute; a *case* is one set of its parameters, written as a case id
(``"McCourt16(dim=4,res=10)"``); a *problem suite* is a named, ordered list of case ids
(``"evalset56"``, ``"classic"``, ...).

Family modules call :func:`register` at import::

    register(McCourt16, cases=[{"dim": 4, "res": 10}], suites=["evalset56"])

and users call :func:`get_problem` / :func:`list_problems`.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from suites._problem import Problem, format_case_id

__all__ = [
    "get_problem",
    "list_families",
    "list_problem_suites",
    "list_problems",
    "parse_case_id",
    "register",
]

ProblemFactory = Callable[..., Problem]

_CASE_ID = re.compile(r"^\s*(?P<family>[^()\s,=]+)\s*(?:\((?P<params>.*)\))?\s*$", re.DOTALL)


@dataclass
class _Registry:
    families: dict[str, ProblemFactory] = field(default_factory=dict)
    suites: dict[str, list[str]] = field(default_factory=dict)
    cases: dict[str, None] = field(default_factory=dict)  # every listed case id, in order


_REGISTRY = _Registry()


def register(
    factory: ProblemFactory,
    *,
    cases: Iterable[Mapping[str, Any]] = ({},),
    suites: Iterable[str] = (),
    family: str | None = None,
) -> list[str]:
    """Register a family's ``cases`` and add them to the problem ``suites``.

    Parameters
    ----------
    factory : callable
        Builds one case as ``factory(**case_params, seed=seed)``; usually the Problem class.
    cases : iterable of mappings
        The listed cases' parameters; ``({},)`` for a family without parameters.
    suites : iterable of str
        The problem suites the cases belong to (created on first use, order kept).
    family : str, optional
        The family name; defaults to ``factory.family``.

    Returns
    -------
    list of str
        The registered case ids.

    Raises
    ------
    ValueError
        When another factory already holds the family name.

    Examples
    --------
    >>> from suites._classic import Branin
    >>> register(Branin, suites=["classic"])
    ['Branin']
    """
    name = family if family is not None else getattr(factory, "family", None)
    if not isinstance(name, str) or not name:
        raise ValueError(f"family must be a non-empty str; got {name!r} for {factory!r}.")
    known = _REGISTRY.families.get(name)
    if known is not None and known is not factory:
        raise ValueError(f"family {name!r} is already registered by {known!r}.")
    _REGISTRY.families[name] = factory
    suite_names = [suites] if isinstance(suites, str) else list(suites)
    ids = [format_case_id(name, params) for params in cases]
    for case_id in ids:
        _REGISTRY.cases.setdefault(case_id, None)
        for suite in suite_names:
            members = _REGISTRY.suites.setdefault(suite, [])
            if case_id not in members:
                members.append(case_id)
    return ids


def parse_case_id(case_id: str) -> tuple[str, dict[str, Any]]:
    """Split ``"Family(k=v,...)"`` into the family and its parameters.

    Values are Python literals; a bare word is a string.

    Examples
    --------
    >>> parse_case_id("McCourt16(dim=4,res=10)")
    ('McCourt16', {'dim': 4, 'res': 10})
    >>> parse_case_id("SVM-digits(kernel=rbf)")
    ('SVM-digits', {'kernel': 'rbf'})
    """
    if not isinstance(case_id, str):
        raise TypeError(f"case_id must be a str; got {case_id!r}.")
    match = _CASE_ID.match(case_id)
    if match is None:
        raise ValueError(
            f"case id {case_id!r} is malformed; expected 'Family' or 'Family(k=v,...)'."
        )
    params_text = match["params"]
    if params_text is None or not params_text.strip():
        return match["family"], {}
    return match["family"], _parse_params(case_id, params_text)


def _parse_params(case_id: str, text: str) -> dict[str, Any]:
    try:
        call = ast.parse(f"f({text})", mode="eval").body
    except SyntaxError:
        call = None
    if not isinstance(call, ast.Call) or call.args:
        raise ValueError(
            f"the parameters of case id {case_id!r} are malformed; expected k=v pairs "
            "separated by commas, e.g. 'McCourt16(dim=4,res=10)'."
        )
    params: dict[str, Any] = {}
    for keyword in call.keywords:
        if isinstance(keyword.value, ast.Name):
            params[str(keyword.arg)] = keyword.value.id
            continue
        try:
            params[str(keyword.arg)] = ast.literal_eval(keyword.value)
        except ValueError:
            raise ValueError(
                f"parameter {keyword.arg!r} of case id {case_id!r} is not a literal value."
            ) from None
    return params


def get_problem(case_id: str, *, seed: int | None = None) -> Problem:
    """Build the problem of ``case_id``, e.g. ``"McCourt16(dim=4,res=10)"`` or ``"Branin"``.

    Any parameters the family accepts work, not only the listed cases.

    Raises
    ------
    ValueError
        For an unknown family (the message lists close matches) or parameters the
        family refuses.

    Examples
    --------
    >>> round(get_problem("Branin").f_star, 6)
    0.397887
    """
    family, params = parse_case_id(case_id)
    factory = _REGISTRY.families.get(family)
    if factory is None:
        raise ValueError(_unknown_message("family", family, list(_REGISTRY.families)))
    try:
        return factory(**params, seed=seed)
    except TypeError as exc:
        raise ValueError(f"case id {case_id!r} has invalid parameters: {exc}") from exc


def list_problem_suites() -> list[str]:
    """Return the names of the registered problem suites, in registration order.

    Examples
    --------
    >>> "classic" in list_problem_suites()
    True
    """
    return list(_REGISTRY.suites)


def list_families() -> list[str]:
    """Return the registered family names, in registration order."""
    return list(_REGISTRY.families)


def list_problems(
    suite: str | None = None, tags: Iterable[str] | None = None, *, seed: int | None = None
) -> list[str]:
    """Return the case ids of a problem suite (every listed case when ``suite`` is None).

    Parameters
    ----------
    suite : str, optional
        A problem suite, e.g. ``"evalset56"``, ``"classic"``, ``"constrained"``.
    tags : iterable of str, optional
        Keep the cases that carry every one of these tags (this builds each problem).
    seed : int, optional
        The seed used to build problems for the tag filter.

    Raises
    ------
    ValueError
        For an unknown suite; the message lists the suites.

    Examples
    --------
    >>> list_problems("classic", tags=["dim=2"])[:2]
    ['Branin', 'Rosenbrock(dim=2)']
    """
    if suite is None:
        ids: Sequence[str] = list(_REGISTRY.cases)
    elif suite in _REGISTRY.suites:
        ids = list(_REGISTRY.suites[suite])
    else:
        raise ValueError(_unknown_message("problem suite", suite, list(_REGISTRY.suites)))
    if tags is None:
        return list(ids)
    wanted = {tags} if isinstance(tags, str) else set(tags)
    return [case_id for case_id in ids if wanted <= get_problem(case_id, seed=seed).tags]


def _unknown_message(kind: str, name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=5, cutoff=0.5)
    hint = f" Did you mean {close}?" if close else ""
    return f"unknown {kind} {name!r}.{hint} Valid: {sorted(choices)}."
