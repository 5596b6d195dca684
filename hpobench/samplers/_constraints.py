"""The 4.x-style ``constraints_func`` of samplers: called once a trial ends, stored with it."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from hpobench.trial._frozen import LEGACY_CONSTRAINTS_ATTR, FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study

ConstraintsFunc = Callable[[FrozenTrial], Sequence[float]]


def check_constraints(constraints: Any) -> list[float]:
    """Return ``constraints_func``'s result as floats; ValueError for non-numbers or NaN."""
    try:
        values = [float(c) for c in constraints]
    except (TypeError, ValueError):
        raise ValueError(
            f"constraints_func must return a sequence of floats; got {constraints!r}."
        ) from None
    if any(math.isnan(v) for v in values):
        raise ValueError(f"constraints_func must not return NaN; got {values!r}.")
    return values


def store_constraints(
    study: Study, trial: FrozenTrial, state: TrialState, constraints_func: ConstraintsFunc | None
) -> None:
    """Evaluate ``constraints_func`` on a COMPLETE or PRUNED trial and store the result.

    Samplers call this from ``after_trial``; the values become ``trial.constraints``.
    """
    if constraints_func is None or state not in (TrialState.COMPLETE, TrialState.PRUNED):
        return
    constraints = check_constraints(constraints_func(trial))
    study._storage.set_trial_system_attr(trial._trial_id, LEGACY_CONSTRAINTS_ATTR, constraints)
