"""Conformance cases for storage backends: the whole :class:`BaseStorage` contract.

Every backend's test module runs the same cases by subclassing :class:`StorageTests` and
providing a ``storage`` fixture. The cases use the public storage interface only, and every
attribute value they store is JSON-serialisable, so that persistent backends (which keep
JSON) must pass them unchanged.

Examples
--------
A backend's test module::

    import pytest

    from hpobench.storages import InMemoryStorage
    from hpobench.testing.storages import StorageTests


    class TestInMemoryStorage(StorageTests):
        @pytest.fixture
        def storage(self):
            return InMemoryStorage()
"""

from __future__ import annotations

import copy
import datetime
import json
import math
import threading
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.exceptions import DuplicatedStudyError, UpdateFinishedTrialError
from hpobench.storages._base import DEFAULT_STUDY_NAME_PREFIX, BaseStorage
from hpobench.study._study_direction import StudyDirection
from hpobench.trial._create import create_trial
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

__all__ = ["NASTY_STRINGS", "StorageTests", "assert_strings_stored_verbatim"]

_MIN = StudyDirection.MINIMIZE
_MAX = StudyDirection.MAXIMIZE
_FINISHED_STATES = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL)

#: Names and keys that break naive quoting, encodings or LIKE patterns. No NUL character:
#: PostgreSQL text cannot hold one.
NASTY_STRINGS: tuple[str, ...] = (
    "'; DROP TABLE studies; --",
    'say "hi"',
    "it's",
    "back\\slash",
    "`backtick`",
    "100% _like_ pattern",
    "semi;colon",
    "line\nbreak\ttab",
    "  padded  ",
    "日本語の名前",
    "émigré Ωμέγα",
    "rocket 🚀 emoji",
    "שלום right-to-left",
    "combining é",
    "{json: [1, 2]}",
    "$1 ? :name %s",
)


def assert_strings_stored_verbatim(
    storage: BaseStorage, strings: Sequence[str] = NASTY_STRINGS
) -> None:
    """Store each string as a study name, attribute key and value, and parameter name.

    Asserts that every one reads back exactly as written, which catches quoting, escaping
    and encoding bugs of persistent backends.

    Parameters
    ----------
    storage : BaseStorage
        The storage under test; one study per string is created in it.
    strings : sequence of str, default=NASTY_STRINGS
        The strings to try; they must be distinct.

    Raises
    ------
    AssertionError
        When a string does not come back verbatim.

    Examples
    --------
    >>> from hpobench.storages import InMemoryStorage
    >>> assert_strings_stored_verbatim(InMemoryStorage())
    """
    dist = FloatDistribution(0.0, 1.0)
    study_ids = {}
    for text in strings:
        study_id = storage.create_new_study([_MIN], study_name=text)
        study_ids[text] = study_id
        storage.set_study_user_attr(study_id, text, text)
        storage.set_study_system_attr(study_id, text, [text])
        trial_id = storage.create_new_trial(study_id)
        storage.set_trial_param(trial_id, text, 0.5, dist)
        storage.set_trial_user_attr(trial_id, text, {text: text})
        storage.set_trial_system_attr(trial_id, text, text)

    for text, study_id in study_ids.items():
        assert storage.get_study_id_from_name(text) == study_id, text
        assert storage.get_study_name_from_id(study_id) == text
        assert storage.get_study_user_attrs(study_id) == {text: text}
        assert storage.get_study_system_attrs(study_id) == {text: [text]}
        (trial,) = storage.get_all_trials(study_id)
        assert trial.params == {text: 0.5}
        assert trial.distributions == {text: dist}
        assert trial.user_attrs == {text: {text: text}}
        assert trial.system_attrs == {text: text}
    names = {s.study_name for s in storage.get_all_studies()}
    assert set(strings) <= names


# -- helpers --------------------------------------------------------------------------------


def _new_study(storage: BaseStorage, *directions: StudyDirection) -> int:
    return storage.create_new_study(list(directions) or [_MIN])


def _finish(
    storage: BaseStorage,
    trial_id: int,
    state: TrialState = TrialState.COMPLETE,
    values: Sequence[float] | None = None,
) -> None:
    assert storage.set_trial_state_values(trial_id, state, values) is True


def _complete_trial(
    storage: BaseStorage, study_id: int, value: float, *, constraint: float | None = None
) -> int:
    trial_id = storage.create_new_trial(study_id)
    if constraint is not None:
        storage.set_trial_system_attr(trial_id, "constraints:c0", constraint)
    _finish(storage, trial_id, TrialState.COMPLETE, [value])
    return trial_id


def _waiting_trial(storage: BaseStorage, study_id: int, **user_attrs: Any) -> int:
    template = create_trial(state=TrialState.WAITING, user_attrs=user_attrs)
    return storage.create_new_trial(study_id, template_trial=template)


def _same_json(got: Any, expected: Any) -> bool:
    """Equal as JSON text: tells ``True`` from ``1`` and ``1.0`` from ``1``."""
    return json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)


def _near(got: datetime.datetime | None, expected: datetime.datetime | None) -> bool:
    # Some databases keep datetimes to the second only.
    assert got is not None and expected is not None
    return abs(got - expected) <= datetime.timedelta(seconds=1)


def _run_in_threads(n_threads: int, work: Callable[[], Any]) -> list[Any]:
    """Run ``work`` in ``n_threads`` threads released together; return their results."""
    barrier = threading.Barrier(n_threads)

    def start() -> Any:
        barrier.wait(timeout=10)
        return work()

    with ThreadPoolExecutor(max_workers=n_threads) as pool:
        futures = [pool.submit(start) for _ in range(n_threads)]
        return [f.result(timeout=60) for f in futures]


# -- hypothesis strategies ------------------------------------------------------------------

_TEXT = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=12)
_KEYS = st.sampled_from(NASTY_STRINGS) | _TEXT
_JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _KEYS
)
_JSON_VALUES = st.recursive(
    _JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_KEYS, children, max_size=4),
    max_leaves=12,
)
_CHOICES = (
    st.none()
    | st.booleans()
    | st.integers(-1000, 1000)
    | st.floats(-1e6, 1e6, allow_nan=False)
    | _KEYS
)


@st.composite
def _distribution_and_internal(draw: st.DrawFn) -> tuple[BaseDistribution, float]:
    """Draw a distribution of any kind and an internal value inside it."""
    kind = draw(
        st.sampled_from(
            ["float", "float_log", "float_step", "int", "int_log", "int_step", "categorical"]
        )
    )
    if kind == "categorical":
        choices = draw(
            st.lists(_CHOICES, min_size=1, max_size=6, unique_by=lambda c: (type(c), c))
        )
        return CategoricalDistribution(choices), float(draw(st.integers(0, len(choices) - 1)))
    if kind.startswith("int"):
        if kind == "int_log":
            low = draw(st.integers(1, 1000))
            dist = IntDistribution(low, low + draw(st.integers(0, 10**6)), log=True)
        else:
            low = draw(st.integers(-(10**6), 10**6))
            step = draw(st.integers(2, 10)) if kind == "int_step" else 1
            dist = IntDistribution(low, low + step * draw(st.integers(0, 1000)), step=step)
        k = draw(st.integers(0, (dist.high - dist.low) // dist.step))
        return dist, float(dist.low + k * dist.step)
    if kind == "float_step":
        low = draw(st.floats(-100.0, 100.0))
        step = draw(st.sampled_from([0.001, 0.1, 0.25, 0.5, 1.0, 2.5]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # rounding may lower high a little
            dist = FloatDistribution(low, low + step * draw(st.integers(0, 100)), step=step)
        return dist, min(dist.low + step * draw(st.integers(0, 100)), dist.high)
    if kind == "float_log":
        low = draw(st.floats(1e-8, 1e3))
        dist = FloatDistribution(low, low * draw(st.floats(1.0, 1e6)), log=True)
    else:
        low = draw(st.floats(-1e6, 1e6))
        dist = FloatDistribution(low, low + draw(st.floats(0.0, 1e6)))
    return dist, draw(st.floats(dist.low, dist.high))


_PROPERTY_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.differing_executors],
)

# (distribution, internal value, external value) for the param tests.
_PARAM_CASES = [
    pytest.param(FloatDistribution(-1.0, 1.0), 0.25, 0.25, id="float"),
    pytest.param(FloatDistribution(1e-5, 1.0, log=True), 1e-3, 1e-3, id="float-log"),
    pytest.param(FloatDistribution(0.0, 1.0, step=0.1), 0.3, 0.3, id="float-step"),
    pytest.param(IntDistribution(-5, 5), 3.0, 3, id="int"),
    pytest.param(IntDistribution(1, 1024, log=True), 64.0, 64, id="int-log"),
    pytest.param(IntDistribution(0, 10, step=2), 4.0, 4, id="int-step"),
    pytest.param(CategoricalDistribution(["a", None, True, 2, 2.5]), 0.0, "a", id="cat-str"),
    pytest.param(CategoricalDistribution(["a", None, True, 2, 2.5]), 1.0, None, id="cat-none"),
    pytest.param(CategoricalDistribution(["a", None, True, 2, 2.5]), 2.0, True, id="cat-bool"),
    pytest.param(CategoricalDistribution(["a", None, True, 2, 2.5]), 3.0, 2, id="cat-int"),
    pytest.param(CategoricalDistribution(["a", None, True, 2, 2.5]), 4.0, 2.5, id="cat-float"),
    pytest.param(CategoricalDistribution([1, True, 1.0]), 1.0, True, id="cat-bool-vs-1"),
]

# Pairs of distributions one parameter may not switch between.
_INCOMPATIBLE = [
    pytest.param(
        FloatDistribution(0.0, 1.0), CategoricalDistribution([0.0, 1.0]), id="float-then-cat"
    ),
    pytest.param(FloatDistribution(0.0, 10.0), IntDistribution(0, 10), id="float-then-int"),
    pytest.param(
        FloatDistribution(0.1, 1.0), FloatDistribution(0.1, 1.0, log=True), id="log-changes"
    ),
    pytest.param(
        CategoricalDistribution(["a", "b"]),
        CategoricalDistribution(["a", "c"]),
        id="choices-change",
    ),
]

# Writes to a trial, each of which a finished trial must refuse.
_TRIAL_WRITES: list[Any] = [
    pytest.param(
        lambda s, t: s.set_trial_param(t, "y", 0.5, FloatDistribution(0.0, 1.0)), id="param"
    ),
    pytest.param(lambda s, t: s.set_trial_state_values(t, TrialState.COMPLETE, [2.0]), id="done"),
    pytest.param(lambda s, t: s.set_trial_state_values(t, TrialState.FAIL), id="fail"),
    pytest.param(lambda s, t: s.set_trial_state_values(t, TrialState.RUNNING), id="running"),
    pytest.param(lambda s, t: s.set_trial_intermediate_value(t, 5, 1.0), id="intermediate"),
    pytest.param(lambda s, t: s.set_trial_user_attr(t, "k", 1), id="user-attr"),
    pytest.param(lambda s, t: s.set_trial_system_attr(t, "k", 1), id="system-attr"),
]

# Calls that take a study id, each of which must raise KeyError for an unknown one.
_STUDY_CALLS: list[Any] = [
    pytest.param(lambda s, i: s.get_study_name_from_id(i), id="name"),
    pytest.param(lambda s, i: s.get_study_directions(i), id="directions"),
    pytest.param(lambda s, i: s.get_study_user_attrs(i), id="get-user-attrs"),
    pytest.param(lambda s, i: s.get_study_system_attrs(i), id="get-system-attrs"),
    pytest.param(lambda s, i: s.set_study_user_attr(i, "k", 1), id="set-user-attr"),
    pytest.param(lambda s, i: s.set_study_system_attr(i, "k", 1), id="set-system-attr"),
    pytest.param(lambda s, i: s.delete_study(i), id="delete"),
    pytest.param(lambda s, i: s.create_new_trial(i), id="create-trial"),
    pytest.param(lambda s, i: s.get_all_trials(i), id="all-trials"),
    pytest.param(lambda s, i: s.get_n_trials(i), id="n-trials"),
    pytest.param(lambda s, i: s.get_best_trial(i), id="best-trial"),
    pytest.param(lambda s, i: s.get_trial_id_from_study_id_trial_number(i, 0), id="trial-id"),
    pytest.param(lambda s, i: s.claim_waiting_trial(i), id="claim"),
]

# Calls that take a trial id, each of which must raise KeyError for an unknown one.
_TRIAL_CALLS: list[Any] = [
    pytest.param(lambda s, t: s.get_trial(t), id="get"),
    pytest.param(lambda s, t: s.get_trial_number_from_id(t), id="number"),
    pytest.param(
        lambda s, t: s.set_trial_param(t, "x", 0.5, FloatDistribution(0.0, 1.0)), id="param"
    ),
    pytest.param(lambda s, t: s.set_trial_state_values(t, TrialState.COMPLETE, [1.0]), id="state"),
    pytest.param(lambda s, t: s.set_trial_intermediate_value(t, 0, 1.0), id="intermediate"),
    pytest.param(lambda s, t: s.set_trial_user_attr(t, "k", 1), id="user-attr"),
    pytest.param(lambda s, t: s.set_trial_system_attr(t, "k", 1), id="system-attr"),
]

_ATTR_KINDS = pytest.mark.parametrize("kind", ["user", "system"])


class StorageTests:
    """The storage conformance suite; subclass it and provide a ``storage`` fixture.

    The fixture must return a new, empty storage for each test. Every case uses the
    :class:`~hpobench.storages.BaseStorage` interface only. A backend that knowingly fails
    a case overrides that method with a strict ``xfail`` mark that names the bug.
    """

    # -- studies ------------------------------------------------------------------------
    def test_create_study_with_name(self, storage: BaseStorage) -> None:
        study_id = storage.create_new_study([_MIN], study_name="my-study")
        assert storage.get_study_name_from_id(study_id) == "my-study"
        assert storage.get_study_id_from_name("my-study") == study_id
        assert storage.get_study_directions(study_id) == [_MIN]
        assert storage.get_study_user_attrs(study_id) == {}
        assert storage.get_study_system_attrs(study_id) == {}
        assert storage.get_n_trials(study_id) == 0

    def test_create_study_without_name_generates_unique_names(self, storage: BaseStorage) -> None:
        ids = [storage.create_new_study([_MIN]) for _ in range(3)]
        names = [storage.get_study_name_from_id(i) for i in ids]
        assert len(set(ids)) == 3
        assert len(set(names)) == 3
        assert all(n.startswith(DEFAULT_STUDY_NAME_PREFIX) for n in names)
        assert [storage.get_study_id_from_name(n) for n in names] == ids

    def test_create_study_with_taken_name_raises(self, storage: BaseStorage) -> None:
        study_id = storage.create_new_study([_MIN], study_name="taken")
        with pytest.raises(DuplicatedStudyError, match="taken"):
            storage.create_new_study([_MAX], study_name="taken")
        assert storage.get_study_id_from_name("taken") == study_id
        assert storage.get_study_directions(study_id) == [_MIN]
        assert len(storage.get_all_studies()) == 1

    @pytest.mark.parametrize(
        "directions",
        [[_MIN], [_MAX], [_MIN, _MAX], [_MAX, _MAX, _MIN]],
        ids=["min", "max", "min-max", "max-max-min"],
    )
    def test_create_study_keeps_directions(
        self, storage: BaseStorage, directions: list[StudyDirection]
    ) -> None:
        study_id = storage.create_new_study(directions, study_name="s")
        got = storage.get_study_directions(study_id)
        assert got == directions
        assert all(isinstance(d, StudyDirection) for d in got)

    def test_get_study_directions_returns_a_copy(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage, _MIN, _MAX)
        storage.get_study_directions(study_id).append(_MIN)
        assert storage.get_study_directions(study_id) == [_MIN, _MAX]

    def test_unknown_study_name_raises_key_error(self, storage: BaseStorage) -> None:
        storage.create_new_study([_MIN], study_name="known")
        with pytest.raises(KeyError, match="unknown"):
            storage.get_study_id_from_name("unknown")

    @pytest.mark.parametrize("call", _STUDY_CALLS)
    def test_unknown_study_id_raises_key_error(
        self, storage: BaseStorage, call: Callable[[BaseStorage, int], Any]
    ) -> None:
        study_id = _new_study(storage)
        with pytest.raises(KeyError):
            call(storage, study_id + 10**6)

    def test_delete_study_removes_study_and_its_trials(self, storage: BaseStorage) -> None:
        study_id = storage.create_new_study([_MIN], study_name="doomed")
        trial_ids = [storage.create_new_trial(study_id) for _ in range(3)]
        storage.delete_study(study_id)
        with pytest.raises(KeyError):
            storage.get_study_id_from_name("doomed")
        with pytest.raises(KeyError):
            storage.get_study_name_from_id(study_id)
        with pytest.raises(KeyError):
            storage.get_all_trials(study_id)
        for trial_id in trial_ids:
            with pytest.raises(KeyError):
                storage.get_trial(trial_id)
        assert storage.get_all_studies() == []

    def test_delete_study_frees_its_name(self, storage: BaseStorage) -> None:
        old_id = storage.create_new_study([_MIN], study_name="reused")
        storage.create_new_trial(old_id)
        storage.set_study_user_attr(old_id, "old", True)
        storage.delete_study(old_id)
        new_id = storage.create_new_study([_MAX], study_name="reused")
        assert storage.get_study_id_from_name("reused") == new_id
        assert storage.get_study_directions(new_id) == [_MAX]
        assert storage.get_study_user_attrs(new_id) == {}
        assert storage.get_n_trials(new_id) == 0
        trial_id = storage.create_new_trial(new_id)
        assert storage.get_trial(trial_id).number == 0

    def test_delete_study_leaves_other_studies(self, storage: BaseStorage) -> None:
        kept = storage.create_new_study([_MIN], study_name="kept")
        kept_trial = storage.create_new_trial(kept)
        doomed = storage.create_new_study([_MIN], study_name="doomed")
        storage.create_new_trial(doomed)
        storage.delete_study(doomed)
        assert [s.study_name for s in storage.get_all_studies()] == ["kept"]
        assert storage.get_trial(kept_trial).number == 0
        assert storage.get_n_trials(kept) == 1

    @_ATTR_KINDS
    def test_study_attrs_set_overwrite_and_read(self, storage: BaseStorage, kind: str) -> None:
        study_id = _new_study(storage)
        set_attr = getattr(storage, f"set_study_{kind}_attr")
        get_attrs = getattr(storage, f"get_study_{kind}_attrs")
        set_attr(study_id, "a", 1)
        set_attr(study_id, "b", {"nested": [1, 2.5, "x", None, True]})
        set_attr(study_id, "a", "overwritten")
        assert get_attrs(study_id) == {
            "a": "overwritten",
            "b": {"nested": [1, 2.5, "x", None, True]},
        }

    @_ATTR_KINDS
    def test_study_attrs_do_not_alias(self, storage: BaseStorage, kind: str) -> None:
        study_id = _new_study(storage)
        set_attr = getattr(storage, f"set_study_{kind}_attr")
        get_attrs = getattr(storage, f"get_study_{kind}_attrs")
        value = {"list": [1, 2]}
        set_attr(study_id, "k", value)
        value["list"].append(3)
        value["new"] = True
        read = get_attrs(study_id)
        assert read == {"k": {"list": [1, 2]}}
        read["k"]["list"].append(4)
        read["other"] = 0
        assert get_attrs(study_id) == {"k": {"list": [1, 2]}}

    def test_user_and_system_attrs_are_separate(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        storage.set_study_user_attr(study_id, "k", "user")
        storage.set_study_system_attr(study_id, "k", "system")
        assert storage.get_study_user_attrs(study_id) == {"k": "user"}
        assert storage.get_study_system_attrs(study_id) == {"k": "system"}

    def test_study_attrs_are_per_study(self, storage: BaseStorage) -> None:
        first = _new_study(storage)
        second = _new_study(storage)
        storage.set_study_user_attr(first, "k", 1)
        storage.set_study_system_attr(second, "k", 2)
        assert storage.get_study_user_attrs(second) == {}
        assert storage.get_study_system_attrs(first) == {}

    def test_get_all_studies(self, storage: BaseStorage) -> None:
        assert storage.get_all_studies() == []
        single = storage.create_new_study([_MIN], study_name="single")
        multi = storage.create_new_study([_MAX, _MIN], study_name="multi")
        storage.set_study_user_attr(single, "u", [1, "two"])
        storage.set_study_system_attr(multi, "s", {"x": 1.5})
        studies = {s.study_name: s for s in storage.get_all_studies()}
        assert set(studies) == {"single", "multi"}
        assert studies["single"]._study_id == single
        assert studies["single"].directions == [_MIN]
        assert studies["single"].user_attrs == {"u": [1, "two"]}
        assert studies["single"].system_attrs == {}
        assert studies["multi"]._study_id == multi
        assert studies["multi"].directions == [_MAX, _MIN]
        assert studies["multi"].user_attrs == {}
        assert studies["multi"].system_attrs == {"s": {"x": 1.5}}

    # -- creating trials ----------------------------------------------------------------
    def test_create_new_trial_is_running(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        before = datetime.datetime.now()
        trial_id = storage.create_new_trial(study_id)
        trial = storage.get_trial(trial_id)
        assert trial.state == TrialState.RUNNING
        assert trial._trial_id == trial_id
        assert trial.number == 0
        assert trial.values is None
        assert trial.datetime_complete is None
        assert _near(trial.datetime_start, before)
        assert trial.params == {}
        assert trial.distributions == {}
        assert trial.user_attrs == {}
        assert trial.system_attrs == {}
        assert trial.intermediate_values == {}

    def test_trial_numbers_count_from_zero(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        trial_ids = [storage.create_new_trial(study_id) for _ in range(5)]
        assert len(set(trial_ids)) == 5
        assert [storage.get_trial(t).number for t in trial_ids] == [0, 1, 2, 3, 4]

    def test_trial_numbers_are_per_study(self, storage: BaseStorage) -> None:
        first = _new_study(storage)
        second = _new_study(storage)
        numbers: dict[int, list[int]] = {first: [], second: []}
        trial_ids = []
        for study_id in (first, second, second, first, second, first, first):
            trial_id = storage.create_new_trial(study_id)
            trial_ids.append(trial_id)
            numbers[study_id].append(storage.get_trial_number_from_id(trial_id))
        assert numbers == {first: [0, 1, 2, 3], second: [0, 1, 2]}
        assert len(set(trial_ids)) == len(trial_ids)
        assert storage.get_n_trials(first) == 4
        assert storage.get_n_trials(second) == 3

    def test_create_trial_from_complete_template(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        dists = {
            "x": FloatDistribution(0.0, 10.0),
            "n": IntDistribution(1, 8, log=True),
            "c": CategoricalDistribution(["a", None, True]),
        }
        template = create_trial(
            value=4.5,
            params={"x": 2.5, "n": 4, "c": None},
            distributions=dists,
            user_attrs={"u": [1, {"v": "w"}]},
            system_attrs={"s": "sys"},
            intermediate_values={0: 9.0, 3: 5.5},
        )
        trial_id = storage.create_new_trial(study_id, template_trial=template)
        trial = storage.get_trial(trial_id)
        assert trial.state == TrialState.COMPLETE
        assert trial.values == [4.5]
        assert trial.params == {"x": 2.5, "n": 4, "c": None}
        assert trial.distributions == dists
        assert trial.user_attrs == {"u": [1, {"v": "w"}]}
        assert trial.system_attrs == {"s": "sys"}
        assert trial.intermediate_values == {0: 9.0, 3: 5.5}
        assert _near(trial.datetime_start, template.datetime_start)
        assert _near(trial.datetime_complete, template.datetime_complete)
        assert storage.get_trial_param(trial_id, "c") == 1.0
        assert storage.get_best_trial(study_id)._trial_id == trial_id

    @pytest.mark.parametrize("state", [TrialState.PRUNED, TrialState.FAIL])
    def test_create_trial_from_unsuccessful_template(
        self, storage: BaseStorage, state: TrialState
    ) -> None:
        study_id = _new_study(storage)
        template = create_trial(state=state, intermediate_values={2: 0.5})
        trial = storage.get_trial(storage.create_new_trial(study_id, template_trial=template))
        assert trial.state == state
        assert trial.values is None
        assert trial.intermediate_values == {2: 0.5}
        assert trial.datetime_complete is not None

    def test_create_trial_from_multi_objective_template(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage, _MIN, _MAX)
        template = create_trial(values=[1.0, -math.inf])
        trial = storage.get_trial(storage.create_new_trial(study_id, template_trial=template))
        assert trial.values == [1.0, -math.inf]

    def test_create_trial_from_template_does_not_alias_it(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        template = create_trial(
            value=1.0,
            params={"x": 0.5},
            distributions={"x": FloatDistribution(0.0, 1.0)},
            user_attrs={"u": [1]},
            intermediate_values={0: 1.0},
        )
        trial_id = storage.create_new_trial(study_id, template_trial=template)
        template.user_attrs["u"].append(2)
        template.user_attrs["new"] = 0
        template.params["x"] = 0.75
        template.intermediate_values[1] = 2.0
        trial = storage.get_trial(trial_id)
        assert trial.user_attrs == {"u": [1]}
        assert trial.params == {"x": 0.5}
        assert trial.intermediate_values == {0: 1.0}
        assert template.number == -1

    def test_create_trial_from_waiting_template(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        template = create_trial(
            state=TrialState.WAITING, system_attrs={"fixed_params": {"x": 0.5}}
        )
        trial_id = storage.create_new_trial(study_id, template_trial=template)
        trial = storage.get_trial(trial_id)
        assert trial.state == TrialState.WAITING
        assert trial.datetime_start is None
        assert trial.datetime_complete is None
        assert trial.values is None
        assert trial.system_attrs == {"fixed_params": {"x": 0.5}}

    def test_create_trial_from_template_ignores_its_number_and_id(
        self, storage: BaseStorage
    ) -> None:
        study_id = _new_study(storage)
        first = storage.create_new_trial(study_id)
        now = datetime.datetime.now()
        template = FrozenTrial(
            number=42,
            state=TrialState.COMPLETE,
            value=1.0,
            datetime_start=now,
            datetime_complete=now,
            params={},
            distributions={},
            user_attrs={},
            system_attrs={},
            intermediate_values={},
            trial_id=first + 1000,
        )
        trial_id = storage.create_new_trial(study_id, template_trial=template)
        assert trial_id != first + 1000
        assert storage.get_trial(trial_id).number == 1
        assert storage.get_trial(trial_id)._trial_id == trial_id
        assert storage.get_trial_id_from_study_id_trial_number(study_id, 1) == trial_id
        with pytest.raises(KeyError):
            storage.get_trial_id_from_study_id_trial_number(study_id, 42)

    def test_create_trial_from_template_with_clashing_distribution_raises(
        self, storage: BaseStorage
    ) -> None:
        study_id = _new_study(storage)
        trial_id = storage.create_new_trial(study_id)
        storage.set_trial_param(trial_id, "x", 0.5, FloatDistribution(0.0, 1.0))
        template = create_trial(
            value=1.0,
            params={"x": "a"},
            distributions={"x": CategoricalDistribution(["a", "b"])},
        )
        with pytest.raises(ValueError, match="cannot change"):
            storage.create_new_trial(study_id, template_trial=template)
        assert storage.get_n_trials(study_id) == 1

    # -- parameters ---------------------------------------------------------------------
    @pytest.mark.parametrize(("dist", "internal", "external"), _PARAM_CASES)
    def test_set_trial_param_reads_back_external_repr(
        self, storage: BaseStorage, dist: BaseDistribution, internal: float, external: Any
    ) -> None:
        trial_id = storage.create_new_trial(_new_study(storage))
        storage.set_trial_param(trial_id, "p", internal, dist)
        trial = storage.get_trial(trial_id)
        assert trial.params == {"p": external}
        assert type(trial.params["p"]) is type(external)
        assert trial.distributions == {"p": dist}
        assert storage.get_trial_param(trial_id, "p") == internal
        assert storage.get_trial_params(trial_id) == {"p": external}

    def test_set_trial_param_several_params_and_trials(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        x_dist = FloatDistribution(0.0, 1.0)
        c_dist = CategoricalDistribution(["red", "green"])
        first = storage.create_new_trial(study_id)
        second = storage.create_new_trial(study_id)
        storage.set_trial_param(first, "x", 0.1, x_dist)
        storage.set_trial_param(first, "c", 1.0, c_dist)
        storage.set_trial_param(second, "x", 0.9, x_dist)
        assert storage.get_trial(first).params == {"x": 0.1, "c": "green"}
        assert storage.get_trial(second).params == {"x": 0.9}
        assert storage.get_trial(second).distributions == {"x": x_dist}

    def test_params_read_back_in_the_order_they_were_set(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        trial_id = storage.create_new_trial(study_id)
        names = ["zeta", "alpha", "mid", "beta"]
        for value, name in enumerate(names):
            storage.set_trial_param(trial_id, name, float(value), FloatDistribution(0.0, 9.0))
        storage.set_trial_state_values(trial_id, TrialState.COMPLETE, [0.0])
        assert list(storage.get_trial(trial_id).params) == names
        assert list(storage.get_all_trials(study_id)[0].params) == names

    @pytest.mark.parametrize(("first", "second"), _INCOMPATIBLE)
    def test_set_trial_param_with_clashing_distribution_raises(
        self, storage: BaseStorage, first: BaseDistribution, second: BaseDistribution
    ) -> None:
        study_id = _new_study(storage)
        earlier = storage.create_new_trial(study_id)
        storage.set_trial_param(earlier, "x", 0.0, first)
        _finish(storage, earlier, TrialState.COMPLETE, [1.0])
        later = storage.create_new_trial(study_id)
        with pytest.raises(ValueError, match="cannot change"):
            storage.set_trial_param(later, "x", 0.0, second)
        assert storage.get_trial(later).params == {}
        storage.set_trial_param(later, "other", 0.0, second)
        assert storage.get_trial(later).distributions == {"other": second}

    def test_set_trial_param_may_change_range(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        first = storage.create_new_trial(study_id)
        storage.set_trial_param(first, "x", 0.5, FloatDistribution(0.0, 1.0))
        second = storage.create_new_trial(study_id)
        storage.set_trial_param(second, "x", 5.0, FloatDistribution(0.0, 10.0, step=0.5))
        assert storage.get_trial(second).params == {"x": 5.0}
        assert storage.get_trial(second).distributions["x"] == FloatDistribution(
            0.0, 10.0, step=0.5
        )

    def test_get_trial_param_returns_internal_repr(self, storage: BaseStorage) -> None:
        trial_id = storage.create_new_trial(_new_study(storage))
        storage.set_trial_param(trial_id, "c", 2.0, CategoricalDistribution([None, "b", False]))
        storage.set_trial_param(trial_id, "n", 7.0, IntDistribution(0, 9))
        assert storage.get_trial(trial_id).params == {"c": False, "n": 7}
        assert storage.get_trial_param(trial_id, "c") == 2.0
        assert storage.get_trial_param(trial_id, "n") == 7.0
        assert isinstance(storage.get_trial_param(trial_id, "n"), float)

    # -- states and values ---------------------------------------------------------------
    @pytest.mark.parametrize(
        ("state", "values"),
        [
            (TrialState.COMPLETE, [0.5]),
            (TrialState.PRUNED, [0.25]),
            (TrialState.PRUNED, None),
            (TrialState.FAIL, None),
        ],
        ids=["complete", "pruned-with-value", "pruned", "fail"],
    )
    def test_set_trial_state_values_finishes_trial(
        self, storage: BaseStorage, state: TrialState, values: list[float] | None
    ) -> None:
        trial_id = storage.create_new_trial(_new_study(storage))
        start = storage.get_trial(trial_id).datetime_start
        assert storage.set_trial_state_values(trial_id, state, values) is True
        trial = storage.get_trial(trial_id)
        assert trial.state == state
        assert trial.values == values
        assert trial.datetime_complete is not None
        assert start is not None and trial.datetime_complete >= start
        assert _near(trial.datetime_start, start)

    def test_set_trial_state_values_multi_objective(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage, _MIN, _MAX, _MIN)
        trial_id = storage.create_new_trial(study_id)
        _finish(storage, trial_id, TrialState.COMPLETE, [1.5, -2.0, 0.0])
        assert storage.get_trial(trial_id).values == [1.5, -2.0, 0.0]

    @pytest.mark.parametrize(
        "values",
        [[math.inf], [-math.inf], [math.inf, -math.inf], [1e308, -5e-324]],
        ids=["inf", "-inf", "both", "extremes"],
    )
    def test_values_are_stored_exactly(self, storage: BaseStorage, values: list[float]) -> None:
        study_id = _new_study(storage, *[_MIN] * len(values))
        trial_id = storage.create_new_trial(study_id)
        _finish(storage, trial_id, TrialState.COMPLETE, values)
        assert storage.get_trial(trial_id).values == values
        (trial,) = storage.get_all_trials(study_id)
        assert trial.values == values

    def test_waiting_trial_can_be_claimed_once(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        trial_id = _waiting_trial(storage, study_id)
        assert storage.set_trial_state_values(trial_id, TrialState.RUNNING) is True
        trial = storage.get_trial(trial_id)
        assert trial.state == TrialState.RUNNING
        assert trial.datetime_start is not None
        assert storage.set_trial_state_values(trial_id, TrialState.RUNNING) is False
        assert storage.get_trial(trial_id).state == TrialState.RUNNING

    def test_running_trial_cannot_be_claimed(self, storage: BaseStorage) -> None:
        trial_id = storage.create_new_trial(_new_study(storage))
        start = storage.get_trial(trial_id).datetime_start
        assert storage.set_trial_state_values(trial_id, TrialState.RUNNING) is False
        trial = storage.get_trial(trial_id)
        assert trial.state == TrialState.RUNNING
        assert trial.datetime_start == start

    def test_waiting_trial_can_finish_directly(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        trial_id = _waiting_trial(storage, study_id)
        _finish(storage, trial_id, TrialState.FAIL)
        assert storage.get_trial(trial_id).state == TrialState.FAIL
        assert storage.claim_waiting_trial(study_id) is None

    @pytest.mark.parametrize("state", _FINISHED_STATES, ids=lambda s: s.name)
    @pytest.mark.parametrize("write", _TRIAL_WRITES)
    def test_finished_trial_refuses_writes(
        self,
        storage: BaseStorage,
        state: TrialState,
        write: Callable[[BaseStorage, int], Any],
    ) -> None:
        trial_id = storage.create_new_trial(_new_study(storage))
        storage.set_trial_param(trial_id, "x", 0.5, FloatDistribution(0.0, 1.0))
        storage.set_trial_intermediate_value(trial_id, 0, 0.5)
        values = [1.0] if state == TrialState.COMPLETE else None
        _finish(storage, trial_id, state, values)
        before = copy.deepcopy(storage.get_trial(trial_id))
        with pytest.raises(UpdateFinishedTrialError, match="finished"):
            write(storage, trial_id)
        assert storage.get_trial(trial_id) == before

    # -- intermediate values and trial attributes ---------------------------------------
    def test_intermediate_values(self, storage: BaseStorage) -> None:
        trial_id = storage.create_new_trial(_new_study(storage))
        for step, value in [(0, 1.0), (1, -0.5), (10, math.inf), (11, -math.inf), (12, 0.0)]:
            storage.set_trial_intermediate_value(trial_id, step, value)
        assert storage.get_trial(trial_id).intermediate_values == {
            0: 1.0,
            1: -0.5,
            10: math.inf,
            11: -math.inf,
            12: 0.0,
        }

    def test_intermediate_value_nan(self, storage: BaseStorage) -> None:
        trial_id = storage.create_new_trial(_new_study(storage))
        storage.set_trial_intermediate_value(trial_id, 3, math.nan)
        storage.set_trial_intermediate_value(trial_id, 4, 2.0)
        stored = storage.get_trial(trial_id).intermediate_values
        assert set(stored) == {3, 4}
        assert math.isnan(stored[3])
        assert stored[4] == 2.0

    @_ATTR_KINDS
    def test_trial_attrs_set_overwrite_and_read(self, storage: BaseStorage, kind: str) -> None:
        trial_id = storage.create_new_trial(_new_study(storage))
        set_attr = getattr(storage, f"set_trial_{kind}_attr")
        set_attr(trial_id, "a", 1)
        set_attr(trial_id, "b", [1.5, {"c": None}])
        set_attr(trial_id, "a", {"now": "dict"})
        expected = {"a": {"now": "dict"}, "b": [1.5, {"c": None}]}
        assert getattr(storage.get_trial(trial_id), f"{kind}_attrs") == expected
        assert getattr(storage, f"get_trial_{kind}_attrs")(trial_id) == expected

    @_ATTR_KINDS
    def test_trial_attrs_do_not_alias_caller_objects(
        self, storage: BaseStorage, kind: str
    ) -> None:
        trial_id = storage.create_new_trial(_new_study(storage))
        value = {"list": [1, 2]}
        getattr(storage, f"set_trial_{kind}_attr")(trial_id, "k", value)
        value["list"].append(3)
        value["new"] = True
        assert getattr(storage.get_trial(trial_id), f"{kind}_attrs") == {"k": {"list": [1, 2]}}

    def test_trial_user_and_system_attrs_are_separate(self, storage: BaseStorage) -> None:
        trial_id = storage.create_new_trial(_new_study(storage))
        storage.set_trial_user_attr(trial_id, "k", "user")
        storage.set_trial_system_attr(trial_id, "k", "system")
        trial = storage.get_trial(trial_id)
        assert trial.user_attrs == {"k": "user"}
        assert trial.system_attrs == {"k": "system"}

    # -- looking trials up --------------------------------------------------------------
    def test_get_trial_id_from_study_id_trial_number(self, storage: BaseStorage) -> None:
        first = _new_study(storage)
        second = _new_study(storage)
        first_ids = [storage.create_new_trial(first) for _ in range(3)]
        second_ids = [storage.create_new_trial(second) for _ in range(2)]
        assert [
            storage.get_trial_id_from_study_id_trial_number(first, n) for n in range(3)
        ] == first_ids
        assert [
            storage.get_trial_id_from_study_id_trial_number(second, n) for n in range(2)
        ] == second_ids

    @pytest.mark.parametrize("number", [-1, 2, 100])
    def test_unknown_trial_number_raises_key_error(
        self, storage: BaseStorage, number: int
    ) -> None:
        study_id = _new_study(storage)
        storage.create_new_trial(study_id)
        storage.create_new_trial(study_id)
        with pytest.raises(KeyError):
            storage.get_trial_id_from_study_id_trial_number(study_id, number)

    def test_get_trial_number_from_id(self, storage: BaseStorage) -> None:
        first = _new_study(storage)
        second = _new_study(storage)
        a0 = storage.create_new_trial(first)
        b0 = storage.create_new_trial(second)
        a1 = storage.create_new_trial(first)
        assert storage.get_trial_number_from_id(a0) == 0
        assert storage.get_trial_number_from_id(b0) == 0
        assert storage.get_trial_number_from_id(a1) == 1

    @pytest.mark.parametrize("call", _TRIAL_CALLS)
    def test_unknown_trial_id_raises_key_error(
        self, storage: BaseStorage, call: Callable[[BaseStorage, int], Any]
    ) -> None:
        trial_id = storage.create_new_trial(_new_study(storage))
        with pytest.raises(KeyError):
            call(storage, trial_id + 10**6)

    def test_get_all_trials_in_number_order(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        other = _new_study(storage)
        trial_ids = []
        for i in range(6):
            trial_ids.append(storage.create_new_trial(study_id))
            storage.create_new_trial(other)
            if i % 2:
                _finish(storage, trial_ids[-1], TrialState.COMPLETE, [float(i)])
        trials = storage.get_all_trials(study_id)
        assert [t.number for t in trials] == list(range(6))
        assert [t._trial_id for t in trials] == trial_ids
        assert [t.values for t in trials] == [None, [1.0], None, [3.0], None, [5.0]]
        assert storage.get_all_trials(_new_study(storage)) == []

    @pytest.mark.parametrize("deepcopy", [True, False])
    def test_get_all_trials_matches_get_trial(self, storage: BaseStorage, deepcopy: bool) -> None:
        study_id = _new_study(storage)
        for state in (TrialState.COMPLETE, TrialState.FAIL, TrialState.RUNNING):
            trial_id = storage.create_new_trial(study_id)
            storage.set_trial_param(trial_id, "x", 0.5, FloatDistribution(0.0, 1.0))
            storage.set_trial_user_attr(trial_id, "u", state.name)
            storage.set_trial_intermediate_value(trial_id, 1, 0.25)
            if state != TrialState.RUNNING:
                _finish(storage, trial_id, state, [0.5] if state == TrialState.COMPLETE else None)
        for trial in storage.get_all_trials(study_id, deepcopy=deepcopy):
            assert trial == storage.get_trial(trial._trial_id)

    @pytest.mark.parametrize(
        "states",
        [
            (TrialState.COMPLETE,),
            (TrialState.COMPLETE, TrialState.PRUNED),
            {TrialState.WAITING, TrialState.RUNNING},
            [TrialState.FAIL],
            (),
        ],
        ids=["complete", "complete-pruned", "set", "list", "none"],
    )
    def test_get_all_trials_filters_states(self, storage: BaseStorage, states: Any) -> None:
        study_id = _new_study(storage)
        order = [
            TrialState.COMPLETE,
            TrialState.RUNNING,
            TrialState.PRUNED,
            TrialState.WAITING,
            TrialState.COMPLETE,
            TrialState.FAIL,
        ]
        for state in order:
            if state == TrialState.WAITING:
                _waiting_trial(storage, study_id)
                continue
            trial_id = storage.create_new_trial(study_id)
            if state != TrialState.RUNNING:
                _finish(storage, trial_id, state, [1.0] if state == TrialState.COMPLETE else None)
        trials = storage.get_all_trials(study_id, states=states)
        expected = [n for n, s in enumerate(order) if s in states]
        assert [t.number for t in trials] == expected
        assert all(t.state in states for t in trials)
        assert len(storage.get_all_trials(study_id, states=None)) == len(order)

    def test_get_all_trials_deepcopy_does_not_alias(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        trial_id = storage.create_new_trial(study_id)
        storage.set_trial_param(trial_id, "x", 0.5, FloatDistribution(0.0, 1.0))
        storage.set_trial_user_attr(trial_id, "u", {"list": [1]})
        storage.set_trial_system_attr(trial_id, "s", [1])
        storage.set_trial_intermediate_value(trial_id, 0, 1.0)
        _finish(storage, trial_id, TrialState.COMPLETE, [2.0])

        (copy,) = storage.get_all_trials(study_id, deepcopy=True)
        copy.params["x"] = 0.75
        copy.params["y"] = 1
        copy.distributions["y"] = IntDistribution(0, 1)
        copy.user_attrs["u"]["list"].append(2)
        copy.system_attrs["s"].append(2)
        copy.intermediate_values[1] = 3.0
        copy.values.append(4.0)  # type: ignore[union-attr]
        copy.state = TrialState.FAIL

        (stored,) = storage.get_all_trials(study_id, deepcopy=True)
        assert stored.params == {"x": 0.5}
        assert stored.distributions == {"x": FloatDistribution(0.0, 1.0)}
        assert stored.user_attrs == {"u": {"list": [1]}}
        assert stored.system_attrs == {"s": [1]}
        assert stored.intermediate_values == {0: 1.0}
        assert stored.values == [2.0]
        assert stored.state == TrialState.COMPLETE
        assert storage.get_trial(trial_id) == stored

    def test_get_n_trials(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        assert storage.get_n_trials(study_id) == 0
        for state in (TrialState.COMPLETE, TrialState.COMPLETE, TrialState.PRUNED):
            _finish(storage, storage.create_new_trial(study_id), state, [1.0])
        storage.create_new_trial(study_id)
        _waiting_trial(storage, study_id)
        assert storage.get_n_trials(study_id) == 5
        assert storage.get_n_trials(study_id, state=TrialState.COMPLETE) == 2
        assert storage.get_n_trials(study_id, state=TrialState.FAIL) == 0
        assert storage.get_n_trials(study_id, state=(TrialState.PRUNED, TrialState.RUNNING)) == 2
        assert storage.get_n_trials(study_id, state=(TrialState.WAITING,)) == 1
        assert storage.get_n_trials(_new_study(storage)) == 0

    # -- best trial ---------------------------------------------------------------------
    @pytest.mark.parametrize(
        ("direction", "best"), [(_MIN, -3.0), (_MAX, 7.0)], ids=["minimize", "maximize"]
    )
    def test_get_best_trial(
        self, storage: BaseStorage, direction: StudyDirection, best: float
    ) -> None:
        study_id = _new_study(storage, direction)
        ids = {v: _complete_trial(storage, study_id, v) for v in (2.0, 7.0, -3.0, 1.0)}
        _finish(storage, storage.create_new_trial(study_id), TrialState.PRUNED, [-100.0])
        _finish(storage, storage.create_new_trial(study_id), TrialState.FAIL)
        storage.create_new_trial(study_id)
        trial = storage.get_best_trial(study_id)
        assert trial._trial_id == ids[best]
        assert trial.values == [best]
        assert trial.state == TrialState.COMPLETE

    def test_get_best_trial_follows_new_results(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        first = _complete_trial(storage, study_id, 5.0)
        assert storage.get_best_trial(study_id)._trial_id == first
        _complete_trial(storage, study_id, 6.0)
        assert storage.get_best_trial(study_id)._trial_id == first
        better = _complete_trial(storage, study_id, -math.inf)
        assert storage.get_best_trial(study_id)._trial_id == better

    def test_get_best_trial_tie_goes_to_lowest_number(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        earlier = storage.create_new_trial(study_id)
        later = storage.create_new_trial(study_id)
        _finish(storage, later, TrialState.COMPLETE, [1.0])
        _finish(storage, earlier, TrialState.COMPLETE, [1.0])
        assert storage.get_best_trial(study_id).number == 0

    def test_get_best_trial_without_complete_trial_raises(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        with pytest.raises(ValueError, match="no best trial"):
            storage.get_best_trial(study_id)
        storage.create_new_trial(study_id)
        _finish(storage, storage.create_new_trial(study_id), TrialState.PRUNED, [1.0])
        _finish(storage, storage.create_new_trial(study_id), TrialState.FAIL)
        with pytest.raises(ValueError, match="no best trial"):
            storage.get_best_trial(study_id)

    def test_get_best_trial_of_multi_objective_study_raises(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage, _MIN, _MAX)
        _finish(storage, storage.create_new_trial(study_id), TrialState.COMPLETE, [1.0, 2.0])
        with pytest.raises(RuntimeError, match="multi-objective"):
            storage.get_best_trial(study_id)

    @pytest.mark.parametrize("via_template", [False, True], ids=["running", "template"])
    def test_get_best_trial_skips_infeasible_trials(
        self, storage: BaseStorage, via_template: bool
    ) -> None:
        study_id = _new_study(storage)
        feasible = _complete_trial(storage, study_id, 3.0, constraint=0.0)
        if via_template:
            template = create_trial(value=-1.0, constraints={"c0": 0.5})
            storage.create_new_trial(study_id, template_trial=template)
        else:
            _complete_trial(storage, study_id, -1.0, constraint=0.5)
        _complete_trial(storage, study_id, 5.0)
        assert storage.get_best_trial(study_id)._trial_id == feasible

    def test_get_best_trial_all_infeasible_raises(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        _complete_trial(storage, study_id, 1.0, constraint=1.0)
        _complete_trial(storage, study_id, 2.0, constraint=1e-9)
        with pytest.raises(ValueError, match="no best trial"):
            storage.get_best_trial(study_id)

    # -- waiting trials -----------------------------------------------------------------
    def test_claim_waiting_trial_takes_oldest_first(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        storage.create_new_trial(study_id)
        first = _waiting_trial(storage, study_id, order=0)
        storage.create_new_trial(study_id)
        second = _waiting_trial(storage, study_id, order=1)
        third = _waiting_trial(storage, study_id, order=2)
        assert storage.set_trial_state_values(second, TrialState.RUNNING) is True

        assert storage.claim_waiting_trial(study_id) == first
        trial = storage.get_trial(first)
        assert trial.state == TrialState.RUNNING
        assert trial.datetime_start is not None
        assert storage.claim_waiting_trial(study_id) == third
        assert storage.claim_waiting_trial(study_id) is None
        assert storage.get_n_trials(study_id, state=TrialState.WAITING) == 0

    def test_claim_waiting_trial_without_waiting_trials(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        assert storage.claim_waiting_trial(study_id) is None
        _finish(storage, storage.create_new_trial(study_id), TrialState.COMPLETE, [0.0])
        storage.create_new_trial(study_id)
        assert storage.claim_waiting_trial(study_id) is None
        other = _new_study(storage)
        _waiting_trial(storage, other)
        assert storage.claim_waiting_trial(study_id) is None

    # -- concurrency --------------------------------------------------------------------
    def test_concurrent_create_new_trial(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        results = _run_in_threads(
            4, lambda: [storage.create_new_trial(study_id) for _ in range(50)]
        )
        trial_ids = [t for ids in results for t in ids]
        assert len(set(trial_ids)) == 200
        numbers = sorted(storage.get_trial_number_from_id(t) for t in trial_ids)
        assert numbers == list(range(200))
        trials = storage.get_all_trials(study_id, deepcopy=False)
        assert [t.number for t in trials] == list(range(200))
        for ids in results:  # each worker sees its own trials in creation order
            assert [storage.get_trial_number_from_id(t) for t in ids] == sorted(
                storage.get_trial_number_from_id(t) for t in ids
            )

    def test_concurrent_claims_of_one_waiting_trial(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        for _ in range(5):
            trial_id = _waiting_trial(storage, study_id)
            wins = _run_in_threads(
                8, lambda t=trial_id: storage.set_trial_state_values(t, TrialState.RUNNING)
            )
            assert sorted(wins) == [False] * 7 + [True]
            assert storage.get_trial(trial_id).state == TrialState.RUNNING

    def test_concurrent_claim_waiting_trial(self, storage: BaseStorage) -> None:
        study_id = _new_study(storage)
        waiting = [_waiting_trial(storage, study_id) for _ in range(20)]

        def claim_all() -> list[int]:
            claimed = []
            while (trial_id := storage.claim_waiting_trial(study_id)) is not None:
                claimed.append(trial_id)
            return claimed

        claimed = [t for ids in _run_in_threads(8, claim_all) for t in ids]
        assert sorted(claimed) == sorted(waiting)
        assert storage.get_n_trials(study_id, state=TrialState.RUNNING) == 20

    # -- strings and round trips --------------------------------------------------------
    def test_strings_are_stored_verbatim(self, storage: BaseStorage) -> None:
        assert_strings_stored_verbatim(storage)

    @_PROPERTY_SETTINGS
    @given(key=_KEYS, value=_JSON_VALUES)
    def test_study_attr_json_round_trip(self, storage: BaseStorage, key: str, value: Any) -> None:
        study_id = _new_study(storage)
        storage.set_study_user_attr(study_id, key, value)
        storage.set_study_system_attr(study_id, key, value)
        for got in (
            storage.get_study_user_attrs(study_id),
            storage.get_study_system_attrs(study_id),
        ):
            assert got == {key: value}
            assert _same_json(got, {key: value})

    @_PROPERTY_SETTINGS
    @given(key=_KEYS, value=_JSON_VALUES)
    def test_trial_attr_json_round_trip(self, storage: BaseStorage, key: str, value: Any) -> None:
        study_id = _new_study(storage)
        trial_id = storage.create_new_trial(study_id)
        storage.set_trial_user_attr(trial_id, key, value)
        storage.set_trial_system_attr(trial_id, key, value)
        (trial,) = storage.get_all_trials(study_id)
        for got in (trial.user_attrs, trial.system_attrs):
            assert got == {key: value}
            assert _same_json(got, {key: value})

    @_PROPERTY_SETTINGS
    @given(case=_distribution_and_internal(), name=_KEYS)
    def test_param_round_trip(
        self, storage: BaseStorage, case: tuple[BaseDistribution, float], name: str
    ) -> None:
        dist, internal = case
        external = dist.to_external_repr(internal)
        trial_id = storage.create_new_trial(_new_study(storage))
        storage.set_trial_param(trial_id, name, internal, dist)
        trial = storage.get_trial(trial_id)
        assert trial.distributions == {name: dist}
        assert trial.params == {name: external}
        assert type(trial.params[name]) is type(external)
        assert storage.get_trial_param(trial_id, name) == internal
