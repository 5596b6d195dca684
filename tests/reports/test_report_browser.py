"""The report opens in a real browser offline: plotly draws every figure, tables sort."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = next(
    (
        shutil.which(n)
        for n in ("chromium", "chromium-browser", "google-chrome")
        if shutil.which(n)
    ),
    None,
)


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH for a headless check")
def test_headless_chromium_draws_the_figures(tiny_report: Path, tmp_path: Path) -> None:
    dom = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            tiny_report.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "Setup and provenance" in dom
    # plotly replaces each empty figure div by an SVG plot: all of them were drawn.
    assert dom.count('class="main-svg"') >= 2 * dom.count('class="figure-data"') > 0
