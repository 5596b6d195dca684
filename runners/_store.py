"""The results storage: opening it, committing a run, and what resume finds there.

:func:`commit_run` writes a run's trials and record as one study whose record is set
last; the runner process calls it, or a parallel worker for the runs it executed
(:mod:`runners._remote`). A study without a record is an incomplete commit (the runner
or the worker was killed); :func:`scan` reports it and resume deletes it before running
that run again, so a run is never stored twice.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import hpobench
from hpobench.storages import BaseStorage
from hpobench.study import StudyDirection
from runners._format import RUN_ATTR, StoredRun, iter_runs

if TYPE_CHECKING:
    from runners._execute import RunResult
    from runners._plan import Plan

__all__ = [
    "StorageError",
    "StoredState",
    "commit_run",
    "default_storage_url",
    "open_storage",
    "scan",
]


class StorageError(hpobench.exceptions.HpobenchError):
    """The results storage cannot be opened, or holds runs that contradict the plan."""


def default_storage_url(suite_path: str | Path) -> str:
    """Return ``sqlite:///<suite dir>/<suite stem>.db``, the storage next to a suite file.

    Examples
    --------
    >>> default_storage_url("/tmp/suites/quick.toml")
    'sqlite:////tmp/suites/quick.db'
    """
    path = Path(suite_path).expanduser().resolve()
    return f"sqlite:///{path.with_suffix('.db')}"


def open_storage(storage: str | BaseStorage) -> BaseStorage:
    """Open a storage URL (or a journal file path); a storage object is returned as it is.

    Parameters
    ----------
    storage : str or BaseStorage
        ``sqlite:///file.db``, ``postgresql+psycopg://…``, ``mysql://…``, ``redis://…`` or
        a journal file path (ending in ``.log``, ``.jsonl`` or ``.journal``).

    Raises
    ------
    StorageError
        When the URL is malformed or the storage cannot be reached (one line saying why).
    """
    if isinstance(storage, BaseStorage):
        return storage
    if not isinstance(storage, str):
        raise TypeError(f"storage must be a URL str or a BaseStorage; got {storage!r}.")
    from hpobench.cli._storage import display_url
    from hpobench.cli._storage import open_storage as open_url

    try:
        store = open_url(storage)
        store.get_all_studies()  # reach a server now, not in the middle of the benchmark
    except Exception as err:  # any driver error: the message is what the user needs
        reason = " ".join(str(err).split()) or type(err).__name__
        raise StorageError(f"cannot open storage {display_url(storage)}: {reason}") from err
    return store


@dataclass
class StoredState:
    """What a storage holds of a plan's benchmark.

    Attributes
    ----------
    committed : dict
        Run key → :class:`StoredRun` of the runs with a record (done or failed).
    incomplete : list of str
        Study names of runs killed while being committed.
    """

    committed: dict[str, StoredRun] = field(default_factory=dict)
    incomplete: list[str] = field(default_factory=list)


def scan(store: BaseStorage, plan: Plan) -> StoredState:
    """Find the plan's benchmark's committed and incomplete runs in ``store``.

    Raises
    ------
    StorageError
        When a committed run of the plan was made with other settings (problem seed,
        sampler arguments, budget, …): the suite changed; use another storage or
        benchmark name.
    """
    state = StoredState()
    for run in iter_runs(store, plan.benchmark, include_incomplete=True):
        if run.record is None or run.status not in ("done", "failed"):
            state.incomplete.append(run.study_name)
        else:
            state.committed[run.run_key] = run
    _check_conflicts(plan, state.committed)
    return state


def _check_conflicts(plan: Plan, committed: Mapping[str, StoredRun]) -> None:
    for spec in plan:
        stored = committed.get(spec.run_key)
        if stored is None or stored.record is None:
            continue
        expected = spec.identity()
        found = {key: stored.record.get(key) for key in expected}
        if _canonical(found) != _canonical(expected):
            diff = [k for k in expected if _canonical(found[k]) != _canonical(expected[k])]
            shown = "; ".join(f"{k}: stored {found[k]!r}, planned {expected[k]!r}" for k in diff)
            raise StorageError(
                f"run {spec.run_key!r} of benchmark {plan.benchmark!r} is stored with other "
                f"settings ({shown}); the suite file changed since. Use another --storage, "
                "or rename the suite, to keep both."
            )


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def delete_runs(store: BaseStorage, study_names: list[str]) -> None:
    """Delete the studies ``study_names`` (incomplete runs, or failed ones to retry)."""
    for name in study_names:
        hpobench.delete_study(study_name=name, storage=store)


def commit_run(store: BaseStorage, result: RunResult) -> bool:
    """Write a finished run as one study; its record goes last (the commit point).

    It talks to the storage directly (no :class:`hpobench.Study` object, whose sampler
    and checks a finished run does not need): a study, its trials in one batch, the
    record. The trials come from an hpobench study, so they are already valid.

    Returns
    -------
    bool
        False when the run was already committed (by another runner): nothing is written.
    """
    name = result.spec.study_name
    directions = [StudyDirection[d.upper()] for d in result.record["directions"]]
    try:
        study_id = store.create_new_study(directions, name)
    except hpobench.exceptions.DuplicatedStudyError:
        study_id = store.get_study_id_from_name(name)
        if RUN_ATTR in store.get_study_user_attrs(study_id):
            return False
        delete_runs(store, [name])
        study_id = store.create_new_study(directions, name)
    try:
        store.create_new_trials(study_id, result.trials)
        store.set_study_user_attr(study_id, RUN_ATTR, result.record)
    except BaseException:
        _delete_quietly(store, name)  # leave no incomplete study behind, if it can be helped
        raise
    return True


def _delete_quietly(store: BaseStorage, name: str) -> None:
    """Delete a half-written run; if the storage fails again, resume deletes it later."""
    with contextlib.suppress(Exception):
        delete_runs(store, [name])
