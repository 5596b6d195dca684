"""Plots of studies with matplotlib, as in ``optuna.visualization.matplotlib``.

The same ``plot_<plot>`` signatures as :mod:`hpobench.visualization`, drawing the same
info objects (``draw_<plot>(info)`` draws one computed by
``hpobench.visualization.get_<plot>_info``) as static figures, for PDF reports. They
return matplotlib Axes (an array of Axes for grids of panels).

The figures are built without pyplot, so nothing accumulates in pyplot's figure list
and nothing needs closing; ``plt.show()`` does not know them. Save one with
``ax.figure.savefig(path)``; in a notebook, evaluate ``ax.figure`` to display it.

Examples
--------
>>> import hpobench
>>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
>>> study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=10)
>>> ax = hpobench.visualization.matplotlib.plot_optimization_history(study)
>>> ax.get_title()
'Optimization History Plot'
"""

from hpobench.visualization.matplotlib._figure import is_available
from hpobench.visualization.matplotlib._grids import (
    draw_contour,
    draw_rank,
    plot_contour,
    plot_rank,
)
from hpobench.visualization.matplotlib._history import (
    draw_edf,
    draw_hypervolume_history,
    draw_intermediate_values,
    draw_optimization_history,
    draw_timeline,
    plot_edf,
    plot_hypervolume_history,
    plot_intermediate_values,
    plot_optimization_history,
    plot_timeline,
)
from hpobench.visualization.matplotlib._params import (
    draw_parallel_coordinate,
    draw_param_importances,
    draw_slice,
    plot_parallel_coordinate,
    plot_param_importances,
    plot_slice,
)
from hpobench.visualization.matplotlib._pareto import draw_pareto_front, plot_pareto_front

__all__ = [
    "draw_contour",
    "draw_edf",
    "draw_hypervolume_history",
    "draw_intermediate_values",
    "draw_optimization_history",
    "draw_parallel_coordinate",
    "draw_param_importances",
    "draw_pareto_front",
    "draw_rank",
    "draw_slice",
    "draw_timeline",
    "is_available",
    "plot_contour",
    "plot_edf",
    "plot_hypervolume_history",
    "plot_intermediate_values",
    "plot_optimization_history",
    "plot_parallel_coordinate",
    "plot_param_importances",
    "plot_pareto_front",
    "plot_rank",
    "plot_slice",
    "plot_timeline",
]
