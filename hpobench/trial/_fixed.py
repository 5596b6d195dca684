from __future__ import annotations

import datetime
import warnings
from collections.abc import Sequence
from typing import Any

from hpobench.distributions import BaseDistribution
from hpobench.trial._base import BaseTrial, check_report_value, check_step
from hpobench.trial._frozen import CONSTRAINT_ATTR_PREFIX


class FixedTrial(BaseTrial):
    """A trial whose parameters are given: to unit-test an objective or rerun a result.

    Parameters
    ----------
    params : dict
        Parameter name → the value every ``suggest_*`` of that name returns.
    number : int
        The value of ``trial.number``.

    Raises
    ------
    ValueError
        From a ``suggest_*`` whose name is not in ``params``.

    Examples
    --------
    >>> import hpobench
    >>> def objective(trial):
    ...     x = trial.suggest_float("x", -1.0, 1.0)
    ...     y = trial.suggest_int("y", -5, 5)
    ...     return x + y
    >>> objective(hpobench.trial.FixedTrial({"x": 1.0, "y": -1}))
    0.0
    """

    def __init__(self, params: dict[str, Any], number: int = 0) -> None:
        if not isinstance(params, dict):
            raise TypeError(f"params must be a dict of name → value; got {params!r}.")
        self._params = params
        self._suggested_params: dict[str, Any] = {}
        self._distributions: dict[str, BaseDistribution] = {}
        self._user_attrs: dict[str, Any] = {}
        self._system_attrs: dict[str, Any] = {}
        self._intermediate_values: dict[int, float | list[float]] = {}
        self._datetime_start = datetime.datetime.now()
        self._number = number

    def _suggest(self, name: str, distribution: BaseDistribution) -> Any:
        if name not in self._params:
            raise ValueError(
                f"The value of parameter {name!r} is not in the FixedTrial's params "
                f"{sorted(self._params)}; add it."
            )
        value = self._params[name]
        internal = distribution.to_internal_repr(value)
        if not distribution._contains(internal):
            warnings.warn(
                f"The value {value!r} of parameter {name!r} is outside {distribution}.",
                UserWarning,
                stacklevel=3,
            )
        self._suggested_params[name] = value
        self._distributions[name] = distribution
        return value

    def report(self, value: float | Sequence[float], step: int) -> None:
        """Record an intermediate value, or one per objective (a FixedTrial never prunes)."""
        if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
            recorded: float | list[float] = [check_report_value(v) for v in value]
        else:
            recorded = check_report_value(value)
        self._intermediate_values.setdefault(check_step(step), recorded)

    def should_prune(self) -> bool:
        """Always False: a FixedTrial has no pruner."""
        return False

    def set_user_attr(self, key: str, value: Any) -> None:
        self._user_attrs[key] = value

    def set_system_attr(self, key: str, value: Any) -> None:
        self._system_attrs[key] = value

    def set_constraint(self, key: str, value: float) -> None:
        """Record a constraint value."""
        self._system_attrs[CONSTRAINT_ATTR_PREFIX + key] = float(value)

    @property
    def params(self) -> dict[str, Any]:
        return dict(self._suggested_params)

    @property
    def distributions(self) -> dict[str, BaseDistribution]:
        return dict(self._distributions)

    @property
    def user_attrs(self) -> dict[str, Any]:
        return dict(self._user_attrs)

    @property
    def system_attrs(self) -> dict[str, Any]:
        return dict(self._system_attrs)

    @property
    def datetime_start(self) -> datetime.datetime | None:
        return self._datetime_start

    @property
    def number(self) -> int:
        return self._number
