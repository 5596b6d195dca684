from __future__ import annotations

import math
import numbers
from typing import TYPE_CHECKING

import numpy as np

from hpobench.pruners._base import BasePruner
from hpobench.pruners._common import check_int, is_pruning_step
from hpobench.pruners._objective import Comparison, Loss, check_objective, comparison, has_nan
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study
    from hpobench.trial._frozen import FrozenTrial


class PercentilePruner(BasePruner):
    """Prune a trial whose best value so far is worse than a percentile of the others.

    At each check, the trial's best intermediate value up to its latest step is compared
    with the values that COMPLETE trials reported at that same step. The trial is pruned
    when it is strictly worse than the ``percentile``-th best of them (``percentile=25``
    keeps the trials in the best quarter; "best" follows the study's direction).

    Parameters
    ----------
    percentile : float
        In [0, 100]: the share of the other trials' values that is kept.
    n_startup_trials : int
        Prune nothing until this many trials are COMPLETE.
    n_warmup_steps : int
        Prune nothing before this step.
    interval_steps : int
        Check at steps ``n_warmup_steps + k * interval_steps`` only (at the first report
        at or after each of them, when steps are skipped).
    n_min_trials : int
        Prune nothing while fewer COMPLETE trials have a (non-NaN) value at the step.
    objective : int, "pareto" or None
        What is compared in a multi-objective study (see :mod:`hpobench.pruners`): None
        compares a single reported value (smaller is better) or, for per-objective
        reports, the Pareto rank at the latest step; an index compares that objective.

    Notes
    -----
    A trial whose every value so far is NaN is pruned; NaN values of other trials are
    ignored. Infinite values compare as numbers. Trials that did not report the step are
    left out of the comparison.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(pruner=hpobench.pruners.PercentilePruner(25.0))
    >>> def objective(trial):
    ...     x = trial.suggest_float("x", 0, 1)
    ...     for step in range(10):
    ...         trial.report(x + 1 / (step + 1), step)
    ...         if trial.should_prune():
    ...             raise hpobench.TrialPruned()
    ...     return x
    >>> study.optimize(objective, n_trials=20)
    """

    def __init__(
        self,
        percentile: float,
        n_startup_trials: int = 5,
        n_warmup_steps: int = 0,
        interval_steps: int = 1,
        *,
        n_min_trials: int = 1,
        objective: int | str | None = None,
    ) -> None:
        if (
            isinstance(percentile, bool)
            or not isinstance(percentile, numbers.Real)
            or not 0 <= percentile <= 100
        ):
            raise ValueError(f"percentile must be a number in [0, 100]; got {percentile!r}.")
        self._percentile = float(percentile)
        self._n_startup_trials = check_int("n_startup_trials", n_startup_trials, 0)
        self._n_warmup_steps = check_int("n_warmup_steps", n_warmup_steps, 0)
        self._interval_steps = check_int("interval_steps", interval_steps, 1)
        self._n_min_trials = check_int("n_min_trials", n_min_trials, 1)
        self._objective = check_objective(objective)

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        step = trial.last_step
        if step is None or not is_pruning_step(
            step, trial.intermediate_values, self._n_warmup_steps, self._interval_steps
        ):
            return False
        how = comparison(study.directions, self._objective, trial, step)
        complete = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
        if not complete or len(complete) < self._n_startup_trials:
            return False
        mine = _own_loss(how, trial, step)
        if has_nan(mine):
            return True
        mine_loss, others = how.against(mine, [how.loss_at(t, step) for t in complete])
        if len(others) < self._n_min_trials:
            return False
        return mine_loss > _percentile(others, self._percentile)


def _own_loss(how: Comparison, trial: FrozenTrial, step: int) -> Loss:
    """The trial's best scalar loss over its steps so far, or its Pareto loss at ``step``."""
    if how.pareto:
        loss = how.loss_at(trial, step)
        return math.nan if loss is None else loss
    losses = [how.loss_at(trial, s) for s in trial.intermediate_values if s <= step]
    finite = [float(v) for v in losses if v is not None and not math.isnan(v)]  # type: ignore[arg-type]
    return min(finite) if finite else math.nan


def _percentile(values: np.ndarray, q: float) -> float:
    """``np.percentile`` (linear interpolation) that also handles infinite values.

    Between two equal values (``inf`` and ``inf``) the result is that value, not NaN.
    """
    ordered = np.sort(values)
    position = q / 100.0 * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    a, b = float(ordered[low]), float(ordered[high])
    if a == b or low == high:
        return a
    return a + (b - a) * (position - low)
