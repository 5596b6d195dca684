from __future__ import annotations

from typing import TYPE_CHECKING

from hpobench.pruners._base import BasePruner
from hpobench.trial._frozen import FrozenTrial

if TYPE_CHECKING:
    from hpobench.study._study import Study


class NopPruner(BasePruner):
    """A pruner that never prunes.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(pruner=hpobench.pruners.NopPruner())
    >>> trial = study.ask()
    >>> trial.report(1.0, step=0)
    >>> trial.should_prune()
    False
    """

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        return False
