"""The dashboard's first page: every study of the storage, with a link to its page."""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import quote

import hpobench
from hpobench.storages import BaseStorage
from hpobench.study import Study
from hpobench.trial import TrialState
from reports import _html
from reports._dashboard import shell

STUDY_PREFIX = "/study/"
_STATES = (
    TrialState.COMPLETE,
    TrialState.PRUNED,
    TrialState.FAIL,
    TrialState.RUNNING,
    TrialState.WAITING,
)


@dataclass(frozen=True)
class StudyRow:
    """What the index shows of one study.

    Attributes
    ----------
    name : str
    directions : str
        ``"minimize"``, or ``"minimize, maximize"`` for several objectives.
    counts : dict of str to int
        The number of trials in each state (lowercase state names).
    best : str
        The best value of a single-objective study, the Pareto front's size of a
        multi-objective one, or ``""`` before the first completed trial.
    """

    name: str
    directions: str
    counts: dict[str, int]
    best: str


def study_url(name: str) -> str:
    """The path of a study's page: every character of the name outside ``[A-Za-z0-9_.-~]``
    is percent-encoded, ``/`` included.

    Examples
    --------
    >>> study_url("tiny::Branin/tpe 0")
    '/study/tiny%3A%3ABranin%2Ftpe%200'
    """
    return STUDY_PREFIX + quote(name, safe="")


def study_rows(storage: BaseStorage) -> list[StudyRow]:
    """One row per study of ``storage``, in the storage's order."""
    rows = []
    for frozen in storage.get_all_studies():
        study = Study(frozen.study_name, storage, sampler=hpobench.samplers.RandomSampler())
        trials = study.get_trials(deepcopy=False)
        counts = {s.name.lower(): sum(t.state == s for t in trials) for s in _STATES}
        rows.append(
            StudyRow(
                name=frozen.study_name,
                directions=", ".join(d.name.lower() for d in frozen.directions),
                counts=counts,
                best=_best(study) if counts["complete"] else "",
            )
        )
    return rows


def _best(study: Study) -> str:
    if len(study.directions) > 1:
        return f"Pareto front of {len(study.best_trials)}"
    try:
        value = study.best_value
    except ValueError:  # every completed trial is infeasible
        return ""
    return "" if math.isnan(value) else _html.number(value, 6)


def index_page(storage: BaseStorage, *, source: str, refresh: int | None = None) -> str:
    """The list of the storage's studies as a page, each name linking to its page."""
    rows = study_rows(storage)
    if rows:
        body = _rows_table(rows)
    else:
        body = _html.notes(["The storage holds no study yet; this page lists them once it does."])
    every = f"; reloads every {refresh} s" if refresh else ""
    head = (
        f'<p class="note">{len(rows)} studies in {_html.text(source)}{every}. Click a name for '
        "the study's plots and trials, a header to sort.</p>"
    )
    return shell("Studies", head + body, with_plotly=False, refresh=refresh)


def _rows_table(rows: list[StudyRow]) -> str:
    states = [s.name.lower() for s in _STATES]
    head = "".join(
        f"<th>{_html.text(h)}</th>" for h in ["study", "direction(s)", *states, "best value"]
    )
    body = []
    for row in rows:
        link = f'<a href="{_html.text(study_url(row.name))}">{_html.text(row.name)}</a>'
        counts = "".join(
            f'<td class="num" data-value="{row.counts[s]}">{row.counts[s]}</td>' for s in states
        )
        body.append(
            f"<tr><td>{link}</td><td>{_html.text(row.directions)}</td>{counts}"
            f"<td>{_html.text(row.best)}</td></tr>"
        )
    return (
        f'<table class="sortable" id="studies"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )
