"""The dashboard's page of one study: facts, every plot of the study and a trial table.

The page is built from a snapshot of the study (its trials copied once into memory), so
every figure and the table show the same trials even while workers keep adding more.
"""

from __future__ import annotations

import datetime
import math
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.offline

import hpobench
from hpobench.cli._storage import display_url
from hpobench.storages import BaseStorage, InMemoryStorage, get_storage
from hpobench.study import Study
from hpobench.trial import FrozenTrial, TrialState
from reports import _html
from reports._dashboard_plots import Panel, objective_labels, study_panels

# How many study names an error message lists before "… (N more)".
_LISTED_NAMES = 20
_EXTRA_CSS = """
.crumbs{margin:.8rem 0 0;font-size:.9rem}
table.facts th{background:#f5f5f5;text-align:left}
table.facts td{white-space:normal}
"""


def dashboard_html(storage: str | BaseStorage, study_name: str | None = None) -> str:
    """Return the dashboard page of one study as a self-contained HTML document.

    Parameters
    ----------
    storage : str or BaseStorage
        A storage URL (``sqlite:///example.db``, ``postgresql://…``, ``redis://…``), a
        journal file path, or a storage object.
    study_name : str or None
        The study to show; None when the storage holds exactly one study.

    Returns
    -------
    str
        The page: history, intermediate values, parallel coordinates, slice, contour,
        importances, Pareto front, timeline (each replaced by a note where it does not
        apply) and a sortable trial table, with plotly's JavaScript inlined.

    Raises
    ------
    ValueError
        When the storage holds no such study, or ``study_name`` is None and the storage
        holds no study or several (the message lists their names).

    Examples
    --------
    >>> import hpobench
    >>> storage = hpobench.storages.InMemoryStorage()
    >>> study = hpobench.create_study(study_name="demo", storage=storage)
    >>> study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=3)
    >>> dashboard_html(storage).startswith("<!DOCTYPE html>")
    True
    """
    store = open_storage(storage)
    study = snapshot(store, choose_study(store, study_name))
    return study_page(study, source=describe(storage))


def open_storage(storage: str | BaseStorage) -> BaseStorage:
    """Return the storage that ``storage`` names: a URL, a journal file path or an object.

    Raises
    ------
    TypeError
        For another type.
    ValueError
        For a path that is no journal file.
    """
    if isinstance(storage, BaseStorage):
        return storage
    if not isinstance(storage, str):
        raise TypeError(
            f"storage must be a URL, a journal file path or a BaseStorage; got "
            f"{type(storage).__name__}."
        )
    if "://" in storage:
        return get_storage(storage)
    path = Path(storage).expanduser()
    if not path.is_file():
        raise ValueError(
            f"storage={storage!r} is neither a URL nor an existing journal file; pass e.g. "
            f"'sqlite:///{storage}' for a SQLite database."
        )
    from hpobench.storages.journal import JournalFileBackend, JournalStorage

    return JournalStorage(JournalFileBackend(path))


def describe(storage: str | BaseStorage) -> str:
    """What the page says it was built from: the URL (password masked) or the type."""
    return display_url(storage) if isinstance(storage, str) else type(storage).__name__


def study_names(storage: BaseStorage) -> list[str]:
    """The names of the storage's studies, in the storage's order."""
    return [s.study_name for s in storage.get_all_studies()]


def choose_study(storage: BaseStorage, study_name: str | None) -> str:
    """Return ``study_name`` checked against the storage, or its only study's name.

    Raises
    ------
    ValueError
        As :func:`dashboard_html`; the message lists the studies there are.
    """
    names = study_names(storage)
    if study_name is not None:
        if study_name in names:
            return study_name
        where = f"studies there: {_listing(names)}" if names else "it holds no study"
        raise ValueError(f"study_name={study_name!r}: no such study in the storage; {where}.")
    if len(names) == 1:
        return names[0]
    if not names:
        raise ValueError("the storage holds no study yet; create one and run some trials.")
    raise ValueError(
        f"the storage holds {len(names)} studies; pass study_name (--study-name) to choose "
        f"one of {_listing(names)}."
    )


def _listing(names: list[str]) -> str:
    shown = ", ".join(repr(n) for n in names[:_LISTED_NAMES])
    more = f", … ({len(names) - _LISTED_NAMES} more)" if len(names) > _LISTED_NAMES else ""
    return f"studies there: {shown}{more}"


def snapshot(storage: BaseStorage, study_name: str) -> Study:
    """Copy the study ``study_name`` (attributes and trials) into a new in-memory study."""
    study_id = storage.get_study_id_from_name(study_name)
    copy = InMemoryStorage()
    copy_id = copy.create_new_study(storage.get_study_directions(study_id), study_name)
    for key, value in storage.get_study_system_attrs(study_id).items():
        copy.set_study_system_attr(copy_id, key, value)
    for key, value in storage.get_study_user_attrs(study_id).items():
        copy.set_study_user_attr(copy_id, key, value)
    study = Study(study_name, copy, sampler=hpobench.samplers.RandomSampler(seed=0))
    study.add_trials(storage.get_all_trials(study_id, deepcopy=False))
    return study


def study_page(
    study: Study,
    *,
    source: str,
    refresh: int | None = None,
    plotly_src: str | None = None,
    home: str | None = None,
) -> str:
    """The page of ``study`` (a :func:`snapshot`, so that every part shows the same trials).

    ``plotly_src`` is the URL of plotly's script (None inlines it); ``home`` the link
    back to the list of studies (None for none); ``refresh`` reloads the page every so
    many seconds.
    """
    panels = study_panels(study)
    sections = [_panel_section(p) for p in panels]
    sections.append(_trials_section(study))
    toc = [(p.ident, p.title) for p in panels] + [("trials", "Trials")]
    built = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    every = f"; reloads every {refresh} s" if refresh else ""
    head = (
        f'<p class="note">Built {_html.text(built)} from {_html.text(source)}{every}.</p>'
        f"{facts_table(study)}{_toc(toc)}"
    )
    return shell(
        f"Study {study.study_name}",
        head + "".join(sections),
        with_plotly=True,
        plotly_src=plotly_src,
        refresh=refresh,
        home=home,
    )


def facts_table(study: Study) -> str:
    """Directions, trial counts by state, the best trial (or Pareto front), user attrs."""
    trials = study.get_trials(deepcopy=False)
    directions = ", ".join(d.name.lower() for d in study.directions)
    rows = [("directions", directions), ("trials", _state_counts(trials))]
    if len(study.directions) == 1:
        try:
            best = study.best_trial
        except ValueError:
            rows.append(("best value", "no completed (feasible) trial yet"))
        else:
            rows.append(("best value", f"{_html.number(best.value, 6)} (trial {best.number})"))
            rows.append(("best parameters", _params_text(best.params)))
    else:
        rows.append(("objectives", ", ".join(objective_labels(study))))
        rows.append(("Pareto front", f"{len(study.best_trials)} trial(s)"))
    rows += [(f"user attr {k}", repr(v)) for k, v in sorted(study.user_attrs.items())]
    body = "".join(
        f'<tr><th scope="row">{_html.text(k)}</th><td>{_html.text(v)}</td></tr>' for k, v in rows
    )
    return f'<table class="facts" id="study-facts"><tbody>{body}</tbody></table>'


def _state_counts(trials: list[FrozenTrial]) -> str:
    counts = {state: 0 for state in TrialState}
    for trial in trials:
        counts[trial.state] += 1
    shown = ", ".join(f"{n} {s.name.lower()}" for s, n in counts.items() if n)
    return f"{len(trials)}" + (f" ({shown})" if shown else "")


def _params_text(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_html.number(v, 6)}" for k, v in params.items()) or "none"


def trials_frame(study: Study) -> pd.DataFrame:
    """One row per trial: number, state, value(s), duration, start, then each parameter.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study()
    >>> study.optimize(lambda t: t.suggest_int("n", 3, 3), n_trials=1)
    >>> list(trials_frame(study).columns)
    ['number', 'state', 'value', 'duration (s)', 'start', 'param n']
    """
    fixed = ("number", "state", "duration (s)", "start")
    labels = [f"value {n}" if n in fixed else n for n in objective_labels(study)]
    trials = study.get_trials(deepcopy=False)
    names = sorted({name for trial in trials for name in trial.params})
    rows = []
    for trial in trials:
        values = trial.values or [math.nan] * len(labels)
        row: dict[str, Any] = {"number": trial.number, "state": trial.state.name}
        row.update(zip(labels, values))
        row["duration (s)"] = _seconds(trial)
        start = trial.datetime_start
        row["start"] = start.strftime("%Y-%m-%d %H:%M:%S") if start else ""
        row.update({f"param {n}": trial.params.get(n) for n in names})
        rows.append(row)
    columns = ["number", "state", *labels, "duration (s)", "start", *(f"param {n}" for n in names)]
    return pd.DataFrame(rows, columns=columns)


def _seconds(trial: FrozenTrial) -> float:
    if trial.datetime_start is None or trial.datetime_complete is None:
        return math.nan
    return (trial.datetime_complete - trial.datetime_start).total_seconds()


def _trials_section(study: Study) -> str:
    frame = trials_frame(study)
    body = (
        _html.table(frame, table_id="trials", caption="Click a header to sort.")
        if len(frame)
        else _html.notes(["No trial yet."])
    )
    return f'<section id="trials"><h2>Trials</h2>{body}</section>'


def _panel_section(panel: Panel) -> str:
    figures = "".join(
        _html.figure(fig, f"fig-{panel.ident}-{i}") for i, fig in enumerate(panel.figures)
    )
    note = _html.notes([panel.note]) if panel.note else ""
    return (
        f'<section id="{panel.ident}"><h2>{_html.text(panel.title)}</h2>{note}{figures}</section>'
    )


def _toc(entries: list[tuple[str, str]]) -> str:
    links = "".join(f'<li><a href="#{_html.text(i)}">{_html.text(t)}</a></li>' for i, t in entries)
    return f'<nav class="toc"><strong>Contents</strong><ol>{links}</ol></nav>'


def shell(
    title: str,
    body: str,
    *,
    with_plotly: bool,
    plotly_src: str | None = None,
    refresh: int | None = None,
    home: str | None = None,
) -> str:
    """The whole document around ``body``: the report's CSS and table sorting, plotly's
    script inlined (or from ``plotly_src``) when ``with_plotly``, an optional reload timer and
    an optional link back to ``home``."""
    meta = f'<meta http-equiv="refresh" content="{int(refresh)}">' if refresh else ""
    script = ""
    if with_plotly and plotly_src is not None:
        script = f'<script src="{_html.text(plotly_src)}"></script>'
    elif with_plotly:
        script = f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>'
    crumbs = f'<p class="crumbs"><a href="{_html.text(home)}">All studies</a></p>' if home else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{meta}<title>{_html.text(title)}</title><style>{_html.CSS}{_EXTRA_CSS}</style>"
        f"{script}</head><body>{crumbs}<h1>{_html.text(title)}</h1>{body}"
        f"<script>{_html.SORT_JS}</script></body></html>\n"
    )
