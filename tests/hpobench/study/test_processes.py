"""optimize(..., parallel="process"): worker processes sharing one stored study."""

from __future__ import annotations

import pytest

import hpobench
from hpobench.samplers import RandomSampler
from hpobench.trial import TrialState


@pytest.fixture(autouse=True)
def quiet():
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)


def test_processes_run_exactly_n_trials_with_the_serial_params(tmp_path):
    def objective(trial):
        return sum(trial.suggest_float(f"x{i}", -1, 1) for i in range(3))

    serial = hpobench.create_study(sampler=RandomSampler(seed=7))
    serial.optimize(objective, n_trials=21)
    url = f"sqlite:///{tmp_path / 'p.db'}"
    study = hpobench.create_study(storage=url, sampler=RandomSampler(seed=7))
    study.optimize(objective, n_trials=21, n_jobs=2, parallel="process")
    trials = hpobench.load_study(study_name=study.study_name, storage=url).trials
    assert sorted(t.number for t in trials) == list(range(21))
    assert all(t.state == TrialState.COMPLETE for t in trials)
    expected = {t.number: t.params for t in serial.trials}
    assert all(t.params == expected[t.number] for t in trials)


def test_processes_on_a_journal_file_with_a_timeout(tmp_path):
    from hpobench.storages.journal import JournalFileBackend, JournalStorage

    storage = JournalStorage(JournalFileBackend(str(tmp_path / "p.journal")))
    study = hpobench.create_study(storage=storage)
    study.optimize(lambda t: t.suggest_float("x", 0, 1), timeout=1.0, n_jobs=2, parallel="process")
    assert len(study.trials) >= 2
    assert all(t.state == TrialState.COMPLETE for t in study.trials)


def test_an_uncaught_error_in_a_worker_reaches_the_caller(tmp_path):
    def objective(trial):
        raise ValueError("from a worker")

    study = hpobench.create_study(storage=f"sqlite:///{tmp_path / 'e.db'}")
    with pytest.raises(ValueError, match="from a worker"):
        study.optimize(objective, n_trials=4, n_jobs=2, parallel="process")
    assert {t.state for t in study.trials} == {TrialState.FAIL}


def test_in_memory_studies_cannot_use_processes():
    study = hpobench.create_study()
    with pytest.raises(ValueError, match="parallel='process' needs a storage that processes"):
        study.optimize(lambda t: 0.0, n_trials=2, n_jobs=2, parallel="process")


def test_unknown_parallel_mode():
    with pytest.raises(ValueError, match="parallel must be 'thread' or 'process'; got 'gpu'"):
        hpobench.create_study().optimize(lambda t: 0.0, n_trials=1, parallel="gpu")
