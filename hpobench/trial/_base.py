from __future__ import annotations

import abc
import datetime
import numbers
import warnings
from collections.abc import Sequence
from typing import Any

from hpobench.distributions import (
    BaseDistribution,
    CategoricalChoiceType,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.exceptions import HpobenchDeprecationWarning


class BaseTrial(abc.ABC):
    """What an objective function can ask of a trial, whichever kind it is.

    :class:`Trial` (inside ``study.optimize``), :class:`FixedTrial` (fixed values, for
    tests) and :class:`FrozenTrial`-based replays all offer these methods.
    """

    @abc.abstractmethod
    def _suggest(self, name: str, distribution: BaseDistribution) -> Any:
        """Return the value of parameter ``name`` drawn from ``distribution``."""

    def suggest_float(
        self,
        name: str,
        low: float,
        high: float,
        *,
        step: float | None = None,
        log: bool = False,
    ) -> float:
        """Suggest a float in ``[low, high]``, on a ``step`` grid or on a log scale.

        Parameters
        ----------
        name : str
            The parameter's name; asking again for it returns the first value.
        low, high : float
            The bounds, both included.
        step : float or None
            The grid spacing (``low``, ``low + step``, …); cannot go with ``log``.
        log : bool
            Sample on a log scale; needs ``low > 0``.

        Examples
        --------
        >>> import hpobench
        >>> t = hpobench.trial.FixedTrial({"lr": 0.01})
        >>> t.suggest_float("lr", 1e-5, 1e-1, log=True)
        0.01
        """
        return self._suggest(name, FloatDistribution(low, high, log=log, step=step))

    def suggest_int(
        self, name: str, low: int, high: int, *, step: int = 1, log: bool = False
    ) -> int:
        """Suggest an int in ``[low, high]``, on a ``step`` grid or on a log scale.

        Examples
        --------
        >>> import hpobench
        >>> hpobench.trial.FixedTrial({"n": 3}).suggest_int("n", 1, 5)
        3
        """
        return self._suggest(name, IntDistribution(low, high, log=log, step=step))

    def suggest_categorical(
        self, name: str, choices: Sequence[CategoricalChoiceType]
    ) -> CategoricalChoiceType:
        """Suggest one of ``choices`` (None, bool, int, float or str values).

        Examples
        --------
        >>> import hpobench
        >>> hpobench.trial.FixedTrial({"opt": "adam"}).suggest_categorical("opt", ["sgd", "adam"])
        'adam'
        """
        return self._suggest(name, CategoricalDistribution(choices))

    def suggest_uniform(self, name: str, low: float, high: float) -> float:
        """Deprecated: ``suggest_float(name, low, high)``."""
        _warn_deprecated("suggest_uniform", "suggest_float(name, low, high)")
        return self.suggest_float(name, low, high)

    def suggest_loguniform(self, name: str, low: float, high: float) -> float:
        """Deprecated: ``suggest_float(name, low, high, log=True)``."""
        _warn_deprecated("suggest_loguniform", "suggest_float(name, low, high, log=True)")
        return self.suggest_float(name, low, high, log=True)

    def suggest_discrete_uniform(self, name: str, low: float, high: float, q: float) -> float:
        """Deprecated: ``suggest_float(name, low, high, step=q)``."""
        _warn_deprecated("suggest_discrete_uniform", "suggest_float(name, low, high, step=q)")
        return self.suggest_float(name, low, high, step=q)

    @abc.abstractmethod
    def report(self, value: float, step: int) -> None:
        """Report an intermediate value at ``step``."""

    @abc.abstractmethod
    def should_prune(self) -> bool:
        """Return whether the trial should stop now."""

    @abc.abstractmethod
    def set_user_attr(self, key: str, value: Any) -> None:
        """Set a user attribute."""

    @abc.abstractmethod
    def set_system_attr(self, key: str, value: Any) -> None:
        """Set a system attribute."""

    @property
    @abc.abstractmethod
    def params(self) -> dict[str, Any]:
        """Parameter name → value, for the parameters suggested so far."""

    @property
    @abc.abstractmethod
    def distributions(self) -> dict[str, BaseDistribution]:
        """Parameter name → distribution, for the parameters suggested so far."""

    @property
    @abc.abstractmethod
    def user_attrs(self) -> dict[str, Any]:
        """The user attributes."""

    @property
    @abc.abstractmethod
    def system_attrs(self) -> dict[str, Any]:
        """The system attributes."""

    @property
    @abc.abstractmethod
    def datetime_start(self) -> datetime.datetime | None:
        """When the trial started."""

    @property
    @abc.abstractmethod
    def number(self) -> int:
        """The trial's number in its study."""


def _warn_deprecated(old: str, new: str) -> None:
    warnings.warn(f"{old} is deprecated; use {new}.", HpobenchDeprecationWarning, stacklevel=3)


def check_step(step: int) -> int:
    """Validate the ``step`` argument of ``report``."""
    if isinstance(step, bool) or not isinstance(step, numbers.Integral):
        raise TypeError(f"step must be an int >= 0; got {step!r}.")
    if step < 0:
        raise ValueError(f"step must be an int >= 0; got {step!r}.")
    return int(step)


def check_report_value(value: Any) -> float:
    """Validate the ``value`` argument of ``report`` and return it as a float."""
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(
            f"value must be a float (or convertible to one); got {value!r} of type "
            f"{type(value).__name__}."
        ) from None
