from __future__ import annotations

import math
import numbers
import warnings
from typing import TYPE_CHECKING

import numpy as np

from hpobench.pruners._base import BasePruner
from hpobench.pruners._common import check_int
from hpobench.pruners._objective import Comparison, check_objective, comparison
from hpobench.trial._frozen import is_feasible
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study
    from hpobench.trial._frozen import FrozenTrial


_MAX_ENUMERATED = 12


class WilcoxonPruner(BasePruner):
    """Prune a trial that is significantly worse than the best one, instance by instance.

    For objectives that are an average over instances (cross-validation folds, problems of
    a benchmark set, prompts): report the value of instance ``i`` at ``step=i``. The
    trial's values are paired with the best COMPLETE trial's values on the steps both
    reported, and a one-sided Wilcoxon signed-rank test (``scipy.stats.wilcoxon``,
    ``zero_method="zsplit"``) asks whether the trial is worse. The trial is pruned when
    the p-value is below ``p_threshold`` and its mean over those steps is worse than the
    best trial's mean over the same steps.

    Parameters
    ----------
    p_threshold : float
        In [0, 1]; smaller prunes less often (and less wrongly).
    n_startup_steps : int
        Prune nothing while fewer steps are shared with the best trial.
    objective : int or None
        In a multi-objective study, the objective compared (the best trial is the best
        COMPLETE trial in that objective); None is not allowed there.

    Notes
    -----
    Evaluate the instances in a random order: the test assumes that the instances seen so
    far are a fair sample. Nothing is pruned while any of the paired values is NaN or
    infinite.

    Examples
    --------
    >>> import hpobench
    >>> import numpy as np
    >>> errors = np.linspace(0.1, 0.5, 20)
    >>> def objective(trial):
    ...     shift = trial.suggest_float("shift", 0, 1)
    ...     for i, error in enumerate(errors):
    ...         trial.report(error + shift, i)
    ...         if trial.should_prune():
    ...             raise hpobench.TrialPruned()
    ...     return float(np.mean(errors)) + shift
    >>> pruner = hpobench.pruners.WilcoxonPruner(p_threshold=0.1)
    >>> study = hpobench.create_study(pruner=pruner)
    >>> study.optimize(objective, n_trials=10)
    """

    def __init__(
        self,
        *,
        p_threshold: float = 0.1,
        n_startup_steps: int = 2,
        objective: int | None = None,
    ) -> None:
        if (
            isinstance(p_threshold, bool)
            or not isinstance(p_threshold, numbers.Real)
            or not 0.0 <= p_threshold <= 1.0
        ):
            raise ValueError(f"p_threshold must be a number in [0, 1]; got {p_threshold!r}.")
        self._p_threshold = float(p_threshold)
        self._n_startup_steps = check_int("n_startup_steps", n_startup_steps, 0)
        self._objective = check_objective(objective, allow_pareto=False)

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        step = trial.last_step
        if step is None:
            return False
        multi = len(study.directions) > 1
        if multi and self._objective is None:
            raise ValueError(
                "WilcoxonPruner needs objective=<index> in a multi-objective study: the "
                "trial is compared with the best trial in that objective."
            )
        how = comparison(study.directions, self._objective, trial, step, allow_pareto=False)
        best = _best_trial(study, how)
        if best is None or best.number == trial.number:
            return False
        paired = [
            (how.loss_at(trial, s), how.loss_at(best, s))
            for s in sorted(trial.intermediate_values)
        ]
        pairs = np.asarray([p for p in paired if p[0] is not None and p[1] is not None], float)
        if len(pairs) < max(self._n_startup_steps, 1) or not np.isfinite(pairs).all():
            return False
        diffs = pairs[:, 0] - pairs[:, 1]
        if not (diffs != 0).any():
            return False
        return bool(_pvalue(diffs) < self._p_threshold) and bool(diffs.mean() > 0)


def _pvalue(diffs: np.ndarray) -> float:
    """One-sided signed-rank p-value that ``diffs`` lean positive (zeros split, "zsplit").

    Up to 12 pairs the p-value is exact over all sign flips, ties included. Beyond, scipy's
    exact test without zeros or ties (up to 50 pairs), else its normal approximation:
    with ties scipy would run a permutation test, far too slow to run at every step.
    """
    if len(diffs) <= _MAX_ENUMERATED:
        return _enumerated_pvalue(diffs)
    from scipy import stats

    magnitudes = np.abs(diffs)
    exact = len(diffs) <= 50 and magnitudes.all() and len(np.unique(magnitudes)) == len(diffs)
    methods = ["exact"] if exact else ["asymptotic", "approx"]  # "approx" before scipy 1.13
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for method in methods:
            try:
                test = stats.wilcoxon(
                    diffs, alternative="greater", zero_method="zsplit", method=method
                )
            except ValueError:
                continue
            return float(test.pvalue)
    return 1.0


def _enumerated_pvalue(diffs: np.ndarray) -> float:
    """P(T+ >= observed) over the 2**n equally likely signs of the non-zero differences."""
    from scipy.stats import rankdata

    magnitudes = np.abs(diffs)
    ranks = rankdata(magnitudes)
    zero_half = ranks[magnitudes == 0].sum() / 2.0
    flippable = ranks[magnitudes > 0]
    observed = ranks[diffs > 0].sum() + zero_half
    bits = (np.arange(2 ** len(flippable))[:, None] >> np.arange(len(flippable))) & 1
    null = bits @ flippable + zero_half
    return float(np.mean(null >= observed - 1e-9))


def _best_trial(study: Study, how: Comparison) -> FrozenTrial | None:
    """The feasible COMPLETE trial with the best value in the compared objective."""
    best, best_loss = None, math.inf
    index = 0 if how.index is None else how.index
    for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
        if t.values is None or not is_feasible(t):
            continue
        loss = t.values[index] * how.sign
        if best is None or loss < best_loss:
            best, best_loss = t, loss
    return best
