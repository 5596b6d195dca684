"""Optimization history: each trial's value and the best value so far."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.study._study_direction import StudyDirection
from hpobench.trial._state import TrialState
from hpobench.visualization import _plotly
from hpobench.visualization._common import (
    DEFAULT_TARGET_NAME,
    Target,
    as_studies,
    check_target,
    feasibility,
    logger,
    numbers,
    target_values,
)

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from hpobench.study import Study


@dataclass(frozen=True, eq=False)
class HistorySeries:
    """The history of one study, or the mean over studies with ``error_bar``.

    Attributes
    ----------
    label, best_label : str
        Legend names of the values and of the best-so-far line.
    trial_numbers : ndarray of int
    values : ndarray of float
        The plotted value of each trial; NaN for a trial that is not COMPLETE.
    feasible : ndarray of bool
        True for a COMPLETE trial that satisfies its constraints.
    best_values : ndarray of float or None
        The best feasible value up to each trial (NaN before the first); None with a
        custom ``target``, whose better direction is unknown.
    std, best_std : ndarray of float or None
        The standard deviation over studies (``error_bar=True``), else None.
    """

    label: str
    trial_numbers: np.ndarray
    values: np.ndarray
    feasible: np.ndarray
    best_label: str
    best_values: np.ndarray | None
    std: np.ndarray | None = None
    best_std: np.ndarray | None = None


@dataclass(frozen=True)
class OptimizationHistoryInfo:
    """What :func:`plot_optimization_history` draws: one series per study (or one mean).

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    >>> info = get_optimization_history_info(study)
    >>> bool((info.series[0].best_values <= info.series[0].values).all())
    True
    """

    series: tuple[HistorySeries, ...]
    target_name: str


def get_optimization_history_info(
    study: Study | Sequence[Study],
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
    error_bar: bool = False,
) -> OptimizationHistoryInfo:
    """Compute what :func:`plot_optimization_history` draws.

    Parameters and errors are those of :func:`plot_optimization_history`.
    """
    studies = as_studies(study)
    check_target(studies, target, target_name)
    if not isinstance(error_bar, bool):
        raise TypeError(f"error_bar must be a bool; got {error_bar!r}.")
    series = [_study_series(s, target, target_name, len(studies) > 1) for s in studies]
    if not any(s.feasible.any() for s in series):
        logger.warning("There are no complete feasible trials to plot.")
        return OptimizationHistoryInfo((), target_name)
    if error_bar:
        series = [_mean_series(series, target_name, with_best=target is None)]
    return OptimizationHistoryInfo(tuple(series), target_name)


def _study_series(
    study: Study, target: Target | None, target_name: str, several: bool
) -> HistorySeries:
    trials = study.get_trials(deepcopy=False)
    complete = np.array([t.state == TrialState.COMPLETE for t in trials], dtype=bool)
    values = np.full(len(trials), np.nan)
    done = [t for t, c in zip(trials, complete) if c]
    values[complete] = target_values(done, target)
    feasible = complete & feasibility(trials)
    suffix = f" of {study.study_name}" if several else ""
    best = None
    if target is None:
        masked = np.where(feasible, values, np.nan)
        minimize = study.direction == StudyDirection.MINIMIZE
        best = (np.fmin if minimize else np.fmax).accumulate(masked)
    return HistorySeries(
        label=f"{target_name}{suffix}",
        trial_numbers=numbers(trials),
        values=values,
        feasible=feasible,
        best_label=f"Best Value{suffix}",
        best_values=best,
    )


def _mean_series(
    series: list[HistorySeries], target_name: str, *, with_best: bool
) -> HistorySeries:
    # Trials are aligned by number; a number counts when one study has a feasible value.
    size = max(int(s.trial_numbers.max()) + 1 for s in series if len(s.trial_numbers))
    values = np.full((len(series), size), np.nan)
    best = np.full((len(series), size), np.nan)
    for row, s in enumerate(series):
        values[row, s.trial_numbers] = np.where(s.feasible, s.values, np.nan)
        if with_best:
            best[row, s.trial_numbers] = s.best_values
    shown = np.flatnonzero(~np.isnan(values).all(axis=0))
    values, best = values[:, shown], best[:, shown]
    return HistorySeries(
        label=target_name,
        trial_numbers=shown,
        values=np.nanmean(values, axis=0),
        feasible=np.ones(len(shown), dtype=bool),
        best_label="Best Value",
        best_values=_nanmean(best) if with_best else None,
        std=np.nanstd(values, axis=0),
        best_std=_nanstd(best) if with_best else None,
    )


def _nanmean(a: np.ndarray) -> np.ndarray:
    count = (~np.isnan(a)).sum(axis=0)
    return np.where(count > 0, np.nansum(a, axis=0) / np.maximum(count, 1), np.nan)


def _nanstd(a: np.ndarray) -> np.ndarray:
    mean = _nanmean(a)
    count = (~np.isnan(a)).sum(axis=0)
    squares = np.nansum((a - mean) ** 2, axis=0)
    return np.where(count > 0, np.sqrt(squares / np.maximum(count, 1)), np.nan)


def plot_optimization_history(
    study: Study | Sequence[Study],
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
    error_bar: bool = False,
) -> go.Figure:
    """Plot each trial's value and the best value so far, for one study or several.

    Parameters
    ----------
    study : Study or sequence of Study
        The studies to draw; several studies get one series each.
    target : callable FrozenTrial -> float, optional
        The value to plot; required for a multi-objective study. No best-value line is
        drawn for a custom target, whose better direction is unknown.
    target_name : str, default="Objective Value"
        The axis label and legend name.
    error_bar : bool, default=False
        Draw the mean over the studies with one standard deviation, aligned by trial
        number, instead of one series per study.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        If a study is multi-objective and ``target`` is None.
    TypeError
        If ``study`` is not a Study or a sequence of Studies.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5)
    >>> fig = plot_optimization_history(study)
    """
    info = get_optimization_history_info(
        study, target=target, target_name=target_name, error_bar=error_bar
    )
    return draw_optimization_history(info)


def draw_optimization_history(info: OptimizationHistoryInfo) -> go.Figure:
    """Draw an :class:`OptimizationHistoryInfo` with plotly."""
    go = _plotly.graph_objects()
    traces = []
    for s in info.series:
        error = None if s.std is None else {"type": "data", "array": s.std, "visible": True}
        traces.append(
            go.Scatter(
                x=s.trial_numbers[s.feasible],
                y=s.values[s.feasible],
                error_y=error,
                mode="markers",
                name=s.label,
            )
        )
        infeasible = ~s.feasible & ~np.isnan(s.values)
        if infeasible.any():
            traces.append(
                go.Scatter(
                    x=s.trial_numbers[infeasible],
                    y=s.values[infeasible],
                    mode="markers",
                    name="Infeasible Trial",
                    marker={"color": _plotly.INFEASIBLE_COLOR},
                )
            )
        if s.best_values is not None:
            traces.extend(_best_traces(go, s))
    layout = {
        "title": {"text": "Optimization History Plot"},
        "xaxis": {"title": {"text": "Trial"}},
        "yaxis": {"title": {"text": info.target_name}},
    }
    return go.Figure(data=traces, layout=layout)


def _best_traces(go: Any, s: HistorySeries) -> list[Any]:
    assert s.best_values is not None
    traces = [go.Scatter(x=s.trial_numbers, y=s.best_values, mode="lines", name=s.best_label)]
    if s.best_std is not None:
        band = {"mode": "lines", "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"}
        traces.append(go.Scatter(x=s.trial_numbers, y=s.best_values + s.best_std, **band))
        traces.append(
            go.Scatter(
                x=s.trial_numbers,
                y=s.best_values - s.best_std,
                fill="tonexty",
                fillcolor="rgba(255,0,0,0.2)",
                **band,
            )
        )
    return traces
