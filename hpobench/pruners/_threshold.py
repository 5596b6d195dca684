from __future__ import annotations

import math
import numbers
from typing import TYPE_CHECKING, Any

from hpobench.pruners._base import BasePruner
from hpobench.pruners._common import check_int, is_pruning_step
from hpobench.pruners._objective import check_objective, reported_scalar

if TYPE_CHECKING:
    from hpobench.study._study import Study
    from hpobench.trial._frozen import FrozenTrial


class ThresholdPruner(BasePruner):
    """Prune a trial whose latest value leaves ``[lower, upper]`` or is NaN.

    Parameters
    ----------
    lower, upper : float or None
        The bounds (in the objective's own terms, whatever the direction); at least one
        must be given. A value equal to a bound is kept.
    n_warmup_steps : int
        Prune nothing before this step.
    interval_steps : int
        Check at steps ``n_warmup_steps + k * interval_steps`` only (at the first report
        at or after each of them, when steps are skipped).
    objective : int or None
        In a multi-objective study, the objective whose per-objective reports are
        checked; None checks single reported values.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(pruner=hpobench.pruners.ThresholdPruner(upper=1.0))
    >>> trial = study.ask()
    >>> trial.report(0.5, step=0)
    >>> trial.should_prune()
    False
    >>> trial.report(float("nan"), step=1)
    >>> trial.should_prune()
    True
    """

    def __init__(
        self,
        lower: float | None = None,
        upper: float | None = None,
        n_warmup_steps: int = 0,
        interval_steps: int = 1,
        *,
        objective: int | None = None,
    ) -> None:
        if lower is None and upper is None:
            raise ValueError("Give lower, upper or both; got neither.")
        self._lower = _check_bound("lower", lower)
        self._upper = _check_bound("upper", upper)
        if self._lower is not None and self._upper is not None and self._lower > self._upper:
            raise ValueError(f"lower must be <= upper; got lower={lower!r}, upper={upper!r}.")
        self._n_warmup_steps = check_int("n_warmup_steps", n_warmup_steps, 0)
        self._interval_steps = check_int("interval_steps", interval_steps, 1)
        self._objective = check_objective(objective, allow_pareto=False)

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        step = trial.last_step
        if step is None or not is_pruning_step(
            step, trial.intermediate_values, self._n_warmup_steps, self._interval_steps
        ):
            return False
        value = reported_scalar(study.directions, self._objective, trial, step)  # type: ignore[arg-type]
        if value is None or math.isnan(value):
            return True
        if self._lower is not None and value < self._lower:
            return True
        return self._upper is not None and value > self._upper


def _check_bound(name: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
        raise TypeError(f"{name} must be a float or None; got {value!r}.")
    return float(value)
