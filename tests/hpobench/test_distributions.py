"""Tests for hpobench.distributions."""

from __future__ import annotations

import copy
import json
import math
import pickle
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    DiscreteUniformDistribution,
    FloatDistribution,
    IntDistribution,
    IntLogUniformDistribution,
    IntUniformDistribution,
    LogUniformDistribution,
    UniformDistribution,
    _convert_old_distribution_to_new_distribution,
    _get_single_value,
    _is_distribution_log,
    check_distribution_compatibility,
    distribution_to_json,
    json_to_distribution,
)
from hpobench.exceptions import HpobenchDeprecationWarning

FAST = settings(max_examples=60, deadline=None)


def _quiet(factory: Any, *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return factory(*args, **kwargs)


def _same_choice(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


# --------------------------------------------------------------------------- strategies


@st.composite
def float_dists(draw: st.DrawFn) -> FloatDistribution:
    kind = draw(st.sampled_from(["linear", "log", "step"]))
    if kind == "log":
        low = draw(st.floats(1e-8, 1e6))
        return FloatDistribution(low, low * draw(st.floats(1.0, 1e6)), log=True)
    low = draw(st.floats(-1e4, 1e4))
    if kind == "linear":
        return FloatDistribution(low, low + draw(st.floats(0.0, 1e4)))
    step = draw(st.one_of(st.sampled_from([0.1, 0.01, 0.25, 1.0, 0.3]), st.floats(1e-3, 1e3)))
    width = (draw(st.integers(0, 1000)) + draw(st.floats(0.0, 0.999))) * step
    return _quiet(FloatDistribution, low, low + width, step=step)


@st.composite
def int_dists(draw: st.DrawFn) -> IntDistribution:
    if draw(st.booleans()):
        low = draw(st.integers(1, 10**6))
        return IntDistribution(low, low + draw(st.integers(0, 10**6)), log=True)
    low = draw(st.integers(-(10**6), 10**6))
    step = draw(st.integers(1, 100))
    high = low + draw(st.integers(0, 1000)) * step + draw(st.integers(0, step - 1))
    return _quiet(IntDistribution, low, high, step=step)


choice_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
)
categorical_dists = st.lists(choice_values, min_size=1, max_size=8).map(CategoricalDistribution)
any_dists = st.one_of(float_dists(), int_dists(), categorical_dists)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"low": 1.0, "high": 0.0}, ValueError, r"low must be <= high; got low=1.0, high=0.0"),
        ({"low": 0.0, "high": 1.0, "log": True}, ValueError, r"low must be > 0 .*low=0.0"),
        ({"low": -1.0, "high": 1.0, "log": True}, ValueError, r"low must be > 0 .*low=-1.0"),
        ({"low": 1, "high": 2, "log": True, "step": 0.5}, ValueError, r"step and log .*step=0.5"),
        ({"low": 0, "high": 1, "step": 0}, ValueError, r"step must be > 0; got step=0.0"),
        ({"low": 0, "high": 1, "step": -0.1}, ValueError, r"step must be > 0; got step=-0.1"),
        ({"low": math.nan, "high": 1.0}, ValueError, r"low must be finite; got low=nan"),
        ({"low": 0.0, "high": math.inf}, ValueError, r"high must be finite; got high=inf"),
        ({"low": -math.inf, "high": 0.0}, ValueError, r"low must be finite"),
        ({"low": 0, "high": 1, "step": math.nan}, ValueError, r"step must be finite"),
        ({"low": "0", "high": 1}, TypeError, r"low must be a real number; got '0'"),
        ({"low": 0, "high": None}, TypeError, r"high must be a real number; got None"),
        ({"low": True, "high": 2}, TypeError, r"low must be a real number"),
        ({"low": 0, "high": 1, "log": "yes"}, TypeError, r"log must be a bool; got 'yes'"),
    ],
)
def test_float_validation(kwargs: dict[str, Any], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        FloatDistribution(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"low": 5, "high": 1}, ValueError, r"low must be <= high; got low=5, high=1"),
        ({"low": 1.5, "high": 3}, ValueError, r"low must be an integer; got low=1.5"),
        ({"low": 1, "high": 3.5}, ValueError, r"high must be an integer; got high=3.5"),
        ({"low": math.nan, "high": 3}, ValueError, r"low must be an integer; got low=nan"),
        ({"low": "1", "high": 3}, TypeError, r"low must be an integer; got '1'"),
        ({"low": False, "high": 3}, TypeError, r"low must be an integer"),
        ({"low": 0, "high": 3, "step": 0}, ValueError, r"step must be >= 1; got step=0"),
        ({"low": 0, "high": 3, "step": -2}, ValueError, r"step must be >= 1; got step=-2"),
        ({"low": 0, "high": 3, "step": 1.5}, ValueError, r"step must be an integer; got step=1.5"),
        ({"low": 0, "high": 9, "log": True}, ValueError, r"low must be >= 1 when log=True.*low=0"),
        ({"low": 1, "high": 9, "log": True, "step": 2}, ValueError, r"step must be 1 .*step=2"),
        ({"low": 1, "high": 9, "log": 1}, TypeError, r"log must be a bool; got 1"),
    ],
)
def test_int_validation(kwargs: dict[str, Any], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        IntDistribution(**kwargs)


def test_int_accepts_integral_floats_and_numpy_ints() -> None:
    d = IntDistribution(np.int64(1), 10.0, log=np.bool_(True), step=np.int32(1))
    assert (d.low, d.high, d.log, d.step) == (1, 10, True, 1)
    assert all(type(v) is int for v in (d.low, d.high, d.step))
    assert type(d.log) is bool


def test_float_converts_bounds_to_float() -> None:
    d = FloatDistribution(np.int64(0), np.float32(2.0), step=1)
    assert (d.low, d.high, d.step) == (0.0, 2.0, 1.0)
    assert all(type(v) is float for v in (d.low, d.high, d.step))


@pytest.mark.parametrize("choices", ["abc", b"ab", {"a": 1}, {1, 2}, (x for x in [1]), 3, None])
def test_categorical_rejects_non_sequences(choices: Any) -> None:
    with pytest.raises(TypeError, match="choices must be a sequence"):
        CategoricalDistribution(choices)


def test_categorical_rejects_empty() -> None:
    with pytest.raises(ValueError, match=r"choices must contain at least one value.*\(\)"):
        CategoricalDistribution([])


def test_categorical_warns_for_unstorable_choices() -> None:
    with pytest.warns(UserWarning, match=r"persistent storage: \[\[1, 2\], <class 'object'>\]"):
        d = CategoricalDistribution([1, [1, 2], object])
    assert d.to_internal_repr([1, 2]) == 1.0
    assert d.to_internal_repr(object) == 2.0


def test_categorical_accepts_numpy_without_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = CategoricalDistribution(np.array([1, 2, 3]))
        e = CategoricalDistribution([np.float64(0.5), np.bool_(True), np.str_("a")])
    assert d.choices == (1, 2, 3) and isinstance(d.choices[0], np.int64)
    assert d.to_internal_repr(2) == 1.0
    assert e.to_internal_repr(True) == 1.0 and e.to_internal_repr("a") == 2.0
    assert json_to_distribution(distribution_to_json(e)) == e


# --------------------------------------------------------------------------- step grid


def test_float_high_adjusted_with_warning() -> None:
    with pytest.warns(UserWarning, match=r"high was lowered from 1.05 to 1.0 \(low=0.0, step=0.1"):
        d = FloatDistribution(0, 1.05, step=0.1)
    assert d.high == 1.0


def test_int_high_adjusted_with_warning() -> None:
    with pytest.warns(UserWarning, match=r"high was lowered from 10 to 9 \(low=0, step=3\)"):
        d = IntDistribution(0, 10, step=3)
    assert d.high == 9


@pytest.mark.parametrize(
    ("low", "high", "step"), [(0, 1, 0.1), (0.1, 0.7, 0.2), (-1, 1, 0.05), (0, 0.3, 0.1)]
)
def test_decimal_steps_keep_high(low: float, high: float, step: float) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = FloatDistribution(low, high, step=step)
    assert d.high == high
    assert d._contains(high)


@FAST
@given(float_dists())
def test_float_step_adjustment_is_idempotent(d: FloatDistribution) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = FloatDistribution(d.low, d.high, log=d.log, step=d.step)
    assert again == d


# --------------------------------------------------------------------------- reprs


def test_repr_sorts_fields() -> None:
    assert (
        repr(FloatDistribution(0, 1))
        == "FloatDistribution(high=1.0, log=False, low=0.0, step=None)"
    )
    assert (
        repr(IntDistribution(0, 4, step=2)) == "IntDistribution(high=4, log=False, low=0, step=2)"
    )
    assert (
        repr(CategoricalDistribution([None, "a"]))
        == "CategoricalDistribution(choices=(None, 'a'))"
    )


@pytest.mark.parametrize("value", ["1.0", None, [1.0], object(), b"1", 10**400])
@pytest.mark.parametrize("dist", [FloatDistribution(0, 1), IntDistribution(0, 1)])
def test_numeric_to_internal_rejects_non_numbers(dist: BaseDistribution, value: Any) -> None:
    with pytest.raises(ValueError, match=rf"{type(dist).__name__} expects a real number"):
        dist.to_internal_repr(value)


@pytest.mark.parametrize("dist", [FloatDistribution(0, 1), IntDistribution(0, 1)])
def test_numeric_to_internal_rejects_nan(dist: BaseDistribution) -> None:
    with pytest.raises(ValueError, match="got NaN"):
        dist.to_internal_repr(math.nan)
    with pytest.raises(ValueError, match="got NaN"):
        dist.to_internal_repr(np.float32("nan"))


def test_numeric_to_internal_accepts_numpy_scalars() -> None:
    assert FloatDistribution(0, 1).to_internal_repr(np.float32(0.5)) == 0.5
    assert type(FloatDistribution(0, 1).to_internal_repr(np.int8(1))) is float
    assert IntDistribution(0, 9).to_internal_repr(np.int64(3)) == 3.0
    assert IntDistribution(0, 9).to_external_repr(np.float64(2.9999999999)) == 3
    assert type(IntDistribution(0, 9).to_external_repr(np.float64(3.0))) is int
    assert type(FloatDistribution(0, 9).to_external_repr(np.float64(3.0))) is float


# --------------------------------------------------------------------------- properties


@FAST
@given(any_dists)
def test_json_round_trip(d: BaseDistribution) -> None:
    text = distribution_to_json(d)
    back = json_to_distribution(text)
    assert back == d
    assert hash(back) == hash(d)
    assert repr(back) == repr(d)
    assert json.loads(text)["name"] == type(d).__name__
    if isinstance(d, CategoricalDistribution):
        assert isinstance(back, CategoricalDistribution)
        assert all(_same_choice(a, b) for a, b in zip(d.choices, back.choices, strict=True))


@FAST
@given(st.data(), st.one_of(float_dists(), int_dists()))
def test_numeric_internal_round_trip_and_grid(data: st.DataObject, d: BaseDistribution) -> None:
    assert isinstance(d, (FloatDistribution, IntDistribution))
    assert d.low <= d.high
    assert d._contains(d.to_internal_repr(d.low)) and d._contains(d.to_internal_repr(d.high))
    assert not d._contains(d.high + max(1.0, abs(d.high)) * 1e-6)
    assert not d._contains(d.low - max(1.0, abs(d.low)) * 1e-6)
    if isinstance(d, IntDistribution) or d.step is not None:
        step = d.step
        n = round((d.high - d.low) / step)
        k = data.draw(st.integers(0, n))
        x = min(d.low + k * step, d.high)
        ext = d.to_external_repr(d.to_internal_repr(x))
        assert ext == x and type(ext) is type(d.low)
        assert d._contains(d.to_internal_repr(x))
        if k < n:
            assert not d._contains(d.low + (k + 0.5) * step)
        assert d.single() == (n == 0)
    else:
        x = data.draw(st.floats(d.low, d.high))
        assert d.to_external_repr(d.to_internal_repr(x)) == x
        assert d._contains(x)
        assert d.single() == (d.low == d.high)


@FAST
@given(categorical_dists)
def test_categorical_internal_round_trip(d: CategoricalDistribution) -> None:
    for i, choice in enumerate(d.choices):
        index = d.to_internal_repr(choice)
        assert type(index) is float and index <= i and d._contains(index)
        assert _same_choice(d.to_external_repr(index), choice)
        assert d._contains(float(i))
    assert not d._contains(float(len(d.choices)))
    assert not d._contains(-1.0)
    assert d.single() == (len(d.choices) == 1)


# --------------------------------------------------------------------------- categorical


def test_categorical_distinguishes_true_one_and_one_point_zero() -> None:
    d = CategoricalDistribution([1, 1.0, True, 0, False, 0.0])
    assert [d.to_internal_repr(v) for v in (1, 1.0, True, 0, False, 0.0)] == [0, 1, 2, 3, 4, 5]
    assert type(d.to_external_repr(2.0)) is bool
    assert CategoricalDistribution([1]) != CategoricalDistribution([True])
    assert CategoricalDistribution([1]) != CategoricalDistribution([1.0])
    with pytest.raises(ValueError, match=r"True not in choices \(1, 2\)"):
        CategoricalDistribution([1, 2]).to_internal_repr(True)
    with pytest.raises(ValueError, match=r"1 not in choices \(True, False\)"):
        CategoricalDistribution([True, False]).to_internal_repr(1)


def test_categorical_int_float_fallback() -> None:
    assert CategoricalDistribution([16, 32]).to_internal_repr(32.0) == 1.0
    assert CategoricalDistribution([0.5, 2.0]).to_internal_repr(2) == 1.0
    assert CategoricalDistribution([2.0, 2]).to_internal_repr(2) == 1.0


def test_categorical_duplicates_keep_first() -> None:
    assert CategoricalDistribution(["a", "b", "a"]).to_internal_repr("a") == 0.0


def test_categorical_nan() -> None:
    d = CategoricalDistribution([1.0, math.nan, "nan"])
    assert d.to_internal_repr(float("nan")) == 1.0
    assert d.to_internal_repr(np.float64("nan")) == 1.0
    assert d.to_internal_repr("nan") == 2.0
    assert d == CategoricalDistribution([1.0, float("nan"), "nan"])
    assert hash(d) == hash(CategoricalDistribution([1.0, float("nan"), "nan"]))
    text = distribution_to_json(d)
    assert math.isnan(json_to_distribution(text).choices[1])  # type: ignore[attr-defined]


def test_categorical_not_in_choices_message() -> None:
    with pytest.raises(ValueError, match=r"'c' not in choices \('a', 'b'\)"):
        CategoricalDistribution(["a", "b"]).to_internal_repr("c")
    with pytest.raises(ValueError, match=r"\[1\] not in choices"):
        CategoricalDistribution(["a", "b"]).to_internal_repr([1])


@pytest.mark.parametrize("index", [0.5, -1.0, 3.0, math.nan, math.inf])
def test_categorical_contains_rejects(index: float) -> None:
    assert not CategoricalDistribution(["a", "b", "c"])._contains(index)


# --------------------------------------------------------------------------- grids, single


@pytest.mark.parametrize(
    ("dist", "inside", "outside"),
    [
        (FloatDistribution(0, 1), [0.0, 0.3, 1.0], [-1e-12, 1.0 + 1e-12, math.nan]),
        (FloatDistribution(0, 1, step=0.1), [0.0, 0.1 * 3, 0.7, 1.0], [0.05, 0.31, 1.1]),
        (FloatDistribution(1e-3, 1, log=True), [1e-3, 0.5, 1.0], [0.0, 1e-4]),
        (IntDistribution(0, 10, step=2), [0.0, 4.0, 10.0], [3.0, 4.5, 12.0, -2.0, math.nan]),
        (IntDistribution(1, 100, log=True), [1.0, 37.0, 100.0], [0.0, 2.5, 101.0]),
    ],
)
def test_contains(dist: BaseDistribution, inside: list[float], outside: list[float]) -> None:
    assert all(dist._contains(x) for x in inside)
    assert not any(dist._contains(x) for x in outside)


@pytest.mark.parametrize(
    ("dist", "single"),
    [
        (FloatDistribution(1.5, 1.5), True),
        (FloatDistribution(1.5, 1.6), False),
        (FloatDistribution(0.2, 0.3, step=0.1), False),
        (_quiet(FloatDistribution, 0.2, 0.29, step=0.1), True),
        (IntDistribution(3, 3), True),
        (_quiet(IntDistribution, 0, 3, step=4), True),
        (IntDistribution(0, 4, step=4), False),
        (CategoricalDistribution(["x"]), True),
        (CategoricalDistribution(["x", "y"]), False),
    ],
)
def test_single(dist: BaseDistribution, single: bool) -> None:
    assert dist.single() is single


def test_get_single_value() -> None:
    assert _get_single_value(FloatDistribution(2, 2)) == 2.0
    assert _get_single_value(IntDistribution(4, 4)) == 4
    assert _get_single_value(CategoricalDistribution([None])) is None
    with pytest.raises(ValueError, match="dist must hold a single value"):
        _get_single_value(IntDistribution(0, 1))


def test_is_distribution_log() -> None:
    assert _is_distribution_log(FloatDistribution(1, 2, log=True))
    assert _is_distribution_log(IntDistribution(1, 2, log=True))
    assert not _is_distribution_log(FloatDistribution(1, 2))
    assert not _is_distribution_log(CategoricalDistribution([1]))


# --------------------------------------------------------------------------- legacy


LEGACY_CASES = [
    (lambda: UniformDistribution(0, 1), FloatDistribution(0, 1), "FloatDistribution"),
    (lambda: LogUniformDistribution(1, 9), FloatDistribution(1, 9, log=True), "log=True"),
    (
        lambda: DiscreteUniformDistribution(0, 1, 0.25),
        FloatDistribution(0, 1, step=0.25),
        "step=q",
    ),
    (lambda: IntUniformDistribution(0, 8, 2), IntDistribution(0, 8, step=2), "IntDistribution"),
    (lambda: IntLogUniformDistribution(1, 8), IntDistribution(1, 8, log=True), "log=True"),
]


@pytest.mark.parametrize(("make", "new", "replacement"), LEGACY_CASES)
def test_legacy_constructors(make: Any, new: BaseDistribution, replacement: str) -> None:
    with pytest.warns(HpobenchDeprecationWarning, match=rf"deprecated; use .*{replacement}"):
        old = make()
    assert old == new and new == old
    assert hash(old) == hash(new)
    assert isinstance(old, type(new))
    converted = _convert_old_distribution_to_new_distribution(old)
    assert type(converted) is type(new) and converted == new
    assert _convert_old_distribution_to_new_distribution(new) is new
    assert json_to_distribution(distribution_to_json(old)) == new
    check_distribution_compatibility(old, new)


def test_discrete_uniform_q() -> None:
    with pytest.warns(HpobenchDeprecationWarning):
        d = DiscreteUniformDistribution(0, 1, q=0.5)
    assert d.q == 0.5 == d.step


@pytest.mark.parametrize(
    ("dist", "legacy_class"),
    [
        (FloatDistribution(-10, 10), UniformDistribution),
        (FloatDistribution(1, 10, log=True), LogUniformDistribution),
        (FloatDistribution(0, 1, step=0.5), DiscreteUniformDistribution),
        (IntDistribution(0, 10), IntUniformDistribution),
        (IntDistribution(0, 10, step=2), IntUniformDistribution),
        (IntDistribution(1, 10, log=True), IntLogUniformDistribution),
    ],
)
def test_isinstance_bridge(dist: BaseDistribution, legacy_class: type) -> None:
    legacy = [
        UniformDistribution,
        LogUniformDistribution,
        DiscreteUniformDistribution,
        IntUniformDistribution,
        IntLogUniformDistribution,
    ]
    assert [isinstance(dist, cls) for cls in legacy] == [cls is legacy_class for cls in legacy]
    assert not isinstance(CategoricalDistribution([1]), UniformDistribution)
    assert not isinstance(1.0, UniformDistribution)


def _json(name: str, **attributes: Any) -> str:
    return json.dumps({"name": name, "attributes": attributes})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_json("UniformDistribution", low=0, high=1), FloatDistribution(0, 1)),
        (_json("LogUniformDistribution", low=1e-5, high=1), FloatDistribution(1e-5, 1, log=True)),
        (
            _json("DiscreteUniformDistribution", low=0, high=1, q=0.1),
            FloatDistribution(0, 1, step=0.1),
        ),
        (
            _json("IntUniformDistribution", low=0, high=10, step=2),
            IntDistribution(0, 10, step=2),
        ),
        (_json("IntUniformDistribution", low=0, high=10), IntDistribution(0, 10)),
        (
            _json("IntLogUniformDistribution", low=1, high=9, step=1),
            IntDistribution(1, 9, log=True),
        ),
        (
            _json("CategoricalDistribution", choices=[None, True, 1, 1.0, "a"]),
            CategoricalDistribution([None, True, 1, 1.0, "a"]),
        ),
    ],
)
def test_legacy_json_reads_as_new_classes(text: str, expected: BaseDistribution) -> None:
    d = json_to_distribution(text)
    assert type(d) is type(expected) and d == expected


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (
            '{"name": "BetaDistribution", "attributes": {}}',
            r"Unknown distribution name 'Beta.*Float",
        ),
        ('{"name": "FloatDistribution"}', r"json_str is not a distribution"),
        ("not json", r"json_str is not a distribution"),
        ('{"name": "FloatDistribution", "attributes": {"low": 0}}', r"lacks attribute 'high'"),
    ],
)
def test_json_errors(text: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        json_to_distribution(text)


def test_json_is_exact_for_floats() -> None:
    d = FloatDistribution(0.1 + 0.2, 1 / 3)
    assert json_to_distribution(distribution_to_json(d)).low == 0.1 + 0.2


def test_json_rejects_unserialisable_choices() -> None:
    d = _quiet(CategoricalDistribution, [object()])
    with pytest.raises(TypeError, match="cannot be written as JSON"):
        distribution_to_json(d)


# --------------------------------------------------------------------------- compatibility


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (FloatDistribution(0, 1), FloatDistribution(-5, 5)),
        (FloatDistribution(0, 1), FloatDistribution(0, 1, step=0.5)),
        (IntDistribution(0, 10), IntDistribution(0, 20, step=2)),
        (IntDistribution(1, 10, log=True), IntDistribution(2, 30, log=True)),
        (CategoricalDistribution(["a", math.nan]), CategoricalDistribution(["a", float("nan")])),
    ],
)
def test_compatible(old: BaseDistribution, new: BaseDistribution) -> None:
    check_distribution_compatibility(old, new)


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        (FloatDistribution(0, 1), IntDistribution(0, 1), "distribution kind"),
        (IntDistribution(0, 1), CategoricalDistribution([0, 1]), "distribution kind"),
        (FloatDistribution(1, 2), FloatDistribution(1, 2, log=True), "log setting"),
        (IntDistribution(1, 2, log=True), IntDistribution(1, 2), "log setting"),
        (CategoricalDistribution(["a"]), CategoricalDistribution(["a", "b"]), "choices"),
        (CategoricalDistribution([1]), CategoricalDistribution([True]), "choices"),
    ],
)
def test_incompatible(old: BaseDistribution, new: BaseDistribution, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        check_distribution_compatibility(old, new)


# --------------------------------------------------------------------------- value semantics


def test_equality_and_hash() -> None:
    assert FloatDistribution(0, 1) == FloatDistribution(0.0, 1.0)
    assert FloatDistribution(0, 1) != FloatDistribution(0, 1, step=0.5)
    assert FloatDistribution(0, 1) != IntDistribution(0, 1)
    assert FloatDistribution(0, 1) != "FloatDistribution(0, 1)"
    assert len({FloatDistribution(0, 1), FloatDistribution(0, 1), IntDistribution(0, 1)}) == 2
    assert CategoricalDistribution((1, 2)) == CategoricalDistribution([1, 2])
    unhashable = _quiet(CategoricalDistribution, [[1], [2]])
    assert hash(unhashable) == hash(_quiet(CategoricalDistribution, [[1], [2]]))


@pytest.mark.parametrize(
    "dist",
    [
        FloatDistribution(0, 1, step=0.5),
        IntDistribution(1, 9, log=True),
        CategoricalDistribution([None, 1]),
    ],
)
def test_copy_and_pickle(dist: BaseDistribution) -> None:
    assert copy.deepcopy(dist) == dist and copy.copy(dist) == dist
    back = pickle.loads(pickle.dumps(dist))
    assert back == dist and back.to_internal_repr(back.to_external_repr(0.0)) == 0.0


def test_step_high_computed_in_floats_stays_on_the_grid():
    low = -57.70896897637385
    high = low + 29 * 1.0  # float rounding puts this a hair off the exact decimal grid
    dist = FloatDistribution(low, high, step=1.0)
    assert dist.high == high
    assert dist._contains(dist.to_internal_repr(high))
