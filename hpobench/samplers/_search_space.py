from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from hpobench.distributions import BaseDistribution
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study


class IntersectionSearchSpace:
    """The parameters that every finished trial of a study has, with equal distributions.

    The result is updated incrementally: each call looks only at trials it has not
    settled yet.

    Parameters
    ----------
    include_pruned : bool
        Count PRUNED trials as well as COMPLETE ones.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study()
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    >>> list(hpobench.samplers.IntersectionSearchSpace().calculate(study))
    ['x']
    """

    def __init__(self, include_pruned: bool = False) -> None:
        self._states = (
            (TrialState.COMPLETE, TrialState.PRUNED) if include_pruned else (TrialState.COMPLETE,)
        )
        # Per study (and per view of one, e.g. a Hyperband bracket): how many of its listed
        # trials are settled, and the intersection over them.
        self._progress: dict[tuple[int, Any], tuple[int, dict[str, BaseDistribution] | None]] = {}

    def calculate(self, study: Study, ordered_dict: bool = True) -> dict[str, BaseDistribution]:
        """Return the intersection search space of ``study``, sorted by parameter name."""
        key = (study._study_id, getattr(study, "_view_key", None))
        cursor, space = self._progress.get(key, (0, None))
        trials = study._get_trials(deepcopy=False, use_cache=True)
        next_cursor = len(trials)
        for position in range(cursor, len(trials)):
            trial = trials[position]
            if not trial.state.is_finished():
                next_cursor = min(next_cursor, position)
                continue
            if trial.state in self._states:
                space = _intersect(space, trial.distributions)
        self._progress[key] = (next_cursor, space)
        return dict(sorted((space or {}).items()))


def intersection_search_space(
    trials_or_study: Iterable[FrozenTrial] | Any,
    ordered_dict: bool = True,
    include_pruned: bool = False,
) -> dict[str, BaseDistribution]:
    """Return the parameters shared, with equal distributions, by all finished trials.

    Parameters
    ----------
    trials_or_study : iterable of FrozenTrial, or Study
        The trials (or a study, as the 2.x documentation's user-defined sampler passes).
    ordered_dict : bool
        Kept for compatibility; the result is always sorted by name.
    include_pruned : bool
        Count PRUNED trials as well as COMPLETE ones.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study()
    >>> study.optimize(lambda t: t.suggest_int("n", 1, 3), n_trials=2)
    >>> hpobench.samplers.intersection_search_space(study)
    {'n': IntDistribution(high=3, log=False, low=1, step=1)}
    """
    if hasattr(trials_or_study, "get_trials"):
        trials: Iterable[FrozenTrial] = trials_or_study.get_trials(deepcopy=False)
    else:
        trials = trials_or_study
    states = (TrialState.COMPLETE, TrialState.PRUNED) if include_pruned else (TrialState.COMPLETE,)
    space: dict[str, BaseDistribution] | None = None
    for trial in trials:
        if trial.state in states:
            space = _intersect(space, trial.distributions)
    return dict(sorted((space or {}).items()))


def _intersect(
    space: dict[str, BaseDistribution] | None, distributions: dict[str, BaseDistribution]
) -> dict[str, BaseDistribution]:
    if space is None:
        return dict(distributions)
    return {name: dist for name, dist in space.items() if distributions.get(name) == dist}
