"""Each command's happy path, in process, on a SQLite file and on a journal file."""

from __future__ import annotations

import csv
import io
import json
import logging

import pytest

import hpobench
from hpobench.cli._storage import open_storage
from hpobench.trial import TrialState

SPACE = json.dumps(
    {
        "x": {"name": "FloatDistribution", "attributes": {"low": -1, "high": 1}},
        "c": {"name": "CategoricalDistribution", "attributes": {"choices": ["a", "b"]}},
    }
)


def _study(storage: str, name: str = "s", n_trials: int = 0, **kwargs) -> hpobench.Study:
    study = hpobench.create_study(storage=open_storage(storage), study_name=name, **kwargs)
    if n_trials:
        study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=n_trials)
    return study


def _load(storage: str, name: str = "s") -> hpobench.Study:
    return hpobench.load_study(study_name=name, storage=open_storage(storage))


# -- create-study, delete-study, studies, study-names ----------------------------------------


def test_create_study_prints_the_name_and_logs_it(run, storage):
    result = run("create-study", "--study-name", "distributed-example", "--storage", storage)
    assert (result.status, result.out) == (0, "distributed-example\n")
    assert "A new study created" in result.err
    assert result.err.rstrip().endswith("with name: distributed-example")
    assert _load(storage, "distributed-example").direction.name == "MINIMIZE"


def test_create_study_without_a_name_prints_the_generated_one(run, storage):
    result = run("--storage", storage, "create-study", "--direction", "maximize")
    name = result.out.strip()
    assert result.status == 0 and name
    assert _load(storage, name).direction.name == "MAXIMIZE"


def test_create_study_with_several_directions(run, storage):
    run("create-study --study-name mo --directions minimize MAXIMIZE --storage", storage)
    assert [d.name for d in _load(storage, "mo").directions] == ["MINIMIZE", "MAXIMIZE"]


def test_skip_if_exists_reuses_the_study(run, storage):
    _study(storage, n_trials=2)
    result = run("create-study", "--study-name", "s", "--skip-if-exists", "--storage", storage)
    assert (result.status, result.out) == (0, "s\n")
    assert len(_load(storage).trials) == 2


def test_delete_study(run, storage):
    _study(storage, "a")
    _study(storage, "b", n_trials=1)
    assert run("delete-study", "--study-name", "b", "--storage", storage).status == 0
    assert hpobench.get_all_study_names(open_storage(storage)) == ["a"]


def test_studies_in_every_format(run, storage):
    _study(storage, "a", n_trials=3)
    _study(storage, "b", directions=["minimize", "maximize"]).set_user_attr("k", [1, 2])
    table = run("studies", "--storage", storage).out.splitlines()
    assert table[0].split() == ["name", "directions", "n_trials", "datetime_start", "user_attrs"]
    assert table[2].startswith("a ") and "[MINIMIZE]" in table[2] and " 3 " in table[2]
    assert table[3].startswith("b ") and "[MINIMIZE, MAXIMIZE]" in table[3]

    records = run("studies", "-f", "json", "--storage", storage).json()
    assert [(r["name"], r["directions"], r["n_trials"]) for r in records] == [
        ("a", ["MINIMIZE"], 3),
        ("b", ["MINIMIZE", "MAXIMIZE"], 0),
    ]
    assert records[1]["user_attrs"] == {"k": [1, 2]} and records[1]["datetime_start"] is None
    rows = list(csv.DictReader(io.StringIO(run("studies", "-f", "csv", "--storage", storage).out)))
    assert rows[0]["name"] == "a" and json.loads(rows[1]["directions"]) == ["MINIMIZE", "MAXIMIZE"]


def test_study_names(run, storage):
    _study(storage, "a")
    _study(storage, "b b")
    assert run("study-names", "--storage", storage).out == "a\nb b\n"
    assert run("study-names", "-f", "json", "--storage", storage).json() == ["a", "b b"]


# -- trials, best-trial, best-trials -----------------------------------------------------------


def test_trials_in_every_format_hold_the_same_data(run, storage):
    study = _study(storage, n_trials=3)
    study.enqueue_trial({"x": 0.5})  # a WAITING trial: no value, no times
    records = run("trials", "--study-name", "s", "-f", "json", "--storage", storage).json()
    assert [r["number"] for r in records] == [0, 1, 2, 3]
    for record, trial in zip(records, study.trials):
        assert record["value"] == trial.value  # exact, not rounded
        assert record["params"] == trial.params and record["state"] == trial.state.name
    assert records[3]["value"] is None and records[3]["datetime_start"] is None

    text = run("trials", "--study-name", "s", "-f", "csv", "--storage", storage).out
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [float(r["value"]) for r in rows[:3]] == [t.value for t in study.trials[:3]]
    assert json.loads(rows[0]["params"]) == study.trials[0].params

    table = run("trials", "--study-name", "s", "--storage", storage).out.splitlines()
    assert len(table) == 2 + 4 and table[0].split()[:3] == ["number", "state", "value"]
    assert len({len(line) for line in table[:2]}) == 1  # header and rule are aligned


def test_trials_as_yaml_load_back_like_the_json(run, storage):
    yaml = pytest.importorskip("yaml")
    _study(storage, n_trials=3).enqueue_trial({"x": 0.5})
    args = ("trials", "--study-name", "s", "--storage", storage, "-f")
    assert yaml.safe_load(run(*args, "yaml").out) == run(*args, "json").json()


def test_trials_flatten_spreads_params_into_columns(run, storage):
    _study(storage, n_trials=2)
    text = run("trials", "--study-name", "s", "-f", "csv", "--flatten", "--storage", storage).out
    header = next(csv.reader(io.StringIO(text)))
    assert "params.x" in header and "params" not in header


def test_best_trial(run, storage):
    study = _study(storage, n_trials=5)
    record = run("best-trial", "--study-name", "s", "-f", "json", "--storage", storage).json()
    assert record["number"] == study.best_trial.number
    assert record["value"] == study.best_value


def test_best_trials_of_a_multi_objective_study(run, storage):
    study = _study(storage, directions=["minimize", "minimize"])
    for values in ([1, 3], [2, 2], [3, 3], [0, 5]):
        study.tell(study.ask(), values)
    records = run("best-trials", "--study-name", "s", "-f", "json", "--storage", storage).json()
    assert sorted(r["number"] for r in records) == [0, 1, 3]
    assert records[0]["values"] == [1.0, 3.0]


# -- study set-user-attr, study optimize -------------------------------------------------------


def test_set_user_attr_with_the_short_flags_of_the_docs(run, storage):
    _study(storage)
    result = run("study set-user-attr --study-name s -k owner -v alice --storage", storage)
    assert result.status == 0
    run(
        "-v study set-user-attr --study-name s --key tags --json --storage",
        storage,
        "--value",
        '["a", 1]',
    )
    assert _load(storage).user_attrs == {"owner": "alice", "tags": ["a", 1]}


def test_study_optimize_runs_the_objective_of_a_file(run, storage, tmp_path, monkeypatch):
    (tmp_path / "cli_test_helper.py").write_text("def square(x):\n    return (x - 2) ** 2\n")
    (tmp_path / "foo.py").write_text(
        "from cli_test_helper import square\n\n"
        "def objective(trial):\n"
        "    return square(trial.suggest_float('x', -10, 10))\n\n"
        "if __name__ == '__main__':\n"
        "    raise SystemExit('the __main__ block must not run')\n"
    )
    _study(storage, "distributed-example")
    monkeypatch.chdir(tmp_path)
    result = run(
        "study optimize foo.py objective --n-trials 5 --study-name distributed-example --storage",
        storage,
    )
    assert result.status == 0, result.err
    trials = _load(storage, "distributed-example").trials
    assert [t.state for t in trials] == [TrialState.COMPLETE] * 5
    assert result.err.count("finished with value") == 5


def test_study_optimize_with_a_sampler(run, storage, tmp_path):
    path = tmp_path / "grid.py"
    path.write_text("def f(trial):\n    return trial.suggest_float('x', 0, 1)\n")
    _study(storage)
    grid = '{"search_space": {"x": [0.0, 1.0]}}'
    run(
        "study optimize",
        str(path),
        "f",
        "--study-name",
        "s",
        "--storage",
        storage,
        "--sampler",
        "GridSampler",
        "--sampler-kwargs",
        grid,
    )
    assert sorted(t.params["x"] for t in _load(storage).trials) == [0.0, 1.0]


# -- ask, tell ---------------------------------------------------------------------------------


def test_ask_and_tell_round_trip(run, storage):
    _study(storage)
    for expected in range(3):
        asked = run("ask", "--study-name", "s", "--search-space", SPACE, "--storage", storage)
        trial = asked.json()
        assert trial["number"] == expected and set(trial["params"]) == {"x", "c"}
        value = trial["params"]["x"] ** 2
        number = str(trial["number"])
        told = run(
            "tell --study-name s --trial-number",
            number,
            "--values",
            repr(value),
            "--storage",
            storage,
        )
        assert told.status == 0, told.err
    trials = _load(storage).trials
    assert [t.state for t in trials] == [TrialState.COMPLETE] * 3
    assert all(t.value == t.params["x"] ** 2 for t in trials)


def test_ask_takes_an_enqueued_trial_first(run, storage):
    _study(storage).enqueue_trial({"x": 0.25, "c": "b"})
    trial = run("ask", "--study-name", "s", "--search-space", SPACE, "--storage", storage).json()
    assert trial == {"number": 0, "params": {"x": 0.25, "c": "b"}}


def test_ask_with_a_named_sampler_and_yaml_output(run, storage):
    _study(storage)
    grid = '{"search_space": {"x": [0.5], "c": ["b"]}}'
    result = run(
        "ask --study-name s --sampler GridSampler -f yaml --sampler-kwargs",
        grid,
        "--search-space",
        SPACE,
        "--storage",
        storage,
    )
    assert result.status == 0, result.err
    assert result.out == "number: 0\nparams:\n  x: 0.5\n  c: b\n"


def test_ask_without_a_search_space_gives_no_params(run, storage):
    _study(storage)
    assert run("ask", "--study-name", "s", "--storage", storage).json() == {
        "number": 0,
        "params": {},
    }


@pytest.mark.parametrize("state", ["pruned", "fail"])
def test_tell_a_state_without_values(run, storage, state):
    _study(storage).ask()
    result = run(f"tell --study-name s --trial-number 0 --state {state} --storage", storage)
    assert result.status == 0
    assert _load(storage).trials[0].state.name == state.upper()


def test_tell_several_values_and_skip_if_finished(run, storage):
    _study(storage, directions=["minimize", "maximize"]).ask()
    args = ("tell", "--study-name", "s", "--trial-number", "0", "--values", "1", "-2.5")
    assert run(*args, "--storage", storage).status == 0
    assert run(*args, "--skip-if-finished", "--storage", storage).status == 0
    again = run(*args, "--storage", storage)
    assert again.status == 1 and "--skip-if-finished" in again.err
    assert _load(storage).trials[0].values == [1.0, -2.5]


# -- storage upgrade ---------------------------------------------------------------------------


def test_storage_upgrade_of_a_current_database(run, sqlite_url):
    result = run("storage", "upgrade", "--storage", sqlite_url)
    assert result.status == 0 and "is up to date" in result.out


def test_storage_upgrade_of_an_old_database(run, sqlite_url):
    sqlalchemy = pytest.importorskip("sqlalchemy")
    _study(sqlite_url, n_trials=1)
    engine = sqlalchemy.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text("UPDATE version_info SET schema_version = 0"))
    engine.dispose()
    old = run("trials", "--study-name", "s", "--storage", sqlite_url)
    assert old.status == 1 and "hpobench storage upgrade --storage" in old.err
    result = run("storage", "upgrade", "--storage", sqlite_url)
    assert result.status == 0 and result.out.startswith("Upgraded ")
    assert run("trials", "--study-name", "s", "--storage", sqlite_url).status == 0


def test_storage_upgrade_of_a_journal_has_nothing_to_do(run, tmp_path):
    result = run("storage", "upgrade", "--storage", str(tmp_path / "j.log"))
    assert result.status == 0 and "nothing to upgrade" in result.out


# -- global options ----------------------------------------------------------------------------


def test_storage_from_the_environment(run, storage, monkeypatch):
    _study(storage)
    monkeypatch.setenv("HPOBENCH_STORAGE", storage)
    assert run("study-names").out == "s\n"


def test_storage_option_overrides_the_environment(run, sqlite_url, tmp_path, monkeypatch):
    _study(sqlite_url, "here")
    monkeypatch.setenv("HPOBENCH_STORAGE", f"sqlite:///{tmp_path / 'other.db'}")
    assert run("study-names", "--storage", sqlite_url).out == "here\n"


def test_global_options_work_before_and_after_the_command(run, sqlite_url):
    before = run("--storage", sqlite_url, "-q", "create-study", "--study-name", "a")
    after = run("create-study", "--study-name", "b", "--storage", sqlite_url, "-q")
    assert (before.out, after.out) == ("a\n", "b\n")
    assert before.err == after.err == ""  # -q hides the INFO line


def test_verbose_logs_debug_lines_and_the_level_is_restored(run, sqlite_url):
    level = hpobench.logging.get_verbosity()
    for argv in (["-v", "studies"], ["studies", "--verbose"], ["-v", "studies", "-v"]):
        assert run(*argv, "--storage", sqlite_url).status == 0
        assert hpobench.logging.get_verbosity() == level


def test_verbose_sets_the_debug_level_while_the_command_runs(run, sqlite_url, monkeypatch):
    seen = []
    monkeypatch.setattr(
        "hpobench.cli._studies._study_names",
        lambda args: seen.append(hpobench.logging.get_verbosity()) or 0,
    )
    run("study-names", "--storage", sqlite_url, "-v")
    run("-q", "study-names", "--storage", sqlite_url)
    assert seen == [logging.DEBUG, logging.WARNING]


def test_log_file_gets_the_log_lines(run, sqlite_url, tmp_path):
    log = tmp_path / "cli.txt"
    run("create-study", "--study-name", "a", "--storage", sqlite_url, "--log-file", str(log))
    assert "A new study created" in log.read_text()
    hpobench.logging.get_logger("hpobench").info("after the command")
    assert "after the command" not in log.read_text()  # the handler is removed


def test_group_without_a_command_prints_its_help(run):
    result = run("study")
    assert result.status == 2 and "set-user-attr" in result.out and "optimize" in result.out
