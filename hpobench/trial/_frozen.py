from __future__ import annotations

import copy
import datetime
import math
from collections.abc import Sequence
from typing import Any

from hpobench.distributions import BaseDistribution
from hpobench.trial._state import TrialState

CONSTRAINT_ATTR_PREFIX = "constraints:"
LEGACY_CONSTRAINTS_ATTR = "constraints"


class FrozenTrial:
    """A snapshot of a trial: its parameters, values, attributes and state.

    Trials of ``study.trials`` and the argument of callbacks are FrozenTrials. One
    can also be built by hand (see :func:`hpobench.trial.create_trial`) and added to a
    study with ``study.add_trial``.

    Parameters
    ----------
    number : int
        The trial's number in its study, from 0.
    state : TrialState
        Its state.
    value : float or None
        The objective value of a single-objective trial; give ``values`` instead for
        several objectives. Giving both raises ``ValueError``.
    datetime_start, datetime_complete : datetime or None
        When the trial started and finished.
    params : dict
        Parameter name → value in the objective's terms.
    distributions : dict
        Parameter name → its distribution.
    user_attrs, system_attrs : dict
        Attributes set by the user and by the library.
    intermediate_values : dict
        Step → reported value.
    trial_id : int
        The storage's id of the trial.
    values : sequence of float or None
        The objective values.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study()
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    >>> study.trials[0].state
    TrialState.COMPLETE
    """

    __slots__ = (
        "_distributions",
        "_params",
        "_trial_id",
        "_values",
        "datetime_complete",
        "datetime_start",
        "intermediate_values",
        "number",
        "state",
        "system_attrs",
        "user_attrs",
    )

    def __init__(
        self,
        number: int,
        state: TrialState,
        value: float | None,
        datetime_start: datetime.datetime | None,
        datetime_complete: datetime.datetime | None,
        params: dict[str, Any],
        distributions: dict[str, BaseDistribution],
        user_attrs: dict[str, Any],
        system_attrs: dict[str, Any],
        intermediate_values: dict[int, float],
        trial_id: int,
        *,
        values: Sequence[float] | None = None,
    ) -> None:
        if value is not None and values is not None:
            raise ValueError("Give either value or values to FrozenTrial, not both.")
        self.number = number
        self.state = state
        self._values = _as_values(value, values)
        self.datetime_start = datetime_start
        self.datetime_complete = datetime_complete
        self._params = params
        self._distributions = distributions
        self.user_attrs = user_attrs
        self.system_attrs = system_attrs
        self.intermediate_values = intermediate_values
        self._trial_id = trial_id

    # -- values ------------------------------------------------------------------------
    @property
    def value(self) -> float | None:
        """The objective value; raises ``RuntimeError`` for a multi-objective trial."""
        if self._values is None:
            return None
        if len(self._values) > 1:
            raise RuntimeError(
                "This trial has several objective values; use FrozenTrial.values instead "
                "of FrozenTrial.value."
            )
        return self._values[0]

    @value.setter
    def value(self, v: float | None) -> None:
        self._values = None if v is None else [float(v)]

    @property
    def values(self) -> list[float] | None:
        """The objective values, or None when the trial has none."""
        return self._values

    @values.setter
    def values(self, v: Sequence[float] | None) -> None:
        self._values = None if v is None else [float(x) for x in v]

    # -- params ------------------------------------------------------------------------
    @property
    def params(self) -> dict[str, Any]:
        """Parameter name → suggested value."""
        return self._params

    @params.setter
    def params(self, params: dict[str, Any]) -> None:
        self._params = params

    @property
    def distributions(self) -> dict[str, BaseDistribution]:
        """Parameter name → the distribution it was drawn from."""
        return self._distributions

    @distributions.setter
    def distributions(self, value: dict[str, BaseDistribution]) -> None:
        self._distributions = value

    # -- derived -----------------------------------------------------------------------
    @property
    def duration(self) -> datetime.timedelta | None:
        """``datetime_complete - datetime_start`` when both are set, else None."""
        if self.datetime_start is None or self.datetime_complete is None:
            return None
        return self.datetime_complete - self.datetime_start

    @property
    def last_step(self) -> int | None:
        """The largest step reported with ``trial.report``, or None."""
        if not self.intermediate_values:
            return None
        return max(self.intermediate_values)

    @property
    def constraints(self) -> list[float] | None:
        """Constraint values (feasible when all are <= 0), or None when none were set.

        Values set with ``trial.set_constraint`` come in the order of their keys, after
        a list stored by a sampler's ``constraints_func``.
        """
        found: list[float] = list(self.system_attrs.get(LEGACY_CONSTRAINTS_ATTR, ()))
        keys = sorted(k for k in self.system_attrs if k.startswith(CONSTRAINT_ATTR_PREFIX))
        found.extend(float(self.system_attrs[k]) for k in keys)
        if not found and LEGACY_CONSTRAINTS_ATTR not in self.system_attrs:
            return None
        return found

    # -- identity ----------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FrozenTrial):
            return NotImplemented
        return all(getattr(self, s) == getattr(other, s) for s in self.__slots__)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FrozenTrial):
            return NotImplemented
        return self.number < other.number

    def __le__(self, other: object) -> bool:
        if not isinstance(other, FrozenTrial):
            return NotImplemented
        return self.number <= other.number

    __hash__ = None  # type: ignore[assignment]  # mutable, like a dict

    def __repr__(self) -> str:
        fields = (
            f"number={self.number!r}",
            f"state={self.state!r}",
            f"values={self._values!r}",
            f"datetime_start={self.datetime_start!r}",
            f"datetime_complete={self.datetime_complete!r}",
            f"params={self._params!r}",
            f"user_attrs={self.user_attrs!r}",
            f"system_attrs={self.system_attrs!r}",
            f"intermediate_values={self.intermediate_values!r}",
            f"distributions={self._distributions!r}",
            f"trial_id={self._trial_id!r}",
        )
        return f"FrozenTrial({', '.join(fields)})"

    def __copy__(self) -> FrozenTrial:
        return self._clone(deep=False)

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenTrial:
        return self._clone(deep=True)

    def __getstate__(self) -> dict[str, Any]:
        return {s: getattr(self, s) for s in self.__slots__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            setattr(self, key, value)

    def _clone(self, *, deep: bool) -> FrozenTrial:
        """Copy the containers; distributions and numbers are immutable and shared."""
        clone = FrozenTrial.__new__(FrozenTrial)
        clone.number = self.number
        clone.state = self.state
        clone._values = None if self._values is None else list(self._values)
        clone.datetime_start = self.datetime_start
        clone.datetime_complete = self.datetime_complete
        clone._params = dict(self._params)
        clone._distributions = dict(self._distributions)
        attrs_copy = copy.deepcopy if deep else dict
        clone.user_attrs = attrs_copy(self.user_attrs) if self.user_attrs else {}
        clone.system_attrs = attrs_copy(self.system_attrs) if self.system_attrs else {}
        clone.intermediate_values = dict(self.intermediate_values)
        clone._trial_id = self._trial_id
        return clone

    # -- validation --------------------------------------------------------------------
    def _validate(self) -> None:
        """Raise ``ValueError`` when the fields contradict each other."""
        if self.state != TrialState.WAITING and self.datetime_start is None:
            raise ValueError(f"datetime_start must be set for a trial in state {self.state.name}.")
        if self.state.is_finished() and self.datetime_complete is None:
            raise ValueError(
                f"datetime_complete must be set for a finished trial (state {self.state.name})."
            )
        if self.state == TrialState.COMPLETE:
            if self._values is None:
                raise ValueError("A COMPLETE trial needs value or values; got None.")
            if any(math.isnan(v) for v in self._values):
                raise ValueError(f"A COMPLETE trial's values must not be NaN; got {self._values}.")
        if set(self._params) != set(self._distributions):
            raise ValueError(
                "params and distributions must have the same keys; got params "
                f"{sorted(self._params)} and distributions {sorted(self._distributions)}."
            )
        for name, value in self._params.items():
            dist = self._distributions[name]
            try:
                internal = dist.to_internal_repr(value)
            except (ValueError, TypeError) as err:
                raise ValueError(f"Parameter {name!r}={value!r} does not fit {dist}.") from err
            if not dist._contains(internal):
                raise ValueError(f"Parameter {name!r}={value!r} is outside {dist}.")


def new_running_trial(
    number: int = -1, trial_id: int = -1, start: datetime.datetime | None = None
) -> FrozenTrial:
    """Return a fresh RUNNING trial with nothing suggested or reported yet."""
    return FrozenTrial(
        number=number,
        state=TrialState.RUNNING,
        value=None,
        datetime_start=datetime.datetime.now() if start is None else start,
        datetime_complete=None,
        params={},
        distributions={},
        user_attrs={},
        system_attrs={},
        intermediate_values={},
        trial_id=trial_id,
    )


def is_feasible(trial: FrozenTrial) -> bool:
    """Return whether every constraint value of a trial is <= 0 (no constraints: True)."""
    constraints = trial.constraints
    return constraints is None or all(c <= 0.0 for c in constraints)


def _as_values(value: float | None, values: Sequence[float] | None) -> list[float] | None:
    if value is not None:
        return [float(value)]
    if values is not None:
        if isinstance(values, (str, bytes)):
            raise TypeError(f"values must be a sequence of floats; got {values!r}.")
        return [float(v) for v in values]
    return None
