from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING

from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study


class MaxTrialsCallback:
    """Stop ``optimize`` once the study has ``n_trials`` trials in ``states``.

    Useful when several workers share a study: each stops when the total is reached.

    Parameters
    ----------
    n_trials : int
        The number of trials to reach.
    states : container of TrialState or None
        The states that count (None: all).

    Examples
    --------
    >>> import hpobench
    >>> from hpobench.study import MaxTrialsCallback
    >>> study = hpobench.create_study()
    >>> study.optimize(
    ...     lambda t: t.suggest_float("x", 0, 1),
    ...     n_trials=50,
    ...     callbacks=[MaxTrialsCallback(10, states=(hpobench.trial.TrialState.COMPLETE,))],
    ... )
    >>> len(study.trials)
    10
    """

    def __init__(
        self, n_trials: int, states: Container[TrialState] | None = (TrialState.COMPLETE,)
    ) -> None:
        if isinstance(n_trials, bool) or not isinstance(n_trials, int) or n_trials < 0:
            raise ValueError(f"n_trials must be an int >= 0; got {n_trials!r}.")
        self._n_trials = n_trials
        self._states = states

    def __call__(self, study: Study, trial: FrozenTrial) -> None:
        n_done = study._storage.get_n_trials(
            study._study_id, state=None if self._states is None else tuple(self._states)
        )
        if n_done >= self._n_trials:
            study.stop()
