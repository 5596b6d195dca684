from __future__ import annotations

import threading
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.samplers._base import BaseSampler, stop_if_optimizing
from hpobench.samplers._seeding import TrialRngs
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study

# How much of a subtree the trials cover, from least to most.
_OPEN = 0  # some branch has no trial at all
_CLAIMED = 1  # every branch has a finished trial or one still running there
_EXHAUSTED = 2  # every branch has a finished trial
_STATES = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL, TrialState.RUNNING)


@dataclass(frozen=True)
class _Path:
    """One trial's parameters as ``name → (distribution, value key)``."""

    finished: bool
    params: dict[str, tuple[BaseDistribution, Hashable]]


class BruteForceSampler(BaseSampler):
    """Evaluate every point of a finite define-by-run search space once, then stop.

    The space may be conditional (tree-shaped): which parameters a trial suggests may
    depend on the values it got so far. Each time the objective suggests a parameter,
    the sampler looks at the other trials that took the same values so far and picks,
    at random, one of the values whose subtree still holds a branch no trial has
    visited (failed and pruned trials count as visited). The study stops once every
    branch has been visited.

    The tree is rebuilt from the stored parameters of the trials, without relying on
    the order in which they were suggested (storages need not keep it): below a
    branch, the next parameter is one that every trial of the branch has, with the
    same distribution. This assumes a deterministic objective: the parameter it
    suggests next, and its distribution, depend only on the values suggested so far.

    Threads of one process choose one at a time and see each other's picks; workers
    in other processes see a pick once it is stored, so two of them may evaluate the
    same point when they race for the last free ones. By default, a running trial
    counts as visiting one free branch below the point it has reached when deciding
    to stop, so that idle workers don't start duplicates while the last points run;
    the study may then stop before a running trial has uncovered the whole subtree
    below it (when that subtree is still unknown). ``avoid_premature_stop=True``
    stops only when finished trials have visited every branch, at the cost of a few
    duplicates from the workers that wait for the last ones.

    Parameters
    ----------
    seed : int or None, default=None
        Seed of the random choice among the unvisited values; None draws one.
    avoid_premature_stop : bool, default=False
        Stop only when finished trials cover the whole space.

    Raises
    ------
    ValueError
        From ``suggest_float`` without ``step`` (a continuous parameter cannot be
        enumerated), naming the parameter.

    Examples
    --------
    >>> import hpobench
    >>> def objective(trial):
    ...     kind = trial.suggest_categorical("kind", ["linear", "tree"])
    ...     if kind == "tree":
    ...         return trial.suggest_int("depth", 1, 3)
    ...     return trial.suggest_float("alpha", 0.0, 1.0, step=0.5)
    >>> study = hpobench.create_study(sampler=hpobench.samplers.BruteForceSampler(seed=0))
    >>> study.optimize(objective)
    >>> len(study.trials)
    6
    """

    def __init__(self, seed: int | None = None, avoid_premature_stop: bool = False) -> None:
        if not isinstance(avoid_premature_stop, (bool, np.bool_)):
            raise TypeError(
                f"avoid_premature_stop must be True or False; got {avoid_premature_stop!r}."
            )
        self._rngs = TrialRngs(seed)
        self._avoid_premature_stop = bool(avoid_premature_stop)
        self._paths = _TrialPaths()

    def reseed_rng(self) -> None:
        self._rngs.reseed()

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        return {}

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        return {}

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        n_values = _n_values(param_distribution)
        if n_values is None:
            raise ValueError(
                f"BruteForceSampler can only enumerate finite spaces, but parameter "
                f"{param_name!r} is continuous ({param_distribution}); give suggest_float "
                "a step, or use suggest_int or suggest_categorical."
            )
        prefix = _path(trial, finished=False).params
        rng = self._rngs.for_trial(trial.number)
        with self._paths.lock:
            others = self._paths.get(study, exclude=trial.number, include_running=True)
            branch = [p for p in others if _follows(p, prefix)]
            k = _choose(branch, param_name, n_values, frozenset(prefix), rng)
            self._paths.publish(
                trial.number, _Path(False, {**prefix, param_name: (param_distribution, k)})
            )
        return _value_at(param_distribution, k)

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        self._rngs.release(trial.number)
        with self._paths.lock:
            self._paths.forget(trial.number)
            paths = self._paths.get(
                study, exclude=trial.number, include_running=not self._avoid_premature_stop
            )
        paths.append(_path(trial, finished=True))
        enough = _EXHAUSTED if self._avoid_premature_stop else _CLAIMED
        if _status(paths, frozenset()) >= enough:
            stop_if_optimizing(study)

    def is_exhausted(self, study: Study) -> bool:
        """Return whether finished trials have visited every point of the space."""
        with self._paths.lock:
            paths = self._paths.get(study, exclude=-1, include_running=False)
        return _status(paths, frozenset()) == _EXHAUSTED


def _n_values(dist: BaseDistribution) -> int | None:
    """Return how many values ``dist`` holds; None when it is continuous."""
    if dist.single():
        return 1
    if isinstance(dist, CategoricalDistribution):
        return len(dist.choices)
    if isinstance(dist, IntDistribution):
        return (dist.high - dist.low) // dist.step + 1
    if isinstance(dist, FloatDistribution) and dist.step is not None:
        return round((dist.high - dist.low) / dist.step) + 1
    return None


def _value_at(dist: BaseDistribution, k: int) -> Any:
    """Return value ``k`` (from 0, in increasing order) of a finite ``dist``."""
    if isinstance(dist, CategoricalDistribution):
        return dist.choices[k]
    if isinstance(dist, IntDistribution):
        return dist.low + k * dist.step
    assert isinstance(dist, FloatDistribution)
    if dist.step is None:  # a single-valued range
        return float(dist.low)
    return float(min(dist.low + k * dist.step, dist.high))


def _key(dist: BaseDistribution, value: Any) -> Hashable:
    """Return the index of ``value`` among ``dist``'s values, or a marker when off-grid."""
    internal = dist.to_internal_repr(value)
    n_values = _n_values(dist)
    if isinstance(dist, CategoricalDistribution):
        return int(internal)
    if n_values is not None and dist._contains(internal):
        step = getattr(dist, "step", None) or 1.0
        k = round((internal - dist.low) / step)  # type: ignore[attr-defined]
        if 0 <= k < n_values:
            return k
    return ("off-grid", internal)


def _path(
    trial: FrozenTrial,
    finished: bool,
    shared: dict[BaseDistribution, BaseDistribution] | None = None,
) -> _Path:
    """Return ``trial``'s path; equal distributions become the one object of ``shared``."""
    params = {}
    for name, dist in trial.distributions.items():
        if shared is not None:
            dist = shared.setdefault(dist, dist)
        params[name] = (dist, _key(dist, trial.params[name]))
    return _Path(finished, params)


class _TrialPaths:
    """The paths of one study's trials, as this process knows them.

    Finished trials never change, so their paths are kept. A running trial's latest
    choice is published here (under the lock) before the trial stores it, so that
    threads choosing at the same time see each other's picks.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._reset(None, -1)

    def __reduce__(self) -> tuple[type, tuple[()]]:
        # A copy (another process) starts empty: the storage is the shared record.
        return (_TrialPaths, ())

    def _reset(self, storage: Any, study_id: int) -> None:
        self._storage, self._study_id = storage, study_id
        self._finished: dict[int, _Path] = {}
        self._pending: dict[int, _Path] = {}
        self._shared: dict[BaseDistribution, BaseDistribution] = {}

    def get(self, study: Study, exclude: int, include_running: bool) -> list[_Path]:
        """Return the paths of the study's trials but trial number ``exclude`` (hold the lock)."""
        if self._storage is not study._storage or self._study_id != study._study_id:
            self._reset(study._storage, study._study_id)
        paths = []
        for t in study._get_trials(deepcopy=False, states=_STATES):
            if t.number == exclude:
                continue
            if t.state != TrialState.RUNNING:
                paths.append(self._finished_path(t))
            elif include_running:
                paths.append(self._running_path(t))
        return paths

    def publish(self, number: int, path: _Path) -> None:
        """Record running trial ``number``'s latest choice (hold the lock)."""
        self._pending[number] = path

    def forget(self, number: int) -> None:
        """Drop trial ``number``'s published choice (it has finished)."""
        self._pending.pop(number, None)

    def _finished_path(self, trial: FrozenTrial) -> _Path:
        path = self._finished.get(trial._trial_id)
        if path is None:
            path = self._finished[trial._trial_id] = _path(trial, True, self._shared)
        return path

    def _running_path(self, trial: FrozenTrial) -> _Path:
        stored = _path(trial, finished=False)
        pending = self._pending.get(trial.number)
        if pending is not None and len(pending.params) > len(stored.params):
            return pending
        return stored


def _follows(path: _Path, prefix: dict[str, tuple[BaseDistribution, Hashable]]) -> bool:
    """Return whether ``path`` took the values of ``prefix`` (and maybe more)."""
    params = path.params
    return all(name in params and params[name][1] == key for name, (_, key) in prefix.items())


def _status(paths: list[_Path], done: frozenset[str]) -> int:
    """Return how well ``paths`` cover the subtree they share the parameters ``done`` of."""
    deeper = [p for p in paths if len(p.params) > len(done)]
    here = [p for p in paths if len(p.params) == len(done)]
    if not deeper:
        # A trial that ended here makes this a visited leaf; a running one may go on.
        if any(p.finished for p in here):
            return _EXHAUSTED
        return _CLAIMED if here else _OPEN
    name = _next_name(deeper, done)
    if name is None:
        # The trials disagree on what comes next (a non-deterministic objective):
        # count the subtree as visited as far as they went.
        return _EXHAUSTED if all(p.finished for p in deeper) else _CLAIMED
    n_values = _n_values(deeper[0].params[name][0])
    if n_values is None:
        return _OPEN
    # Each running trial that has not gone deeper yet will take one unvisited value.
    n_running_here = sum(not p.finished for p in here)
    groups = _group_by_value(deeper, name, n_values)
    n_open = n_values - len(groups)
    worst = _EXHAUSTED
    below = done | {name}
    for group in groups.values():
        if n_open > n_running_here:
            return _OPEN  # decided: no need to look at the other values
        status = _status(group, below)
        n_open += status == _OPEN
        worst = min(worst, status)
    if n_open > n_running_here:
        return _OPEN
    return _CLAIMED if n_open else worst


def _next_name(deeper: list[_Path], done: frozenset[str]) -> str | None:
    """Return the parameter suggested next: one all ``deeper`` have, with equal distribution.

    When several qualify, any gives the same coverage; the smallest name is taken so
    that every worker builds the same tree.
    """
    common = set(deeper[0].params) - done
    for path in deeper[1:]:
        common.intersection_update(path.params)
    for name in sorted(common):
        dist = deeper[0].params[name][0]
        if all(p.params[name][0] is dist or p.params[name][0] == dist for p in deeper):
            return name
    return None


def _group_by_value(paths: list[_Path], name: str, n_values: int) -> dict[int, list[_Path]]:
    """Return the paths that took each value of ``name`` (off-grid values left out)."""
    groups: dict[int, list[_Path]] = {}
    for path in paths:
        entry = path.params.get(name)
        if entry is not None and isinstance(entry[1], int) and entry[1] < n_values:
            groups.setdefault(entry[1], []).append(path)
    return groups


def _choose(
    branch: list[_Path], name: str, n_values: int, done: frozenset[str], rng: np.random.Generator
) -> int:
    """Pick a value of ``name`` at random among the least covered: open, claimed, then any.

    The values are looked at in a random order and the first open one is taken (which
    is uniform among the open ones), so that the subtrees of the others need no visit.
    """
    groups = _group_by_value(branch, name, n_values)
    below = done | {name}
    claimed = []
    for k in rng.permutation(n_values).tolist():
        status = _status(groups[k], below) if k in groups else _OPEN
        if status == _OPEN:
            return k
        if status == _CLAIMED:
            claimed.append(k)
    if claimed:
        return claimed[int(rng.integers(len(claimed)))]
    return int(rng.integers(n_values))
