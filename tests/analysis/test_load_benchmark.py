"""Loading a benchmark stored in the runners' format: tables and per-run metrics."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import hpobench
from analysis import load_benchmark


def _run(data, run_id):
    return data.runs.set_index("run_id").loc[run_id]


def test_tables_have_one_row_per_run_and_per_trial(toy_storage):
    data = load_benchmark(toy_storage, "toy")
    assert len(data.runs) == 12
    assert len(data.trials) == 48
    assert data.methods == ["A", "B"]
    assert data.problems == ["P1", "P2"]
    first = _run(data, "toy::P1|A|-|0")
    summary = (first["problem"], first["method"], first["repeat"], first["status"])
    assert summary == ("P1", "A", 0, "done")


def test_best_so_far_follows_the_direction(toy_storage):
    data = load_benchmark(toy_storage, "toy")
    trials = data.trials.set_index(["run_id", "number"])
    # P1 minimises: 10, 1, 5, 2 -> 10, 1, 1, 1.
    assert trials.loc["toy::P1|A|-|0", "best_so_far"].tolist() == [10.0, 1.0, 1.0, 1.0]
    # P2 maximises: 1, 9, 2, 3 -> 1, 9, 9, 9.
    assert trials.loc["toy::P2|A|-|0", "best_so_far"].tolist() == [1.0, 9.0, 9.0, 9.0]


def test_final_best_regret_and_auc_by_hand(toy_storage):
    data = load_benchmark(toy_storage, "toy")
    run = _run(data, "toy::P1|A|-|1")  # values 10, 2, 5, 3; f* = 0
    assert run.final_best == 2.0
    assert run.regret == 2.0
    assert run.auc == pytest.approx((10 + 2 + 2 + 2) / 4)
    maximised = _run(data, "toy::P2|B|-|2")  # values 1, 2, 4, 3; f* = 10
    assert maximised.final_best == 4.0
    assert maximised.regret == 6.0
    assert maximised.auc == pytest.approx((1 + 2 + 4 + 4) / 4)


def test_normalized_regret_uses_the_median_first_value(toy_storage):
    data = load_benchmark(toy_storage, "toy")
    run = _run(data, "toy::P1|B|-|1")  # final best 5; every first value is 10, f* = 0
    assert run.f_ref == 10.0
    assert run.normalized_regret == pytest.approx(0.5)
    maximised = _run(data, "toy::P2|A|-|0")  # best 9, f_ref 1, f* 10 -> 1 / 9
    assert maximised.normalized_regret == pytest.approx(1 / 9)


def test_auc_carries_the_last_best_to_the_budget(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(storage, problem="P", method="A", repeat=0, values=[4.0, 2.0], budget=4)
    run = load_benchmark(storage).runs.iloc[0]
    assert run.auc == pytest.approx((4 + 2 + 2 + 2) / 4)


def test_auc_starts_at_the_first_complete_trial(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(storage, problem="P", method="A", repeat=0, values=[None, 3.0, 1.0], states="FCC")
    run = load_benchmark(storage).runs.iloc[0]
    assert run.auc == pytest.approx((3 + 1) / 2)
    assert (run.n_trials, run.n_complete, run.n_failed) == (3, 2, 1)


def test_states_steps_and_timings_are_counted(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(
        storage,
        problem="P",
        method="A",
        repeat=0,
        values=[3.0, None, 1.0],
        states="CPC",
        steps=[[5, 4, 3], [6], [2, 1, 1]],
        timings=[(0.1, 1.0, 0.01), (0.2, 2.0, 0.02), (0.3, 3.0, 0.03)],
    )
    data = load_benchmark(storage)
    run = data.runs.iloc[0]
    assert (run.n_complete, run.n_pruned, run.steps_consumed) == (2, 1, 7)
    assert run.ask_s == pytest.approx(0.6)
    assert run.objective_s == pytest.approx(6.0)
    assert data.trials["n_steps"].tolist() == [3, 1, 3]
    assert data.steps.query("number == 1")["value"].tolist() == [6.0]


def test_a_run_without_a_complete_trial_has_nan_metrics(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(
        storage,
        problem="P",
        method="A",
        repeat=0,
        values=[None, None],
        states="FF",
        f_star=0.0,
        status="failed",
    )
    run = load_benchmark(storage).runs.iloc[0]
    assert run.status == "failed"
    assert math.isnan(run.final_best) and math.isnan(run.regret) and math.isnan(run.auc)


def test_a_run_without_status_is_incomplete(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(storage, problem="P", method="A", repeat=0, values=[1.0], status=None)
    assert load_benchmark(storage).runs.iloc[0].status == "incomplete"


def test_a_problem_without_f_star_has_nan_regret(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(storage, problem="P", method="A", repeat=0, values=[1.0])
    run = load_benchmark(storage).runs.iloc[0]
    assert run.final_best == 1.0
    assert math.isnan(run.f_star) and math.isnan(run.regret)


def test_pruner_label_joins_the_method(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(storage, problem="P", method="tpe", repeat=0, values=[1.0], pruner="median")
    run = load_benchmark(storage).runs.iloc[0]
    assert (run.method, run.sampler, run.pruner) == ("tpe + median", "tpe", "median")


def test_benchmark_filter_and_unknown_benchmark(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(storage, problem="P", method="A", repeat=0, values=[1.0], benchmark="one")
    make_run(storage, problem="P", method="A", repeat=0, values=[2.0], benchmark="two")
    assert load_benchmark(storage, "two").runs["final_best"].tolist() == [2.0]
    with pytest.raises(ValueError, match=r"benchmark 'three'.*\['one', 'two'\]"):
        load_benchmark(storage, "three")


def test_multi_objective_runs_keep_every_value(make_run):
    storage = hpobench.storages.InMemoryStorage()
    make_run(
        storage,
        problem="ZDT",
        method="A",
        repeat=0,
        values=[(1.0, 2.0), (2.0, 1.0)],
        direction=["minimize", "minimize"],
    )
    data = load_benchmark(storage)
    assert data.trials["value_1"].tolist() == [2.0, 1.0]
    assert data.runs.iloc[0].n_objectives == 2
    assert math.isnan(data.runs.iloc[0].final_best)


def test_sqlite_bulk_reader_equals_the_storage_api(tmp_path, make_run):
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    storage = hpobench.storages.RDBStorage(url)
    make_run(
        storage,
        problem="P",
        method="A",
        repeat=0,
        values=[3.0, None, 1.0],
        states="CPC",
        steps=[[5, 4], [6], [2]],
        f_star=0.5,
    )
    make_run(storage, problem="P", method="B", repeat=0, values=[float("inf"), 2.0])
    from_sql = load_benchmark(url, "toy", params=True)
    from_api = load_benchmark(storage, "toy", params=True)
    columns = ["run_id", "number", "state", "value", "best_so_far", "n_steps", "ask_s"]
    pd.testing.assert_frame_equal(from_sql.trials[columns], from_api.trials[columns])
    metrics = ["run_id", "final_best", "regret", "auc", "steps_consumed", "n_pruned"]
    pd.testing.assert_frame_equal(from_sql.runs[metrics], from_api.runs[metrics])
    assert from_sql.steps.equals(from_api.steps)
    assert from_sql.params[["run_id", "param", "value"]].equals(
        from_api.params[["run_id", "param", "value"]]
    )


def test_missing_files_and_bad_arguments(tmp_path):
    with pytest.raises(FileNotFoundError, match="no SQLite file"):
        load_benchmark(f"sqlite:///{tmp_path / 'absent.db'}")
    assert not (tmp_path / "absent.db").exists()
    with pytest.raises(FileNotFoundError, match="no journal file"):
        load_benchmark(str(tmp_path / "absent.log"))
    with pytest.raises(ValueError, match="in-memory"):
        load_benchmark("sqlite://")
    with pytest.raises(TypeError, match="params must be a bool"):
        load_benchmark(hpobench.storages.InMemoryStorage(), params="yes")
    with pytest.raises(TypeError, match="storage must be"):
        load_benchmark(42)


def test_journal_file_of_hpobench(tmp_path, make_run):
    from hpobench.storages.journal import JournalFileBackend, JournalStorage

    path = tmp_path / "bench.log"
    make_run(
        JournalStorage(JournalFileBackend(path)),
        problem="P",
        method="A",
        repeat=0,
        values=[2.0, 1.0],
    )
    data = load_benchmark(str(path), "toy")
    assert data.runs["final_best"].tolist() == [1.0]


def test_a_runner_run_without_its_record_is_incomplete_but_named():
    storage = hpobench.storages.InMemoryStorage()
    study = hpobench.create_study(study_name="toy::Branin|tpe|median|2", storage=storage)
    study.add_trial(hpobench.create_trial(value=1.0))
    hpobench.create_study(study_name="toy::other-study", storage=storage)
    runs = load_benchmark(storage, "toy").runs.set_index("run_id")
    killed = runs.loc["toy::Branin|tpe|median|2"]
    assert (killed["problem"], killed["method"], killed["repeat"]) == ("Branin", "tpe + median", 2)
    assert killed["status"] == "incomplete"
    other = runs.loc["toy::other-study"]
    assert (other["problem"], other["method"], other["status"]) == (
        "study",
        "toy::other-study",
        "done",
    )
