"""The topic sections in the PDF report: titles in the contents, each opening its page, their
figures as vector drawings with selectable text and their tables' numbers.

One PDF holds the topic sections of the session's reports (pruning, worker scaling,
multi-objective, importances, breakdowns, regression), so that WeasyPrint runs once.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from test_pdf_report import _need_poppler, _need_weasyprint, _run, close

from reports._pdf import write_pdf
from reports._render import Report

pytestmark = pytest.mark.filterwarnings("ignore::analysis.AnalysisWarning")

TITLES = {
    "regression": "Regression against the baseline",
    "breakdowns": "Breakdowns by problem tag and dimension",
    "multiobjective": "Multi-objective quality",
    "importance": "Hyperparameter importance of the ML tasks",
    "pruning": "Pruning efficiency",
    "scaling": "Worker scaling",
}


@pytest.fixture(scope="module")
def topic_pdf(
    pruning_report, topics_report, scaling_report, regression_report, tmp_path_factory
) -> tuple[Report, Path]:
    _need_weasyprint()
    wanted = (
        (regression_report, {"regression"}),
        (topics_report, {"breakdowns", "multiobjective", "importance"}),
        (pruning_report, {"pruning"}),
        (scaling_report, {"scaling"}),
    )
    sections = [s for r, idents in wanted for s in r.sections if s.ident in idents]
    report = Report("Topic sections", tuple(sections))
    return report, write_pdf(report, tmp_path_factory.mktemp("pdf") / "topics.pdf")


@pytest.fixture(scope="module")
def pages(topic_pdf) -> list[str]:
    _need_poppler()
    return _run("pdftotext", "-layout", str(topic_pdf[1]), "-").split("\f")[:-1]


def test_every_topic_section_opens_the_page_its_contents_line_names(topic_pdf, pages):
    report, _ = topic_pdf
    assert [s.ident for s in report.sections] == list(TITLES)
    for title in TITLES.values():
        found = re.search(rf"^\s*\d+\. {re.escape(title)}[ .]*?(\d+)\s*$", pages[0], re.M)
        assert found, f"{title!r} is missing from the contents"
        assert pages[int(found.group(1)) - 1].lstrip().startswith(title)


def test_topic_figures_are_vector_drawings_with_selectable_text(topic_pdf, pages) -> None:
    text = " ".join(" ".join(pages).split())
    for drawn in (
        "Attainment surfaces of the runs' fronts",
        "Hypervolume over trials",
        "Mean importance over 4 runs",
        "Average rank per tag class",
        "Best value against steps consumed",
        "Best value against wall seconds per number of workers",
        "importance (share of variance)",
    ):
        assert drawn in text, drawn
    if shutil.which("pdfimages"):
        images = _run("pdfimages", "-list", str(topic_pdf[1]))
        assert len(images.splitlines()) <= 2  # the header only: no raster figure


def test_topic_tables_show_the_analysis_numbers(topics_report, pages) -> None:
    page = next(p for p in pages if p.lstrip().startswith(TITLES["multiobjective"]))
    table = page[page.index("Hypervolume (higher is better)") :]
    # A row's numbers sit on the line of its method (the problem's name wraps around it).
    rows = {x.split()[0]: x.split()[1:] for x in table.splitlines() if x.startswith(" " * 20)}
    expected = topics_report.content.multiobjective.table
    for want in expected.itertuples():
        n_runs, n_front, hv, q25, q75, igd = rows[want.method][:6]
        assert int(n_runs) == want.n_runs and close(n_front, want.median_n_front)
        assert close(hv, want.median_hypervolume) and close(q25, want.q25_hypervolume)
        assert close(q75, want.q75_hypervolume) and close(igd, want.median_igd_plus)


def test_a_single_study_has_no_pdf(tmp_path) -> None:
    _need_weasyprint()
    page = Report("Study solo", (), None, "<!DOCTYPE html><html></html>")
    with pytest.raises(ValueError, match="single study's dashboard page"):
        write_pdf(page, tmp_path / "solo.pdf")
