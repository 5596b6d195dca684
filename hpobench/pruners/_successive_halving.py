from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from hpobench.pruners._base import BasePruner
from hpobench.pruners._common import check_int
from hpobench.pruners._objective import (
    Comparison,
    Loss,
    check_objective,
    comparison,
    has_nan,
    raw_report,
)
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study
    from hpobench.trial._frozen import FrozenTrial

RUNG_ATTR_PREFIX = "completed_rung_"
AUTO_MIN_RESOURCE_ATTR = "successive_halving:min_resource"


def rung_attr(rung: int) -> str:
    """Return the system-attribute key holding a trial's value at ``rung``."""
    return f"{RUNG_ATTR_PREFIX}{rung}"


def promotion_step(rung: int, min_resource: int, reduction_factor: int, rate: int) -> int:
    """Return the step at which ``rung`` is decided: ``r * eta ** (s + rung)``."""
    return min_resource * reduction_factor ** (rate + rung)


def rung_of_step(step: int, min_resource: int, reduction_factor: int, rate: int) -> int:
    """Return Algorithm 1's rung at ``step``: ``max(0, floor(log_eta(step / r)) - s)``.

    Computed in integers: the largest ``e`` with ``r * eta ** e <= step``, less ``s``.
    Steps below ``r`` are in rung 0.
    """
    exponent, reach = -1, min_resource
    while reach <= step:
        exponent += 1
        reach *= reduction_factor
    return max(0, exponent - rate)


def completed_rungs(trial: FrozenTrial) -> int:
    """Return how many rungs ``trial`` has been judged at (and survived, if still running)."""
    rung = 0
    while rung_attr(rung) in trial.system_attrs:
        rung += 1
    return rung


def is_in_top(mine: float, others: np.ndarray, reduction_factor: int) -> bool:
    """Return whether loss ``mine`` is among the best ``n // eta`` of ``mine`` and ``others``.

    While fewer than ``eta`` values compete, only the best one is kept. A value equal to
    the last kept one is kept too (ties at the boundary survive), so the decision depends
    only on the values, never on the order in which trials arrived.
    """
    everyone = np.sort(np.append(others, mine))
    k = max(1, len(everyone) // reduction_factor)
    return bool(mine <= everyone[k - 1])


class SuccessiveHalvingPruner(BasePruner):
    """Asynchronous successive halving (Algorithm 1 of the Optuna paper).

    Rung ``k`` of a trial is decided at step ``r * eta ** (s + k)`` (``r`` =
    ``min_resource``, ``eta`` = ``reduction_factor``, ``s`` = ``min_early_stopping_rate``),
    which is where Algorithm 1's ``rung = max(0, floor(log_eta(step / r)) - s)`` gives
    ``step == r * eta ** (s + rung)``. There the trial's latest value is written to its
    system attribute ``completed_rung_<k>`` in the storage, so every worker sees it, and
    the trial goes on only if that value is among the top ``floor(n / eta)`` of the ``n``
    values recorded at rung ``k`` by any trial so far (the single best one while ``n <
    eta``). Losing trials are stopped for good: there is no promotion of paused trials.

    A trial that skips steps is judged at its first report at or after each rung's step;
    one that jumps over several rungs at once is judged at each in turn.

    Parameters
    ----------
    min_resource : int or "auto"
        ``r``, the steps before the first decision. ``"auto"`` waits for a COMPLETE trial
        and takes ``max(1, its last step // 100)`` (the largest last step of the COMPLETE
        trials), stored in the study's system attribute
        ``successive_halving:min_resource`` so that all workers agree.
    reduction_factor : int
        ``eta`` >= 2: a trial must be in the best ``1 / eta`` of its rung to go on.
    min_early_stopping_rate : int
        ``s`` >= 0: the first decision is at step ``r * eta ** s``.
    bootstrap_count : int
        Trials reaching a rung while at most this many values (theirs included) are
        recorded there are pruned: they only seed the rung. Needs an int
        ``min_resource``.
    objective : int, "pareto" or None
        What is compared in a multi-objective study (see :mod:`hpobench.pruners`).

    Notes
    -----
    Ties: a value equal to the ``floor(n / eta)``-th best goes on (Algorithm 1 keeps the
    trial if its value is in the set of top-k values), so more than ``floor(n / eta)``
    trials can pass a rung when values tie. A NaN value at a rung prunes the trial; it is
    not recorded. Infinite values compare as numbers.

    Examples
    --------
    >>> import hpobench
    >>> pruner = hpobench.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3)
    >>> study = hpobench.create_study(pruner=pruner)
    >>> def objective(trial):
    ...     x = trial.suggest_float("x", 0, 1)
    ...     for step in range(1, 28):
    ...         trial.report(x + 1 / step, step)
    ...         if trial.should_prune():
    ...             raise hpobench.TrialPruned()
    ...     return x
    >>> study.optimize(objective, n_trials=10)
    >>> sorted(study.trials[0].system_attrs)
    ['completed_rung_0', 'completed_rung_1', 'completed_rung_2', 'completed_rung_3']
    """

    def __init__(
        self,
        min_resource: int | str = "auto",
        reduction_factor: int = 4,
        min_early_stopping_rate: int = 0,
        bootstrap_count: int = 0,
        *,
        objective: int | str | None = None,
    ) -> None:
        if min_resource != "auto":
            min_resource = check_int("min_resource", min_resource, 1)
        self._min_resource: int | None = None if min_resource == "auto" else min_resource
        self._auto_min_resource: dict[tuple[int, int], int] = {}
        self._reduction_factor = check_int("reduction_factor", reduction_factor, 2)
        self._rate = check_int("min_early_stopping_rate", min_early_stopping_rate, 0)
        self._bootstrap_count = check_int("bootstrap_count", bootstrap_count, 0)
        if min_resource == "auto" and self._bootstrap_count > 0:
            raise ValueError(
                "bootstrap_count > 0 needs an int min_resource, not 'auto'; got "
                f"bootstrap_count={bootstrap_count!r}."
            )
        self._objective = check_objective(objective)

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        step = trial.last_step
        if step is None:
            return False
        how = comparison(study.directions, self._objective, trial, step)
        r = self._resolve_min_resource(study)
        if r is None:
            return False
        rung = completed_rungs(trial)
        if step < promotion_step(rung, r, self._reduction_factor, self._rate):
            return False
        raw = raw_report(trial, step, how.multi)
        mine = how.convert(raw)
        while step >= promotion_step(rung, r, self._reduction_factor, self._rate):
            if mine is None or has_nan(mine):
                return True
            key = rung_attr(rung)
            study._storage.set_trial_system_attr(trial._trial_id, key, raw)
            # Keep the caller's snapshot in step with the storage: the next call counts
            # the trial's rungs from it.
            trial.system_attrs[key] = raw
            if not self._survives(study, trial, key, how, mine):
                return True
            rung += 1
        return False

    def _survives(
        self, study: Study, trial: FrozenTrial, key: str, how: Comparison, mine: Loss
    ) -> bool:
        others = [
            how.convert(t.system_attrs[key])
            for t in study.get_trials(deepcopy=False)
            if key in t.system_attrs and t.number != trial.number
        ]
        mine_loss, other_losses = how.against(mine, others)
        if len(other_losses) + 1 <= self._bootstrap_count:
            return False
        return is_in_top(mine_loss, other_losses, self._reduction_factor)

    def _resolve_min_resource(self, study: Study) -> int | None:
        if self._min_resource is not None:
            return self._min_resource
        cache_key = (id(study._storage), study._study_id)
        known = self._auto_min_resource.get(cache_key)
        if known is not None:
            return known
        stored = study.system_attrs.get(AUTO_MIN_RESOURCE_ATTR)
        if stored is None:
            complete = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
            last_steps = [t.last_step for t in complete if t.last_step is not None]
            if not last_steps:
                return None
            stored = max(1, max(last_steps) // 100)
            study.set_system_attr(AUTO_MIN_RESOURCE_ATTR, stored)
        self._auto_min_resource[cache_key] = int(stored)
        return int(stored)

    def __getstate__(self) -> dict[str, object]:
        # Storage ids mean nothing in another process: let it look the value up again.
        return {**self.__dict__, "_auto_min_resource": {}}
