"""Pareto front: the trials in objective space, non-dominated ones highlighted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.study._multi_objective import as_loss_matrix, non_dominated_mask
from hpobench.trial._frozen import is_feasible
from hpobench.trial._state import TrialState
from hpobench.visualization import _plotly
from hpobench.visualization._common import check_study, logger, numbers, objective_names

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from hpobench.study import Study
    from hpobench.trial import FrozenTrial

Targets = Callable[["FrozenTrial"], Sequence[float]]


@dataclass(frozen=True, eq=False)
class ParetoFrontInfo:
    """What :func:`plot_pareto_front` draws.

    Every array of values has one column per target, already in ``axis_order``.

    Attributes
    ----------
    target_names : tuple of str
        The axis names, in display order.
    axis_order : tuple of int
        Display axis ``i`` shows target ``axis_order[i]``.
    best_numbers, best_values
        The feasible trials that no other feasible trial dominates.
    dominated_numbers, dominated_values
        The other feasible trials; empty unless ``include_dominated_trials``.
    infeasible_numbers, infeasible_values
        The trials that violate their constraints.
    include_dominated_trials, has_constraints : bool

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(directions=["minimize", "minimize"])
    >>> for x in (0.0, 0.5, 1.0):
    ...     study.enqueue_trial({"x": x})
    >>> study.optimize(lambda t: (t.suggest_float("x", 0, 1), 1 - t.params["x"]), 3)
    >>> get_pareto_front_info(study).best_numbers.tolist()
    [0, 1, 2]
    """

    target_names: tuple[str, ...]
    axis_order: tuple[int, ...]
    best_numbers: np.ndarray
    best_values: np.ndarray
    dominated_numbers: np.ndarray
    dominated_values: np.ndarray
    infeasible_numbers: np.ndarray
    infeasible_values: np.ndarray
    include_dominated_trials: bool
    has_constraints: bool

    @property
    def n_targets(self) -> int:
        """The number of axes: 2 or 3."""
        return len(self.target_names)


def get_pareto_front_info(
    study: Study,
    *,
    target_names: list[str] | None = None,
    include_dominated_trials: bool = True,
    axis_order: list[int] | None = None,
    constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
    targets: Targets | None = None,
) -> ParetoFrontInfo:
    """Compute what :func:`plot_pareto_front` draws.

    Parameters and errors are those of :func:`plot_pareto_front`.
    """
    study = check_study(study)
    _check_options(include_dominated_trials, constraints_func, targets)
    trials = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    feasible, has_constraints = _feasibility(trials, constraints_func)
    good = [t for t, ok in zip(trials, feasible) if ok]
    bad = [t for t, ok in zip(trials, feasible) if not ok]
    on_front = non_dominated_mask(as_loss_matrix(good, study.directions)) if good else []
    best = [t for t, front in zip(good, on_front) if front]
    dominated = [t for t, front in zip(good, on_front) if not front]
    if not include_dominated_trials:
        dominated = []
    if not best:
        what = "completed and feasible" if has_constraints else "completed"
        logger.warning("Study %r has no %s trials to plot.", study.study_name, what)
    n_targets = _n_targets(study, trials, targets, target_names)
    names = _target_names(study, target_names, n_targets, targets)
    order = _axis_order(axis_order, n_targets)
    columns = list(order)

    def values(group: list[FrozenTrial]) -> np.ndarray:
        return _target_matrix(group, targets, n_targets)[:, columns]

    return ParetoFrontInfo(
        target_names=tuple(names[i] for i in order),
        axis_order=order,
        best_numbers=numbers(best),
        best_values=values(best),
        dominated_numbers=numbers(dominated),
        dominated_values=values(dominated),
        infeasible_numbers=numbers(bad),
        infeasible_values=values(bad),
        include_dominated_trials=include_dominated_trials,
        has_constraints=has_constraints,
    )


def _check_options(include_dominated: Any, constraints_func: Any, targets: Any) -> None:
    if not isinstance(include_dominated, bool):
        raise TypeError(f"include_dominated_trials must be a bool; got {include_dominated!r}.")
    for name, value in (("constraints_func", constraints_func), ("targets", targets)):
        if value is not None and not callable(value):
            raise TypeError(f"{name} must be a callable taking a FrozenTrial; got {value!r}.")


def _feasibility(
    trials: list[FrozenTrial], constraints_func: Callable[[FrozenTrial], Sequence[float]] | None
) -> tuple[list[bool], bool]:
    if constraints_func is not None:
        return [all(c <= 0.0 for c in constraints_func(t)) for t in trials], True
    has_constraints = any(t.constraints is not None for t in trials)
    return [is_feasible(t) for t in trials], has_constraints


def _n_targets(
    study: Study, trials: list[FrozenTrial], targets: Targets | None, names: list[str] | None
) -> int:
    if targets is None:
        n = len(study.directions)
        if n not in (2, 3):
            raise ValueError(
                f"plot_pareto_front draws 2 or 3 objectives, but study {study.study_name!r} "
                f"has {n}; pass targets=lambda t: (t.values[0], t.values[1]) to choose which."
            )
        return n
    if trials:
        return len(_as_target_row(targets(trials[0]), trials[0].number))
    if names is None:
        raise ValueError(
            "The study has no completed trial to count what targets returns; pass "
            "target_names too (2 or 3 names)."
        )
    return len(names)


def _target_names(
    study: Study, names: list[str] | None, n: int, targets: Targets | None
) -> list[str]:
    if n not in (2, 3):
        raise ValueError(f"targets must return 2 or 3 values to plot; it returns {n}.")
    if names is None:
        defaults = objective_names(study)
        return defaults if targets is None or len(defaults) == n else _numbered(n)
    if isinstance(names, str) or not all(isinstance(name, str) for name in names):
        raise TypeError(f"target_names must be a list of str; got {names!r}.")
    if len(names) != n:
        raise ValueError(f"target_names must have {n} names, one per axis; got {names!r}.")
    return list(names)


def _numbered(n: int) -> list[str]:
    return [f"Objective {i}" for i in range(n)]


def _axis_order(axis_order: list[int] | None, n: int) -> tuple[int, ...]:
    if axis_order is None:
        return tuple(range(n))
    if sorted(axis_order) != list(range(n)) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in axis_order
    ):
        raise ValueError(
            f"axis_order must be a permutation of {list(range(n))}; got {axis_order!r}."
        )
    return tuple(axis_order)


def _as_target_row(row: Any, number: int) -> list[float]:
    if isinstance(row, (str, bytes)) or not isinstance(row, (Sequence, np.ndarray)):
        raise TypeError(
            f"targets must return a sequence of floats; it returned {row!r} for trial {number}."
        )
    return [float(v) for v in row]


def _target_matrix(trials: list[FrozenTrial], targets: Targets | None, n: int) -> np.ndarray:
    if targets is None:
        rows = [t.values for t in trials]
    else:
        rows = [_as_target_row(targets(t), t.number) for t in trials]
        for row, trial in zip(rows, trials):
            if len(row) != n:
                raise ValueError(
                    f"targets must return {n} values for every trial; it returned {len(row)} "
                    f"for trial {trial.number}."
                )
    return np.array(rows, dtype=float).reshape(len(trials), n)


def plot_pareto_front(
    study: Study,
    *,
    target_names: list[str] | None = None,
    include_dominated_trials: bool = True,
    axis_order: list[int] | None = None,
    constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
    targets: Targets | None = None,
) -> go.Figure:
    """Plot the completed trials of a study in objective space, Pareto front highlighted.

    A 2-D scatter for two targets, a 3-D one for three. The feasible non-dominated
    trials are red (darker for later trials), the dominated ones blue, the infeasible
    ones grey.

    Parameters
    ----------
    study : Study
        Dominance is judged on the trials' objective values and the study's directions,
        even when ``targets`` changes what is drawn.
    target_names : list of str, optional
        The axis names; the study's metric names or "Objective i" by default.
    include_dominated_trials : bool, default=True
        Also draw the feasible trials that are not on the front.
    axis_order : list of int, optional
        A permutation of the targets: axis ``i`` shows target ``axis_order[i]``.
    constraints_func : callable FrozenTrial -> sequence of float, optional
        Feasibility (all values <= 0) instead of the constraints stored in the trials.
    targets : callable FrozenTrial -> sequence of float, optional
        The 2 or 3 values to draw for each trial; the objective values by default
        (then the study must have 2 or 3 objectives).

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        If there are not 2 or 3 targets, ``target_names`` has the wrong length,
        ``axis_order`` is not a permutation, or ``targets`` returns values of
        different lengths.
    TypeError
        If ``targets`` does not return a sequence of floats.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(directions=["minimize", "maximize"])
    >>> study.optimize(lambda t: (t.suggest_float("x", 0, 1), t.params["x"] ** 2), 5)
    >>> fig = plot_pareto_front(study, target_names=["cost", "gain"])
    """
    info = get_pareto_front_info(
        study,
        target_names=target_names,
        include_dominated_trials=include_dominated_trials,
        axis_order=axis_order,
        constraints_func=constraints_func,
        targets=targets,
    )
    return draw_pareto_front(info)


def draw_pareto_front(info: ParetoFrontInfo) -> go.Figure:
    """Draw a :class:`ParetoFrontInfo` with plotly."""
    go = _plotly.graph_objects()
    groups = [
        (info.dominated_numbers, info.dominated_values, "Dominated Trial", "Blues", "Trial"),
        (info.best_numbers, info.best_values, "Best Trial", "Reds", "Best Trial"),
        (info.infeasible_numbers, info.infeasible_values, "Infeasible Trial", None, None),
    ]
    hover = "<br>".join(
        [f"{name}: %{{{axis}}}" for name, axis in zip(info.target_names, "xyz")]
        + ["Trial %{customdata}<extra></extra>"]
    )
    traces = []
    for k, (trial_numbers, values, name, colorscale, title) in enumerate(groups):
        if len(trial_numbers) == 0:
            continue
        if colorscale is None:
            marker: dict[str, Any] = {"color": _plotly.INFEASIBLE_COLOR}
        else:
            marker = {
                "color": trial_numbers,
                "colorscale": colorscale,
                "line": {"width": 0.5, "color": "Grey"},
                "colorbar": {"title": {"text": title}, "x": 1.0 + 0.15 * k},
            }
        trace = {
            "type": "scatter" if info.n_targets == 2 else "scatter3d",
            "mode": "markers",
            "name": name,
            "customdata": trial_numbers,
            "hovertemplate": hover,
            "marker": marker,
            "showlegend": False,
        }
        for axis, column in zip("xyz", values.T):
            trace[axis] = column
        traces.append(trace)
    layout: dict[str, Any] = {"title": {"text": "Pareto-front Plot"}}
    if info.n_targets == 2:
        layout["xaxis"] = {"title": {"text": info.target_names[0]}}
        layout["yaxis"] = {"title": {"text": info.target_names[1]}}
    else:
        layout["scene"] = {
            f"{axis}axis": {"title": {"text": name}}
            for axis, name in zip("xyz", info.target_names)
        }
    return go.Figure(data=traces, layout=layout)
