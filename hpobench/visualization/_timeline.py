"""Timeline: when each trial ran, as a horizontal bar coloured by its state."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.trial._frozen import is_feasible
from hpobench.trial._state import TrialState
from hpobench.visualization import _plotly
from hpobench.visualization._common import check_study, logger

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from hpobench.study import Study

STATE_COLORS = {
    "COMPLETE": "#1f77b4",
    "FAIL": "#d62728",
    "PRUNED": "#ff7f0e",
    "RUNNING": "#2ca02c",
    "WAITING": "#7f7f7f",
    "INFEASIBLE": _plotly.INFEASIBLE_COLOR,
}
# A trial without a finished time (running, or one without timestamps) gets a bar this
# long so that it is visible.
_SHORT_BAR = np.timedelta64(1, "s")


@dataclass(frozen=True, eq=False)
class TimelineInfo:
    """What :func:`plot_timeline` draws: one bar per trial.

    Attributes
    ----------
    trial_numbers : ndarray of int
    starts, ends : ndarray of datetime64[us]
        A trial that has not started begins at the latest time of the study; a running
        trial, or one without an end time, lasts one second.
    groups : ndarray of str
        The bar's legend entry: the state's name, or "INFEASIBLE" for a COMPLETE trial
        that violates its constraints.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study()
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    >>> get_timeline_info(study).groups.tolist()
    ['COMPLETE', 'COMPLETE']
    """

    trial_numbers: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    groups: np.ndarray


def get_timeline_info(study: Study, n_recent_trials: int | None = None) -> TimelineInfo:
    """Compute what :func:`plot_timeline` draws.

    Parameters and errors are those of :func:`plot_timeline`.
    """
    study = check_study(study)
    if n_recent_trials is not None and (
        not isinstance(n_recent_trials, int)
        or isinstance(n_recent_trials, bool)
        or n_recent_trials <= 0
    ):
        raise ValueError(
            f"n_recent_trials must be a positive int or None; got {n_recent_trials!r}."
        )
    trials = study.get_trials(deepcopy=False)
    if n_recent_trials is not None:
        trials = trials[-n_recent_trials:]
    if not trials:
        logger.warning("Study %r has no trials to plot.", study.study_name)
    starts = _times([t.datetime_start for t in trials])
    ends = _times([t.datetime_complete for t in trials])
    latest = _latest(np.concatenate([starts, ends]))
    starts = np.where(np.isnat(starts), latest, starts)
    running = np.array([t.state == TrialState.RUNNING for t in trials], dtype=bool)
    ends = np.where(running, latest + _SHORT_BAR, ends)
    ends = np.where(np.isnat(ends), starts + _SHORT_BAR, ends)
    reversed_times = ends < starts
    if reversed_times.any():
        logger.warning(
            "Trials %s of study %r end before they start; check the clocks of the workers.",
            [t.number for t, r in zip(trials, reversed_times) if r],
            study.study_name,
        )
    groups = np.array([_group(t) for t in trials], dtype=object).astype(str)
    trial_numbers = np.fromiter((t.number for t in trials), dtype=int, count=len(trials))
    return TimelineInfo(trial_numbers, starts, ends, groups)


def _times(values: list[datetime.datetime | None]) -> np.ndarray:
    # Aware datetimes are converted to naive UTC; naive ones are taken as they are.
    out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[us]")
    for i, value in enumerate(values):
        if value is not None:
            if value.tzinfo is not None:
                value = value.astimezone(datetime.UTC).replace(tzinfo=None)
            out[i] = np.datetime64(value, "us")
    return out


def _latest(times: np.ndarray) -> np.datetime64:
    known = times[~np.isnat(times)]
    if known.size == 0:
        # No trial has a timestamp (only waiting trials): they are drawn from now.
        return np.datetime64(datetime.datetime.now(), "us")
    return known.max()


def _group(trial: Any) -> str:
    if trial.state == TrialState.COMPLETE and not is_feasible(trial):
        return "INFEASIBLE"
    return trial.state.name


def plot_timeline(study: Study, n_recent_trials: int | None = None) -> go.Figure:
    """Plot when each trial started and finished, as bars coloured by state.

    Parameters
    ----------
    study : Study
    n_recent_trials : int, optional
        Plot only the last ``n_recent_trials`` trials (by number); all by default.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        If ``n_recent_trials`` is not a positive int.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study()
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    >>> fig = plot_timeline(study, n_recent_trials=2)
    """
    return draw_timeline(get_timeline_info(study, n_recent_trials))


def draw_timeline(info: TimelineInfo) -> go.Figure:
    """Draw a :class:`TimelineInfo` with plotly."""
    go = _plotly.graph_objects()
    traces = []
    for group, color in STATE_COLORS.items():
        keep = info.groups == group
        if not keep.any():
            continue
        duration_ms = (info.ends[keep] - info.starts[keep]) / np.timedelta64(1, "ms")
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": group,
                "x": duration_ms,
                "y": info.trial_numbers[keep],
                "base": np.datetime_as_string(info.starts[keep]),
                "marker": {"color": color},
                "hovertemplate": "Trial %{y}<br>%{base} +%{x} ms<extra>" + group + "</extra>",
            }
        )
    layout = {
        "title": {"text": "Timeline Plot"},
        "xaxis": {"title": {"text": "Datetime"}, "type": "date"},
        "yaxis": {"title": {"text": "Trial"}},
        "showlegend": True,
    }
    return go.Figure(data=traces, layout=layout)
