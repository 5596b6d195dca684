"""Splitting observed trials into TPE's "below" (good) and "above" (the rest) groups.

The rank order is: feasible COMPLETE trials by objective (several objectives: by
non-domination rank, the last front taken by hypervolume contribution), then feasible
PRUNED trials (latest step first, then the value at that step), then infeasible
trials by total constraint violation. The first ``n_below`` form "below".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hpobench.samplers._tpe._hypervolume import greedy_hypervolume_subset
from hpobench.study._multi_objective import non_dominated_mask

COMPLETE, PRUNED = 0, 1


@dataclass(frozen=True)
class Observations:
    """Columns of finished trials (losses are minimised; NaN where a trial has none).

    ``step`` is the last reported step of a PRUNED trial (-1 when none), ``step_value``
    its minimised value there (+inf when none), ``violation`` the sum of positive
    constraint values (0 for a feasible trial). ``all_complete`` may say that every
    row is a feasible COMPLETE trial (False: unknown), which saves checking it.
    ``best`` may list the rows of the lowest losses, best first (single objective, all
    rows feasible and COMPLETE): a split of at most that many rows then takes them.
    """

    numbers: np.ndarray
    state: np.ndarray
    losses: np.ndarray
    step: np.ndarray
    step_value: np.ndarray
    violation: np.ndarray
    all_complete: bool = False
    best: np.ndarray | None = None

    def take(self, rows: np.ndarray) -> Observations:
        """Return the observations of ``rows`` (an index or boolean array)."""
        return Observations(
            self.numbers[rows],
            self.state[rows],
            self.losses[rows],
            self.step[rows],
            self.step_value[rows],
            self.violation[rows],
            self.all_complete,
        )


def below_mask(obs: Observations, n_below: int) -> np.ndarray:
    """Return the boolean mask of the ``n_below`` best observations.

    Examples
    --------
    >>> obs = Observations(
    ...     numbers=np.arange(4), state=np.array([0, 0, 1, 0]),
    ...     losses=np.array([[3.0], [1.0], [np.nan], [2.0]]),
    ...     step=np.array([-1, -1, 5, -1]), step_value=np.array([np.inf, np.inf, 0.1, np.inf]),
    ...     violation=np.zeros(4))
    >>> below_mask(obs, 2).tolist()
    [False, True, False, True]
    """
    n = len(obs.numbers)
    mask = np.zeros(n, dtype=bool)
    if n_below <= 0:
        return mask
    if n_below >= n:
        mask[:] = True
        return mask
    if obs.best is not None and n_below <= len(obs.best):
        mask[obs.best[:n_below]] = True
        return mask
    if obs.all_complete and obs.losses.shape[1] == 1:
        mask[np.argpartition(obs.losses[:, 0], n_below - 1)[:n_below]] = True
        return mask
    feasible = obs.violation <= 0
    complete = feasible & (obs.state == COMPLETE)
    if obs.losses.shape[1] > 1:
        return _below_multi_objective(obs, complete, feasible, n_below)
    if complete.all():
        mask[np.argpartition(obs.losses[:, 0], n_below - 1)[:n_below]] = True
        return mask
    mask[_rank_order(obs, complete, feasible)[:n_below]] = True
    return mask


def _rank_order(obs: Observations, complete: np.ndarray, feasible: np.ndarray) -> np.ndarray:
    """Return all rows best first (single objective; complete rows by their loss)."""
    category = np.where(complete, 0, np.where(feasible, 1, 2))
    primary = np.where(
        complete, obs.losses[:, 0], np.where(feasible, -obs.step.astype(float), obs.violation)
    )
    secondary = np.where(category == 1, obs.step_value, 0.0)
    return np.lexsort((obs.numbers, secondary, primary, category))


def _below_multi_objective(
    obs: Observations, complete: np.ndarray, feasible: np.ndarray, n_below: int
) -> np.ndarray:
    mask = np.zeros(len(obs.numbers), dtype=bool)
    rows = np.flatnonzero(complete)
    chosen = _best_by_pareto_rank(obs.losses[rows], n_below)
    mask[rows[chosen]] = True
    missing = n_below - len(chosen)
    if missing > 0:
        rest = np.flatnonzero(~complete)
        category = np.where(feasible[rest], 1, 2)
        primary = np.where(feasible[rest], -obs.step[rest].astype(float), obs.violation[rest])
        secondary = np.where(category == 1, obs.step_value[rest], 0.0)
        order = np.lexsort((obs.numbers[rest], secondary, primary, category))
        mask[rest[order[:missing]]] = True
    return mask


def _best_by_pareto_rank(losses: np.ndarray, k: int) -> np.ndarray:
    """Return ``k`` rows: whole non-domination fronts, the last one cut by hypervolume."""
    remaining = np.arange(len(losses))
    chosen: list[np.ndarray] = []
    n_chosen = 0
    while n_chosen < k and len(remaining):
        front = remaining[non_dominated_mask(losses[remaining])]
        if n_chosen + len(front) <= k:
            chosen.append(front)
            n_chosen += len(front)
            remaining = np.setdiff1d(remaining, front, assume_unique=True)
            continue
        chosen.append(front[_hypervolume_pick(losses[front], k - n_chosen)])
        break
    return np.concatenate(chosen) if chosen else np.empty(0, dtype=np.int64)


def _hypervolume_pick(front: np.ndarray, k: int) -> np.ndarray:
    """Pick ``k`` points of one front by greedy hypervolume contribution."""
    finite = np.where(np.isfinite(front), front, np.nan)
    worst = np.nanmax(finite, axis=0)
    best = np.nanmin(finite, axis=0)
    spread = np.where(worst > best, worst - best, 1.0)
    # Normalise so that no objective's scale dominates, with the reference 10% past the worst.
    scaled = (np.nan_to_num(finite, nan=0.0) - best) / spread
    scaled = np.minimum(scaled, 1.0)
    return greedy_hypervolume_subset(scaled, np.full(front.shape[1], 1.1), k)
