"""The random forest behind fANOVA, MDI and the marginal curves, and its settings."""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING

import numpy as np

from hpobench.importance._base import BaseImportanceEvaluator

if TYPE_CHECKING:
    from sklearn.ensemble import RandomForestRegressor


class ForestImportanceEvaluator(BaseImportanceEvaluator):
    """An evaluator that fits :func:`fit_forest` with its own forest settings."""

    def __init__(self, *, n_trees: int = 64, max_depth: int = 64, seed: int | None = None) -> None:
        check_forest_args(n_trees, max_depth, seed)
        self._n_trees = n_trees
        self._max_depth = max_depth
        self._seed = seed

    def _fit_forest(self, x: np.ndarray, y: np.ndarray) -> RandomForestRegressor:
        return fit_forest(x, y, n_trees=self._n_trees, max_depth=self._max_depth, seed=self._seed)


def check_forest_args(n_trees: int, max_depth: int, seed: int | None) -> None:
    """Validate the forest settings shared by the forest-based evaluators.

    Raises
    ------
    TypeError
        If an argument is not an int (``seed`` may be None).
    ValueError
        If ``n_trees`` or ``max_depth`` is below 1, or ``seed`` is negative.
    """
    for name, value in (("n_trees", n_trees), ("max_depth", max_depth)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{name} must be an int >= 1; got {value!r}.")
        if value < 1:
            raise ValueError(f"{name} must be an int >= 1; got {value!r}.")
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            raise TypeError(f"seed must be None or an int >= 0; got {seed!r}.")
        if seed < 0:
            raise ValueError(f"seed must be None or an int >= 0; got {seed!r}.")


def fit_forest(
    x: np.ndarray, y: np.ndarray, *, n_trees: int, max_depth: int, seed: int | None
) -> RandomForestRegressor:
    """Fit Optuna's forest: fully grown bootstrap trees on all features.

    Parameters
    ----------
    x, y : numpy.ndarray
        The encoded parameters ``(n_trials, n_columns)`` and the target values.
    n_trees, max_depth : int
        Number of trees and their maximum depth.
    seed : int or None
        Seed of the forest; None draws a fresh one from the operating system (never from
        numpy's global generator).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.linspace(0, 1, 20)[:, None]
    >>> forest = fit_forest(x, x[:, 0] ** 2, n_trees=4, max_depth=8, seed=0)
    >>> len(forest.estimators_)
    4
    """
    # Imported here: scikit-learn takes about a second to import, and `import hpobench`
    # should not pay for it.
    from sklearn.ensemble import RandomForestRegressor

    if seed is None:
        seed = int(np.random.default_rng().integers(2**31 - 1))
    forest = RandomForestRegressor(
        n_estimators=n_trees,
        max_depth=max_depth,
        min_samples_split=2,
        min_samples_leaf=1,
        random_state=seed,
        n_jobs=-1,  # trees are built in threads without the GIL; same trees as serial
    )
    return forest.fit(x, y)
