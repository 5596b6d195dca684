from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from typing import Any

from hpobench.distributions import BaseDistribution
from hpobench.trial._frozen import CONSTRAINT_ATTR_PREFIX, FrozenTrial
from hpobench.trial._state import TrialState


def create_trial(
    *,
    state: TrialState = TrialState.COMPLETE,
    value: float | None = None,
    values: Sequence[float] | None = None,
    params: dict[str, Any] | None = None,
    distributions: dict[str, BaseDistribution] | None = None,
    user_attrs: dict[str, Any] | None = None,
    system_attrs: dict[str, Any] | None = None,
    intermediate_values: dict[int, float] | None = None,
    constraints: dict[str, float] | None = None,
) -> FrozenTrial:
    """Build a finished (or WAITING) trial to add to a study with ``study.add_trial``.

    Parameters
    ----------
    state : TrialState
        COMPLETE (needs ``value`` or ``values``), PRUNED, FAIL or WAITING.
    value, values : float or sequence of float
        The objective value(s); give at most one of the two.
    params, distributions : dict
        Parameter values and their distributions, with the same keys.
    user_attrs, system_attrs, intermediate_values : dict
        As on :class:`FrozenTrial`.
    constraints : dict of str → float
        Constraint values (feasible when all are <= 0).

    Raises
    ------
    ValueError
        When the fields contradict each other (e.g. a COMPLETE trial without values, a
        parameter outside its distribution).

    Examples
    --------
    >>> import hpobench
    >>> from hpobench.distributions import FloatDistribution
    >>> trial = hpobench.trial.create_trial(
    ...     params={"x": 2.0}, distributions={"x": FloatDistribution(0, 10)}, value=4.0
    ... )
    >>> study = hpobench.create_study()
    >>> study.add_trial(trial)
    >>> study.best_value
    4.0
    """
    if state == TrialState.RUNNING:
        raise ValueError("create_trial makes finished or WAITING trials; got state RUNNING.")
    now = datetime.datetime.now()
    system_attrs = dict(system_attrs or {})
    for key, constraint in (constraints or {}).items():
        if math.isnan(constraint):
            raise ValueError(f"constraint {key!r} must not be NaN.")
        system_attrs[CONSTRAINT_ATTR_PREFIX + key] = float(constraint)
    trial = FrozenTrial(
        number=-1,
        state=state,
        value=value,
        values=values,
        datetime_start=None if state == TrialState.WAITING else now,
        datetime_complete=now if state.is_finished() else None,
        params=dict(params or {}),
        distributions=dict(distributions or {}),
        user_attrs=dict(user_attrs or {}),
        system_attrs=system_attrs,
        intermediate_values=dict(intermediate_values or {}),
        trial_id=-1,
    )
    trial._validate()
    return trial
