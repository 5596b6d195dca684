from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from hpobench import multi_objective
from hpobench.study._study_direction import StudyDirection
from hpobench.trial._frozen import FrozenTrial, is_feasible


def as_loss_matrix(
    trials: Sequence[FrozenTrial], directions: Sequence[StudyDirection]
) -> np.ndarray:
    """Return the trials' values as an (n, m) array where smaller is better in every column."""
    values = np.array([t.values for t in trials], dtype=float).reshape(
        len(trials), len(directions)
    )
    signs = np.array([-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in directions])
    return values * signs


def non_dominated_mask(losses: np.ndarray) -> np.ndarray:
    """Return a boolean mask of the rows of ``losses`` that no other row dominates.

    Row ``a`` dominates row ``b`` when it is no worse in every column and better in
    one. Equal rows do not dominate each other, so duplicates are all kept. A row with
    a NaN neither dominates nor is dominated.
    """
    losses = np.asarray(losses, dtype=float)
    comparable = ~np.isnan(losses).any(axis=1)
    if comparable.all():
        return multi_objective.non_dominated_mask(losses)
    mask = np.ones(len(losses), dtype=bool)
    mask[comparable] = multi_objective.non_dominated_mask(losses[comparable])
    return mask


def pareto_front_trials(
    complete: Sequence[FrozenTrial], directions: Sequence[StudyDirection]
) -> list[FrozenTrial]:
    """Return the feasible COMPLETE trials that no other feasible one dominates."""
    feasible = [t for t in complete if is_feasible(t)]
    if not feasible:
        return []
    mask = non_dominated_mask(as_loss_matrix(feasible, directions))
    return [t for t, keep in zip(feasible, mask) if keep]
