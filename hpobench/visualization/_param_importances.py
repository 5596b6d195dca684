"""Parameter importances as bars, with their spread and, optionally, interactions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hpobench.visualization import _plotly
from hpobench.visualization._common import (
    DEFAULT_TARGET_NAME,
    Target,
    check_params,
    check_study,
    check_target,
    finite_complete_trials,
    logger,
)

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from hpobench.importance import BaseImportanceEvaluator
    from hpobench.study import Study

PAIR_SEPARATOR = " × "


@dataclass(frozen=True)
class ImportanceSeries:
    """The importances of one target, largest first.

    Attributes
    ----------
    target_name : str
    names : tuple of str
        Parameter names, or ``"a × b"`` for a pair's interaction.
    values : tuple of float
    std : tuple of float or None
        The spread over the evaluator's trees; None when it has none.
    """

    target_name: str
    names: tuple[str, ...]
    values: tuple[float, ...]
    std: tuple[float, ...] | None

    @property
    def labels(self) -> tuple[str, ...]:
        """The bar labels: two decimals, or "<0.01"."""
        return tuple(f"{v:.2f}" if v >= 0.01 else "<0.01" for v in self.values)


@dataclass(frozen=True)
class ParamImportancesInfo:
    """What :func:`plot_param_importances` draws.

    Attributes
    ----------
    main_effects : tuple of ImportanceSeries
        One per target: one, or one per objective of a multi-objective study drawn
        without ``target``.
    interactions : tuple of ImportanceSeries
        The pairwise interactions, one per target; empty unless asked for.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) + 0 * t.suggest_int("n", 0, 9), 30)
    >>> evaluator = hpobench.importance.FanovaImportanceEvaluator(n_trees=8, seed=0)
    >>> get_param_importances_info(study, evaluator).main_effects[0].names
    ('x', 'n')
    """

    main_effects: tuple[ImportanceSeries, ...]
    interactions: tuple[ImportanceSeries, ...] = ()


def get_param_importances_info(
    study: Study,
    evaluator: BaseImportanceEvaluator | None = None,
    params: list[str] | None = None,
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
    interactions: bool = False,
) -> ParamImportancesInfo:
    """Compute what :func:`plot_param_importances` draws.

    Parameters and errors are those of :func:`plot_param_importances`.
    """
    study = check_study(study)
    check_target([study], target, target_name, allow_multi=True)
    params = check_params(params)
    if not isinstance(interactions, bool):
        raise TypeError(f"interactions must be a bool; got {interactions!r}.")
    targets = _targets(study, target, target_name)
    if not finite_complete_trials(study, targets[0][0])[0]:
        logger.warning("Study %r has no completed trials to plot.", study.study_name)
        return ParamImportancesInfo(())
    main, pairs = [], []
    for each_target, name in targets:
        m, p = _series(study, evaluator, params, each_target, name, interactions)
        main.append(m)
        if p is not None:
            pairs.append(p)
    return ParamImportancesInfo(tuple(main), tuple(pairs))


def _targets(
    study: Study, target: Target | None, target_name: str
) -> list[tuple[Target | None, str]]:
    n = len(study.directions)
    if target is not None or n == 1:
        names = study.metric_names
        name = names[0] if target is None and names is not None else target_name
        return [(target, name)]
    names = study.metric_names or [f"{target_name} {i}" for i in range(n)]
    return [(_objective(i), names[i]) for i in range(n)]


def _objective(i: int) -> Target:
    def value(trial: Any) -> float:
        return trial.values[i]

    return value


def _series(
    study: Study,
    evaluator: BaseImportanceEvaluator | None,
    params: list[str] | None,
    target: Target | None,
    target_name: str,
    interactions: bool,
) -> tuple[ImportanceSeries, ImportanceSeries | None]:
    from hpobench.importance import get_importance_result

    result = get_importance_result(
        study, evaluator=evaluator, params=params, target=target, interactions=interactions
    )
    names = tuple(result.importances)
    std = None if result.std is None else tuple(result.std[n] for n in names)
    main = ImportanceSeries(target_name, names, tuple(result.importances.values()), std)
    if not interactions:
        return main, None
    if result.interactions is None:
        raise ValueError(
            "interactions=True needs an evaluator that measures pairwise interactions "
            f"(FanovaImportanceEvaluator); {type(evaluator).__name__} does not."
        )
    pairs = tuple(result.interactions)
    pair_std = result.interaction_std
    return main, ImportanceSeries(
        target_name,
        tuple(PAIR_SEPARATOR.join(pair) for pair in pairs),
        tuple(result.interactions.values()),
        None if pair_std is None else tuple(pair_std[p] for p in pairs),
    )


def plot_param_importances(
    study: Study,
    evaluator: BaseImportanceEvaluator | None = None,
    params: list[str] | None = None,
    *,
    target: Target | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
    interactions: bool = False,
) -> go.Figure:
    """Plot hyperparameter importances as horizontal bars, largest on top.

    The importances come from :func:`hpobench.importance.get_importance_result`
    (normalised to sum to 1); error bars show their spread over the evaluator's trees
    when it has one. With ``interactions=True`` a second panel shows fANOVA's pairwise
    interaction importances on the same scale.

    Parameters
    ----------
    study : Study
    evaluator : BaseImportanceEvaluator, optional
        The importance algorithm; :class:`hpobench.importance.FanovaImportanceEvaluator`
        by default.
    params : list of str, optional
        The parameters to assess; the evaluator's default set by default.
    target : callable FrozenTrial -> float, optional
        The value to explain. A multi-objective study without ``target`` gets one
        group of bars per objective.
    target_name : str, default="Objective Value"
        The legend name of the bars.
    interactions : bool, default=False
        Also plot the pairwise interactions (fANOVA only).

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        For an unknown parameter, fewer than 2 usable trials, or ``interactions=True``
        with an evaluator that does not measure interactions.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_float("y", 0, 1), 30)
    >>> evaluator = hpobench.importance.FanovaImportanceEvaluator(n_trees=8, seed=0)
    >>> fig = plot_param_importances(study, evaluator, interactions=True)
    """
    info = get_param_importances_info(
        study, evaluator, params, target=target, target_name=target_name, interactions=interactions
    )
    return draw_param_importances(info)


def draw_param_importances(info: ParamImportancesInfo) -> go.Figure:
    """Draw a :class:`ParamImportancesInfo` with plotly."""
    go = _plotly.graph_objects()
    panels = [info.main_effects] + ([info.interactions] if info.interactions else [])
    layout = _plotly.grid_layout(len(panels), 1, "Hyperparameter Importances", gap=0.12)
    layout["showlegend"] = len(info.main_effects) > 1
    traces = []
    for k, group in enumerate(panels):
        title = "Hyperparameter Importance" if k == 0 else "Interaction Importance"
        layout[_plotly.axis_key("x", k)].update(showticklabels=True, title={"text": title})
        layout[_plotly.axis_key("y", k)]["title"] = {
            "text": "Hyperparameter" if k == 0 else "Pair"
        }
        for i, series in enumerate(group):
            traces.append(_bars(series, k, show_legend=k == 0, color_index=i))
    return go.Figure(data=traces, layout=layout)


def _bars(
    series: ImportanceSeries, k: int, *, show_legend: bool, color_index: int
) -> dict[str, Any]:
    import plotly.colors

    # Reversed: plotly draws the first category at the bottom, the largest goes on top.
    error = None
    if series.std is not None:
        error = {"type": "data", "array": list(series.std[::-1]), "visible": True}
    return {
        "type": "bar",
        "orientation": "h",
        "x": list(series.values[::-1]),
        "y": list(series.names[::-1]),
        "text": list(series.labels[::-1]),
        "textposition": "outside",
        "error_x": error,
        "name": series.target_name,
        "legendgroup": series.target_name,
        "showlegend": show_legend,
        "marker": {"color": plotly.colors.qualitative.Plotly[color_index % 10]},
        "hovertemplate": "%{y}: %{x:.3f}<extra>" + series.target_name + "</extra>",
        "xaxis": f"x{_plotly.axis_name(k)}",
        "yaxis": f"y{_plotly.axis_name(k)}",
    }
