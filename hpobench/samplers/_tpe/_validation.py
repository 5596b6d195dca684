"""Argument checks of TPESampler; each error names the argument, what it needs and the value."""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np


def check_bool(name: str, value: Any) -> None:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a bool; got {value!r}.")


def check_optional_bool(name: str, value: Any) -> None:
    if value is not None and not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a bool or None; got {value!r}.")


def check_int(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}; got {value!r}.")
    return int(value)


def check_prior_weight(value: Any) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ValueError(f"prior_weight must be a finite float > 0; got {value!r}.")
    return float(value)


def check_callable(name: str, value: Any) -> Any:
    if not callable(value):
        raise TypeError(f"{name} must be callable; got {value!r}.")
    return value
