"""The contract every importance evaluator follows."""

from __future__ import annotations

import abc
from collections.abc import Callable
from typing import TYPE_CHECKING

from hpobench.importance._result import ImportanceResult, sort_descending
from hpobench.trial._frozen import FrozenTrial

if TYPE_CHECKING:
    from hpobench.study._study import Study


class BaseImportanceEvaluator(abc.ABC):
    """Abstract parameter importance evaluator.

    A subclass implements :meth:`evaluate`. Evaluators that know more than one number per
    parameter (a spread, interactions) also override :meth:`evaluate_result`, which
    :func:`hpobench.importance.get_importance_result` calls.

    Examples
    --------
    An evaluator that ranks parameters by the correlation of their value with the target:

    >>> import numpy as np
    >>> import hpobench
    >>> class CorrelationEvaluator(BaseImportanceEvaluator):
    ...     def evaluate(self, study, params=None, *, target=None):
    ...         trials = study.get_trials(states=(hpobench.trial.TrialState.COMPLETE,))
    ...         y = [t.value for t in trials]
    ...         names = params or sorted(trials[0].params)
    ...         return {n: abs(np.corrcoef([t.params[n] for t in trials], y)[0, 1]) for n in names}
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) * 3 + t.suggest_float("y", 0, 1), 30)
    >>> list(hpobench.importance.get_param_importances(study, evaluator=CorrelationEvaluator()))
    ['x', 'y']
    """

    @abc.abstractmethod
    def evaluate(
        self,
        study: Study,
        params: list[str] | None = None,
        *,
        target: Callable[[FrozenTrial], float] | None = None,
    ) -> dict[str, float]:
        """Return the (unnormalised) importance of each parameter, sorted descending.

        Parameters
        ----------
        study : Study
            The study whose COMPLETE trials are analysed.
        params : list of str or None
            The parameters to assess; None for the evaluator's default set.
        target : callable or None
            Maps a trial to the value to explain; None uses the objective value. Required
            for a multi-objective study, e.g. ``target=lambda t: t.values[0]``.

        Returns
        -------
        dict of str to float
            Parameter name to importance.
        """

    def evaluate_result(
        self,
        study: Study,
        params: list[str] | None = None,
        *,
        target: Callable[[FrozenTrial], float] | None = None,
        interactions: bool = False,
    ) -> ImportanceResult:
        """Return :meth:`evaluate`'s importances as an :class:`ImportanceResult`.

        This default knows no spread and no interactions, so ``std``, ``interactions``
        and ``interaction_std`` are None (also when ``interactions`` is True: only
        :class:`FanovaImportanceEvaluator` computes interactions).
        """
        importances = self.evaluate(study, params, target=target)
        return ImportanceResult(sort_descending(importances), None, None, None)
