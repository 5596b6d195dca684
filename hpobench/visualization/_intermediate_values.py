"""Intermediate values: the learning curve each trial reported with ``trial.report``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from hpobench.trial._frozen import is_feasible
from hpobench.trial._state import TrialState
from hpobench.visualization import _plotly
from hpobench.visualization._common import check_study, logger

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from hpobench.study import Study

STATE_COLORS = {
    TrialState.COMPLETE: "#1f77b4",
    TrialState.PRUNED: "#ff7f0e",
    TrialState.RUNNING: "#2ca02c",
}
_SHOWN_STATES = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.RUNNING)


@dataclass(frozen=True, eq=False)
class IntermediateCurve:
    """One trial's reported values, sorted by step.

    Attributes
    ----------
    trial_number : int
    state : TrialState
        COMPLETE, PRUNED or RUNNING.
    feasible : bool
        Whether the trial satisfies its constraints.
    steps : ndarray of int
    values : ndarray of float
    """

    trial_number: int
    state: TrialState
    feasible: bool
    steps: np.ndarray
    values: np.ndarray


@dataclass(frozen=True)
class IntermediateValuesInfo:
    """What :func:`plot_intermediate_values` draws: one curve per reporting trial.

    Examples
    --------
    >>> import hpobench
    >>> def objective(trial):
    ...     for step in range(3):
    ...         trial.report(1.0 / (step + 1), step)
    ...     return 0.0
    >>> study = hpobench.create_study()
    >>> study.optimize(objective, n_trials=2)
    >>> get_intermediate_values_info(study).curves[0].steps.tolist()
    [0, 1, 2]
    """

    curves: tuple[IntermediateCurve, ...]


def get_intermediate_values_info(study: Study) -> IntermediateValuesInfo:
    """Compute what :func:`plot_intermediate_values` draws.

    Parameters and errors are those of :func:`plot_intermediate_values`.
    """
    study = check_study(study)
    trials = study.get_trials(deepcopy=False, states=_SHOWN_STATES)
    curves = []
    for trial in trials:
        if not trial.intermediate_values:
            continue
        steps = np.fromiter(trial.intermediate_values, dtype=int)
        values = np.fromiter(trial.intermediate_values.values(), dtype=float)
        order = np.argsort(steps, kind="stable")
        curves.append(
            IntermediateCurve(
                trial.number, trial.state, is_feasible(trial), steps[order], values[order]
            )
        )
    if not curves:
        logger.warning(
            "No trial of study %r reported intermediate values; call trial.report(value, "
            "step) in the objective to plot them.",
            study.study_name,
        )
    return IntermediateValuesInfo(tuple(curves))


def plot_intermediate_values(study: Study) -> go.Figure:
    """Plot the intermediate values (learning curves) of every trial.

    Curves are coloured by the trial's state (COMPLETE, PRUNED, RUNNING), so the
    effect of a pruner shows; infeasible trials are grey.

    Parameters
    ----------
    study : Study
        Its COMPLETE, PRUNED and RUNNING trials that reported values are drawn.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    TypeError
        If ``study`` is not a Study.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study()
    >>> fig = plot_intermediate_values(study)
    """
    return draw_intermediate_values(get_intermediate_values_info(study))


def curve_groups(info: IntermediateValuesInfo) -> dict[str, list[IntermediateCurve]]:
    """Group the curves into the legend entries both renderers draw (state or infeasible)."""
    groups: dict[str, list[IntermediateCurve]] = {}
    for curve in info.curves:
        name = curve.state.name if curve.feasible else "INFEASIBLE"
        groups.setdefault(name, []).append(curve)
    return groups


def group_color(name: str) -> str:
    """Return the colour of a group of :func:`curve_groups`."""
    if name == "INFEASIBLE":
        return _plotly.INFEASIBLE_COLOR
    return STATE_COLORS[TrialState[name]]


def draw_intermediate_values(info: IntermediateValuesInfo) -> go.Figure:
    """Draw an :class:`IntermediateValuesInfo` with plotly."""
    go = _plotly.graph_objects()
    traces = []
    # One trace per group with NaN breaks between curves: a trace per trial is far too
    # slow for thousands of trials.
    for name, curves in curve_groups(info).items():
        x = np.concatenate([np.append(c.steps, np.nan) for c in curves])
        y = np.concatenate([np.append(c.values, np.nan) for c in curves])
        label = np.concatenate([np.full(len(c.steps) + 1, c.trial_number) for c in curves])
        traces.append(
            go.Scatter(
                x=x,
                y=y,
                customdata=label,
                mode="lines+markers",
                marker={"maxdisplayed": 10, "color": group_color(name)},
                line={"color": group_color(name)},
                name=name,
                hovertemplate="Trial %{customdata}<br>step %{x}: %{y}<extra></extra>",
            )
        )
    layout = {
        "title": {"text": "Intermediate Values Plot"},
        "xaxis": {"title": {"text": "Step"}},
        "yaxis": {"title": {"text": "Intermediate Value"}},
    }
    return go.Figure(data=traces, layout=layout)
