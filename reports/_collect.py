"""Run an optional analysis and keep what went wrong as a note instead of failing."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def collect(
    notes: list[str],
    compute: Callable[[], T],
    *,
    catch: tuple[type[Exception], ...] = (ValueError,),
    prefix: str = "",
) -> T | None:
    """Run ``compute``; an exception of ``catch`` becomes a note (after ``prefix``) and the
    result None; warnings are kept as notes too.

    Examples
    --------
    >>> notes = []
    >>> collect(notes, lambda: int("x"), prefix="parse: ") is None, notes
    (True, ["parse: invalid literal for int() with base 10: 'x'"])
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = compute()
        except catch as err:
            notes.append(f"{prefix}{err}")
            result = None
    notes.extend(f"{prefix}{w.message}" for w in caught)
    return result
