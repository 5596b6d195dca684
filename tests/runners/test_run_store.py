"""The results storage: commits, iter_runs, resume of incomplete runs, conflicts, errors."""

from __future__ import annotations

import pytest

import hpobench
from runners import RUN_ATTR, Budget, StorageError, iter_runs, open_storage, run_plan
from runners._store import commit_run, default_storage_url, scan


def test_commit_writes_one_study_per_run_with_the_record_last(tiny_plan, sqlite_url) -> None:
    plan = tiny_plan(repeats=1)
    summary = run_plan(plan, sqlite_url)
    assert (summary.done, summary.failed, summary.already_done) == (4, 0, 0)
    runs = list(iter_runs(sqlite_url, "tiny"))
    assert sorted(r.run_key for r in runs) == sorted(spec.run_key for spec in plan)
    for run in runs:
        assert run.status == "done" and run.record["format_version"] == 1
        study = hpobench.load_study(study_name=run.study_name, storage=sqlite_url)
        assert len(study.trials) == 8
        assert study.user_attrs[RUN_ATTR] == run.record


def test_iter_runs_filters_by_benchmark_and_ignores_other_studies(tiny_plan) -> None:
    storage = hpobench.storages.InMemoryStorage()
    run_plan(tiny_plan("a", repeats=1, problems=["Branin"]), storage)
    run_plan(tiny_plan("b", repeats=1, problems=["Branin"]), storage)
    hpobench.create_study(storage=storage, study_name="someone-else")
    assert {r.benchmark for r in iter_runs(storage)} == {"a", "b"}
    assert len(list(iter_runs(storage, "a"))) == 2


def test_resume_skips_committed_runs_and_reruns_incomplete_ones(tiny_plan, sqlite_url) -> None:
    plan = tiny_plan(repeats=1)
    run_plan(plan.select(["Branin|*"]), sqlite_url)
    # A runner killed while committing leaves a study without its record.
    half = hpobench.create_study(storage=sqlite_url, study_name=plan.runs[2].study_name)
    half.optimize(lambda t: t.suggest_float("x0", 0, 1), n_trials=2)
    state = scan(open_storage(sqlite_url), plan)
    assert state.incomplete == [plan.runs[2].study_name]
    assert len(state.committed) == 2
    summary = run_plan(plan, sqlite_url)
    assert (summary.done, summary.already_done) == (2, 2)
    runs = list(iter_runs(sqlite_url, "tiny", include_incomplete=True))
    assert sorted(r.run_key for r in runs) == sorted(s.run_key for s in plan)
    assert all(r.status == "done" for r in runs)
    rerun = hpobench.load_study(study_name=plan.runs[2].study_name, storage=sqlite_url)
    assert len(rerun.trials) == 8 and "x0" in rerun.trials[0].params  # Hartmann6 has x0..x5
    assert "x5" in rerun.trials[0].params


def test_a_changed_suite_is_refused(tiny_plan, sqlite_url) -> None:
    run_plan(tiny_plan(repeats=1, trials=4), sqlite_url)
    with pytest.raises(StorageError, match=r"stored with other settings \(budget"):
        run_plan(tiny_plan(repeats=1, trials=5), sqlite_url)


def test_commit_of_an_already_committed_run_writes_nothing(tiny_plan) -> None:
    from runners import execute_run

    storage = hpobench.storages.InMemoryStorage()
    result = execute_run(tiny_plan(repeats=1).runs[0])
    assert commit_run(storage, result) is True
    assert commit_run(storage, result) is False
    assert len(storage.get_all_studies()) == 1


def test_retry_failed_reruns_failed_runs(tiny_plan, sqlite_url) -> None:
    from runners import ComponentSpec

    plan = tiny_plan(repeats=1, problems=["Branin"], samplers=[ComponentSpec("grid")])
    first = run_plan(plan, sqlite_url)
    assert first.failed == 1 and "finitely many values" in first.failures[0][1]
    again = run_plan(plan, sqlite_url)
    assert (again.failed, again.already_failed) == (0, 1)
    retried = run_plan(plan, sqlite_url, retry_failed=True)
    assert (retried.failed, retried.already_failed) == (1, 0)
    assert len(list(iter_runs(sqlite_url, "tiny"))) == 1


def test_journal_file_storage(tiny_plan, tmp_path) -> None:
    path = str(tmp_path / "bench.log")
    run_plan(tiny_plan(repeats=1, problems=["Branin"]), path)
    assert len(list(iter_runs(path, "tiny"))) == 2


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("postgresql+psycopg://nobody:secret@127.0.0.1:1/none", r"cannot open storage .*:\*\*\*@"),
        ("sqlite:///{tmp}/no/such/dir/x.db", "cannot open storage"),
        ("bench.txt", "neither a URL nor a journal file"),
    ],
)
def test_unreachable_storage_is_one_clear_error(url: str, match: str, tmp_path) -> None:
    with pytest.raises(StorageError, match=match) as info:
        open_storage(url.format(tmp=tmp_path))
    assert "\n" not in str(info.value)


def test_default_storage_is_next_to_the_suite_file(tmp_path) -> None:
    assert default_storage_url(tmp_path / "s.toml") == f"sqlite:///{tmp_path / 's.db'}"


def test_budget_in_record_identity(tiny_plan) -> None:
    assert tiny_plan(trials=3).runs[0].identity()["budget"] == Budget(trials=3).to_dict()


def test_postgresql_storage_and_resume(tiny_plan, postgres_url) -> None:
    plan = tiny_plan("pg", repeats=1)
    assert run_plan(plan, postgres_url).done == 4
    again = run_plan(plan, postgres_url)
    assert (again.done, again.already_done) == (0, 4)
    assert len(list(iter_runs(postgres_url, "pg"))) == 4


def test_status_table_counts_done_failed_incomplete_and_todo(tiny_plan) -> None:
    from runners import ComponentSpec, status_table

    plan = tiny_plan(
        "st",
        repeats=2,
        problems=["Branin"],
        samplers=[ComponentSpec("random"), ComponentSpec("grid")],
    )
    storage = hpobench.storages.InMemoryStorage()
    run_plan(plan.select(["*|0"]), storage)
    hpobench.create_study(storage=storage, study_name=plan.runs[2].study_name)  # killed mid-commit
    table = status_table(plan, storage)
    assert table.to_dict(orient="records") == [
        {"problem": "Branin", "sampler": "random", "pruner": "-", "done": 1, "failed": 0,
         "incomplete": 1, "todo": 1},
        {"problem": "Branin", "sampler": "grid", "pruner": "-", "done": 0, "failed": 1,
         "incomplete": 0, "todo": 1},
    ]  # fmt: skip
