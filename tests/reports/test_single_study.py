"""A storage (or ``--benchmark``) that selects a single study, not a runner benchmark: the
report is the study's dashboard page."""

from __future__ import annotations

from typing import Any

import pytest
from report_pages import Page

import hpobench
import reports
import reports._cli
from hpobench.cli import _app


def _objective(trial: hpobench.Trial) -> float:
    x = trial.suggest_float("x", -2.0, 2.0)
    n = trial.suggest_int("n", 1, 4)
    kind = trial.suggest_categorical("kind", ["a", "b"])
    for step in range(3):
        trial.report(x * x + step, step)
    if trial.number == 3:
        raise hpobench.TrialPruned()
    if trial.number == 4:
        raise ValueError("the objective failed")
    return x * x + n + (kind == "b")


def _solo(storage: Any, name: str = "solo") -> None:
    """Eight trials: COMPLETE ones, one PRUNED and one FAIL, three steps each."""
    previous = hpobench.logging.get_verbosity()
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)
    try:
        study = hpobench.create_study(
            study_name=name, storage=storage, sampler=hpobench.samplers.RandomSampler(seed=0)
        )
        study.optimize(_objective, n_trials=8, catch=(ValueError,))
    finally:
        hpobench.logging.set_verbosity(previous)


@pytest.fixture(scope="module")
def solo_storage() -> Any:
    storage = hpobench.storages.InMemoryStorage()
    _solo(storage)
    return storage


def test_the_report_of_one_study_is_its_dashboard_page(solo_storage) -> None:
    page = Page(reports.report_html(solo_storage))
    dashboard = Page(reports.dashboard_html(solo_storage))
    assert "<title>Study solo</title>" in page.source
    # The same trials (states, values, parameters, times) and the same facts.
    assert page.tables["trials"] == dashboard.tables["trials"]
    assert page.tables["study-facts"] == dashboard.tables["study-facts"]
    states = [row["state"] for row in page.rows("trials")]
    assert states.count("PRUNED") == 1 and states.count("FAIL") == 1
    assert {"history", "intermediate"} <= set(page.sections)


def test_benchmark_can_name_the_one_study(solo_storage) -> None:
    storage = hpobench.storages.InMemoryStorage()
    _solo(storage)
    _solo(storage, "other")
    page = Page(reports.report_html(storage, benchmark="solo"))
    assert "<title>Study solo</title>" in page.source
    assert len(page.rows("trials")) == 8


def test_comparisons_are_refused_for_one_study(solo_storage) -> None:
    with pytest.raises(ValueError, match=r"reference='tpe': the data hold one study \('solo'\)"):
        reports.report_html(solo_storage, reference="tpe")


def test_optuna_storage_with_one_study(tmp_path) -> None:
    optuna = pytest.importorskip("optuna")
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    url = f"sqlite:///{tmp_path / 'optuna.db'}"
    study = optuna.create_study(study_name="tuned", storage=url)
    study.optimize(lambda t: (t.suggest_float("x", -1.0, 1.0) - 0.5) ** 2, n_trials=4)
    page = Page(reports.report_html(url))
    assert "<title>Study tuned</title>" in page.source
    values = sorted(float(row["value"]) for row in page.rows("trials"))
    assert values == pytest.approx(sorted(t.value for t in study.trials), rel=1e-3)


@pytest.fixture
def only_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_app, "_plugin_registrations", lambda: [reports._cli.register])


def test_cli_writes_the_page_and_refuses_the_summary(tmp_path, capsys, only_reports) -> None:
    url = f"sqlite:///{tmp_path / 'solo.db'}"
    _solo(url)
    out = tmp_path / "solo.html"
    assert _app.main(["--storage", url, "report", "--out", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote {out}\n"
    assert "<title>Study solo</title>" in out.read_text(encoding="utf-8")
    markdown = str(tmp_path / "solo.md")
    status = _app.main(["--storage", url, "report", "--out", str(out), "--markdown", markdown])
    err = capsys.readouterr().err
    assert status == 2 and "--markdown: the storage holds one study" in err
