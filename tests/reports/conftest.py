"""Fixtures of the report tests: the tiny benchmark, its loaded tables and its report; the
topic benchmarks (pruning, ML tasks and two objectives, worker scaling, a baseline) and
their reports, built once per session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from report_pages import BENCHMARK, PROBLEMS, SAMPLERS, Page, run_tiny
from topic_runs import (
    PRUNING,
    TOPICS,
    run_baseline,
    run_pruning,
    run_scaling,
    run_topics,
)

import analysis
import hpobench
import reports
import runners
from reports._render import Report, build_report


@pytest.fixture(scope="session")
def tiny_storage() -> Any:
    """3 problems (one failing) x 3 samplers x 5 repeats x 10 trials, in memory."""
    storage = hpobench.storages.InMemoryStorage()
    run_tiny(storage, [runners.ComponentSpec(name) for name in SAMPLERS], PROBLEMS)
    return storage


@pytest.fixture(scope="session")
def tiny_data(tiny_storage: Any) -> analysis.BenchmarkData:
    return analysis.load_benchmark(tiny_storage, BENCHMARK, params=True)


@pytest.fixture(scope="session")
def tiny_report(tiny_storage: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    return reports.render_html(tiny_storage, benchmark=BENCHMARK, reference="tpe", out=out)


@pytest.fixture(scope="session")
def tiny_page(tiny_report: Path) -> Page:
    return Page(tiny_report.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def topic_storage() -> Any:
    """The benchmarks PRUNING and TOPICS, in memory."""
    storage = hpobench.storages.InMemoryStorage()
    run_pruning(storage)
    run_topics(storage)
    return storage


@pytest.fixture(scope="session")
def pruning_report(topic_storage: Any) -> Report:
    return build_report(topic_storage, benchmark=PRUNING)


@pytest.fixture(scope="session")
def topics_report(topic_storage: Any) -> Report:
    return build_report(topic_storage, benchmark=TOPICS, reference="random")


@pytest.fixture(scope="session")
def scaling_storage() -> Any:
    storage = hpobench.storages.InMemoryStorage()
    run_scaling(storage)
    return storage


@pytest.fixture(scope="session")
def scaling_report(scaling_storage: Any) -> Report:
    return build_report(scaling_storage)


@pytest.fixture(scope="session")
def baseline_storage() -> Any:
    """A baseline of the tiny benchmark: fewer trials, on two of its problems."""
    storage = hpobench.storages.InMemoryStorage()
    run_baseline(storage, BENCHMARK, PROBLEMS[:2])
    return storage


@pytest.fixture(scope="session")
def regression_report(tiny_storage: Any, baseline_storage: Any) -> Report:
    return build_report(tiny_storage, benchmark=BENCHMARK, baseline=baseline_storage)


@pytest.fixture(autouse=True)
def _quiet_engine() -> Any:
    """Keep the engine's per-study INFO lines out of the test output."""
    previous = hpobench.logging.get_verbosity()
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    yield
    hpobench.logging.set_verbosity(previous)
