from __future__ import annotations

import math
from typing import TYPE_CHECKING

from hpobench.pruners._base import BasePruner
from hpobench.pruners._common import check_float, check_int
from hpobench.pruners._objective import check_objective, comparison

if TYPE_CHECKING:
    from hpobench.study._study import Study
    from hpobench.trial._frozen import FrozenTrial


class PatientPruner(BasePruner):
    """Let another pruner act only once a trial has stopped improving for a while.

    The trial has *stalled* when the best of its last ``patience + 1`` reports is not
    better than the best report before them by more than ``min_delta`` (in the study's
    direction). Only a stalled trial can be pruned: by ``wrapped_pruner`` if one is
    given, or outright (plain early stopping on the trial's own curve) if it is None.

    Parameters
    ----------
    wrapped_pruner : BasePruner or None
        The pruner asked once the trial has stalled.
    patience : int
        How many reports without improvement are tolerated.
    min_delta : float
        The smallest change (>= 0) that counts as an improvement.
    objective : int or None
        In a multi-objective study, the objective whose per-objective reports are
        watched; None watches single reported values.

    Notes
    -----
    NaN reports are ignored; a trial without any non-NaN report before the window has
    not stalled, one with only NaN reports in the window has.

    Examples
    --------
    >>> import hpobench
    >>> pruner = hpobench.pruners.PatientPruner(None, patience=1)
    >>> trial = hpobench.create_study(pruner=pruner).ask()
    >>> for step, value in enumerate([1.0, 0.5, 0.6, 0.7]):
    ...     trial.report(value, step)
    >>> trial.should_prune()
    True
    """

    def __init__(
        self,
        wrapped_pruner: BasePruner | None,
        patience: int,
        min_delta: float = 0.0,
        *,
        objective: int | None = None,
    ) -> None:
        if wrapped_pruner is not None and not isinstance(wrapped_pruner, BasePruner):
            raise TypeError(
                f"wrapped_pruner must be a BasePruner or None; got {wrapped_pruner!r}."
            )
        self._wrapped_pruner = wrapped_pruner
        self._patience = check_int("patience", patience, 0)
        self._min_delta = check_float("min_delta", min_delta, minimum=0.0)
        self._objective = check_objective(objective, allow_pareto=False)

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        if not self._has_stalled(study, trial):
            return False
        return self._wrapped_pruner is None or self._wrapped_pruner.prune(study, trial)

    def _has_stalled(self, study: Study, trial: FrozenTrial) -> bool:
        steps = sorted(trial.intermediate_values)
        window = self._patience + 1
        if len(steps) <= window:
            return False
        how = comparison(study.directions, self._objective, trial, steps[-1], allow_pareto=False)
        losses = [how.loss_at(trial, s) for s in steps]
        before = _best(losses[:-window])
        if before is None:
            return False
        recent = _best(losses[-window:])
        return recent is None or not recent < before - self._min_delta

    def _sampler_study(self, study: Study, trial: FrozenTrial) -> Study:
        hook = getattr(self._wrapped_pruner, "_sampler_study", None)
        return study if hook is None else hook(study, trial)


def _best(losses: list) -> float | None:
    finite = [float(v) for v in losses if v is not None and not math.isnan(v)]
    return min(finite) if finite else None
