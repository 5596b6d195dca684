from __future__ import annotations

import abc
from typing import TYPE_CHECKING

from hpobench.trial._frozen import FrozenTrial

if TYPE_CHECKING:
    from hpobench.study._study import Study


class BasePruner(abc.ABC):
    """The interface of pruners: whether a running trial should stop now.

    ``trial.should_prune()`` calls :meth:`prune` with the study and a snapshot of the
    trial (its intermediate values included).
    """

    @abc.abstractmethod
    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        """Return True to stop ``trial``."""

    def __str__(self) -> str:
        return type(self).__name__


def default_pruner() -> BasePruner:
    """Return the pruner of a study created without one: ``MedianPruner()``, as Optuna."""
    from hpobench.pruners._median import MedianPruner

    return MedianPruner()
