"""Empirical distribution function of the target, one line per study."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from hpobench.visualization import _plotly
from hpobench.visualization._common import (
    DEFAULT_TARGET_NAME,
    Target,
    as_studies,
    check_target,
    finite_complete_trials,
    logger,
)

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from hpobench.study import Study

N_POINTS = 100


@dataclass(frozen=True, eq=False)
class EdfLine:
    """One study's EDF: the share of its trials whose value is <= each ``x``.

    Attributes
    ----------
    study_name : str
    y : ndarray of float
        In [0, 1], one per point of :attr:`EdfInfo.x`; NaN for a study without
        completed trials.
    """

    study_name: str
    y: np.ndarray


@dataclass(frozen=True, eq=False)
class EdfInfo:
    """What :func:`plot_edf` draws.

    Attributes
    ----------
    x : ndarray of float
        ``N_POINTS`` values evenly spread between the smallest and largest value of all
        the studies.
    lines : tuple of EdfLine
    target_name : str

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=4)
    >>> float(get_edf_info(study).lines[0].y[-1])
    1.0
    """

    x: np.ndarray
    lines: tuple[EdfLine, ...]
    target_name: str


def get_edf_info(
    study: Study | Sequence[Study],
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> EdfInfo:
    """Compute what :func:`plot_edf` draws.

    Parameters and errors are those of :func:`plot_edf`.
    """
    studies = as_studies(study)
    check_target(studies, target, target_name)
    samples = [np.sort(finite_complete_trials(s, target)[1]) for s in studies]
    pooled = np.concatenate([np.zeros(0), *samples])
    if pooled.size == 0:
        logger.warning("There are no completed trials to plot.")
        return EdfInfo(np.zeros(0), (), target_name)
    x = np.linspace(pooled.min(), pooled.max(), N_POINTS)
    lines = tuple(EdfLine(s.study_name, _edf(v, x)) for s, v in zip(studies, samples))
    return EdfInfo(x, lines, target_name)


def _edf(sorted_values: np.ndarray, x: np.ndarray) -> np.ndarray:
    if sorted_values.size == 0:
        return np.full(len(x), np.nan)
    return np.searchsorted(sorted_values, x, side="right") / sorted_values.size


def plot_edf(
    study: Study | Sequence[Study],
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> go.Figure:
    """Plot the empirical distribution function of the target, one line per study.

    The EDF at ``x`` is the share of a study's completed trials whose value is at most
    ``x``: a curve further left (for minimisation) means more good trials, which
    makes it a way to compare search spaces or samplers.

    Parameters
    ----------
    study : Study or sequence of Study
        The studies; a study's name labels its line.
    target : callable FrozenTrial -> float, optional
        The value to plot; required for a multi-objective study.
    target_name : str, default="Objective Value"
        The horizontal axis label.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        If a study is multi-objective and ``target`` is None.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5)
    >>> fig = plot_edf([study])
    """
    return draw_edf(get_edf_info(study, target=target, target_name=target_name))


def draw_edf(info: EdfInfo) -> go.Figure:
    """Draw an :class:`EdfInfo` with plotly."""
    go = _plotly.graph_objects()
    traces = [
        {"type": "scatter", "x": info.x, "y": line.y, "mode": "lines", "name": line.study_name}
        for line in info.lines
    ]
    layout = {
        "title": {"text": "Empirical Distribution Function Plot"},
        "xaxis": {"title": {"text": info.target_name}},
        "yaxis": {"title": {"text": "Cumulative Probability"}, "range": [0, 1]},
    }
    return go.Figure(data=traces, layout=layout)
