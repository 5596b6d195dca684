"""Argument checks and the warm-up/interval schedule shared by several pruners."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any


def check_int(name: str, value: Any, minimum: int) -> int:
    """Return ``value`` as an int, or raise when it is not an int >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}; got {value!r}.")
    return int(value)


def check_float(name: str, value: Any, *, minimum: float | None = None) -> float:
    """Return ``value`` as a float, or raise when it is not a real number (>= ``minimum``)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
        raise ValueError(f"{name} must be a number; got {value!r}.")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be a number >= {minimum}; got {value!r}.")
    return float(value)


def is_pruning_step(
    step: int, reported_steps: Iterable[int], n_warmup_steps: int, interval_steps: int
) -> bool:
    """Return whether a pruner should judge a trial whose latest report is at ``step``.

    Pruning checks fall at ``n_warmup_steps + k * interval_steps``. A trial is judged at
    its first report at or after a check step: with reports at steps 0, 3, 4 and checks
    every 2 steps, the reports at 0 and 3 are judged (checks 0 and 2), the one at 4 too
    (check 4), but a later report at 5 would not be (check 4 was already met at 4).
    """
    if step < n_warmup_steps:
        return False
    check = n_warmup_steps + (step - n_warmup_steps) // interval_steps * interval_steps
    return not any(check <= s < step for s in reported_steps)
