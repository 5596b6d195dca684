"""The study a sampler should see: all of it, or one Hyperband bracket of it.

Hyperband runs one successive-halving bracket per share of the trials; each bracket's
trials should be sampled from that bracket's history only. :func:`filter_study` is the
hook the engine calls before asking the sampler for a trial's parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from typing import TYPE_CHECKING, Any

from hpobench.storages._base import best_of
from hpobench.study._multi_objective import pareto_front_trials
from hpobench.study._study import Study
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.trial._frozen import FrozenTrial

_OWN_ATTRS = frozenset({"_parent", "_keep", "_view_key"})


def filter_study(study: Study, trial: FrozenTrial) -> Study:
    """Return the study that the sampler should see when it samples ``trial``.

    Pruners that split trials into groups (:class:`~hpobench.pruners.HyperbandPruner`)
    define ``_sampler_study(study, trial)``; for the others this is ``study`` itself.
    """
    hook = getattr(study.pruner, "_sampler_study", None)
    return study if hook is None else hook(study, trial)


class FilteredStudy(Study):
    """A view of a study that lists only the trials that ``keep(number)`` accepts.

    Everything else (name, storage, directions, attributes, sampler, pruner, ``stop``)
    is the parent study's: attribute reads and writes go to the parent.
    """

    def __init__(self, parent: Study, keep: Callable[[int], bool], view_key: Any = None) -> None:
        object.__setattr__(self, "_parent", parent)
        object.__setattr__(self, "_keep", keep)
        # Names the view for caches that samplers keep per study (one per bracket).
        object.__setattr__(self, "_view_key", view_key)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._parent, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _OWN_ATTRS:
            object.__setattr__(self, name, value)
        else:
            setattr(self._parent, name, value)

    def _get_trials(
        self,
        deepcopy: bool = True,
        states: Container[TrialState] | None = None,
        use_cache: bool = False,
    ) -> list[FrozenTrial]:
        trials = self._parent._get_trials(deepcopy=False, states=states, use_cache=use_cache)
        kept = [t for t in trials if self._keep(t.number)]
        return [t._clone(deep=True) for t in kept] if deepcopy else kept

    @property
    def best_trial(self) -> FrozenTrial:
        if len(self.directions) > 1:
            raise RuntimeError(
                "A multi-objective study has no single best trial; use study.best_trials."
            )
        complete = self._get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
        return best_of(complete, self.directions[0], self._study_id)._clone(deep=True)

    @property
    def best_trials(self) -> list[FrozenTrial]:
        complete = self._get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
        return [t._clone(deep=True) for t in pareto_front_trials(complete, self.directions)]

    def __getstate__(self) -> dict[str, Any]:
        return {"_parent": self._parent, "_keep": self._keep, "_view_key": self._view_key}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)

    def __repr__(self) -> str:
        return f"FilteredStudy(study_name={self._parent.study_name!r})"
