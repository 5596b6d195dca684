"""Fixtures of the report tests: the tiny benchmark, its loaded tables and its report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from report_pages import BENCHMARK, PROBLEMS, SAMPLERS, Page, run_tiny

import analysis
import hpobench
import reports
import runners


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


@pytest.fixture(autouse=True)
def _quiet_engine() -> Any:
    """Keep the engine's per-study INFO lines out of the test output."""
    previous = hpobench.logging.get_verbosity()
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    yield
    hpobench.logging.set_verbosity(previous)
