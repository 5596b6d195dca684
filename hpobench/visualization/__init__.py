"""Plots of studies with plotly, as in ``optuna.visualization``.

Every plot is two steps: ``get_<plot>_info(...)`` computes a small frozen dataclass of
numbers (numpy arrays, names, ranges) from the study, and ``draw_<plot>(info)`` draws
it. ``plot_<plot>(study, ...)`` does both and takes Optuna's arguments, so
``import hpobench as optuna; optuna.visualization.plot_contour(study)`` runs Optuna
code unchanged. :mod:`hpobench.visualization.matplotlib` draws the same info objects
as static matplotlib figures (for PDF reports).

plotly is imported when a plot is drawn, not when this package is imported;
:func:`is_available` tells whether it can be.

Examples
--------
>>> import hpobench
>>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
>>> study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=10)
>>> info = hpobench.visualization.get_slice_info(study)
>>> fig = hpobench.visualization.draw_slice(info)
"""

from hpobench.visualization import matplotlib
from hpobench.visualization._axes import ParamAxis
from hpobench.visualization._contour import (
    ContourInfo,
    ContourPanel,
    draw_contour,
    get_contour_info,
    plot_contour,
)
from hpobench.visualization._edf import EdfInfo, EdfLine, draw_edf, get_edf_info, plot_edf
from hpobench.visualization._hypervolume_history import (
    HypervolumeHistoryInfo,
    draw_hypervolume_history,
    get_hypervolume_history_info,
    plot_hypervolume_history,
)
from hpobench.visualization._intermediate_values import (
    IntermediateCurve,
    IntermediateValuesInfo,
    draw_intermediate_values,
    get_intermediate_values_info,
    plot_intermediate_values,
)
from hpobench.visualization._optimization_history import (
    HistorySeries,
    OptimizationHistoryInfo,
    draw_optimization_history,
    get_optimization_history_info,
    plot_optimization_history,
)
from hpobench.visualization._parallel_coordinate import (
    ParallelCoordinateInfo,
    ParallelDimension,
    draw_parallel_coordinate,
    get_parallel_coordinate_info,
    plot_parallel_coordinate,
)
from hpobench.visualization._param_importances import (
    ImportanceSeries,
    ParamImportancesInfo,
    draw_param_importances,
    get_param_importances_info,
    plot_param_importances,
)
from hpobench.visualization._pareto_front import (
    ParetoFrontInfo,
    draw_pareto_front,
    get_pareto_front_info,
    plot_pareto_front,
)
from hpobench.visualization._plotly import is_available
from hpobench.visualization._rank import RankInfo, draw_rank, get_rank_info, plot_rank
from hpobench.visualization._slice import (
    SliceInfo,
    SlicePanel,
    draw_slice,
    get_slice_info,
    plot_slice,
)
from hpobench.visualization._timeline import (
    TimelineInfo,
    draw_timeline,
    get_timeline_info,
    plot_timeline,
)

__all__ = [
    "ContourInfo",
    "ContourPanel",
    "EdfInfo",
    "EdfLine",
    "HistorySeries",
    "HypervolumeHistoryInfo",
    "ImportanceSeries",
    "IntermediateCurve",
    "IntermediateValuesInfo",
    "OptimizationHistoryInfo",
    "ParallelCoordinateInfo",
    "ParallelDimension",
    "ParamAxis",
    "ParamImportancesInfo",
    "ParetoFrontInfo",
    "RankInfo",
    "SliceInfo",
    "SlicePanel",
    "TimelineInfo",
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
    "get_contour_info",
    "get_edf_info",
    "get_hypervolume_history_info",
    "get_intermediate_values_info",
    "get_optimization_history_info",
    "get_parallel_coordinate_info",
    "get_param_importances_info",
    "get_pareto_front_info",
    "get_rank_info",
    "get_slice_info",
    "get_timeline_info",
    "is_available",
    "matplotlib",
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
