"""Constrained domination (Deb et al., 2002, section VI)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from hpobench.multi_objective import fast_non_dominated_sort
from hpobench.trial._frozen import FrozenTrial


def violation(trial: FrozenTrial) -> float:
    """Total constraint violation: the sum of the positive constraint values (0: feasible)."""
    constraints = trial.constraints
    if not constraints:
        return 0.0
    return float(sum(c for c in constraints if c > 0.0))


def violations(trials: Sequence[FrozenTrial]) -> np.ndarray:
    """The total violation of each trial."""
    return np.array([violation(t) for t in trials], dtype=float)


def constrained_ranks(
    losses: np.ndarray, violation: np.ndarray, *, n_below: int | None = None
) -> np.ndarray:
    """Pareto ranks under constrained domination.

    A feasible point dominates every infeasible one; of two infeasible points the one
    with the smaller total violation dominates; feasible points compare as usual. So
    the feasible points keep their Pareto ranks, and the infeasible ones follow, one
    rank per distinct violation value.

    Examples
    --------
    >>> import numpy as np
    >>> constrained_ranks(np.array([[0, 1], [1, 0], [0, 0], [2, 2]]),
    ...                   np.array([0.0, 0.0, 3.0, 1.0])).tolist()
    [0, 0, 2, 1]
    """
    ranks = np.zeros(len(losses), dtype=int)
    feasible = violation <= 0.0
    n_feasible = int(feasible.sum())
    if n_feasible:
        ranks[feasible] = fast_non_dominated_sort(losses[feasible], n_below=n_below)
    if n_feasible < len(losses):
        start = int(ranks[feasible].max()) + 1 if n_feasible else 0
        _, dense = np.unique(violation[~feasible], return_inverse=True)
        ranks[~feasible] = start + dense.reshape(-1)
    return ranks
