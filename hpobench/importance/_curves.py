"""The marginal curves and surfaces behind fANOVA's numbers, for plots and reports."""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from hpobench.distributions import BaseDistribution, CategoricalDistribution, IntDistribution
from hpobench.importance import _marginals
from hpobench.importance._data import (
    TrialData,
    check_params,
    select_trials,
    shared_distributions,
)
from hpobench.importance._decomposition import ForestDecomposition
from hpobench.importance._forest import check_forest_args
from hpobench.trial._frozen import FrozenTrial

if TYPE_CHECKING:
    from hpobench.study._study import Study


@dataclass(frozen=True)
class MarginalCurve:
    """The forest's mean prediction as one parameter varies, the others averaged out.

    Attributes
    ----------
    param : str
        The parameter.
    grid : numpy.ndarray
        Its values, in its own units (the choices, as an object array, for a categorical).
    mean, std : numpy.ndarray
        Mean and standard deviation over the trees of each tree's marginal at ``grid``.
    log : bool
        Whether the parameter is on a log scale (the grid is then evenly spaced in log).
    categorical : bool
        Whether the parameter is categorical.
    """

    param: str
    grid: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    log: bool
    categorical: bool


@dataclass(frozen=True)
class MarginalSurface:
    """The forest's mean prediction over a pair of parameters, the others averaged out.

    Attributes
    ----------
    params : tuple of (str, str)
        The x and y parameters.
    grid_x, grid_y : numpy.ndarray
        Their values, as in :attr:`MarginalCurve.grid`.
    mean, std : numpy.ndarray
        ``(len(grid_y), len(grid_x))``: mean and standard deviation over the trees.
    """

    params: tuple[str, str]
    grid_x: np.ndarray
    grid_y: np.ndarray
    mean: np.ndarray
    std: np.ndarray


def get_marginal_curves(
    study: Study,
    *,
    params: list[str] | None = None,
    target: Callable[[FrozenTrial], float] | None = None,
    n_points: int = 100,
    seed: int | None = None,
    n_trees: int = 64,
    max_depth: int = 64,
) -> dict[str, MarginalCurve]:
    """Return the marginal curve of each parameter, from one forest fitted once.

    The forest is fitted, as for :class:`FanovaImportanceEvaluator`, to the COMPLETE
    trials with a finite target that hold all of ``params``, on every parameter those
    trials share, so each curve averages over all the other parameters.

    Parameters
    ----------
    study : Study
        The study.
    params : list of str or None
        The parameters to draw; None for every parameter all COMPLETE trials share.
    target : callable or None
        The value to explain; required for a multi-objective study.
    n_points : int, default=100
        Grid points of a numeric parameter (ints and stepped floats use all their values
        when there are at most ``n_points``).
    seed, n_trees, max_depth :
        The forest's settings, as for :class:`FanovaImportanceEvaluator`.

    Returns
    -------
    dict of str to MarginalCurve
        In the order of ``params`` (sorted by name when None).

    Raises
    ------
    TypeError
        If ``n_points`` is not an int, or as :func:`get_param_importances` does.
    ValueError
        As :func:`get_param_importances` does, or if ``n_points < 2``.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: (t.suggest_float("x", -2, 2) - 1) ** 2, n_trials=60)
    >>> curve = get_marginal_curves(study, n_points=41, seed=0, n_trees=16)["x"]
    >>> best = float(curve.grid[int(np.argmin(curve.mean))])
    >>> abs(best - 1.0) < 0.2
    True
    """
    _check_n_points(n_points)
    check_forest_args(n_trees, max_depth, seed)
    names = check_params(params)
    decomposition = _fit_all_shared(study, names, target, n_trees, max_depth, seed)
    wanted = names if names is not None else list(decomposition.order)
    return {name: _curve(decomposition, name, n_points) for name in wanted}


def get_marginal_surface(
    study: Study,
    param_x: str,
    param_y: str,
    *,
    target: Callable[[FrozenTrial], float] | None = None,
    n_points: int = 50,
    seed: int | None = None,
    n_trees: int = 64,
    max_depth: int = 64,
) -> MarginalSurface:
    """Return the marginal surface of a pair of parameters, from one forest fitted once.

    Trials and forest are as for :func:`get_marginal_curves` with
    ``params=[param_x, param_y]``.

    Raises
    ------
    ValueError
        If ``param_x == param_y``, for ``n_points < 2``, or as :func:`get_marginal_curves`.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) * t.suggest_int("n", 1, 3), 40)
    >>> surface = get_marginal_surface(study, "x", "n", n_points=10, seed=0, n_trees=8)
    >>> surface.mean.shape, surface.grid_y.tolist()
    ((3, 10), [1, 2, 3])
    """
    _check_n_points(n_points)
    check_forest_args(n_trees, max_depth, seed)
    names = check_params([param_x, param_y])
    decomposition = _fit_all_shared(study, names, target, n_trees, max_depth, seed)
    dist_x, dist_y = (decomposition.distributions[n] for n in (param_x, param_y))
    grid_x, grid_y = _grid(dist_x, n_points), _grid(dist_y, n_points)
    per_tree = _pair_per_tree(decomposition, (param_x, grid_x), (param_y, grid_y))
    return MarginalSurface(
        params=(param_x, param_y),
        grid_x=grid_x,
        grid_y=grid_y,
        mean=per_tree.mean(axis=0).T,
        std=per_tree.std(axis=0).T,
    )


def _fit_all_shared(
    study: Study,
    names: list[str] | None,
    target: Callable[[FrozenTrial], float] | None,
    n_trees: int,
    max_depth: int,
    seed: int | None,
) -> ForestDecomposition:
    """Fit on every parameter shared by the trials that hold ``names``.

    The columns are in name order whatever the order of ``names``, so the same trials
    and seed give the same forest (a surface of (x, y) is the transpose of (y, x)).
    """
    data = select_trials(study, names, target)
    data = TrialData(shared_distributions(data.trials), data.trials, data.values)
    return ForestDecomposition.fit(data, n_trees=n_trees, max_depth=max_depth, seed=seed)


def _curve(decomposition: ForestDecomposition, name: str, n_points: int) -> MarginalCurve:
    dist = decomposition.distributions[name]
    grid = _grid(dist, n_points)
    per_tree = _main_per_tree(decomposition, name, grid)
    categorical = isinstance(dist, CategoricalDistribution)
    log = bool(getattr(dist, "log", False))
    return MarginalCurve(name, grid, per_tree.mean(axis=0), per_tree.std(axis=0), log, categorical)


def _main_per_tree(decomposition: ForestDecomposition, name: str, grid: np.ndarray) -> np.ndarray:
    """``(n_trees, len(grid))`` marginal of ``name`` per tree."""
    partition = decomposition.partition
    i = decomposition.index(name)
    if partition is None:
        return np.broadcast_to(np.mean(decomposition.values), (1, len(grid)))
    if i is None:
        return np.repeat(partition.tree_mean[:, None], len(grid), axis=1)
    cells = partition.params[i].cell_of(_encoded(decomposition, i, grid))
    return np.take_along_axis(_marginals.main_marginal(partition, i), cells, axis=1)


def _pair_per_tree(
    decomposition: ForestDecomposition,
    x: tuple[str, np.ndarray],
    y: tuple[str, np.ndarray],
) -> np.ndarray:
    """``(n_trees, len(grid_x), len(grid_y))`` pair marginal per tree."""
    (name_x, grid_x), (name_y, grid_y) = x, y
    i, j = decomposition.index(name_x), decomposition.index(name_y)
    partition = decomposition.partition
    if partition is None or i is None or j is None:
        # A single-value parameter has a one-point grid: the pair marginal is the other
        # parameter's curve (or the mean, when both are single-valued).
        if i is None:
            return _main_per_tree(decomposition, name_y, grid_y)[:, None, :]
        return _main_per_tree(decomposition, name_x, grid_x)[:, :, None]
    swap = i > j
    if swap:
        (i, grid_x), (j, grid_y) = (j, grid_y), (i, grid_x)
    cells_x = partition.params[i].cell_of(_encoded(decomposition, i, grid_x))
    cells_y = partition.params[j].cell_of(_encoded(decomposition, j, grid_y))
    out = np.empty((partition.n_trees, len(grid_x), len(grid_y)))
    for trees, block in _marginals.pair_chunks(partition, i, j):
        rows = np.arange(block.shape[0])[:, None, None]
        out[trees] = block[rows, cells_x[trees][:, :, None], cells_y[trees][:, None, :]]
    return out.transpose(0, 2, 1) if swap else out


def _encoded(decomposition: ForestDecomposition, i: int, grid: np.ndarray) -> np.ndarray:
    param = decomposition.space.params[i]
    if param.categorical:
        return np.arange(len(grid), dtype=float)
    return param.to_encoded(grid.astype(float))


def _grid(dist: BaseDistribution, n_points: int) -> np.ndarray:
    """Evenly spaced values of a parameter (in log space when log), in its own units."""
    if isinstance(dist, CategoricalDistribution):
        grid = np.empty(len(dist.choices), dtype=object)
        grid[:] = list(dist.choices)
        return grid
    low, high = float(dist.low), float(dist.high)
    if low == high:
        return np.array([dist.low])
    step = getattr(dist, "step", None)
    log = bool(getattr(dist, "log", False))
    if step is not None and (high - low) / step + 1 <= n_points:
        values = low + step * np.arange(round((high - low) / step) + 1)
    elif log:
        values = np.exp(np.linspace(np.log(low), np.log(high), n_points))
    else:
        values = np.linspace(low, high, n_points)
    if isinstance(dist, IntDistribution):
        steps = np.round((values - dist.low) / dist.step)
        return np.unique(dist.low + dist.step * steps.astype(np.int64))
    if step is not None:
        return np.unique(low + step * np.round((values - low) / step))
    return values


def _check_n_points(n_points: int) -> None:
    if isinstance(n_points, bool) or not isinstance(n_points, numbers.Integral):
        raise TypeError(f"n_points must be an int >= 2; got {n_points!r}.")
    if n_points < 2:
        raise ValueError(f"n_points must be an int >= 2; got {n_points!r}.")
