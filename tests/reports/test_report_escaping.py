"""User-provided names are text in the report, never markup or script."""

from __future__ import annotations

import pytest
from report_pages import BENCHMARK, Page, run_tiny

import hpobench
import reports
import runners

EVIL = "<img src=x onerror=alert(1)></script><script>alert(2)</script>\"'&"


@pytest.fixture(scope="module")
def evil_page() -> tuple[str, Page]:
    storage = hpobench.storages.InMemoryStorage()
    run_tiny(
        storage,
        [runners.ComponentSpec("random"), runners.ComponentSpec("tpe", label=EVIL)],
        ["Branin", "GramacyToy"],
    )
    source = reports.report_html(storage, benchmark=BENCHMARK, reference=EVIL, title=EVIL)
    return source, Page(source)


def test_a_malicious_method_name_is_escaped_everywhere(evil_page) -> None:
    source, page = evil_page
    assert EVIL not in source
    assert "<img" not in source
    assert "x" not in page.resource_urls and "img" not in page.tags
    assert not any("alert(2)" in script and "<script>" in script for script in page.scripts)
    leaderboard = {row["method"] for row in page.rows("leaderboard")}
    assert leaderboard == {"random", EVIL}  # shown as text, character for character
    assert {row["rival"] for row in page.rows("win-tie-loss")} == {"random"}


def test_figures_keep_the_name_as_data(evil_page) -> None:
    source, page = evil_page
    figures = [s for s in page.scripts if s.startswith('{"data"')]
    assert figures and all("<" not in s for s in figures)
    assert any("\\u003cimg" in s for s in figures)
    assert source.count("<script") == 1 + len(figures) + 1  # plotly, figures, table sorting
