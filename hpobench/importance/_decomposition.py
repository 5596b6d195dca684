"""A forest fitted once to a study's trials, decomposed into main effects and pairs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hpobench.distributions import BaseDistribution
from hpobench.importance import _marginals
from hpobench.importance._data import TrialData
from hpobench.importance._encoding import EncodedSpace
from hpobench.importance._forest import fit_forest
from hpobench.importance._partition import ForestPartition
from hpobench.importance._result import ImportanceResult, sort_descending


@dataclass(frozen=True)
class ForestDecomposition:
    """A forest fitted to some trials, as a partition ready for variance decomposition.

    Attributes
    ----------
    distributions : dict of str to BaseDistribution
        The evaluated parameters, in the order of the trial data.
    space : EncodedSpace
        Their encoding (single-value parameters have no column).
    partition : ForestPartition or None
        The forest's leaf boxes; None when no parameter has more than one value.
    values : numpy.ndarray
        The target values the forest was fitted to.

    Examples
    --------
    >>> import hpobench
    >>> from hpobench.importance._data import select_trials
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) ** 2, n_trials=20)
    >>> decomposition = ForestDecomposition.fit(
    ...     select_trials(study, None, None), n_trees=4, max_depth=8, seed=0
    ... )
    >>> decomposition.importance_result(interactions=False).importances
    {'x': 1.0}
    """

    distributions: dict[str, BaseDistribution]
    space: EncodedSpace
    partition: ForestPartition | None
    values: np.ndarray

    @classmethod
    def fit(
        cls, data: TrialData, *, n_trees: int, max_depth: int, seed: int | None
    ) -> ForestDecomposition:
        """Encode ``data``, fit the forest once and compute its partition."""
        dists = dict(data.distributions)
        space = EncodedSpace.build(dists)
        if not space.params:
            return cls(dists, space, None, data.values)
        x = space.encode(data.trials)
        forest = fit_forest(x, data.values, n_trees=n_trees, max_depth=max_depth, seed=seed)
        return cls(dists, space, ForestPartition.from_forest(forest, space), data.values)

    @property
    def order(self) -> tuple[str, ...]:
        """The evaluated parameter names, in order."""
        return tuple(self.distributions)

    def index(self, name: str) -> int | None:
        """Position of ``name`` among the encoded parameters; None for a single-value one."""
        for i, param in enumerate(self.space.params):
            if param.name == name:
                return i
        return None

    def importance_result(self, interactions: bool) -> ImportanceResult:
        """Main-effect fractions (and, if asked, pairwise ones) averaged over the trees.

        Single-value parameters, and pairs holding one, get 0.
        """
        share = dict.fromkeys(self.order, 0.0)
        spread = dict.fromkeys(self.order, 0.0)
        pair_share = {pair: 0.0 for pair in self._pairs()} if interactions else None
        pair_spread = dict(pair_share) if pair_share is not None else None
        if self.partition is None:
            return ImportanceResult(sort_descending(share), spread, pair_share, pair_spread)
        names = [p.name for p in self.space.params]
        total = self.partition.tree_variance
        main = _marginals.main_variances(self.partition)
        main_share, main_spread = _marginals.fractions(main, total)
        share.update(zip(names, main_share.tolist()))
        spread.update(zip(names, main_spread.tolist()))
        if pair_share is not None and pair_spread is not None:
            pairs = _marginals.pair_variances(self.partition, main)
            for (i, j), variance in pairs.items():
                value, deviation = _marginals.fractions(variance, total)
                pair_share[(names[i], names[j])] = float(value)
                pair_spread[(names[i], names[j])] = float(deviation)
            pair_share = sort_descending(pair_share)
        return ImportanceResult(sort_descending(share), spread, pair_share, pair_spread)

    def _pairs(self) -> list[tuple[str, str]]:
        return [(a, b) for k, a in enumerate(self.order) for b in self.order[k + 1 :]]
