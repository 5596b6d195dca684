"""Search-space distributions: what a parameter may take, and how it is stored.

Every distribution maps its user-facing ("external") values to a float ("internal") value that
samplers and storages work with: floats and ints map to themselves, categorical choices map to
their index. Distributions are immutable value objects; they compare and hash by their settings.

Examples
--------
>>> from hpobench.distributions import (
...     FloatDistribution, distribution_to_json, json_to_distribution
... )
>>> d = FloatDistribution(1e-5, 1e-1, log=True)
>>> json_to_distribution(distribution_to_json(d)) == d
True
"""

from __future__ import annotations

import abc
import decimal
import json
import math
import numbers
import warnings
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, TypeAlias

import numpy as np

from hpobench.exceptions import HpobenchDeprecationWarning

__all__ = [
    "BaseDistribution",
    "CategoricalChoiceType",
    "CategoricalDistribution",
    "DiscreteUniformDistribution",
    "FloatDistribution",
    "IntDistribution",
    "IntLogUniformDistribution",
    "IntUniformDistribution",
    "LogUniformDistribution",
    "UniformDistribution",
    "check_distribution_compatibility",
    "distribution_to_json",
    "json_to_distribution",
]

CategoricalChoiceType: TypeAlias = bool | int | float | str | None

_BASIC_KINDS = frozenset({type(None), bool, int, float, str})
# Relative tolerance, in units of step, for "x lies on the step grid".
_GRID_TOL = 1e-8
# Extra grid tolerance per unit of (|low| + |high|) / step, covering float rounding of grid points.
_GRID_ROUNDING_TOL = 1e-14


class BaseDistribution(abc.ABC):
    """Base class of every distribution.

    Subclasses store their settings as public attributes; equality, hashing and ``repr`` use
    them. A distribution maps external values (what ``suggest_*`` returns) to internal floats.

    Examples
    --------
    >>> d = IntDistribution(0, 10)
    >>> d.to_external_repr(d.to_internal_repr(3))
    3
    """

    # The new-style class this class stands for (legacy classes point at their replacement).
    _canonical: type[BaseDistribution]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "_canonical" not in cls.__dict__:
            cls._canonical = cls

    @abc.abstractmethod
    def to_external_repr(self, internal: float) -> Any:
        """Convert an internal float to the value the user sees.

        Parameters
        ----------
        internal : float
            The internal representation.

        Returns
        -------
        Any
            The external value.
        """

    @abc.abstractmethod
    def to_internal_repr(self, external: Any) -> float:
        """Convert a user-facing value to its internal float.

        Parameters
        ----------
        external : Any
            The external value.

        Returns
        -------
        float
            The internal representation.

        Raises
        ------
        ValueError
            If the value cannot be represented by this distribution.
        """

    @abc.abstractmethod
    def single(self) -> bool:
        """Return whether the distribution holds exactly one value.

        Returns
        -------
        bool
            True if only one value can be drawn.
        """

    @abc.abstractmethod
    def _contains(self, internal: float) -> bool:
        """Return whether an internal value lies inside the distribution."""

    def _asdict(self) -> dict[str, Any]:
        """Return the public settings, in definition order."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def _eq_key(self) -> tuple[Any, ...]:
        return tuple(sorted(self._asdict().items()))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self) and not isinstance(other, BaseDistribution):
            return NotImplemented
        if type(self)._canonical is not type(other)._canonical:
            return False
        # Equal attributes mean equal settings; only unequal ones need the canonical key.
        return self.__dict__ == other.__dict__ or self._eq_key() == other._eq_key()

    def __hash__(self) -> int:
        try:
            return hash((type(self)._canonical, self._eq_key()))
        except TypeError:  # unhashable categorical choices; equal objects still hash equal
            return hash(type(self)._canonical)

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in sorted(self._asdict().items()))
        return f"{type(self).__name__}({fields})"

    # Distributions are immutable, so copies can share the instance (saves deep-copying trials).
    def __copy__(self) -> BaseDistribution:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> BaseDistribution:
        return self


# --------------------------------------------------------------------------- argument checks


def _as_float(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {value!r} ({type(value).__name__}).")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"{name} must be finite; got {name}={value!r}.")
    return result


def _as_int(name: str, value: Any) -> int:
    if type(value) is int:  # the common case, without the slower checks of number ABCs
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be an integer; got {value!r} ({type(value).__name__}).")
    if isinstance(value, numbers.Integral):
        return int(value)
    as_float = float(value)
    if not as_float.is_integer():
        raise ValueError(f"{name} must be an integer; got {name}={value!r}.")
    return int(as_float)


def _as_bool(name: str, value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a bool; got {value!r} ({type(value).__name__}).")
    return bool(value)


def _warn_high_adjusted(old: float, new: float, low: float, step: float) -> None:
    warnings.warn(
        f"The range [low, high] is not divisible by step, so high was lowered from {old!r} to "
        f"{new!r} (low={low!r}, step={step!r}).",
        UserWarning,
        stacklevel=3,
    )


def _adjust_float_high(low: float, high: float, step: float) -> float:
    # Decimal of the shortest repr, so that 0.1-steps behave as written.
    with decimal.localcontext() as ctx:
        ctx.prec = 1200  # enough for any float range divided by any float step
        d_low, d_high, d_step = (decimal.Decimal(repr(v)) for v in (low, high, step))
        n_steps = (d_high - d_low) // d_step
        # A high within float rounding of the next grid point is on the grid (e.g. computed
        # as low + k * step in floats): keeping it also makes the adjustment idempotent.
        if abs(float(d_low + (n_steps + 1) * d_step) - high) <= 1e-9 * step:
            return high
        return float(d_low + n_steps * d_step)


def _to_float_internal(external: Any, owner: BaseDistribution) -> float:
    if isinstance(external, (str, bytes, bytearray)) or external is None:
        raise ValueError(
            f"{type(owner).__name__} expects a real number; got {external!r} "
            f"({type(external).__name__})."
        )
    try:
        internal = float(external)
    except (TypeError, ValueError, OverflowError) as err:
        raise ValueError(
            f"{type(owner).__name__} expects a real number; got {external!r} "
            f"({type(external).__name__})."
        ) from err
    if internal != internal:
        raise ValueError(f"{type(owner).__name__} expects a real number; got NaN.")
    return internal


# --------------------------------------------------------------------------- numeric


class FloatDistribution(BaseDistribution):
    """A float range ``[low, high]``, optionally log-scaled or discretised by ``step``.

    Parameters
    ----------
    low : float
        Lower bound, included.
    high : float
        Upper bound, included. With ``step``, lowered to the last ``low + k * step`` (with a
        ``UserWarning``).
    log : bool, default=False
        Sample on a log scale; needs ``low > 0`` and no ``step``.
    step : float or None, default=None
        Spacing of the allowed values.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``low > high``, a bound is not finite, ``step <= 0``, ``log`` is combined with
        ``step``, or ``log=True`` with ``low <= 0``.

    Examples
    --------
    >>> FloatDistribution(0, 1, step=0.25)
    FloatDistribution(high=1.0, log=False, low=0.0, step=0.25)
    """

    def __init__(
        self, low: float, high: float, log: bool = False, step: float | None = None
    ) -> None:
        low = _as_float("low", low)
        high = _as_float("high", high)
        log = _as_bool("log", log)
        if low > high:
            raise ValueError(f"low must be <= high; got low={low!r}, high={high!r}.")
        if step is not None:
            if log:
                raise ValueError(
                    f"step and log cannot be used together; got step={step!r}, log=True."
                )
            step = _as_float("step", step)
            if step <= 0:
                raise ValueError(f"step must be > 0; got step={step!r}.")
            new_high = _adjust_float_high(low, high, step)
            if new_high != high:
                _warn_high_adjusted(high, new_high, low, step)
                high = new_high
        if log and low <= 0.0:
            raise ValueError(f"low must be > 0 when log=True; got low={low!r}.")
        self.low = low
        self.high = high
        self.log = log
        self.step = step

    @property
    def q(self) -> float:
        """The step of a stepped range, under its 2.x name (``DiscreteUniformDistribution.q``)."""
        if self.step is None:
            raise AttributeError("q is the step of a stepped FloatDistribution; it has none.")
        return self.step

    def to_external_repr(self, internal: float) -> float:
        """Return ``internal`` as a Python float.

        Examples
        --------
        >>> FloatDistribution(0, 1).to_external_repr(0.5)
        0.5
        """
        return float(internal)

    def to_internal_repr(self, external: Any) -> float:
        """Return a real number as a float; raise ``ValueError`` for non-numbers and NaN.

        Examples
        --------
        >>> FloatDistribution(0, 1).to_internal_repr(1)
        1.0
        """
        if type(external) is float and external == external:
            return external
        return _to_float_internal(external, self)

    def single(self) -> bool:
        """Return whether only one value is allowed.

        Examples
        --------
        >>> FloatDistribution(1, 1).single()
        True
        """
        if self.low == self.high:
            return True
        # The tolerance absorbs rounding in high - low (e.g. 0.3 - 0.2 < 0.1).
        return self.step is not None and self.high - self.low < self.step * (1.0 - _GRID_TOL)

    def _contains(self, internal: float) -> bool:
        low = self.low
        if not low <= internal <= self.high:
            return False
        step = self.step
        if step is None:
            return True
        k = (internal - low) / step
        tol = _GRID_TOL + _GRID_ROUNDING_TOL * (abs(low) + abs(self.high)) / step
        return abs(k - round(k)) <= tol

    def _eq_key(self) -> tuple[Any, ...]:
        return (self.low, self.high, self.log, self.step)


class IntDistribution(BaseDistribution):
    """An integer range ``[low, high]`` with spacing ``step``, optionally log-scaled.

    Parameters
    ----------
    low : int
        Lower bound, included. Integral floats and numpy ints are accepted.
    high : int
        Upper bound, included; lowered to the last ``low + k * step`` (with a ``UserWarning``).
    log : bool, default=False
        Sample on a log scale; needs ``low >= 1`` and ``step == 1``.
    step : int, default=1
        Spacing of the allowed values, ``>= 1``.

    Raises
    ------
    TypeError
        If an argument is not a number (or not a bool, for ``log``).
    ValueError
        If a bound or step is not integral, ``low > high``, ``step < 1``, or ``log=True`` with
        ``low < 1`` or ``step != 1``.

    Examples
    --------
    >>> IntDistribution(1, 1024, log=True)
    IntDistribution(high=1024, log=True, low=1, step=1)
    """

    def __init__(self, low: int, high: int, log: bool = False, step: int = 1) -> None:
        low = _as_int("low", low)
        high = _as_int("high", high)
        log = _as_bool("log", log)
        step = _as_int("step", step)
        if low > high:
            raise ValueError(f"low must be <= high; got low={low!r}, high={high!r}.")
        if step < 1:
            raise ValueError(f"step must be >= 1; got step={step!r}.")
        if log and step != 1:
            raise ValueError(f"step must be 1 when log=True; got step={step!r}.")
        if log and low < 1:
            raise ValueError(f"low must be >= 1 when log=True; got low={low!r}.")
        new_high = low + (high - low) // step * step
        if new_high != high:
            _warn_high_adjusted(high, new_high, low, step)
            high = new_high
        self.low = low
        self.high = high
        self.log = log
        self.step = step

    def to_external_repr(self, internal: float) -> int:
        """Return ``internal`` rounded to the nearest int.

        Examples
        --------
        >>> IntDistribution(0, 10).to_external_repr(3.0)
        3
        """
        return int(round(internal))  # noqa: RUF046 - numpy<2 scalars round to floats

    def to_internal_repr(self, external: Any) -> float:
        """Return a real number as a float; raise ``ValueError`` for non-numbers and NaN.

        Examples
        --------
        >>> IntDistribution(0, 10).to_internal_repr(3)
        3.0
        """
        if type(external) is int:
            try:
                return float(external)
            except OverflowError:
                pass
        return _to_float_internal(external, self)

    def single(self) -> bool:
        """Return whether only one value is allowed.

        Examples
        --------
        >>> IntDistribution(0, 3, step=4).single()
        True
        """
        return self.high - self.low < self.step

    def _contains(self, internal: float) -> bool:
        return self.low <= internal <= self.high and (internal - self.low) % self.step == 0

    def _eq_key(self) -> tuple[Any, ...]:
        return (self.low, self.high, self.log, self.step)


# --------------------------------------------------------------------------- categorical


def _choice_key(choice: Any) -> tuple[type, Any]:
    """Return ``(kind, value)``: numpy scalars become Python scalars and NaN a fixed marker.

    Keying by kind keeps ``True``, ``1`` and ``1.0`` apart, although they are ``==``.
    """
    kind = type(choice)
    if kind not in _BASIC_KINDS and isinstance(choice, np.generic):
        choice = choice.item()
        kind = type(choice)
    if kind is float and choice != choice:
        return (float, "nan")
    return (kind, choice)


class CategoricalDistribution(BaseDistribution):
    """A choice among a fixed sequence of values; the internal value is the choice's index.

    Parameters
    ----------
    choices : sequence
        The candidate values, stored as a tuple. Values should be None, bool, int, float or
        str (numpy scalars of those kinds are fine); other values work in memory but cannot
        be saved to persistent storage, and trigger a ``UserWarning``.

    Raises
    ------
    TypeError
        If ``choices`` is a str, a mapping or not a sequence.
    ValueError
        If ``choices`` is empty.

    Notes
    -----
    Lookups tell ``True``, ``1`` and ``1.0`` apart and treat NaN as equal to NaN. When no choice
    of the value's own kind matches, an int value may match an equal float choice and vice
    versa (never a bool).

    Examples
    --------
    >>> d = CategoricalDistribution([1, True, "a", None])
    >>> d.to_internal_repr(True), d.to_external_repr(0.0)
    (1.0, 1)
    """

    def __init__(self, choices: Sequence[CategoricalChoiceType]) -> None:
        if type(choices) not in (list, tuple) and (
            isinstance(choices, (str, bytes, dict))
            or not isinstance(choices, (Sequence, np.ndarray))
        ):
            raise TypeError(
                f"choices must be a sequence (list or tuple) of values; got {choices!r} "
                f"({type(choices).__name__})."
            )
        choices = tuple(choices)
        if not choices:
            raise ValueError(f"choices must contain at least one value; got choices={choices!r}.")
        index: dict[tuple[type, Any], float] = {}
        unhashable: list[int] = []
        keys = []
        odd = []
        for i, choice in enumerate(choices):
            key = _choice_key(choice)
            keys.append(key)
            if key[0] not in _BASIC_KINDS:
                odd.append(choice)
            try:
                index.setdefault(key, float(i))
            except TypeError:
                unhashable.append(i)
        if odd:
            warnings.warn(
                "Categorical choices should be None, bool, int, float or str; these cannot be "
                f"saved to persistent storage: {odd!r}.",
                UserWarning,
                stacklevel=2,
            )
        self.choices = choices
        self._index = index
        self._unhashable = tuple(unhashable)
        self._keys = tuple(keys)

    def to_external_repr(self, internal: float) -> CategoricalChoiceType:
        """Return the choice at index ``internal``.

        Examples
        --------
        >>> CategoricalDistribution(["a", "b"]).to_external_repr(1.0)
        'b'
        """
        return self.choices[int(internal)]

    def to_internal_repr(self, external: Any) -> float:
        """Return the index of the first choice equal to ``external`` (same kind), as a float.

        Raises
        ------
        ValueError
            If ``external`` is not among the choices.

        Examples
        --------
        >>> CategoricalDistribution([1, 1.0, True]).to_internal_repr(1.0)
        1.0
        """
        try:
            return self._index[(type(external), external)]
        except (KeyError, TypeError):
            return self._find_index(external)

    def _find_index(self, external: Any) -> float:
        key = _choice_key(external)
        try:
            return self._index[key]
        except KeyError:
            pass
        except TypeError:  # unhashable value: scan the unhashable choices
            for i in self._unhashable:
                try:
                    if self._keys[i] == key:
                        return float(i)
                except (TypeError, ValueError):  # e.g. arrays, whose == is elementwise
                    continue
        kind, value = key
        if kind is int or kind is float:
            other = (float, value) if kind is int else (int, value)
            if other in self._index:
                return self._index[other]
        raise ValueError(f"{external!r} not in choices {self.choices!r}.")

    def single(self) -> bool:
        """Return whether there is exactly one choice.

        Examples
        --------
        >>> CategoricalDistribution([None]).single()
        True
        """
        return len(self.choices) == 1

    def _contains(self, internal: float) -> bool:
        return 0 <= internal < len(self.choices) and int(internal) == internal

    def _eq_key(self) -> tuple[Any, ...]:
        return self._keys


# --------------------------------------------------------------------------- legacy classes


class _LegacyDistributionMeta(abc.ABCMeta):
    """Lets a new-style distribution count as the legacy class whose settings it matches."""

    def __instancecheck__(cls, instance: Any) -> bool:
        if super().__instancecheck__(instance):
            return True
        return bool(cls._matches(instance))


def _deprecated(old: str, new: str) -> None:
    warnings.warn(
        f"{old} is deprecated; use {new} instead.", HpobenchDeprecationWarning, stacklevel=3
    )


class UniformDistribution(FloatDistribution, metaclass=_LegacyDistributionMeta):
    """Deprecated: use ``FloatDistribution(low, high)``.

    Examples
    --------
    >>> isinstance(FloatDistribution(0, 1), UniformDistribution)
    True
    """

    _canonical = FloatDistribution

    def __init__(self, low: float, high: float) -> None:
        _deprecated("UniformDistribution", "FloatDistribution(low, high)")
        super().__init__(low, high)

    @staticmethod
    def _matches(d: Any) -> bool:
        return isinstance(d, FloatDistribution) and not d.log and d.step is None


class LogUniformDistribution(FloatDistribution, metaclass=_LegacyDistributionMeta):
    """Deprecated: use ``FloatDistribution(low, high, log=True)``.

    Examples
    --------
    >>> isinstance(FloatDistribution(1, 10, log=True), LogUniformDistribution)
    True
    """

    _canonical = FloatDistribution

    def __init__(self, low: float, high: float) -> None:
        _deprecated("LogUniformDistribution", "FloatDistribution(low, high, log=True)")
        super().__init__(low, high, log=True)

    @staticmethod
    def _matches(d: Any) -> bool:
        return isinstance(d, FloatDistribution) and d.log


class DiscreteUniformDistribution(FloatDistribution, metaclass=_LegacyDistributionMeta):
    """Deprecated: use ``FloatDistribution(low, high, step=q)``.

    Examples
    --------
    >>> isinstance(FloatDistribution(0, 1, step=0.5), DiscreteUniformDistribution)
    True
    """

    _canonical = FloatDistribution

    def __init__(self, low: float, high: float, q: float) -> None:
        _deprecated("DiscreteUniformDistribution", "FloatDistribution(low, high, step=q)")
        super().__init__(low, high, step=q)

    @staticmethod
    def _matches(d: Any) -> bool:
        return isinstance(d, FloatDistribution) and d.step is not None


class IntUniformDistribution(IntDistribution, metaclass=_LegacyDistributionMeta):
    """Deprecated: use ``IntDistribution(low, high, step=step)``.

    Examples
    --------
    >>> isinstance(IntDistribution(0, 10), IntUniformDistribution)
    True
    """

    _canonical = IntDistribution

    def __init__(self, low: int, high: int, step: int = 1) -> None:
        _deprecated("IntUniformDistribution", "IntDistribution(low, high, step=step)")
        super().__init__(low, high, step=step)

    @staticmethod
    def _matches(d: Any) -> bool:
        return isinstance(d, IntDistribution) and not d.log


class IntLogUniformDistribution(IntDistribution, metaclass=_LegacyDistributionMeta):
    """Deprecated: use ``IntDistribution(low, high, log=True)``.

    Examples
    --------
    >>> isinstance(IntDistribution(1, 10, log=True), IntLogUniformDistribution)
    True
    """

    _canonical = IntDistribution

    def __init__(self, low: int, high: int, step: int = 1) -> None:
        _deprecated("IntLogUniformDistribution", "IntDistribution(low, high, log=True)")
        super().__init__(low, high, log=True, step=step)

    @staticmethod
    def _matches(d: Any) -> bool:
        return isinstance(d, IntDistribution) and d.log


_LEGACY_CLASSES: tuple[type[BaseDistribution], ...] = (
    UniformDistribution,
    LogUniformDistribution,
    DiscreteUniformDistribution,
    IntUniformDistribution,
    IntLogUniformDistribution,
)


# --------------------------------------------------------------------------- JSON


def _json_choice(choice: Any) -> Any:
    return choice.item() if isinstance(choice, np.generic) else choice


def distribution_to_json(dist: BaseDistribution) -> str:
    """Serialise a distribution to JSON text.

    Legacy classes are written under their new-style name. Floats keep full precision;
    NaN and infinite categorical choices are written as ``NaN`` / ``Infinity``.

    Parameters
    ----------
    dist : BaseDistribution
        The distribution.

    Returns
    -------
    str
        ``{"name": <class name>, "attributes": {...}}``.

    Raises
    ------
    TypeError
        If categorical choices are not JSON-serialisable.

    Examples
    --------
    >>> distribution_to_json(IntDistribution(0, 4, step=2))
    '{"name": "IntDistribution", "attributes": {"low": 0, "high": 4, "log": false, "step": 2}}'
    """
    attributes = dist._asdict()
    if isinstance(dist, CategoricalDistribution):
        attributes = {"choices": [_json_choice(c) for c in dist.choices]}
    payload = {"name": type(dist)._canonical.__name__, "attributes": attributes}
    try:
        return json.dumps(payload)
    except TypeError as err:
        raise TypeError(f"{dist!r} cannot be written as JSON: {err}") from err


def _from_float(a: dict[str, Any]) -> BaseDistribution:
    return FloatDistribution(a["low"], a["high"], log=a.get("log", False), step=a.get("step"))


def _from_int(a: dict[str, Any]) -> BaseDistribution:
    return IntDistribution(a["low"], a["high"], log=a.get("log", False), step=a.get("step", 1))


_JSON_READERS = {
    "FloatDistribution": _from_float,
    "IntDistribution": _from_int,
    "CategoricalDistribution": lambda a: CategoricalDistribution(a["choices"]),
    "UniformDistribution": lambda a: FloatDistribution(a["low"], a["high"]),
    "LogUniformDistribution": lambda a: FloatDistribution(a["low"], a["high"], log=True),
    "DiscreteUniformDistribution": lambda a: FloatDistribution(a["low"], a["high"], step=a["q"]),
    "IntUniformDistribution": lambda a: IntDistribution(
        a["low"], a["high"], step=a.get("step", 1)
    ),
    # Old writers stored a (deprecated, ignored) step here; a log int range has no step.
    "IntLogUniformDistribution": lambda a: IntDistribution(a["low"], a["high"], log=True),
}


@lru_cache(maxsize=4096)
def json_to_distribution(json_str: str) -> BaseDistribution:
    """Read a distribution written by :func:`distribution_to_json` (or by older Optuna).

    Legacy names (``UniformDistribution``, ``IntUniformDistribution``, ...) are read back as
    :class:`FloatDistribution` / :class:`IntDistribution`. Results are cached per text, so
    equal texts give the same (immutable) object.

    Parameters
    ----------
    json_str : str
        The JSON text.

    Returns
    -------
    BaseDistribution
        The distribution.

    Raises
    ------
    ValueError
        If the text is not a distribution or names an unknown class.

    Examples
    --------
    >>> old = '{"name": "UniformDistribution", "attributes": {"low": 0, "high": 1}}'
    >>> json_to_distribution(old)
    FloatDistribution(high=1.0, log=False, low=0.0, step=None)
    """
    try:
        payload = json.loads(json_str)
        name, attributes = payload["name"], payload["attributes"]
    except (TypeError, ValueError, KeyError) as err:
        raise ValueError(f"json_str is not a distribution: {json_str!r}.") from err
    reader = _JSON_READERS.get(name)
    if reader is None:
        raise ValueError(
            f"Unknown distribution name {name!r}; known names are {sorted(_JSON_READERS)}."
        )
    try:
        return reader(attributes)
    except KeyError as err:
        raise ValueError(f"json_str lacks attribute {err} for {name}: {json_str!r}.") from err


# --------------------------------------------------------------------------- helpers


def check_distribution_compatibility(
    dist_old: BaseDistribution, dist_new: BaseDistribution
) -> None:
    """Check that a parameter may switch from ``dist_old`` to ``dist_new``.

    The kind and the log setting must stay; categorical choices must stay. Float and int
    ranges and steps may change (dynamic search spaces).

    Parameters
    ----------
    dist_old, dist_new : BaseDistribution
        The earlier and the later distribution of one parameter.

    Raises
    ------
    ValueError
        If the two are incompatible.

    Examples
    --------
    >>> check_distribution_compatibility(IntDistribution(0, 5), IntDistribution(0, 9))
    """
    if type(dist_old)._canonical is not type(dist_new)._canonical:
        raise ValueError(
            f"A parameter cannot change its distribution kind; got {dist_old!r}, then "
            f"{dist_new!r}."
        )
    if _is_categorical(dist_old) and _is_categorical(dist_new):
        if dist_old.__dict__ != dist_new.__dict__ and dist_old._eq_key() != dist_new._eq_key():
            raise ValueError(
                "A categorical parameter cannot change its choices; got "
                f"{dist_old.choices!r}, then {dist_new.choices!r}."
            )
    elif _is_distribution_log(dist_old) != _is_distribution_log(dist_new):
        raise ValueError(
            f"A parameter cannot change its log setting; got {dist_old!r}, then {dist_new!r}."
        )


def _is_distribution_log(dist: BaseDistribution) -> bool:
    """Return whether ``dist`` is a log-scaled float or int distribution."""
    # Exact types first: isinstance with these ABCs costs a call into abc each time.
    kind = type(dist)
    numeric = kind is FloatDistribution or kind is IntDistribution
    return (numeric or isinstance(dist, (FloatDistribution, IntDistribution))) and dist.log


def _is_categorical(dist: BaseDistribution) -> bool:
    kind = type(dist)
    if kind is CategoricalDistribution:
        return True
    if kind is FloatDistribution or kind is IntDistribution:
        return False
    return isinstance(dist, CategoricalDistribution)


def _get_single_value(dist: BaseDistribution) -> int | float | CategoricalChoiceType:
    """Return the only value of a distribution whose ``single()`` is true."""
    if not dist.single():
        raise ValueError(f"dist must hold a single value; got {dist!r}.")
    if isinstance(dist, (FloatDistribution, IntDistribution)):
        return dist.low
    if isinstance(dist, CategoricalDistribution):
        return dist.choices[0]
    raise TypeError(f"dist has an unknown distribution type; got {dist!r}.")


def _convert_old_distribution_to_new_distribution(
    dist: BaseDistribution, suppress_warning: bool = False
) -> BaseDistribution:
    """Return the new-style equivalent of a legacy distribution (others are returned as is).

    ``suppress_warning`` is accepted for Optuna compatibility; no warning is emitted here.
    """
    if type(dist) not in _LEGACY_CLASSES:
        return dist
    new = object.__new__(type(dist)._canonical)
    new.__dict__.update(dist.__dict__)
    return new
