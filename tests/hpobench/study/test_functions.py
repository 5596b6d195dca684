from __future__ import annotations

import pytest

import hpobench
from hpobench.exceptions import DuplicatedStudyError
from hpobench.storages import InMemoryStorage
from hpobench.study import StudyDirection


@pytest.fixture(autouse=True)
def quiet():
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)


def test_create_study_defaults():
    study = hpobench.create_study()
    assert study.direction == StudyDirection.MINIMIZE
    assert study.study_name.startswith("no-name-")
    assert isinstance(study.sampler, hpobench.samplers.BaseSampler)
    assert isinstance(study.pruner, hpobench.pruners.BasePruner)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"direction": "maximize"}, [StudyDirection.MAXIMIZE]),
        ({"direction": StudyDirection.MAXIMIZE}, [StudyDirection.MAXIMIZE]),
        (
            {"directions": ["minimize", "MAXIMIZE"]},
            [StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE],
        ),
    ],
)
def test_directions(kwargs, expected):
    assert hpobench.create_study(**kwargs).directions == expected


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"direction": "up"}, ValueError, "direction must be 'minimize', 'maximize'.*got 'up'"),
        ({"direction": "minimize", "directions": ["minimize"]}, ValueError, "not both"),
        ({"directions": []}, ValueError, "at least one direction"),
        ({"directions": "minimize"}, TypeError, "directions must be a list"),
        ({"directions": ["minimize", "sideways"]}, ValueError, "each of directions"),
        ({"study_name": 3}, TypeError, "study_name must be a str"),
        ({"sampler": "tpe"}, TypeError, "sampler must be a BaseSampler"),
        ({"pruner": object()}, TypeError, "pruner must be a BasePruner"),
        ({"storage": 3}, TypeError, "storage must be None, a URL string or a BaseStorage"),
    ],
)
def test_bad_create_study_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        hpobench.create_study(**kwargs)


def test_multi_objective_study_has_no_single_direction():
    study = hpobench.create_study(directions=["minimize", "maximize"])
    with pytest.raises(RuntimeError, match="study.directions"):
        _ = study.direction


def test_duplicate_name_and_load_if_exists():
    storage = InMemoryStorage()
    first = hpobench.create_study(storage=storage, study_name="s")
    first.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    with pytest.raises(DuplicatedStudyError, match="'s' already exists"):
        hpobench.create_study(storage=storage, study_name="s")
    again = hpobench.create_study(storage=storage, study_name="s", load_if_exists=True)
    assert len(again.trials) == 2
    with pytest.raises(ValueError, match="exists with directions"):
        hpobench.create_study(
            storage=storage, study_name="s", load_if_exists=True, direction="maximize"
        )


def test_load_study_by_name_and_the_only_one():
    storage = InMemoryStorage()
    hpobench.create_study(storage=storage, study_name="only", direction="maximize")
    assert hpobench.load_study(study_name="only", storage=storage).direction.name == "MAXIMIZE"
    assert hpobench.load_study(study_name=None, storage=storage).study_name == "only"
    hpobench.create_study(storage=storage, study_name="second")
    with pytest.raises(ValueError, match="one study; this one has 2"):
        hpobench.load_study(study_name=None, storage=storage)
    with pytest.raises(KeyError, match="No study named 'missing'.*'only', 'second'"):
        hpobench.load_study(study_name="missing", storage=storage)


def test_delete_study():
    storage = InMemoryStorage()
    hpobench.create_study(storage=storage, study_name="gone")
    hpobench.delete_study(study_name="gone", storage=storage)
    assert hpobench.get_all_study_names(storage) == []
    with pytest.raises(KeyError, match="gone"):
        hpobench.delete_study(study_name="gone", storage=storage)


def test_copy_study_copies_everything():
    src, dst = InMemoryStorage(), InMemoryStorage()
    study = hpobench.create_study(storage=src, study_name="a", directions=["minimize", "maximize"])
    study.set_user_attr("owner", "me")
    study.optimize(lambda t: (t.suggest_float("x", 0, 1), t.suggest_int("n", 0, 3)), n_trials=4)
    study.enqueue_trial({"x": 0.5})
    hpobench.copy_study(from_study_name="a", from_storage=src, to_storage=dst, to_study_name="b")
    copy = hpobench.load_study(study_name="b", storage=dst)
    assert copy.directions == study.directions
    assert copy.user_attrs == {"owner": "me"}
    assert [(t.params, t.values, t.state) for t in copy.trials] == [
        (t.params, t.values, t.state) for t in study.trials
    ]


def test_summaries_and_names():
    storage = InMemoryStorage()
    a = hpobench.create_study(storage=storage, study_name="a")
    a.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    hpobench.create_study(storage=storage, study_name="b", directions=["minimize"] * 2)
    hpobench.create_study(storage=storage, study_name="c")
    summaries = {s.study_name: s for s in hpobench.get_all_study_summaries(storage)}
    assert hpobench.get_all_study_names(storage) == ["a", "b", "c"]
    assert summaries["a"].n_trials == 3
    assert summaries["a"].best_trial.value == a.best_value
    assert summaries["a"].datetime_start == a.trials[0].datetime_start
    assert summaries["b"].best_trial is None and len(summaries["b"].directions) == 2
    assert summaries["c"].best_trial is None and summaries["c"].datetime_start is None
    without = hpobench.get_all_study_summaries(storage, include_best_trial=False)
    assert all(s.best_trial is None for s in without)


def test_a_storage_string_that_is_not_a_url_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="'study.db' is not a URL; use e.g. 'sqlite:///study.db'"):
        hpobench.create_study(storage="study.db")
