"""Hypervolume history: the volume dominated by the feasible front after each trial."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from hpobench.multi_objective import hypervolume
from hpobench.study._multi_objective import as_loss_matrix
from hpobench.study._study_direction import StudyDirection
from hpobench.trial._state import TrialState
from hpobench.visualization import _plotly
from hpobench.visualization._common import check_study, feasibility, logger, numbers

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from hpobench.study import Study


@dataclass(frozen=True, eq=False)
class HypervolumeHistoryInfo:
    """What :func:`plot_hypervolume_history` draws.

    Attributes
    ----------
    trial_numbers : ndarray of int
        The COMPLETE trials, in order.
    values : ndarray of float
        The hypervolume of the feasible trials up to and including each one.
    reference_point : tuple of float
        In the objectives' own directions.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(directions=["minimize", "minimize"])
    >>> study.enqueue_trial({"x": 0.5})
    >>> study.optimize(lambda t: (t.suggest_float("x", 0, 1), 1 - t.params["x"]), 1)
    >>> get_hypervolume_history_info(study, [1.0, 1.0]).values.tolist()
    [0.25]
    """

    trial_numbers: np.ndarray
    values: np.ndarray
    reference_point: tuple[float, ...]


def get_hypervolume_history_info(
    study: Study, reference_point: Sequence[float]
) -> HypervolumeHistoryInfo:
    """Compute what :func:`plot_hypervolume_history` draws.

    Parameters and errors are those of :func:`plot_hypervolume_history`.
    """
    study = check_study(study)
    n = len(study.directions)
    if n < 2:
        raise ValueError(
            f"plot_hypervolume_history needs a multi-objective study; study "
            f"{study.study_name!r} has one objective (use plot_optimization_history)."
        )
    reference = np.asarray(reference_point, dtype=float).reshape(-1)
    if reference.shape != (n,) or not np.isfinite(reference).all():
        raise ValueError(
            f"reference_point must be {n} finite numbers, one per objective; got "
            f"{list(reference_point)!r}."
        )
    trials = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    if not trials:
        logger.warning("Study %r has no completed trials to plot.", study.study_name)
    signs = np.array([-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in study.directions])
    losses = as_loss_matrix(trials, study.directions)
    values = _history(losses, feasibility(trials), reference * signs)
    if not np.any(values > 0) and trials:
        logger.warning(
            "No feasible trial of study %r dominates reference_point %s; the hypervolume stays 0.",
            study.study_name,
            reference.tolist(),
        )
    return HypervolumeHistoryInfo(numbers(trials), values, tuple(reference.tolist()))


def _history(losses: np.ndarray, feasible: np.ndarray, reference: np.ndarray) -> np.ndarray:
    # Incremental: a new point changes the volume only when it is inside the reference
    # box and no kept point weakly dominates it; it then adds its box minus the part
    # already covered (the volume of the front clipped to its box).
    gains = np.zeros(len(losses))
    front = np.zeros((0, losses.shape[1]))
    inside = feasible & np.all(losses < reference, axis=1)
    for i in np.flatnonzero(inside):
        point = losses[i]
        if np.any(np.all(front <= point, axis=1)):
            continue
        covered = hypervolume(np.maximum(front, point), reference) if len(front) else 0.0
        gains[i] = float(np.prod(reference - point)) - covered
        front = np.vstack([front[~np.all(point <= front, axis=1)], point])
    return np.cumsum(gains)


def plot_hypervolume_history(study: Study, reference_point: Sequence[float]) -> go.Figure:
    """Plot the hypervolume of the feasible trials after each completed trial.

    Parameters
    ----------
    study : Study
        A multi-objective study.
    reference_point : sequence of float
        One finite value per objective, in the objectives' own directions (for a
        maximised objective, a value below every trial's); trials beyond it in any
        objective add nothing.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        If the study has one objective, or ``reference_point`` does not have one finite
        value per objective.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(directions=["minimize", "maximize"])
    >>> study.optimize(lambda t: (t.suggest_float("x", 0, 1), t.params["x"] ** 2), 5)
    >>> fig = plot_hypervolume_history(study, reference_point=[1.0, 0.0])
    """
    return draw_hypervolume_history(get_hypervolume_history_info(study, reference_point))


def draw_hypervolume_history(info: HypervolumeHistoryInfo) -> go.Figure:
    """Draw a :class:`HypervolumeHistoryInfo` with plotly."""
    go = _plotly.graph_objects()
    trace = {
        "type": "scatter",
        "x": info.trial_numbers,
        "y": info.values,
        "mode": "lines+markers",
        "name": "Hypervolume",
    }
    layout = {
        "title": {"text": "Hypervolume History Plot"},
        "xaxis": {"title": {"text": "Trial"}},
        "yaxis": {"title": {"text": "Hypervolume"}},
    }
    return go.Figure(data=[trace], layout=layout)
