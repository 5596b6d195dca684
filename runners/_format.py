"""The stored format of a benchmark's runs (the contract with ``analysis``; see FORMAT.md).

One hpobench study per run, named ``"{benchmark}::{run_key}"``. The study's user
attribute ``"hpobench.run"`` holds the run's record (a JSON dict); it is written last,
so a study without it is an incomplete run (killed mid-commit) that resume deletes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hpobench.storages import BaseStorage

__all__ = ["FORMAT_VERSION", "RUN_ATTR", "StoredRun", "iter_runs", "split_study_name"]

RUN_ATTR = "hpobench.run"
FORMAT_VERSION = 1
SEPARATOR = "::"
STATUSES = ("done", "failed")


def split_study_name(study_name: str) -> tuple[str, str] | None:
    """Return ``(benchmark, run_key)`` of a run's study name, None for other studies.

    Examples
    --------
    >>> split_study_name("demo::Branin|random|-|0")
    ('demo', 'Branin|random|-|0')
    >>> split_study_name("my-study") is None
    True
    """
    benchmark, sep, run_key = study_name.partition(SEPARATOR)
    if not sep or not benchmark or run_key.count("|") < 3:
        return None
    return benchmark, run_key


@dataclass(frozen=True)
class StoredRun:
    """A run found in a storage.

    Attributes
    ----------
    study_name : str
        ``"{benchmark}::{run_key}"``.
    benchmark, run_key : str
        The parts of the name.
    record : dict or None
        The run's record (see FORMAT.md); None for an incomplete run.
    """

    study_name: str
    benchmark: str
    run_key: str
    record: Mapping[str, Any] | None

    @property
    def status(self) -> str:
        """``"done"``, ``"failed"`` or ``"incomplete"`` (no record: resume reruns it)."""
        if self.record is None:
            return "incomplete"
        return str(self.record.get("status", "incomplete"))


def iter_runs(
    storage: str | BaseStorage,
    benchmark: str | None = None,
    *,
    include_incomplete: bool = False,
) -> Iterator[StoredRun]:
    """Yield the runs stored in ``storage`` (of ``benchmark`` only, when given).

    Reads the studies' user attributes only, not their trials, so it is cheap on a
    storage of thousands of runs. Load a run's trials with
    ``hpobench.load_study(study_name=run.study_name, storage=storage).trials``.

    Parameters
    ----------
    storage : str or BaseStorage
        A storage URL (``sqlite:///bench.db``, a journal file path, …) or object.
    benchmark : str or None
        Keep only this benchmark's runs.
    include_incomplete : bool
        Also yield runs without a record (status ``"incomplete"``).

    Examples
    --------
    >>> import hpobench
    >>> storage = hpobench.storages.InMemoryStorage()
    >>> list(iter_runs(storage))
    []
    """
    from runners._store import open_storage

    store = open_storage(storage)
    for frozen in store.get_all_studies():
        parts = split_study_name(frozen.study_name)
        if parts is None or (benchmark is not None and parts[0] != benchmark):
            continue
        record = frozen.user_attrs.get(RUN_ATTR)
        run = StoredRun(frozen.study_name, parts[0], parts[1], record)
        if run.status in STATUSES or include_incomplete:
            yield run
