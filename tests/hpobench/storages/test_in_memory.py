"""InMemoryStorage: the shared storage conformance suite plus in-memory specifics."""

from __future__ import annotations

import pickle

import pytest

import hpobench
from hpobench.storages import InMemoryStorage
from hpobench.testing.storages import StorageTests
from hpobench.trial import TrialState


class TestInMemoryStorage(StorageTests):
    @pytest.fixture
    def storage(self) -> InMemoryStorage:
        return InMemoryStorage()


def _objective(trial: hpobench.Trial) -> float:
    return trial.suggest_float("x", 0, 1)


def test_storage_survives_pickle() -> None:
    storage = InMemoryStorage()
    study = hpobench.create_study(storage=storage, study_name="pickled")
    study.optimize(_objective, n_trials=3)
    study_id = storage.get_study_id_from_name("pickled")
    storage.set_study_user_attr(study_id, "k", [1, 2])

    restored = pickle.loads(pickle.dumps(storage))

    assert restored.get_study_id_from_name("pickled") == study_id
    assert restored.get_study_user_attrs(study_id) == {"k": [1, 2]}
    assert restored.get_all_trials(study_id) == storage.get_all_trials(study_id)
    trial_id = restored.create_new_trial(study_id)
    assert restored.get_trial_number_from_id(trial_id) == 3
    assert storage.get_n_trials(study_id) == 3  # the original is untouched


def test_study_survives_pickle_and_keeps_optimizing() -> None:
    study = hpobench.create_study(storage=InMemoryStorage())
    study.optimize(_objective, n_trials=3)

    restored = pickle.loads(pickle.dumps(study))
    assert [t.number for t in restored.trials] == [0, 1, 2]
    assert restored.best_trial.params == study.best_trial.params
    restored.optimize(_objective, n_trials=2)

    assert [t.number for t in restored.trials] == [0, 1, 2, 3, 4]
    assert all(t.state == TrialState.COMPLETE for t in restored.trials)
    assert all(0 <= t.params["x"] <= 1 for t in restored.trials)
    assert len(study.trials) == 3


def test_unpickled_storage_is_thread_safe() -> None:
    restored = pickle.loads(pickle.dumps(InMemoryStorage()))
    TestInMemoryStorage().test_concurrent_create_new_trial(restored)
