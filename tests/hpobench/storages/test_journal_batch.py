"""JournalStorage.create_new_trials: a batch of trials is one append, same as one by one."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from hpobench.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from hpobench.storages.journal import JournalFileBackend, JournalFileOpenLock, JournalStorage
from hpobench.study import StudyDirection
from hpobench.trial import FrozenTrial, TrialState, create_trial

_MIN = StudyDirection.MINIMIZE
_START = datetime.datetime(2024, 5, 1, 12, 0, 0)


class CountingLock(JournalFileOpenLock):
    """The default file lock, counting its acquisitions."""

    def __init__(self, file_path: Path) -> None:
        super().__init__(file_path)
        self.acquired = 0

    def acquire(self) -> bool:
        self.acquired += 1
        return super().acquire()


class CountingBackend(JournalFileBackend):
    """A journal file counting the appends (calls of ``append_logs``)."""

    def __init__(self, file_path: Path) -> None:
        super().__init__(file_path, lock_obj=CountingLock(file_path))
        self.appends = 0

    def append_logs(self, logs: list[dict[str, Any]]) -> None:
        self.appends += 1
        super().append_logs(logs)


def _templates() -> list[FrozenTrial]:
    x = FloatDistribution(-1.0, 1.0)
    n = IntDistribution(1, 9, step=2)
    c = CategoricalDistribution(["a", "b", None])
    trials = []
    for i in range(6):
        state = [TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL, TrialState.WAITING][
            i % 4
        ]
        trial = create_trial(
            state=state,
            value=float(i) / 7 if state == TrialState.COMPLETE else None,
            params={"x": i / 10, "n": 2 * (i % 5) + 1, "c": ["a", "b", None][i % 3]},
            distributions={"x": x, "n": n, "c": c},
            user_attrs={"ask_s": 0.01 * i, "tag": f"t{i}"},
            system_attrs={"origin": [i, "batch"]},
            intermediate_values={1: i + 0.5, 2: i + 0.25} if state == TrialState.PRUNED else None,
        )
        trial.datetime_start = _START + datetime.timedelta(seconds=i)
        if state.is_finished():
            trial.datetime_complete = _START + datetime.timedelta(seconds=i, milliseconds=500)
        trials.append(trial)
    return trials


def _fields(trial: FrozenTrial) -> tuple:
    return (
        trial.number,
        trial._trial_id,
        trial.state,
        trial.values,
        trial.params,
        trial.distributions,
        trial.user_attrs,
        trial.system_attrs,
        trial.intermediate_values,
        trial.datetime_start,
        trial.datetime_complete,
    )


def _storage_with_a_study(path: Path) -> tuple[JournalStorage, CountingBackend, int]:
    backend = CountingBackend(path)
    storage = JournalStorage(backend)
    other = storage.create_new_study([_MIN], study_name="other")
    storage.create_new_trial(other)  # ids and numbers must not start at 0 by chance
    study_id = storage.create_new_study([_MIN], study_name="batch")
    storage.create_new_trial(study_id, template_trial=_templates()[0])
    return storage, backend, study_id


def _lines(path: Path) -> int:
    return len(path.read_bytes().splitlines())


def test_a_batch_is_one_append_with_the_trials_of_one_by_one(tmp_path: Path) -> None:
    batch_path, single_path = tmp_path / "batch.log", tmp_path / "single.log"
    batch, batch_backend, batch_study = _storage_with_a_study(batch_path)
    single, single_backend, single_study = _storage_with_a_study(single_path)
    appends, locks, lines = (
        batch_backend.appends,
        batch_backend._lock.acquired,
        _lines(batch_path),
    )

    ids = batch.create_new_trials(batch_study, _templates())
    expected_ids = [single.create_new_trial(single_study, t) for t in _templates()]

    assert batch_backend.appends - appends == 1
    assert batch_backend._lock.acquired - locks == 1
    assert _lines(batch_path) - lines == len(_templates())  # one entry per trial, as before
    assert ids == expected_ids
    got = batch.get_all_trials(batch_study)
    assert [_fields(t) for t in got] == [_fields(t) for t in single.get_all_trials(single_study)]
    assert [t.number for t in got] == list(range(1 + len(_templates())))
    assert batch.get_best_trial(batch_study).number == 0
    assert batch.claim_waiting_trial(batch_study) == ids[3]  # the WAITING template
    assert single_backend.appends > batch_backend.appends


def test_a_batch_replays_in_a_new_process_view(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    storage, _, study_id = _storage_with_a_study(path)
    storage.create_new_trials(study_id, _templates())
    reopened = JournalStorage(JournalFileBackend(path), snapshot_interval=None)
    assert [_fields(t) for t in reopened.get_all_trials(study_id)] == [
        _fields(t) for t in storage.get_all_trials(study_id)
    ]


def test_a_log_written_one_by_one_still_replays_and_takes_a_batch(tmp_path: Path) -> None:
    path = tmp_path / "old.log"
    old = JournalStorage(JournalFileBackend(path))
    study_id = old.create_new_study([_MIN], study_name="old")
    for template in _templates():
        old.create_new_trial(study_id, template)
    reopened = JournalStorage(JournalFileBackend(path))
    assert reopened.create_new_trials(study_id, _templates()[:2]) == [6, 7]
    assert [t.number for t in reopened.get_all_trials(study_id)] == list(range(8))
    assert old.get_trial(7).params == _templates()[1].params


def test_a_conflicting_distribution_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    storage, backend, study_id = _storage_with_a_study(path)
    lines, appends = _lines(path), backend.appends
    clash = create_trial(value=1.0, params={"x": 2}, distributions={"x": IntDistribution(0, 3)})
    with pytest.raises(ValueError, match="distribution"):
        storage.create_new_trials(study_id, [*_templates()[:2], clash])
    fresh = storage.create_new_study([_MIN], study_name="fresh")
    with pytest.raises(ValueError, match="distribution"):  # a clash inside the batch itself
        storage.create_new_trials(fresh, [_templates()[1], clash])
    lines += 1  # the study "fresh"
    assert (_lines(path), backend.appends) == (lines, appends + 1)
    assert storage.get_n_trials(study_id) == 1


def test_an_empty_batch_writes_nothing_and_an_unknown_study_raises(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    storage, backend, study_id = _storage_with_a_study(path)
    appends = backend.appends
    assert storage.create_new_trials(study_id, []) == []
    assert backend.appends == appends
    with pytest.raises(KeyError):
        storage.create_new_trials(study_id + 100, _templates())
