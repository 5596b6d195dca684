"""Mean decrease impurity: how much each parameter's splits reduce the forest's error."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from hpobench.importance._data import select_trials
from hpobench.importance._encoding import EncodedSpace
from hpobench.importance._forest import ForestImportanceEvaluator
from hpobench.importance._result import ImportanceResult, sort_descending
from hpobench.trial._frozen import FrozenTrial

if TYPE_CHECKING:
    from hpobench.study._study import Study


class MeanDecreaseImpurityImportanceEvaluator(ForestImportanceEvaluator):
    """Mean Decrease Impurity (MDI) importance evaluator.

    Fits the same random forest as :class:`FanovaImportanceEvaluator` and reads
    scikit-learn's ``feature_importances_``: the total decrease of squared error brought
    by the splits on each column, normalised per tree and averaged over the trees. A
    categorical parameter's importance is the sum over its one-hot columns. The spread is
    the standard deviation of the per-tree importances. MDI is biased toward parameters
    with many distinct values and says nothing about interactions; prefer fANOVA.

    Parameters
    ----------
    n_trees : int, default=64
        Number of trees of the forest.
    max_depth : int, default=64
        Maximum depth of each tree.
    seed : int or None, default=None
        Seed of the forest; the same seed gives the same importances.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(
    ...     lambda t: t.suggest_float("x", 0, 1) + 0.01 * t.suggest_float("y", 0, 1), n_trials=50
    ... )
    >>> evaluator = MeanDecreaseImpurityImportanceEvaluator(n_trees=8, seed=0)
    >>> list(evaluator.evaluate(study))
    ['x', 'y']
    """

    def evaluate(
        self,
        study: Study,
        params: list[str] | None = None,
        *,
        target: Callable[[FrozenTrial], float] | None = None,
    ) -> dict[str, float]:
        """Return each parameter's share of the impurity decrease, sorted descending.

        See :meth:`BaseImportanceEvaluator.evaluate` for the arguments.
        """
        return self.evaluate_result(study, params, target=target).importances

    def evaluate_result(
        self,
        study: Study,
        params: list[str] | None = None,
        *,
        target: Callable[[FrozenTrial], float] | None = None,
        interactions: bool = False,
    ) -> ImportanceResult:
        """Return the importances and their spread over the trees (no interactions)."""
        data = select_trials(study, params, target)
        share = dict.fromkeys(data.distributions, 0.0)
        spread = dict.fromkeys(data.distributions, 0.0)
        space = EncodedSpace.build(data.distributions)
        if space.params:
            x = space.encode(data.trials)
            forest = self._fit_forest(x, data.values)
            # Per-tree importances as scikit-learn averages them: trees that never split
            # carry no information and are left out.
            trees = [t for t in forest.estimators_ if t.tree_.node_count > 1]
            per_tree = [t.feature_importances_ for t in trees]
            if per_tree:
                columns = np.array(per_tree)
                for param in space.params:
                    summed = columns[:, list(param.columns)].sum(axis=1)
                    share[param.name] = float(summed.mean())
                    spread[param.name] = float(summed.std())
        return ImportanceResult(sort_descending(share), spread, None, None)
