"""fANOVA: the share of the objective's variance each parameter (and pair) explains."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from hpobench.importance._data import select_trials
from hpobench.importance._decomposition import ForestDecomposition
from hpobench.importance._forest import ForestImportanceEvaluator
from hpobench.importance._result import ImportanceResult
from hpobench.trial._frozen import FrozenTrial

if TYPE_CHECKING:
    from hpobench.study._study import Study


class FanovaImportanceEvaluator(ForestImportanceEvaluator):
    """fANOVA importance evaluator (Hutter, Hoos and Leyton-Brown, ICML 2014).

    A random forest is fitted to the trials (the encoding is described in
    :mod:`hpobench.importance`). For every tree, the variance of its prediction over the
    uniform domain is split into the variance of each parameter's marginal (main effects)
    and of each pair's marginal less its two main effects (pairwise interactions). The
    importance is that variance as a fraction of the tree's total, averaged over the
    trees; the standard deviation over the trees is the spread. The marginals are
    computed exactly from the trees' leaf boxes with numpy (no per-node Python loop).

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
    >>> def objective(trial):
    ...     x = trial.suggest_float("x", -1, 1)
    ...     y = trial.suggest_float("y", -1, 1)
    ...     return 10 * x + 0.1 * y
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(objective, n_trials=100)
    >>> evaluator = FanovaImportanceEvaluator(n_trees=16, seed=0)
    >>> importances = evaluator.evaluate(study)
    >>> list(importances), importances["x"] > 0.9
    (['x', 'y'], True)
    """

    def evaluate(
        self,
        study: Study,
        params: list[str] | None = None,
        *,
        target: Callable[[FrozenTrial], float] | None = None,
    ) -> dict[str, float]:
        """Return each parameter's fraction of the variance, sorted descending.

        See :meth:`BaseImportanceEvaluator.evaluate` for the arguments. The fractions are
        those of the main effects and sum to at most 1 (the rest is interactions).
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
        """Return main effects, their spread and, if asked, the pairwise interactions.

        The numbers are fractions of the total variance (not normalised); pairs are keyed
        ``(a, b)`` in the order of the evaluated parameters.
        """
        data = select_trials(study, params, target)
        decomposition = ForestDecomposition.fit(
            data, n_trees=self._n_trees, max_depth=self._max_depth, seed=self._seed
        )
        return decomposition.importance_result(interactions)
