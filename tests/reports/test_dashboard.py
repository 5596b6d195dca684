"""The study dashboard: one study's page, the list of studies, the server and its command."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import hpobench
import reports
import reports._dashboard_cli
from hpobench.cli import _app
from hpobench.testing.servers import require_server
from reports._dashboard_index import study_url
from reports._dashboard_server import DashboardServer, make_server

PLOTS = [
    "history",
    "intermediate",
    "parallel",
    "slice",
    "contour",
    "importances",
    "pareto-front",
    "timeline",
]
HOSTILE = '</script><img src=x onerror="alert(1)">&amp;'


class DashboardPage(HTMLParser):
    """What the tests read from a page: sections with their figures and notes, tables
    (cell text and ``data-value``), tags, resource URLs and the text of every script."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.tags: list[str] = []
        self.figures: dict[str, list[str]] = {}  # section -> figure div ids
        self.notes: dict[str, str] = {}  # section -> note text
        self.tables: dict[str, list[list[tuple[str, str | None]]]] = {}
        self.links: list[str] = []
        self.resources: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.title = ""
        self.meta_refresh: str | None = None
        self._section = ""
        self._table: str | None = None
        self._cell: tuple[list[str], str | None] | None = None
        self._script: tuple[dict[str, str | None], list[str]] | None = None
        self._text: list[str] | None = None
        self._in_note = False
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        for name in ("src", "href"):
            if found.get(name):
                (self.links if tag == "a" else self.resources).append(str(found[name]))
        if tag == "section":
            self._section = found.get("id") or ""
            self.figures[self._section] = []
        elif tag == "div" and found.get("class") == "figure":
            self.figures[self._section].append(str(found["id"]))
        elif tag == "ul" and found.get("class") == "note":
            self._in_note = True
            self.notes[self._section] = ""
        elif tag == "table" and found.get("id"):
            self._table = str(found["id"])
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = ([], found.get("data-value"))
        elif tag == "script":
            self._script = (found, [])
        elif tag == "title":
            self._text = []
        elif tag == "meta" and found.get("http-equiv") == "refresh":
            self.meta_refresh = found.get("content")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append(("".join(self._cell[0]).strip(), self._cell[1]))
            self._cell = None
        elif tag == "table":
            self._table = None
        elif tag == "ul":
            self._in_note = False
        elif tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None
        elif tag == "title" and self._text is not None:
            self.title = "".join(self._text)
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell[0].append(data)
        if self._script is not None:
            self._script[1].append(data)
        if self._text is not None:
            self._text.append(data)
        if self._in_note:
            self.notes[self._section] += data

    def rows(self, table_id: str) -> list[dict[str, tuple[str, str | None]]]:
        """A table's body rows as dicts keyed by the header's text."""
        header, *body = self.tables[table_id]
        return [dict(zip([h for h, _ in header], row)) for row in body]

    def figure_json(self) -> dict[str, dict[str, Any]]:
        """Every embedded figure, parsed, by the id of the div it is drawn in."""
        return {
            str(attrs["data-target"]): json.loads(text)
            for attrs, text in self.scripts
            if attrs.get("class") == "figure-data"
        }

    def plotly_scripts(self) -> int:
        """How many scripts carry plotly's library (inlined)."""
        return sum("Plotly" in text and len(text) > 1_000_000 for _, text in self.scripts)


def _objective(trial: hpobench.Trial) -> float:
    x = trial.suggest_float("x", -2.0, 2.0)
    kind = trial.suggest_categorical("kind", ["a", "b"])
    n = trial.suggest_int("n", 1, 4)
    for step in range(3):
        trial.report(x * x + 3 - step, step)
    return x * x + n + (kind == "b")


def _single(storage: Any, name: str = "single", n_trials: int = 8) -> hpobench.Study:
    study = hpobench.create_study(
        study_name=name, storage=storage, sampler=hpobench.samplers.RandomSampler(seed=0)
    )
    study.optimize(_objective, n_trials=n_trials)
    return study


def _multi(storage: Any) -> hpobench.Study:
    study = hpobench.create_study(
        study_name="multi",
        storage=storage,
        directions=["minimize", "maximize"],
        sampler=hpobench.samplers.RandomSampler(seed=1),
    )
    study.set_metric_names(["loss", "accuracy"])

    def objective(trial: hpobench.Trial) -> tuple[float, float]:
        x, y = trial.suggest_float("x", 0, 1), trial.suggest_float("y", 0, 1)
        return x + y, 1 - (x - 0.5) ** 2

    study.optimize(objective, n_trials=10)
    return study


@pytest.fixture(scope="module")
def single_page() -> tuple[hpobench.Study, DashboardPage]:
    storage = hpobench.storages.InMemoryStorage()
    study = _single(storage)
    return study, DashboardPage(reports.dashboard_html(storage))


@pytest.fixture(scope="module")
def multi_page() -> tuple[hpobench.Study, DashboardPage]:
    storage = hpobench.storages.InMemoryStorage()
    study = _multi(storage)
    _single(storage, name="other", n_trials=2)
    return study, DashboardPage(reports.dashboard_html(storage, "multi"))


def test_single_objective_page_draws_every_plot_that_applies(single_page) -> None:
    _, page = single_page
    assert list(page.figures) == [*PLOTS, "trials"]
    for ident in PLOTS:
        if ident == "pareto-front":
            assert page.figures[ident] == [] and "no Pareto front" in page.notes[ident]
        else:
            assert len(page.figures[ident]) == 1 and ident not in page.notes, ident
    # Each figure div has its JSON, and plotly's script is inlined once: no resource.
    assert sorted(page.figure_json()) == sorted(f for fs in page.figures.values() for f in fs)
    assert page.plotly_scripts() == 1
    assert page.resources == [] and not [u for u in page.links if u.startswith("http")]


def test_single_objective_table_holds_every_trial(single_page) -> None:
    study, page = single_page
    rows = page.rows("trials")
    assert [int(r["number"][0]) for r in rows] == [t.number for t in study.trials]
    for row, trial in zip(rows, study.trials):
        assert row["state"][0] == "COMPLETE"
        assert float(row["value"][1]) == trial.value
        assert float(row["param x"][1]) == trial.params["x"]
        assert row["param kind"][0] == trial.params["kind"]
        assert int(row["param n"][0]) == trial.params["n"]
        assert float(row["duration (s)"][1]) == pytest.approx(trial.duration.total_seconds())
    facts = {k: v for (k, _), (v, _) in page.tables["study-facts"]}
    assert facts["trials"] == "8 (8 complete)"
    assert facts["best value"].endswith(f"(trial {study.best_trial.number})")


def test_multi_objective_page_has_a_pareto_front_and_one_value_per_objective(multi_page) -> None:
    study, page = multi_page
    assert len(page.figures["pareto-front"]) == 1
    assert "intermediate values" in page.notes["intermediate"]
    # History, slice and contour: one figure per objective, titled by its metric name.
    for ident in ("history", "slice", "contour"):
        assert len(page.figures[ident]) == 2, ident
    pareto = page.figure_json()[page.figures["pareto-front"][0]]
    assert pareto["layout"]["xaxis"]["title"]["text"] == "loss"
    rows = page.rows("trials")
    assert [(float(r["loss"][1]), float(r["accuracy"][1])) for r in rows] == [
        tuple(t.values) for t in study.trials
    ]
    facts = {k: v for (k, _), (v, _) in page.tables["study-facts"]}
    assert facts["Pareto front"] == f"{len(study.best_trials)} trial(s)"


def test_a_study_without_trials_gets_notes_instead_of_errors() -> None:
    storage = hpobench.storages.InMemoryStorage()
    hpobench.create_study(study_name="empty", storage=storage)
    page = DashboardPage(reports.dashboard_html(storage))
    assert all(page.figures[p] == [] for p in PLOTS)
    assert set(page.notes) == {*PLOTS, "trials"}


def test_storage_strings_are_escaped() -> None:
    storage = hpobench.storages.InMemoryStorage()
    study = hpobench.create_study(study_name=HOSTILE, storage=storage)
    study.set_user_attr(HOSTILE, HOSTILE)
    for i in range(3):
        trial = study.ask()
        trial.suggest_categorical(HOSTILE, [HOSTILE, "plain"])
        trial.suggest_float("x", 0, 1)
        study.tell(trial, float(i))
    page = DashboardPage(reports.dashboard_html(storage))
    assert "img" not in page.tags
    assert page.title == f"Study {HOSTILE}"
    assert f"param {HOSTILE}" in [h for h, _ in page.tables["trials"][0]]
    # Only plotly, the figures' JSON (which all parse) and the sorting script run.
    assert len(page.scripts) == 2 + len(page.figure_json())
    # The name reaches the figures intact: escaped in the page, not mangled.
    assert any(HOSTILE in _strings(fig) for fig in page.figure_json().values())


def _strings(value: Any) -> set[str]:
    """Every string inside a parsed JSON value, keys included."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set(value) | {s for v in value.values() for s in _strings(v)}
    if isinstance(value, list):
        return {s for v in value for s in _strings(v)}
    return set()


def test_choosing_a_study_names_the_ones_there_are() -> None:
    storage = hpobench.storages.InMemoryStorage()
    with pytest.raises(ValueError, match="holds no study"):
        reports.dashboard_html(storage)
    for name in ("first", "second"):
        hpobench.create_study(study_name=name, storage=storage)
    with pytest.raises(ValueError, match=r"holds 2 studies.*'first', 'second'"):
        reports.dashboard_html(storage)
    with pytest.raises(ValueError, match=r"study_name='third'.*'first', 'second'"):
        reports.dashboard_html(storage, "third")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"port": 70000}, ValueError, "port must be in 0-65535"),
        ({"port": "80"}, TypeError, "port must be an int"),
        ({"host": ""}, TypeError, "host must be a non-empty str"),
        ({"refresh": -1}, ValueError, "refresh must be a positive"),
    ],
)
def test_server_arguments_are_checked(kwargs, error, message) -> None:
    with pytest.raises(error, match=message):
        make_server(hpobench.storages.InMemoryStorage(), **kwargs)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, DashboardServer]]:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    _single(url, n_trials=3)
    server = make_server(url, port=0, refresh=7)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield url, server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def test_server_shows_a_trial_added_after_the_first_visit(served) -> None:
    url, server = served
    status, index = _get(server.url)
    assert status == 200
    first = DashboardPage(index)
    assert study_url("single") in first.links
    assert [r["complete"][0] for r in first.rows("studies")] == ["3"]

    page_url = server.url.rstrip("/") + study_url("single")
    status, before = _get(page_url)
    page = DashboardPage(before)
    assert status == 200 and page.meta_refresh == "7"
    assert page.resources == ["/plotly.js"]
    assert [r["number"][0] for r in page.rows("trials")] == ["0", "1", "2"]

    hpobench.load_study(study_name="single", storage=url).optimize(_objective, n_trials=1)
    after = DashboardPage(_get(page_url)[1])
    assert [r["number"][0] for r in after.rows("trials")] == ["0", "1", "2", "3"]


def test_server_routes(served) -> None:
    _, server = served
    assert _get(server.url + "health") == (200, "ok")
    status, missing = _get(server.url + "study/nope%3Cx%3E")
    assert status == 404 and "no study named &#x27;nope&lt;x&gt;&#x27;" in missing
    assert _get(server.url + "elsewhere")[0] == 404
    status, script = _get(server.url + "plotly.js")
    assert status == 200 and "Plotly" in script[:5000]


@pytest.fixture
def one_study_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(_app, "_plugin_registrations", lambda: [reports._dashboard_cli.register])
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    _single(url, n_trials=3)
    return url


def test_command_writes_the_page_of_the_only_study(one_study_url, tmp_path, capsys) -> None:
    out = tmp_path / "study.html"
    assert _app.main(["--storage", one_study_url, "dashboard", "--out", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().err
    assert len(DashboardPage(out.read_text(encoding="utf-8")).rows("trials")) == 3


@pytest.mark.parametrize(
    ("extra", "status", "message"),
    [
        (["--port", "70000"], 2, "must be an integer in 0-65535"),
        (["--out", "x.html", "--port", "9000"], 2, "--port: only for the server"),
        (["--out", "x.html", "--study-name", "nope"], 1, "'single'"),
    ],
)
def test_command_errors_are_one_line(one_study_url, capsys, extra, status, message) -> None:
    assert _app.main(["--storage", one_study_url, "dashboard", *extra]) == status
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    raise FileNotFoundError(
        "no chromium, chromium-browser or google-chrome on PATH; install Debian's chromium"
    )


def _dom(browser: str, url: str, profile: Path) -> tuple[str, str]:
    """The page's DOM after its scripts ran, and the browser's log (console included)."""
    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=5000",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout, done.stderr


def test_headless_chromium_draws_the_served_page(served, tmp_path) -> None:
    # The served page differs from the --out file only in loading plotly from
    # /plotly.js; the report's browser test covers the inlined script (one run: a
    # browser start costs seconds).
    browser = require_server("headless Chromium", _chromium)
    _, server = served
    dom, log = _dom(browser, server.url.rstrip("/") + study_url("single"), tmp_path / "profile")
    # plotly replaces each empty figure div by SVG plots: all of them were drawn.
    assert dom.count('class="main-svg"') >= dom.count('class="figure-data"') > 0
    assert 'id="trials"' in dom
    assert "Uncaught" not in log and ":ERROR:CONSOLE" not in log
