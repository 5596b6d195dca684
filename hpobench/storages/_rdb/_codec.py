"""Conversions between Python values and the columns that store them."""

from __future__ import annotations

import json
import math
from typing import Any

from hpobench.storages._rdb._schema import MAX_NAME_LENGTH

FINITE, INF_POS, INF_NEG, NAN = 0, 1, 2, 3


def encode_float(value: float) -> tuple[float | None, int]:
    """Split a float into a storable value and a type (MySQL cannot store inf or NaN)."""
    if math.isnan(value):
        return None, NAN
    if math.isinf(value):
        return None, INF_POS if value > 0 else INF_NEG
    return value, FINITE


def decode_float(value: float | None, value_type: int) -> float:
    """Undo :func:`encode_float`."""
    if value_type == FINITE:
        return float(value)  # type: ignore[arg-type]
    if value_type == INF_POS:
        return math.inf
    if value_type == INF_NEG:
        return -math.inf
    return math.nan


def encode_json(value: Any, *, what: str) -> str:
    """Serialise an attribute value; raise TypeError naming it when JSON cannot hold it."""
    try:
        return json.dumps(value)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"{what} must be JSON-serialisable to be stored in a database; got {value!r} ({err})."
        ) from None


def decode_json(text: str) -> Any:
    """Undo :func:`encode_json`."""
    return json.loads(text)


def check_name(name: str, *, what: str) -> str:
    """Refuse names the schema cannot hold (not a str, or longer than 512 characters)."""
    if not isinstance(name, str):
        raise TypeError(f"{what} must be a str; got {name!r}.")
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(
            f"{what} must be at most {MAX_NAME_LENGTH} characters; got {len(name)} "
            f"({name[:40]!r}…)."
        )
    if "\x00" in name:
        raise ValueError(f"{what} must not contain NUL characters; got {name!r}.")
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} must be valid Unicode text; got {name!r}.") from None
    return name
