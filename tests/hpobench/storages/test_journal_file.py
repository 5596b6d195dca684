"""JournalStorage on a file: the storage conformance suite plus what a shared log adds."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import hpobench
from hpobench.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.exceptions import (
    DuplicatedStudyError,
    HpobenchDeprecationWarning,
    StorageInternalError,
    UpdateFinishedTrialError,
)
from hpobench.storages.journal import (
    BaseJournalBackend,
    JournalFileBackend,
    JournalFileOpenLock,
    JournalFileStorage,
    JournalFileSymlinkLock,
    JournalStorage,
)
from hpobench.study import StudyDirection
from hpobench.testing.storages import StorageTests
from hpobench.trial import TrialState, create_trial

_MIN = StudyDirection.MINIMIZE


class TestJournalFileStorage(StorageTests):
    @pytest.fixture
    def storage(self, tmp_path: Path) -> JournalStorage:
        return JournalStorage(JournalFileBackend(tmp_path / "journal.log"))


def _open(path: Path, **kwargs: Any) -> JournalStorage:
    return JournalStorage(JournalFileBackend(path), **kwargs)


def _five_floats(trial: hpobench.Trial) -> float:
    return sum(trial.suggest_float(f"x{i}", -5, 5) for i in range(5))


def _fill(storage: JournalStorage) -> int:
    """Write one study with every kind of record; return its id."""
    study_id = storage.create_new_study([_MIN], study_name="full")
    storage.set_study_user_attr(study_id, "u", {"a": [1, 2.5, None]})
    storage.set_study_system_attr(study_id, "s", "sys")
    dists = {
        "f": FloatDistribution(1e-3, 1.0, log=True),
        "i": IntDistribution(0, 10, step=2),
        "c": CategoricalDistribution(["a", None, True, 2.5]),
    }
    for n in range(4):
        trial_id = storage.create_new_trial(study_id)
        storage.set_trial_param(trial_id, "f", 0.01 * (n + 1), dists["f"])
        storage.set_trial_param(trial_id, "i", 2.0 * n, dists["i"])
        storage.set_trial_param(trial_id, "c", float(n), dists["c"])
        storage.set_trial_intermediate_value(trial_id, 0, float(n))
        storage.set_trial_intermediate_value(trial_id, 3, -float(n))
        storage.set_trial_user_attr(trial_id, "n", n)
        storage.set_trial_system_attr(trial_id, "sys", [n])
        if n < 3:
            state = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL)[n]
            values = [float(n)] if state == TrialState.COMPLETE else None
            storage.set_trial_state_values(trial_id, state, values)
    template = create_trial(state=TrialState.WAITING, user_attrs={"queued": True})
    storage.create_new_trial(study_id, template_trial=template)
    return study_id


# -- persistence and damaged files ------------------------------------------------------------


def test_new_storage_on_the_same_file_sees_everything(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    writer = _open(path)
    study_id = _fill(writer)

    reader = _open(path)

    assert reader.get_all_studies() == writer.get_all_studies()
    assert reader.get_study_user_attrs(study_id) == {"u": {"a": [1, 2.5, None]}}
    trials = reader.get_all_trials(study_id)
    assert trials == writer.get_all_trials(study_id)
    assert [t.state for t in trials] == [
        TrialState.COMPLETE,
        TrialState.PRUNED,
        TrialState.FAIL,
        TrialState.RUNNING,
        TrialState.WAITING,
    ]
    assert trials[2].params == {"f": 0.03, "i": 4, "c": True}
    assert trials[2].distributions["i"] == IntDistribution(0, 10, step=2)
    assert trials[3].intermediate_values == {0: 3.0, 3: -3.0}
    assert reader.get_best_trial(study_id).number == 0


def test_torn_last_line_is_ended_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    study_id = _open(path).create_new_study([_MIN], study_name="s")
    with open(path, "ab") as f:
        f.write(b'{"op":"create_trial","tok":"dead","stu')  # a writer killed mid-line

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        storage = _open(path)  # an incomplete line may still be being written: no warning
    with pytest.warns(RuntimeWarning, match="Skipped line 1"):
        trial_id = storage.create_new_trial(study_id)
    storage.set_trial_param(trial_id, "x", 0.5, FloatDistribution(0, 1))
    storage.set_trial_state_values(trial_id, TrialState.COMPLETE, [1.0])

    assert path.read_bytes().split(b"\n")[1] == b'{"op":"create_trial","tok":"dead","stu'
    with pytest.warns(RuntimeWarning, match="Skipped line 1"):
        (trial,) = _open(path).get_all_trials(study_id)
    assert trial.number == 0
    assert trial.params == {"x": 0.5}
    assert trial.state == TrialState.COMPLETE


@pytest.mark.parametrize("junk", [b"not json at all", b"[1, 2]", b"\x00\x00\x00"])
def test_invalid_line_in_the_middle_is_skipped(tmp_path: Path, junk: bytes) -> None:
    path = tmp_path / "journal.log"
    storage = _open(path)
    study_id = storage.create_new_study([_MIN], study_name="s")
    storage.create_new_trial(study_id)
    with open(path, "ab") as f:
        f.write(junk + b"\n")
    with pytest.warns(RuntimeWarning, match="Skipped line 2"):
        second = storage.create_new_trial(study_id)

    with pytest.warns(RuntimeWarning, match="not a JSON object"):
        reopened = _open(path)
    assert [t.number for t in reopened.get_all_trials(study_id)] == [0, 1]
    assert reopened.get_trial(second).number == 1


def test_missing_folder_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "journal.log"
    with pytest.raises(FileNotFoundError, match="no-such-folder.*does not exist"):
        JournalFileBackend(path)


def test_unwritable_file_names_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "read-only.log"
    path.touch()
    real_open = os.open

    def refuse(file: Any, flags: int, *args: Any) -> int:
        if os.fspath(file) == os.fspath(path) and flags & os.O_APPEND:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(PermissionError, match="read-only.log.*permission denied"):
        JournalFileBackend(path)


def test_replaced_file_stops_writers(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    storage = _open(path)
    storage.create_new_study([_MIN])
    path.unlink()
    with pytest.raises(StorageInternalError, match="was deleted"):
        storage.create_new_study([_MIN])
    path.touch()
    with pytest.raises(StorageInternalError, match="deleted or replaced"):
        storage.create_new_study([_MIN])


def test_folder_as_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="is a folder"):
        JournalFileBackend(tmp_path)


def test_arguments_are_checked(tmp_path: Path) -> None:
    backend = JournalFileBackend(tmp_path / "journal.log")
    with pytest.raises(TypeError, match="log_storage must be a journal backend"):
        JournalStorage(str(tmp_path / "journal.log"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="snapshot_interval"):
        JournalStorage(backend, snapshot_interval=0)
    with pytest.raises(TypeError, match="lock_obj"):
        JournalFileBackend(tmp_path / "journal.log", lock_obj=object())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="grace_period"):
        JournalFileSymlinkLock(tmp_path / "journal.log", grace_period=-1)


def test_values_without_json_form_are_refused(tmp_path: Path) -> None:
    storage = _open(tmp_path / "journal.log")
    study_id = storage.create_new_study([_MIN])
    trial_id = storage.create_new_trial(study_id)
    with pytest.raises(TypeError, match="'k'.*JSON-serialisable"):
        storage.set_trial_user_attr(trial_id, "k", object())
    with pytest.raises(TypeError, match="'k'.*JSON-serialisable"):
        storage.set_study_system_attr(study_id, "k", {1, 2})
    assert storage.get_trial(trial_id).user_attrs == {}


def test_storage_survives_pickle(tmp_path: Path) -> None:
    storage = _open(tmp_path / "journal.log")
    study_id = _fill(storage)
    restored = pickle.loads(pickle.dumps(storage))
    assert restored.get_all_trials(study_id) == storage.get_all_trials(study_id)
    restored.create_new_trial(study_id)
    assert storage.get_n_trials(study_id) == 6


# -- races resolved at replay ----------------------------------------------------------------


class _RacingBackend(BaseJournalBackend):
    """Appends a competitor's operation just before each of ours, as a faster worker would."""

    def __init__(self, inner: JournalFileBackend) -> None:
        self.inner = inner
        self.competitor: dict[str, Any] | None = None

    def read_logs(self, log_number_from: int) -> Any:
        return self.inner.read_logs(log_number_from)

    def append_logs(self, logs: list[dict[str, Any]]) -> None:
        if self.competitor is not None:
            self.inner.append_logs([self.competitor])
            self.competitor = None
        self.inner.append_logs(logs)


def test_lost_finish_race_raises_and_keeps_the_winner(tmp_path: Path) -> None:
    backend = _RacingBackend(JournalFileBackend(tmp_path / "journal.log"))
    storage = JournalStorage(backend)
    study_id = storage.create_new_study([_MIN])
    trial_id = storage.create_new_trial(study_id)
    backend.competitor = {
        "op": "set_state",
        "tok": "other-worker",
        "trial": trial_id,
        "state": int(TrialState.FAIL),
        "values": None,
        "time": "2024-01-01T00:00:00",
    }
    with pytest.raises(UpdateFinishedTrialError, match="finished"):
        storage.set_trial_state_values(trial_id, TrialState.COMPLETE, [1.0])
    trial = _open(tmp_path / "journal.log").get_trial(trial_id)
    assert trial.state == TrialState.FAIL
    assert trial.values is None
    assert storage.get_trial(trial_id) == trial


def test_lost_study_name_race_raises(tmp_path: Path) -> None:
    backend = _RacingBackend(JournalFileBackend(tmp_path / "journal.log"))
    storage = JournalStorage(backend)
    backend.competitor = {"op": "create_study", "tok": "x", "name": "same", "directions": [2]}
    with pytest.raises(DuplicatedStudyError, match="same"):
        storage.create_new_study([_MIN], study_name="same")
    study_id = storage.get_study_id_from_name("same")
    assert storage.get_study_directions(study_id) == [StudyDirection.MAXIMIZE]
    assert len(storage.get_all_studies()) == 1


def _claim_all(path: str, trial_ids: list[int], barrier: Any, queue: Any) -> None:
    storage = JournalStorage(JournalFileBackend(path))
    barrier.wait(timeout=30)
    won = [t for t in trial_ids if storage.set_trial_state_values(t, TrialState.RUNNING)]
    queue.put(won)


def test_waiting_claims_race_across_processes(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    storage = _open(path)
    study_id = storage.create_new_study([_MIN])
    template = create_trial(state=TrialState.WAITING)
    waiting = [storage.create_new_trial(study_id, template_trial=template) for _ in range(30)]

    ctx = multiprocessing.get_context("spawn")
    barrier, queue = ctx.Barrier(2), ctx.Queue()
    workers = [
        ctx.Process(target=_claim_all, args=(str(path), waiting, barrier, queue)) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    wins = [queue.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)

    assert sorted(wins[0] + wins[1]) == waiting  # every trial claimed exactly once
    assert storage.get_n_trials(study_id, state=TrialState.RUNNING) == 30


# -- several processes optimizing one study -------------------------------------------------


def _optimize(path: str, seed: int) -> None:
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    storage = JournalStorage(JournalFileBackend(path))
    study = hpobench.create_study(
        storage=storage,
        study_name="shared",
        load_if_exists=True,
        sampler=hpobench.samplers.RandomSampler(seed=seed),
    )
    study.optimize(_five_floats, n_trials=50)


def test_four_processes_share_one_study(tmp_path: Path) -> None:
    path = str(tmp_path / "journal.log")
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(4, mp_context=ctx) as pool:
        list(pool.map(_optimize, [path] * 4, range(4)))

    storage = _open(Path(path))
    assert len(storage.get_all_studies()) == 1
    trials = hpobench.load_study(study_name="shared", storage=storage).trials
    assert sorted(t.number for t in trials) == list(range(200))
    assert len({t._trial_id for t in trials}) == 200
    assert all(t.state == TrialState.COMPLETE for t in trials)
    assert all(len(t.params) == 5 for t in trials)
    assert all(t.value == pytest.approx(sum(t.params.values())) for t in trials)


# -- snapshots --------------------------------------------------------------------------------


def _run_study(storage: JournalStorage, n_trials: int) -> int:
    study = hpobench.create_study(
        storage=storage, study_name="snap", sampler=hpobench.samplers.RandomSampler(seed=0)
    )
    study.optimize(_five_floats, n_trials=n_trials)
    return study._study_id


def test_snapshot_is_written_and_used(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    writer = _open(path, snapshot_interval=100)
    study_id = _run_study(writer, 40)  # 1 + 40 * 7 = 281 operations
    assert (tmp_path / "journal.log.snapshot").exists()

    reopened = _open(path)
    assert reopened._n_replayed == 281 - 200  # the snapshot covers 200 operations
    full_dir = tmp_path / "full"
    full_dir.mkdir()
    shutil.copy(path, full_dir / "journal.log")  # the same log without its snapshot
    replayed = _open(full_dir / "journal.log")
    assert replayed._n_replayed == 281

    assert reopened.get_all_studies() == replayed.get_all_studies()
    assert reopened.get_all_trials(study_id) == replayed.get_all_trials(study_id)
    assert reopened.get_best_trial(study_id) == replayed.get_best_trial(study_id)
    trial_id = reopened.create_new_trial(study_id)
    assert reopened.get_trial(trial_id).number == 40
    assert writer.get_trial(trial_id).number == 40


def test_replaced_log_invalidates_a_stale_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    _run_study(_open(path, snapshot_interval=50), 20)
    other = tmp_path / "other.log"
    other_storage = _open(other, snapshot_interval=None)
    study_id = _run_study(other_storage, 30)
    shutil.copy(other, path)  # journal.log.snapshot still describes the old log

    with pytest.warns(RuntimeWarning, match="does not match the journal"):
        reopened = _open(path)
    assert reopened._n_replayed == 1 + 30 * 7
    assert reopened.get_all_trials(study_id) == other_storage.get_all_trials(study_id)


def test_truncated_log_invalidates_the_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    _run_study(_open(path, snapshot_interval=50), 20)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:30]))
    with pytest.warns(RuntimeWarning, match="does not match the journal"):
        reopened = _open(path)
    assert reopened._n_replayed == 30


# -- heartbeats -------------------------------------------------------------------------------


def test_heartbeat_keeps_a_running_trial_fresh(tmp_path: Path) -> None:
    storage = _open(tmp_path / "journal.log", heartbeat_interval=60)
    study_id = storage.create_new_study([_MIN])
    trial_id = storage.create_new_trial(study_id)
    storage.record_heartbeat(trial_id)
    assert storage.get_heartbeat_interval() == 60.0
    assert storage._get_stale_trial_ids(study_id) == []


def test_old_heartbeat_makes_a_trial_stale(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    storage = _open(path, heartbeat_interval=1, grace_period=10)
    study_id = storage.create_new_study([_MIN])
    stale, fresh, silent = (storage.create_new_trial(study_id) for _ in range(3))
    backend = JournalFileBackend(path)
    backend.write_heartbeat(stale, time.time() - 11)
    storage.record_heartbeat(fresh)

    assert storage._get_stale_trial_ids(study_id) == [stale]
    other = _open(path, heartbeat_interval=1, grace_period=10)  # another worker sees it too
    assert other._get_stale_trial_ids(study_id) == [stale]
    assert silent not in storage._get_stale_trial_ids(study_id)  # no heartbeat: not judged


def test_finished_trials_are_never_stale(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    storage = _open(path, heartbeat_interval=1)
    study_id = storage.create_new_study([_MIN])
    trial_id = storage.create_new_trial(study_id)
    storage.record_heartbeat(trial_id)
    storage.set_trial_state_values(trial_id, TrialState.COMPLETE, [0.0])
    JournalFileBackend(path).write_heartbeat(trial_id, time.time() - 100)
    assert storage._get_stale_trial_ids(study_id) == []


def test_finishing_a_trial_removes_its_heartbeat(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    storage = _open(path, heartbeat_interval=1)
    trial_id = storage.create_new_trial(storage.create_new_study([_MIN]))
    storage.record_heartbeat(trial_id)
    assert list(JournalFileBackend(path).read_heartbeats([trial_id])) == [trial_id]
    storage.set_trial_state_values(trial_id, TrialState.FAIL)
    assert JournalFileBackend(path).read_heartbeats([trial_id]) == {}


def test_heartbeats_off_by_default(tmp_path: Path) -> None:
    storage = _open(tmp_path / "journal.log")
    trial_id = storage.create_new_trial(storage.create_new_study([_MIN]))
    storage.record_heartbeat(trial_id)
    assert storage.get_heartbeat_interval() is None
    assert storage.get_failed_trial_callback() is None
    assert not (tmp_path / "journal.log.heartbeats").exists()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"heartbeat_interval": 0}, "heartbeat_interval must be"),
        ({"heartbeat_interval": -1.5}, "heartbeat_interval must be"),
        ({"heartbeat_interval": True}, "heartbeat_interval must be"),
        ({"grace_period": 5}, "grace_period needs heartbeat_interval"),
        ({"heartbeat_interval": 1, "grace_period": 0}, "grace_period must be"),
    ],
)
def test_bad_heartbeat_arguments(tmp_path: Path, kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        _open(tmp_path / "journal.log", **kwargs)


def test_heartbeats_need_a_backend_that_keeps_them(tmp_path: Path) -> None:
    backend = _RacingBackend(JournalFileBackend(tmp_path / "journal.log"))
    with pytest.raises(ValueError, match="_RacingBackend does not"):
        JournalStorage(backend, heartbeat_interval=1)


# -- locks and old names ------------------------------------------------------------------------


@pytest.mark.parametrize("lock_class", [JournalFileOpenLock, JournalFileSymlinkLock])
def test_locks_serialise_threads(tmp_path: Path, lock_class: Any) -> None:
    path = tmp_path / "journal.log"
    storage = JournalStorage(JournalFileBackend(path, lock_obj=lock_class(path)))
    StorageTests().test_concurrent_create_new_trial(storage)


def test_symlink_lock_breaks_a_stale_lock(tmp_path: Path) -> None:
    path = tmp_path / "journal.log"
    lock_path = str(path) + ".symlock"
    os.symlink("a-dead-worker", lock_path)
    old = time.time() - 60
    os.utime(lock_path, (old, old), follow_symlinks=False)
    backend = JournalFileBackend(path, lock_obj=JournalFileSymlinkLock(path, grace_period=30))
    with pytest.warns(RuntimeWarning, match="Broke the journal lock"):
        backend.append_logs([{"op": "noop"}])
    assert list(backend.read_logs(0)) == [{"op": "noop"}]
    assert not os.path.lexists(lock_path)


def test_deprecated_name_warns_and_works(tmp_path: Path) -> None:
    with pytest.warns(HpobenchDeprecationWarning, match="JournalFileBackend"):
        backend = JournalFileStorage(str(tmp_path / "journal.log"))
    assert isinstance(backend, JournalFileBackend)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        storage = JournalStorage(backend)
    assert storage.create_new_study([_MIN], study_name="old") == 0


@pytest.mark.parametrize(("fsync", "expected"), [(True, 2), ("always", 7), (False, 0)])
def test_fsync_policy(tmp_path, monkeypatch, fsync, expected):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    storage = JournalStorage(JournalFileBackend(str(tmp_path / "j.log"), fsync=fsync))
    study = hpobench.create_study(storage=storage)  # a durability point
    synced.clear()
    study.optimize(lambda t: sum(t.suggest_float(f"x{i}", 0, 1) for i in range(5)), n_trials=1)
    # create trial, 5 parameters, finish: the trial's creation and end are durable.
    assert len(synced) == expected


def test_bad_fsync_value(tmp_path):
    with pytest.raises(ValueError, match="fsync must be True, False or 'always'; got 'sometimes'"):
        JournalFileBackend(str(tmp_path / "j.log"), fsync="sometimes")
