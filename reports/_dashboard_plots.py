"""The dashboard's figures of one study, drawn by the engine's visualization module.

Each plot becomes a :class:`Panel`: its plotly figures as JSON, or a short note saying why
it is not drawn (a single-objective study has no Pareto front, a study without reports has
no intermediate values). A plot whose data the visualization refuses is a note too, so
that one odd study never breaks the whole page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hpobench import visualization as vis
from hpobench.study import Study
from hpobench.trial import FrozenTrial, TrialState

# A contour grid grows with the square of the parameters: beyond this many, only the most
# important ones are drawn.
MAX_CONTOUR_PARAMS = 4


@dataclass(frozen=True)
class Panel:
    """One plot of the page: its figures (``fig.to_json()`` texts) or why there are none.

    Attributes
    ----------
    ident : str
        The anchor of its section, e.g. ``"history"``.
    title : str
    figures : tuple of str
        Empty when the plot does not apply.
    note : str or None
        Why it is not drawn, or what it leaves out.
    """

    ident: str
    title: str
    figures: tuple[str, ...] = ()
    note: str | None = None


class _Skip(Exception):
    """The plot does not apply to this study; the message says why."""


def objective_labels(study: Study) -> list[str]:
    """The name of each objective: the study's metric names, or "value" / "value i".

    Examples
    --------
    >>> import hpobench
    >>> objective_labels(hpobench.create_study(directions=["minimize", "maximize"]))
    ['value 0', 'value 1']
    """
    if study.metric_names is not None:
        return list(study.metric_names)
    n = len(study.directions)
    return ["value"] if n == 1 else [f"value {i}" for i in range(n)]


def study_panels(study: Study) -> list[Panel]:
    """Every plot of ``study`` in reading order, drawn or replaced by a note.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=5)
    >>> [(p.ident, p.note is None) for p in study_panels(study)][-2:]
    [('pareto-front', False), ('timeline', True)]
    """
    complete = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    importances = _importances(study, complete)
    plots: list[tuple[str, str, Callable[[], tuple[tuple[str, ...], str | None]]]] = [
        ("history", "Optimization history", lambda: _history(study, complete)),
        ("intermediate", "Intermediate values", lambda: _intermediate(study)),
        ("parallel", "Parallel coordinates", lambda: _parallel(study, complete)),
        ("slice", "Slice", lambda: _slice(study, complete)),
        ("contour", "Contour", lambda: _contour(study, complete, importances)),
        ("importances", "Hyperparameter importances", lambda: _importance_figure(importances)),
        ("pareto-front", "Pareto front", lambda: _pareto(study, complete)),
        ("timeline", "Timeline", lambda: _timeline(study)),
    ]
    return [_panel(ident, title, draw) for ident, title, draw in plots]


def _panel(
    ident: str, title: str, draw: Callable[[], tuple[tuple[str, ...], str | None]]
) -> Panel:
    try:
        figures, note = draw()
    except _Skip as skip:
        return Panel(ident, title, note=str(skip))
    except ValueError as err:
        # The visualization's checks explain themselves (too few trials, constant values).
        return Panel(ident, title, note=f"Not drawn: {err}")
    return Panel(ident, title, figures, note)


def _targets(study: Study) -> list[dict[str, Any]]:
    """The ``target``/``target_name`` arguments per objective; one objective needs none."""
    labels = objective_labels(study)
    if len(labels) == 1:
        return [{}]
    return [
        {"target": lambda t, i=i: t.values[i], "target_name": label}
        for i, label in enumerate(labels)
    ]


def _require_complete(complete: list[FrozenTrial]) -> None:
    if not complete:
        raise _Skip("No completed trial yet.")


def _require_params(complete: list[FrozenTrial], at_least: int = 1) -> list[str]:
    names = sorted({name for trial in complete for name in trial.params})
    if len(names) < at_least:
        raise _Skip(
            f"Needs {at_least} parameter(s); the completed trials have {len(names)}."
            if at_least > 1
            else "The completed trials have no parameters."
        )
    return names


def _history(study: Study, complete: list[FrozenTrial]) -> tuple[tuple[str, ...], None]:
    _require_complete(complete)
    figures = []
    for target in _targets(study):
        info = vis.get_optimization_history_info(study, **target)
        figures.append(vis.draw_optimization_history(info).to_json())
    return tuple(figures), None


def _intermediate(study: Study) -> tuple[tuple[str, ...], None]:
    shown = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.RUNNING)
    if not any(t.intermediate_values for t in study.get_trials(deepcopy=False, states=shown)):
        raise _Skip("No trial reported intermediate values (trial.report(value, step)).")
    info = vis.get_intermediate_values_info(study)
    return (vis.draw_intermediate_values(info).to_json(),), None


def _parallel(study: Study, complete: list[FrozenTrial]) -> tuple[tuple[str, ...], None]:
    _require_complete(complete)
    _require_params(complete)
    info = vis.get_parallel_coordinate_info(study)
    return (vis.draw_parallel_coordinate(info).to_json(),), None


def _slice(study: Study, complete: list[FrozenTrial]) -> tuple[tuple[str, ...], None]:
    _require_complete(complete)
    _require_params(complete)
    figures = []
    for target in _targets(study):
        info = vis.get_slice_info(study, **target)
        figures.append(vis.draw_slice(info).to_json())
    return tuple(figures), None


def _contour(
    study: Study, complete: list[FrozenTrial], importances: Any
) -> tuple[tuple[str, ...], str | None]:
    _require_complete(complete)
    names = _require_params(complete, at_least=2)
    note = None
    if len(names) > MAX_CONTOUR_PARAMS:
        names = _most_important(names, importances)
        note = f"The {MAX_CONTOUR_PARAMS} most important parameters only: {', '.join(names)}."
    figures = []
    for target in _targets(study):
        info = vis.get_contour_info(study, params=names, **target)
        fig = vis.draw_contour(info)
        fig.update_layout(height=420 if len(names) == 2 else 220 * len(names))
        figures.append(fig.to_json())
    return tuple(figures), note


def _most_important(names: list[str], importances: Any) -> list[str]:
    if isinstance(importances, vis.ParamImportancesInfo) and importances.main_effects:
        ranked = [n for n in importances.main_effects[0].names if n in names]
        ranked += [n for n in names if n not in ranked]
        return ranked[:MAX_CONTOUR_PARAMS]
    return names[:MAX_CONTOUR_PARAMS]


def _importances(study: Study, complete: list[FrozenTrial]) -> vis.ParamImportancesInfo | str:
    """The importances, or the note that replaces them (computed once, used twice)."""
    if len(complete) < 2:
        return "Needs at least 2 completed trials."
    if not any(t.params for t in complete):
        return "The completed trials have no parameters."
    try:
        return vis.get_param_importances_info(study)
    except ValueError as err:
        return f"Not drawn: {err}"


def _importance_figure(importances: Any) -> tuple[tuple[str, ...], None]:
    if isinstance(importances, str):
        raise _Skip(importances)
    return (vis.draw_param_importances(importances).to_json(),), None


def _pareto(study: Study, complete: list[FrozenTrial]) -> tuple[tuple[str, ...], None]:
    n = len(study.directions)
    if n == 1:
        raise _Skip("Single-objective study: there is no Pareto front.")
    if n > 3:
        raise _Skip(f"The Pareto front is drawn for 2 or 3 objectives; this study has {n}.")
    _require_complete(complete)
    info = vis.get_pareto_front_info(study, target_names=objective_labels(study))
    return (vis.draw_pareto_front(info).to_json(),), None


def _timeline(study: Study) -> tuple[tuple[str, ...], None]:
    if not study.get_trials(deepcopy=False):
        raise _Skip("No trial yet.")
    return (vis.draw_timeline(vis.get_timeline_info(study)).to_json(),), None
