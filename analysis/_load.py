"""The only reader: a storage (hpobench's or Optuna's) to :class:`BenchmarkData`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from analysis import _format, _sql
from analysis._optuna_journal import is_optuna_journal, read_optuna_journal
from analysis._optuna_reader import is_optuna_rdb, read_optuna_rdb
from analysis._raw import RawTables, raw_from_storage
from analysis._rdb_reader import HPOBENCH_TABLES, read_hpobench_rdb
from analysis._tables import BenchmarkData, Describer, build_tables, generic_describer

if TYPE_CHECKING:
    from hpobench.storages import BaseStorage

_REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def load_benchmark(
    storage: str | BaseStorage, benchmark: str | None = None, *, params: bool = False
) -> BenchmarkData:
    """Load the runs of a benchmark as tidy tables.

    Parameters
    ----------
    storage : str or BaseStorage
        A database URL (``sqlite:///bench.db``, ``postgresql://…``; read in bulk with SQL,
        a few queries in all), a journal file path, a ``redis://`` URL, or a storage object
        (read study by study through its API: pass a database's URL instead to read it in
        bulk). Optuna's databases and journal files are recognised and read as well (see
        :func:`load_optuna`).
    benchmark : str or None, default=None
        Keep only the studies named ``"{benchmark}::…"``; None keeps every study.
    params : bool, default=False
        Also load every trial's parameters (``BenchmarkData.params``), which importance
        and pruning analyses need; it costs one more table read.

    Returns
    -------
    BenchmarkData

    Raises
    ------
    FileNotFoundError
        When a SQLite or journal file does not exist.
    ValueError
        For a malformed URL, a database of neither hpobench's nor Optuna's schema, or a
        ``benchmark`` that matches no study (the message lists the benchmarks present).

    Examples
    --------
    >>> import hpobench
    >>> storage = hpobench.storages.InMemoryStorage()
    >>> study = hpobench.create_study(study_name="demo::Branin/random/0", storage=storage)
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) ** 2, n_trials=5)
    >>> data = load_benchmark(storage, "demo")
    >>> len(data.trials), list(data.runs["run_id"])
    (5, ['demo::Branin/random/0'])
    """
    _check_benchmark(benchmark)
    prefix = None if benchmark is None else _format.study_name_prefix(benchmark)
    raw = _read(storage, prefix=prefix, names=None, with_params=_check_flag(params))
    if benchmark is not None and raw.studies.empty:
        raise ValueError(_no_benchmark_message(storage, benchmark))
    return build_tables(raw, benchmark=benchmark)


def load_optuna(
    storage: str | BaseStorage,
    *,
    study_names: list[str] | None = None,
    problem: str | Describer | None = None,
    method: str | Describer | None = None,
    params: bool = False,
) -> BenchmarkData:
    """Load finished studies stored by Optuna (or hpobench) to analyse them as runs.

    Each study becomes one run. Which *problem* and *method* a study belongs to is told by
    ``problem`` and ``method``: a user-attribute key, or a callable
    ``(study_name, user_attrs) -> str``; by default every study is the same problem
    (``"study"``) and its own method (its name). Intermediate values are kept
    (``BenchmarkData.steps``), so pruned trials and the steps they used can be analysed.

    Parameters
    ----------
    storage : str or BaseStorage
        An Optuna database URL (``sqlite:///optuna.db``, …) or an Optuna journal file
        path; hpobench storages work too.
    study_names : list of str or None, default=None
        The studies to read; None reads all. Unknown names raise a ValueError.
    problem, method : str, callable or None
        How studies map to problems and methods (see above).
    params : bool, default=False
        Also load the trials' parameters.

    Returns
    -------
    BenchmarkData

    Raises
    ------
    FileNotFoundError
        When the file does not exist.
    ValueError
        When a study name is unknown (the message lists those present), or a user
        attribute named by ``problem``/``method`` is missing from a study.

    Examples
    --------
    >>> data = load_optuna("sqlite:///optuna.db", method="sampler")  # doctest: +SKIP
    """
    if study_names is not None and (
        not isinstance(study_names, list) or not all(isinstance(n, str) for n in study_names)
    ):
        raise TypeError(f"study_names must be None or a list of str; got {study_names!r}.")
    raw = _read(storage, prefix=None, names=study_names, with_params=_check_flag(params))
    if study_names is not None:
        found = set(raw.studies["study_name"])
        unknown = [n for n in study_names if n not in found]
        if unknown:
            everything = _read(storage, prefix=None, names=None, with_params=False)
            raise ValueError(
                f"study_names {unknown} are not in {raw.source!r}; studies there: "
                f"{sorted(everything.studies['study_name'])}."
            )
    describe = generic_describer(problem=problem, method=method)
    return build_tables(raw, benchmark=None, describe=describe)


def _read(
    storage: str | BaseStorage,
    *,
    prefix: str | None,
    names: list[str] | None,
    with_params: bool,
) -> RawTables:
    from hpobench.storages import BaseStorage, get_storage

    if isinstance(storage, BaseStorage):
        raw = raw_from_storage(
            storage, prefix=prefix, with_params=with_params, source=type(storage).__name__
        )
        return _only(raw, names)
    if not isinstance(storage, str):
        raise TypeError(
            f"storage must be a URL, a journal file path or a BaseStorage; got "
            f"{type(storage).__name__}."
        )
    if storage.startswith(_REDIS_SCHEMES):
        raw = raw_from_storage(
            get_storage(storage), prefix=prefix, with_params=with_params, source=storage
        )
        return _only(raw, names)
    if "://" in storage:
        return _read_database(storage, prefix=prefix, names=names, with_params=with_params)
    return _read_journal(
        Path(storage).expanduser(), prefix=prefix, names=names, with_params=with_params
    )


def _read_database(
    url: str, *, prefix: str | None, names: list[str] | None, with_params: bool
) -> RawTables:
    with _sql.connect(url) as conn:
        tables = _sql.table_names(conn)
        if is_optuna_rdb(tables):
            raw = read_optuna_rdb(conn, study_names=names, with_params=with_params, source=url)
            return _with_prefix(raw, prefix)
        if tables >= HPOBENCH_TABLES:
            raw = read_hpobench_rdb(conn, prefix=prefix, with_params=with_params, source=url)
            return _only(raw, names)
    raise ValueError(
        f"storage {url!r} has neither hpobench's nor Optuna's tables (found "
        f"{sorted(tables) or 'none'}); is it the right database?"
    )


def _read_journal(
    path: Path, *, prefix: str | None, names: list[str] | None, with_params: bool
) -> RawTables:
    if not path.is_file():
        raise FileNotFoundError(f"storage {str(path)!r}: no journal file there.")
    if is_optuna_journal(path):
        raw = read_optuna_journal(path, study_names=names, with_params=with_params)
        return _with_prefix(raw, prefix)
    from hpobench.storages.journal import JournalFileBackend, JournalStorage

    storage = JournalStorage(JournalFileBackend(path), snapshot_interval=None)
    raw = raw_from_storage(storage, prefix=prefix, with_params=with_params, source=str(path))
    return _only(raw, names)


def _only(raw: RawTables, names: list[str] | None) -> RawTables:
    if names is None:
        return raw
    keep = raw.studies["study_name"].isin(names)
    return _restrict(raw, keep)


def _with_prefix(raw: RawTables, prefix: str | None) -> RawTables:
    if prefix is None:
        return raw
    return _restrict(raw, raw.studies["study_name"].str.startswith(prefix))


def _restrict(raw: RawTables, keep: object) -> RawTables:
    studies = raw.studies[keep].reset_index(drop=True)
    trials = raw.trials[raw.trials["study_id"].isin(studies["study_id"])]
    ids = set(trials["trial_id"])
    params = None if raw.params is None else raw.params[raw.params["trial_id"].isin(ids)]
    return RawTables(
        studies,
        trials.reset_index(drop=True),
        raw.steps[raw.steps["trial_id"].isin(ids)],
        params,
        raw.source,
    )


def _check_benchmark(benchmark: object) -> None:
    if benchmark is not None and (not isinstance(benchmark, str) or not benchmark):
        raise TypeError(f"benchmark must be None or a non-empty str; got {benchmark!r}.")


def _check_flag(params: object) -> bool:
    if not isinstance(params, bool):
        raise TypeError(f"params must be a bool; got {params!r}.")
    return params


def _no_benchmark_message(storage: str | BaseStorage, benchmark: str) -> str:
    everything = _read(storage, prefix=None, names=None, with_params=False)
    present = sorted({_format.split_study_name(n)[0] for n in everything.studies["study_name"]})
    present = [p for p in present if p]
    where = storage if isinstance(storage, str) else type(storage).__name__
    return (
        f"benchmark {benchmark!r} has no studies in {where!r}; benchmarks there: "
        f"{present or 'none'}."
    )
