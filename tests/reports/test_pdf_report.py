"""The PDF report: the HTML report's sections and numbers, extractable text, drawable pages.

The PDF is read with poppler's command-line tools (``pdftotext``, ``pdftoppm``; Debian's
``poppler-utils``, which ``.ci/run`` installs). Without them, or without WeasyPrint (the
``pdf`` extra, part of ``test``), these tests skip with the reason, and fail under CI=true.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from report_pages import BENCHMARK, Page, run_tiny

import analysis
import reports
import reports._cli
import runners
from hpobench.cli import _app
from hpobench.testing.servers import in_ci
from hpobench.visualization._common import importable
from reports import _figures, _static_figures

pytestmark = pytest.mark.filterwarnings("ignore::analysis.AnalysisWarning")

TITLES = [
    "Setup and provenance",
    "Overall summary",
    "Critical difference and pairwise significance",
    "Breakdowns by problem tag and dimension",
    "Anytime performance",
    "Per-problem results",
    "Timing",
    "Failures",
    "Notes from the analysis",
]
MISSING_EXTRA = 'PDF output needs WeasyPrint: pip install "hpobench[pdf]"'


def _skip_or_fail(reason: str) -> None:
    if in_ci():
        pytest.fail(f"{reason}; CI=true, so this fails instead of skipping: install it in CI.")
    pytest.skip(reason)


def _need_weasyprint() -> None:
    if not importable("weasyprint"):
        _skip_or_fail('WeasyPrint is not installed (pip install "hpobench[pdf]")')


def _need_poppler() -> None:
    missing = [tool for tool in ("pdftotext", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        _skip_or_fail(
            f"{' and '.join(missing)} not on PATH (Debian: apt-get install poppler-utils)"
        )


def _run(*argv: str) -> str:
    return subprocess.run(argv, capture_output=True, text=True, check=True, timeout=60).stdout


@pytest.fixture(scope="module")
def pdf_report(tiny_storage, tmp_path_factory: pytest.TempPathFactory) -> Path:
    _need_weasyprint()
    out = tmp_path_factory.mktemp("pdf") / "report.pdf"
    return reports.render_pdf(tiny_storage, benchmark=BENCHMARK, reference="tpe", out=out)


@pytest.fixture(scope="module")
def pdf_pages(pdf_report: Path) -> list[str]:
    """The text of each page, laid out as printed (a table row on one line)."""
    _need_poppler()
    text = _run("pdftotext", "-layout", str(pdf_report), "-")
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def close(shown: str, value: float) -> bool:
    """A cell shows ``value`` to its 4 significant digits."""
    return math.isclose(float(shown), value, rel_tol=1e-3, abs_tol=1e-12)


def test_every_section_starts_the_page_its_contents_line_names(tiny_data, pdf_pages) -> None:
    contents = pdf_pages[0]
    at = TITLES.index("Per-problem results") + 1
    headings = [*TITLES[:at], *tiny_data.problems, *TITLES[at:]]
    for heading in headings:
        found = re.search(rf"^\s*\d+\. {re.escape(heading)}[ .]*?(\d+)\s*$", contents, re.M)
        assert found, f"{heading!r} is missing from the contents"
        page = pdf_pages[int(found.group(1)) - 1]
        assert heading in page
        if heading in TITLES:  # every section opens a page
            assert page.lstrip().startswith(heading)


def _table_rows(page: str, caption: str, header: list[str]) -> dict[str, list[str]]:
    """The rows after the ``header`` line that follows ``caption``, keyed by first cell."""
    lines = page[page.index(caption) :].splitlines()
    start = next(i for i, line in enumerate(lines) if line.split() == header)
    rows = {}
    for line in lines[start + 1 :]:
        cells = line.split()
        if not cells:
            break
        rows[cells[0]] = cells[1:]
    return rows


def test_leaderboard_numbers_are_the_analysis_numbers(tiny_data, pdf_pages) -> None:
    friedman = analysis.friedman_test(tiny_data)
    kurobako = analysis.kurobako_ranking(tiny_data).overall
    scores = analysis.normalized_scores(tiny_data, "random").summary
    page = next(p for p in pdf_pages if p.lstrip().startswith("Overall summary"))
    header = ["method", "borda", "firsts", "average_rank", "median_score", "mean_score"]
    rows = _table_rows(page, "Leaderboard", header)
    assert sorted(rows) == tiny_data.methods
    for method, (borda, firsts, rank, median, mean) in rows.items():
        assert int(borda) == kurobako.loc[method, "borda"]
        assert int(firsts) == kurobako.loc[method, "firsts"]
        assert close(rank, friedman.average_ranks[method])
        assert close(median, scores.loc[method, "median_score"])
        assert close(mean, scores.loc[method, "mean_score"])


def test_win_tie_loss_counts_are_the_comparison_counts(tiny_data, pdf_pages) -> None:
    expected = analysis.compare_to_reference(tiny_data, "tpe").win_tie_loss()
    page = next(p for p in pdf_pages if p.lstrip().startswith("Overall summary"))
    rows = _table_rows(page, "Win / tie / loss", ["rival", "win", "tie", "loss", "n/a"])
    assert sorted(rows) == sorted(expected.index)
    for rival, counts in expected.iterrows():
        assert [int(c) for c in rows[rival]] == counts.tolist()


def test_figures_are_vector_drawings_with_selectable_text(tiny_data, pdf_report, pdf_pages):
    text = "".join(pdf_pages)
    friedman = analysis.friedman_test(tiny_data)
    assert f"CD = {friedman.critical_difference:.3f}" in text  # drawn in the CD diagram
    assert "Runtime ECDF over" in text and "Best value so far" in text
    assert "fraction of targets reached" in text  # an axis title
    images = _run("pdfimages", "-list", str(pdf_report)) if shutil.which("pdfimages") else ""
    assert len(images.splitlines()) <= 2  # pdfimages' header only: no raster figure


def _ink(pgm: Path) -> float:
    """The share of dark pixels of a binary PGM image."""
    data = pgm.read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+\d+\s", data)
    assert header, f"{pgm} is not a binary PGM image"
    pixels = data[header.end() : header.end() + int(header[1]) * int(header[2])]
    return sum(value < 200 for value in pixels) / len(pixels)


def test_pdftoppm_renders_every_page_with_content(pdf_report, pdf_pages, tmp_path) -> None:
    _run("pdftoppm", "-r", "20", "-gray", str(pdf_report), str(tmp_path / "page"))
    images = sorted(tmp_path.glob("page-*.pgm"))
    assert len(images) == len(pdf_pages) >= len(TITLES) + 1
    # A page number alone inks about 0.1%; each page holds a heading, a table or a figure.
    assert all(_ink(image) > 0.004 for image in images), [_ink(i) for i in images]


def test_both_renderers_draw_every_figure_kind() -> None:
    assert set(_static_figures.STATIC) == set(_figures.PLOTLY)


def test_static_win_tie_loss_bars_are_the_counts(tiny_data) -> None:
    counts = analysis.compare_to_reference(tiny_data, "tpe").win_tie_loss()
    ax = _static_figures.win_tie_loss_axes(counts, "tpe")
    bars = {c.get_label(): [p.get_width() for p in c.patches] for c in ax.containers}
    assert bars == {k: [float(v) for v in counts[k]] for k in counts.columns}


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'bench.db'}"
    run_tiny(url, [runners.ComponentSpec("random"), runners.ComponentSpec("tpe")], ["Branin"])
    return url


@pytest.fixture
def only_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_app, "_plugin_registrations", lambda: [reports._cli.register])


def test_cli_writes_the_html_and_the_pdf(sqlite_url, tmp_path, capsys, only_reports) -> None:
    _need_weasyprint()
    html, pdf = tmp_path / "report.html", tmp_path / "report.pdf"
    argv = ["--storage", sqlite_url, "report", "--benchmark", BENCHMARK, "--out", str(html)]
    assert _app.main([*argv, "--pdf", str(pdf), "--reference", "tpe"]) == 0
    assert capsys.readouterr().err.splitlines() == [f"wrote {html}", f"wrote {pdf}"]
    assert "summary" in Page(html.read_text(encoding="utf-8")).sections
    assert pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        assert "Win / tie / loss of tpe" in _run("pdftotext", str(pdf), "-")


def test_cli_refuses_a_pdf_path_that_is_the_html_path(tmp_path, capsys, only_reports) -> None:
    _need_weasyprint()
    out = str(tmp_path / "report.html")
    status = _app.main(["--storage", "sqlite:///unused.db", "report", "--out", out, "--pdf", out])
    assert status == 2 and "is the --out file" in capsys.readouterr().err


def test_without_weasyprint_the_error_names_the_extra(
    sqlite_url, tmp_path, capsys, monkeypatch, only_reports
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # ``import weasyprint`` fails
    html, pdf = tmp_path / "report.html", tmp_path / "report.pdf"
    with pytest.raises(ImportError) as raised:
        reports.render_pdf(sqlite_url, out=pdf)
    assert str(raised.value) == MISSING_EXTRA
    status = _app.main(["--storage", sqlite_url, "report", "--out", str(html), "--pdf", str(pdf)])
    err = capsys.readouterr().err
    assert status == 1 and err == f"hpobench: error: {MISSING_EXTRA}\n"
    assert not html.exists() and not pdf.exists()


def test_a_long_seed_table_stays_out_of_the_pdf(tiny_storage, tiny_data, tmp_path, monkeypatch):
    _need_weasyprint()
    _need_poppler()
    monkeypatch.setattr(reports._sections, "PRINTED_SEED_ROWS", 1)
    out = reports.render_pdf(
        tiny_storage, benchmark=BENCHMARK, reference="tpe", out=tmp_path / "r.pdf"
    )
    html = reports.render_html(tiny_storage, benchmark=BENCHMARK, out=tmp_path / "r.html")
    text = " ".join(_run("pdftotext", str(out), "-").split())
    n_runs = len(tiny_data.runs)
    assert f"The seeds of the {n_runs} runs are in the HTML report" in text
    assert "sampler_seed" not in text and "sampler_ seed" not in text
    assert 'id="seeds"' in html.read_text(encoding="utf-8")
