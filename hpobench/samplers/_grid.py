from __future__ import annotations

import itertools
import threading
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench import logging
from hpobench.distributions import BaseDistribution
from hpobench.samplers._base import BaseSampler, stop_if_optimizing
from hpobench.samplers._seeding import TrialRngs
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study

_logger = logging.get_logger(__name__)
GridValueType = None | bool | int | float | str
_GRID_ID = "grid_id"
_SEARCH_SPACE = "search_space"


class GridSampler(BaseSampler):
    """Evaluate every combination of the given parameter values, then stop the study.

    The combinations are visited in an order shuffled by ``seed``: trial ``k`` of a
    fresh study evaluates the ``k``-th combination of that order, whatever ``n_jobs`` is.
    A worker that finds every combination taken re-evaluates one that is still running,
    and ``optimize`` stops once none is left. Each trial records its combination in
    its system attributes (``grid_id``: the index in the unshuffled product of the
    sorted parameter names), so workers of different processes agree.

    Parameters
    ----------
    search_space : mapping of str → sequence
        Parameter name → the values to try (None, bool, int, float or str).
    seed : int or None
        Seed of the visiting order; None uses 0, so that all workers agree.

    Examples
    --------
    >>> import hpobench
    >>> def objective(trial):
    ...     x = trial.suggest_float("x", -100, 100)
    ...     y = trial.suggest_int("y", -100, 100)
    ...     return x**2 + y**2
    >>> space = {"x": [-50, 0, 50], "y": [-99, 0, 99]}
    >>> study = hpobench.create_study(sampler=hpobench.samplers.GridSampler(space))
    >>> study.optimize(objective)
    >>> len(study.trials)
    9
    """

    def __init__(
        self, search_space: Mapping[str, Sequence[GridValueType]], seed: int | None = None
    ) -> None:
        self._search_space = _check_search_space(search_space)
        self._param_names = list(self._search_space)
        self._grid = list(itertools.product(*self._search_space.values()))
        self._rngs = TrialRngs(0 if seed is None else seed)
        self._order = [int(i) for i in self._rngs.stream().permutation(len(self._grid))]
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def reseed_rng(self) -> None:
        # The visiting order must stay the one all workers share; only fallback
        # draws (parameters outside the grid's reach) use the per-trial generators.
        pass

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        return {}

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        return {}

    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        if _GRID_ID in trial.system_attrs or "fixed_params" in trial.system_attrs:
            return
        with self._lock:
            finished, running = self._visited(study)
            grid_id = self._choose(trial.number, finished, running)
            storage = study._storage
            storage.set_trial_system_attr(trial._trial_id, _SEARCH_SPACE, self._search_space)
            storage.set_trial_system_attr(trial._trial_id, _GRID_ID, grid_id)
            if len(finished | running | {grid_id}) >= len(self._grid):
                stop_if_optimizing(study)

    def _choose(self, number: int, finished: set[int], running: set[int]) -> int:
        n = len(self._grid)
        taken = finished | running
        preferred = self._order[number % n]
        if preferred not in taken:
            return preferred
        for pool in (taken, finished):
            for offset in range(n):
                grid_id = self._order[(number + offset) % n]
                if grid_id not in pool:
                    return grid_id
        _logger.warning(
            "GridSampler: every grid point has already been evaluated; trial "
            f"{number} repeats one."
        )
        return preferred

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        if param_name not in self._search_space:
            raise ValueError(
                f"Parameter {param_name!r} is not in the GridSampler's search space "
                f"{self._param_names}; add its values to search_space."
            )
        grid_id = trial.system_attrs.get(_GRID_ID)
        if grid_id is None:
            # An enqueued trial that lacks this parameter: pick one of its grid values.
            values = self._search_space[param_name]
            rng = self._rngs.for_trial(trial.number)
            return values[int(rng.integers(len(values)))]
        value = self._grid[grid_id][self._param_names.index(param_name)]
        if not param_distribution._contains(param_distribution.to_internal_repr(value)):
            warnings.warn(
                f"Grid value {value!r} of parameter {param_name!r} is outside "
                f"{param_distribution}; it is used all the same.",
                UserWarning,
                stacklevel=2,
            )
        return value

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        self._rngs.release(trial.number)
        finished, _ = self._visited(study)
        grid_id = trial.system_attrs.get(_GRID_ID)
        if grid_id is not None and self._is_own(trial):
            finished.add(grid_id)
        if len(finished) >= len(self._grid):
            stop_if_optimizing(study)

    def is_exhausted(self, study: Study) -> bool:
        """Return whether every grid point has been evaluated (finished trials)."""
        finished, _ = self._visited(study)
        return len(finished) >= len(self._grid)

    def _visited(self, study: Study) -> tuple[set[int], set[int]]:
        finished: set[int] = set()
        running: set[int] = set()
        for t in study._get_trials(deepcopy=False):
            if _GRID_ID not in t.system_attrs or not self._is_own(t):
                continue
            if t.state.is_finished():
                finished.add(t.system_attrs[_GRID_ID])
            elif t.state == TrialState.RUNNING:
                running.add(t.system_attrs[_GRID_ID])
        return finished, running

    def _is_own(self, trial: FrozenTrial) -> bool:
        return _same_space(trial.system_attrs.get(_SEARCH_SPACE), self._search_space)


def _same_space(stored: Any, own: dict[str, list[GridValueType]]) -> bool:
    if not isinstance(stored, Mapping) or list(stored) != list(own):
        return False
    return all(list(stored[k]) == own[k] for k in own)


def _check_search_space(
    search_space: Mapping[str, Sequence[GridValueType]],
) -> dict[str, list[GridValueType]]:
    if not isinstance(search_space, Mapping):
        raise TypeError(
            f"search_space must be a mapping of parameter name → list of values; got "
            f"{search_space!r}."
        )
    checked: dict[str, list[GridValueType]] = {}
    for name in sorted(search_space):
        values = search_space[name]
        if isinstance(values, np.ndarray):
            values = values.tolist()
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
            raise TypeError(f"search_space[{name!r}] must be a list of values; got {values!r}.")
        if len(values) == 0:
            raise ValueError(f"search_space[{name!r}] is empty; give at least one value.")
        values = [v.item() if isinstance(v, np.generic) else v for v in values]
        for value in values:
            if value is not None and not isinstance(value, (bool, int, float, str)):
                raise ValueError(
                    f"search_space[{name!r}] holds {value!r} of type {type(value).__name__}; "
                    "values must be None, bool, int, float or str."
                )
        checked[name] = list(values)
    return checked
