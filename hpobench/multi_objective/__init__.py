"""Multi-objective helpers: Pareto ranks, crowding distance, hypervolume.

Every function takes losses (smaller is better in every column); negate the columns
of maximised objectives first.
"""

from hpobench.multi_objective._hypervolume import hypervolume, hypervolume_contributions
from hpobench.multi_objective._sorting import (
    crowding_distance,
    fast_non_dominated_sort,
    non_dominated_mask,
)

__all__ = [
    "crowding_distance",
    "fast_non_dominated_sort",
    "hypervolume",
    "hypervolume_contributions",
    "non_dominated_mask",
]
