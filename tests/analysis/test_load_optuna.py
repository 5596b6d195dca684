"""Reading studies stored by real Optuna (fixture files made by data/make_optuna_fixtures.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import load_benchmark, load_optuna

DATA = Path(__file__).parent / "data"
DB_URL = f"sqlite:///{DATA / 'optuna_studies.sqlite3'}"
JOURNAL = str(DATA / "optuna_journal.jsonl")
SOURCES = pytest.mark.parametrize("source", [DB_URL, JOURNAL], ids=["rdb", "journal"])


def _by_attr(name, attrs):
    return attrs.get("problem", "multi")


@SOURCES
def test_every_live_study_is_a_run(source):
    data = load_optuna(source)
    assert sorted(data.runs["run_id"]) == ["quadratic-random", "quadratic-tpe", "two-objectives"]
    counts = data.runs.set_index("run_id")[["n_trials", "n_failed", "n_objectives"]]
    assert counts.loc["quadratic-tpe"].tolist() == [12, 1, 1]
    assert counts.loc["two-objectives"].tolist() == [6, 0, 2]
    assert (data.runs["status"] == "done").all()  # no run record: finished studies


@SOURCES
def test_values_match_the_objective_recomputed_from_params(source):
    data = load_optuna(source, params=True)
    params = data.params.pivot_table(index=["run_id", "number"], columns="param", values="value")
    trials = data.trials.set_index(["run_id", "number"])
    quad = trials.loc["quadratic-tpe"]
    complete = quad[quad["state"] == "COMPLETE"].index
    p = params.loc["quadratic-tpe"].loc[complete]
    # kind is stored as its choice index: 1 is "b".
    expected = (p["x"] - 2.0) ** 2 + p["y"] + 0.5 * p["kind"]
    np.testing.assert_allclose(quad.loc[complete, "value"], expected)


@SOURCES
def test_intermediate_values_are_kept_for_pruned_trials(source):
    data = load_optuna(source)
    runs = data.runs.set_index("run_id")
    assert runs.loc["quadratic-random", "n_pruned"] > 0
    trials = data.trials.set_index(["run_id", "number"])
    steps = data.steps.set_index(["run_id", "number"])
    complete = trials[trials["state"] == "COMPLETE"].loc["quadratic-tpe"].index[0]
    reported = steps.loc[("quadratic-tpe", complete)].sort_values("step")
    value = trials.loc[("quadratic-tpe", complete), "value"]
    np.testing.assert_allclose(reported["value"], [3 * value, 2 * value, value])
    pruned = trials[trials["state"] == "PRUNED"]
    assert (pruned["n_steps"] >= 1).all()
    assert (
        runs.loc["quadratic-random", "steps_consumed"]
        == trials.loc["quadratic-random", "n_steps"].sum()
    )


def test_rdb_and_journal_give_the_same_tables():
    rdb, journal = load_optuna(DB_URL, params=True), load_optuna(JOURNAL, params=True)
    columns = ["run_id", "number", "state", "value", "value_1", "best_so_far", "n_steps"]
    pd.testing.assert_frame_equal(rdb.trials[columns], journal.trials[columns])
    pd.testing.assert_frame_equal(rdb.steps, journal.steps)
    pd.testing.assert_frame_equal(
        rdb.params.drop(columns="distribution"), journal.params.drop(columns="distribution")
    )
    metrics = ["run_id", "final_best", "auc", "steps_consumed", "n_complete", "n_pruned"]
    pd.testing.assert_frame_equal(rdb.runs[metrics], journal.runs[metrics])


@SOURCES
def test_problem_and_method_from_user_attrs(source):
    data = load_optuna(
        source,
        study_names=["quadratic-tpe", "quadratic-random"],
        problem="problem",
        method="method",
    )
    assert sorted(zip(data.runs["problem"], data.runs["method"])) == [
        ("quadratic", "random"),
        ("quadratic", "tpe"),
    ]
    both = load_optuna(source, problem=_by_attr)
    assert set(both.runs["problem"]) == {"quadratic", "multi"}


@SOURCES
def test_unknown_study_and_missing_attribute(source):
    with pytest.raises(ValueError, match=r"\['nope'\].*quadratic-tpe"):
        load_optuna(source, study_names=["nope"])
    with pytest.raises(ValueError, match="no user attribute 'sampler'.*method"):
        load_optuna(source, method="sampler")


def test_load_benchmark_recognises_optuna_storages():
    assert len(load_benchmark(DB_URL).runs) == 3
    assert len(load_benchmark(JOURNAL).runs) == 3


def test_a_line_being_written_is_ignored_and_a_torn_line_is_an_error(tmp_path):
    path = tmp_path / "journal.log"
    shutil.copy(JOURNAL, path)
    with path.open("a") as file:
        file.write('{"op_code": 4, "worker_id": "w", "study_id": 0')  # no newline yet
    assert len(load_optuna(str(path)).trials) == 30
    with path.open("a") as file:
        file.write("\n" + json.dumps({"op_code": 0, "study_name": "late", "directions": [1]}))
        file.write("\n")
    with pytest.raises(ValueError, match=r"line \d+ is not JSON"):
        load_optuna(str(path))


def test_unknown_operation_is_an_error(tmp_path):
    path = tmp_path / "journal.log"
    path.write_text(json.dumps({"op_code": 99, "worker_id": "w"}) + "\n")
    with pytest.raises(ValueError, match="unknown op_code 99"):
        load_optuna(str(path))
