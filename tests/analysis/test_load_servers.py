"""The readers on PostgreSQL and MariaDB give what they give on SQLite, and what Optuna reports.

Each server gets scratch databases (a schema on PostgreSQL) for this module only, dropped at
the end: one for a small benchmark stored by the runner, one for studies stored by Optuna
itself (the two schemas share table names). A missing server skips its tests with the reason;
with ``CI=true`` it fails them.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from analysis import load_benchmark, load_optuna
from hpobench.testing.servers import SERVER_URLS, scratch_database

optuna = pytest.importorskip("optuna", reason="Optuna (the test extra) is not installed")
runners = pytest.importorskip("runners", reason="the runners package is not available")

# Non-ASCII on purpose: MySQL compares the names as UTF-8 bytes. The decoy differs only in
# case, which MySQL's default collations would ignore.
BENCHMARK, DECOY = "srv-é", "SRV-É"
# Columns that depend on the clock or on the database's ids, not on what was stored.
CLOCK_RUN_COLUMNS = [
    "study_id",
    "wall_s",
    "total_ask_s",
    "total_objective_s",
    "total_tell_s",
    "ask_s",
    "objective_s",
    "tell_s",
    "prune_s",
]
CLOCK_TRIAL_COLUMNS = [
    "trial_id",
    "ask_s",
    "objective_s",
    "tell_s",
    "prune_s",
    "wall_t",
    "elapsed_s",
    "datetime_start",
    "datetime_complete",
]


def _store_benchmarks(url: str) -> None:
    """A small benchmark: single- and 3-objective, constrained, step-wise with a pruner."""
    problems = [
        "Branin",
        "GramacyToy",
        "DTLZ2(n_obj=3,dim=12)",
        "MFHartmann3(bias=0.5,noise=0.1,n_steps=27)",
    ]
    samplers = [runners.ComponentSpec("random"), runners.ComponentSpec("tpe")]
    plan = runners.make_plan(
        BENCHMARK,
        problems,
        samplers,
        [None, runners.ComponentSpec("median")],
        budget=runners.Budget(trials=8),
        seed=0,
    )
    decoy = runners.make_plan(
        DECOY, ["Branin"], samplers[:1], budget=runners.Budget(trials=3), seed=1
    )
    for each in (plan, decoy):
        summary = runners.run_plan(each, url)
        assert (summary.done, summary.failed) == (len(each), 0)


@pytest.fixture(scope="module")
def sqlite_benchmark(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('servers') / 'bench.db'}"
    _store_benchmarks(url)
    return url


@pytest.fixture(scope="module", params=sorted(SERVER_URLS))
def server_benchmark(request: pytest.FixtureRequest) -> Iterator[str]:
    with scratch_database(request.param, "hpob_analysis") as url:
        _store_benchmarks(url)
        yield url


def _stable(data, run_clock: list[str], trial_clock: list[str]) -> tuple[pd.DataFrame, ...]:
    """The loaded tables without clock and id columns, in a fixed order."""
    runs = data.runs.drop(columns=run_clock).sort_values("run_id").reset_index(drop=True)
    trials = data.trials.drop(columns=trial_clock)
    trials = trials.sort_values(["run_id", "number"]).reset_index(drop=True)
    steps = data.steps.sort_values(["run_id", "number", "step"]).reset_index(drop=True)
    params = data.params.sort_values(["run_id", "number", "param"]).reset_index(drop=True)
    return runs, trials, steps, params


def test_benchmark_tables_equal_those_read_from_sqlite(server_benchmark, sqlite_benchmark):
    expected = load_benchmark(sqlite_benchmark, BENCHMARK, params=True)
    found = load_benchmark(server_benchmark, BENCHMARK, params=True)
    assert len(found.runs) == 16 and len(found.trials) == 16 * 8
    # Every feature of the tables is exercised: steps, 3 objectives, infeasible trials.
    assert len(found.steps) > 0 and "value_2" in found.trials
    assert not found.trials["feasible"].all()
    for got, want in zip(
        _stable(found, CLOCK_RUN_COLUMNS, CLOCK_TRIAL_COLUMNS),
        _stable(expected, CLOCK_RUN_COLUMNS, CLOCK_TRIAL_COLUMNS),
        strict=True,
    ):
        pd.testing.assert_frame_equal(got, want, check_exact=True)
    # The database's own clock columns are read as timestamps, one per finished trial.
    assert found.trials["datetime_complete"].notna().all()
    assert found.trials["ask_s"].notna().all()


def test_benchmark_names_compare_exactly(server_benchmark):
    decoy = load_benchmark(server_benchmark, DECOY)
    assert list(decoy.runs["run_id"]) == [f"{DECOY}::Branin|random|-|0"]
    everything = load_benchmark(server_benchmark)
    assert sorted(everything.runs["benchmark"].unique()) == sorted([BENCHMARK, DECOY])
    with pytest.raises(ValueError, match="benchmarks there"):
        load_benchmark(server_benchmark, "srv")


def _quadratic(trial) -> float:
    x = trial.suggest_float("x", -5.0, 5.0)
    y = trial.suggest_int("y", 0, 3)
    kind = trial.suggest_categorical("kind", ["a", "b"])
    if trial.number == 2:
        raise RuntimeError("a failing trial, on purpose")
    if trial.number == 4:
        trial.report(math.nan, 0)
        return math.inf
    value = (x - 2.0) ** 2 + y + (0.5 if kind == "b" else 0.0)
    for step in range(3):
        trial.report(value * (3 - step), step)
        if trial.should_prune():
            raise optuna.TrialPruned()
    return value


def _pair(trial) -> tuple[float, float]:
    x = trial.suggest_float("x", 0.0, 1.0)
    if hasattr(trial, "set_constraint"):  # Optuna 5: one "constraints:<name>" attribute each
        trial.set_constraint("c", x - 0.5)
    return x, 2.0


def _store_optuna_studies(url: str) -> None:
    """Two studies, one deleted; constraints both as Optuna 4's list and Optuna 5's keys."""
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    storage = optuna.storages.RDBStorage(url)
    with warnings.catch_warnings():
        # Optuna 5 deprecates constraints_func, whose list older databases hold.
        warnings.filterwarnings("ignore", "`constraints_func`", FutureWarning)
        _fill_optuna(storage)
    storage.engine.dispose()


def _fill_optuna(storage: optuna.storages.RDBStorage) -> None:
    quad = optuna.create_study(
        study_name="quadratic-é",
        storage=storage,
        sampler=optuna.samplers.TPESampler(
            seed=1, n_startup_trials=3, constraints_func=lambda t: [t.params["y"] - 1.5]
        ),
        pruner=optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=0),
    )
    quad.set_user_attr("problem", "quadratic")
    quad.set_user_attr("method", "tpe")
    quad.optimize(_quadratic, n_trials=8, catch=(RuntimeError,))
    pair = optuna.create_study(
        study_name="two-objectives",
        storage=storage,
        directions=["minimize", "maximize"],
        sampler=optuna.samplers.RandomSampler(seed=3),
    )
    pair.set_user_attr("problem", "pair")
    pair.set_user_attr("method", "random")
    pair.optimize(_pair, n_trials=4)
    gone = optuna.create_study(study_name="deleted", storage=storage)
    gone.optimize(lambda t: t.suggest_float("z", 0.0, 1.0), n_trials=1)
    optuna.delete_study(study_name="deleted", storage=storage)


@pytest.fixture(scope="module", params=sorted(SERVER_URLS))
def optuna_url(request: pytest.FixtureRequest) -> Iterator[str]:
    with scratch_database(request.param, "hpob_analysis") as url:
        _store_optuna_studies(url)
        yield url


def _as_optuna_reports(url: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Trials, intermediate values and internal parameter values, as Optuna loads them."""
    trials, steps, params = [], [], []
    for summary in optuna.get_all_study_summaries(url, include_best_trial=False):
        study = optuna.load_study(study_name=summary.study_name, storage=url)
        for t in study.get_trials(deepcopy=False):
            key = (summary.study_name, t.number)
            values = list(t.values) if t.values is not None else [math.nan, math.nan]
            constraints = [
                c
                for k, v in t.system_attrs.items()
                for c in (v if k == "constraints" else [v] if k.startswith("constraints:") else [])
            ]
            feasible = all(c <= 0 for c in constraints)
            values += [math.nan] * (2 - len(values))
            trials.append((*key, t.state.name, feasible, *values))
            steps.extend((*key, s, v) for s, v in t.intermediate_values.items())
            params.extend(
                (*key, name, dist.to_internal_repr(t.params[name]))
                for name, dist in t.distributions.items()
            )
    keys = ["run_id", "number"]
    return (
        _sorted(trials, [*keys, "state", "feasible", "value", "value_1"]),
        _sorted(steps, [*keys, "step", "value"]),
        _sorted(params, [*keys, "param", "value"]),
    )


def _sorted(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    by = [c for c in ("run_id", "number", "step", "param") if c in columns]
    return frame.sort_values(by).reset_index(drop=True)


def _loaded(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return _sorted(list(frame[columns].itertuples(index=False, name=None)), columns)


def test_optuna_studies_read_as_optuna_reports_them(optuna_url):
    data = load_optuna(optuna_url, problem="problem", method="method", params=True)
    trials, steps, params = _as_optuna_reports(optuna_url)
    assert sorted(data.runs["run_id"]) == ["quadratic-é", "two-objectives"]  # not "deleted"
    pd.testing.assert_frame_equal(_loaded(data.trials, list(trials.columns)), trials)
    pd.testing.assert_frame_equal(_loaded(data.steps, list(steps.columns)), steps)
    pd.testing.assert_frame_equal(
        _loaded(data.params, list(params.columns)), params, check_dtype=False
    )
    runs = data.runs.set_index("run_id")
    assert runs.loc["two-objectives", ["problem", "method", "n_objectives"]].tolist() == [
        "pair",
        "random",
        2,
    ]
    quad = data.trials[data.trials["run_id"] == "quadratic-é"].set_index("number")
    # The cases a server might mangle: an infinite value, a NaN step, a failed trial.
    assert quad.loc[4, "value"] == math.inf and quad.loc[2, "state"] == "FAIL"
    assert np.isnan(steps.set_index(["run_id", "number"]).loc[("quadratic-é", 4), "value"])
    assert not quad["feasible"].all()  # read from constraint attributes


def test_optuna_study_names_select_studies(optuna_url):
    data = load_optuna(optuna_url, study_names=["two-objectives"])
    assert list(data.runs["run_id"]) == ["two-objectives"]
    assert set(data.trials["run_id"]) == {"two-objectives"}
    with pytest.raises(ValueError, match="quadratic-é"):
        load_optuna(optuna_url, study_names=["QUADRATIC-É"])
