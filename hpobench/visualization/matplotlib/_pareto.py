"""matplotlib renderer of the Pareto front (2-D or 3-D)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from hpobench.visualization._pareto_front import ParetoFrontInfo, Targets, get_pareto_front_info
from hpobench.visualization.matplotlib._figure import (
    INFEASIBLE_COLOR,
    TRIAL_COLORS_FROM,
    colormap,
    new_axes,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from hpobench.study import Study
    from hpobench.trial import FrozenTrial


def plot_pareto_front(
    study: Study,
    *,
    target_names: list[str] | None = None,
    include_dominated_trials: bool = True,
    axis_order: list[int] | None = None,
    constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
    targets: Targets | None = None,
) -> Axes:
    """Plot the trials in objective space, Pareto front highlighted, with matplotlib.

    Arguments and errors are those of :func:`hpobench.visualization.plot_pareto_front`.

    Returns
    -------
    matplotlib.axes.Axes
        A 3-D Axes for three targets.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(directions=["minimize", "minimize"])
    >>> study.optimize(lambda t: (t.suggest_float("x", 0, 1), 1 - t.params["x"]), 5)
    >>> ax = plot_pareto_front(study)
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


def draw_pareto_front(info: ParetoFrontInfo) -> Axes:
    """Draw a :class:`~hpobench.visualization.ParetoFrontInfo` with matplotlib."""
    three_d = info.n_targets == 3
    ax = new_axes(
        "Pareto-front Plot", *info.target_names[:2], **({"projection": "3d"} if three_d else {})
    )
    if three_d:
        ax.set_zlabel(info.target_names[2])
    groups = [
        (info.dominated_numbers, info.dominated_values, "Dominated Trial", "Blues"),
        (info.best_numbers, info.best_values, "Best Trial", "Reds"),
        (info.infeasible_numbers, info.infeasible_values, "Infeasible Trial", None),
    ]
    for trial_numbers, values, label, cmap in groups:
        if len(trial_numbers) == 0:
            continue
        if cmap is None:
            color: dict[str, Any] = {"color": INFEASIBLE_COLOR}
        else:
            color = {"c": trial_numbers, "cmap": colormap(cmap, low=TRIAL_COLORS_FROM)}
        ax.scatter(*values.T, label=label, edgecolors="grey", linewidths=0.4, s=15, **color)
    if any(len(g[0]) for g in groups):
        ax.legend(loc="best")
    return ax
