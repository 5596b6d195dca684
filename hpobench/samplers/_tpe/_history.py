"""A study's finished trials as numpy columns, appended to as trials finish.

A finished trial never changes, so each is converted once (by trial number) and
appended; a refresh only looks at trials from the oldest unfinished one on. RUNNING
trials are re-read at every refresh (for the constant liar). A :class:`Snapshot`
freezes the first ``n`` rows: rows below ``n`` are never written again, so a snapshot
stays valid while other threads append.
"""

from __future__ import annotations

import bisect
import itertools
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.distributions import BaseDistribution
from hpobench.samplers._tpe._split import COMPLETE, PRUNED, Observations
from hpobench.study._study_direction import StudyDirection
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study

_INITIAL_CAPACITY = 64
_STRUCTURE_NUMBERS = itertools.count()
_BEST_KEPT = 64


@dataclass(frozen=True)
class RunningTrial:
    """A RUNNING trial's parameters so far: name → (distribution, internal value)."""

    number: int
    params: dict[str, tuple[BaseDistribution, float]]


@dataclass(frozen=True)
class Snapshot:
    """The first ``n`` finished rows of a history, and the trials running at that time.

    ``values[name]`` and ``dist_ids[name]`` are the internal values (NaN when absent)
    and indices into ``distributions[name]`` (-1 when absent) of each row. ``groups``
    partitions the parameter names into sets that always occur together. ``ordered``
    says that the rows are in trial-number order (trials finished in order).
    ``structure`` numbers the state of ``distributions`` and ``groups``: snapshots with
    the same number (of any history) have the same of both.
    """

    n: int
    observations: Observations
    values: dict[str, np.ndarray]
    dist_ids: dict[str, np.ndarray]
    distributions: dict[str, list[BaseDistribution]]
    counts: dict[str, int]
    groups: list[frozenset[str]]
    running: list[RunningTrial]
    ordered: bool = False
    structure: int = 0

    def consistent(self, name: str) -> bool:
        """Whether every finished trial drew ``name`` from one distribution (not single)."""
        dists = self.distributions.get(name, ())
        return len(dists) == 1 and not dists[0].single()

    def rows_with(self, names: Sequence[str], dists: Sequence[BaseDistribution]) -> np.ndarray:
        """Return the rows that have every parameter of ``names`` with its distribution."""
        if all(
            self.counts.get(name) == self.n and self.distributions[name] == [dist]
            for name, dist in zip(names, dists)
        ):
            return np.arange(self.n)
        mask = np.ones(self.n, dtype=bool)
        for name, dist in zip(names, dists):
            known = self.distributions.get(name, [])
            if dist not in known:
                return np.empty(0, dtype=np.int64)
            mask &= self.dist_ids[name] == known.index(dist)
        return np.flatnonzero(mask)


class _Column:
    """One parameter: internal values and distribution indices, grown by doubling."""

    def __init__(self, capacity: int) -> None:
        self.values = np.full(capacity, np.nan)
        self.ids = np.full(capacity, -1, dtype=np.int32)

    def grow(self, capacity: int) -> None:
        values = np.full(capacity, np.nan)
        ids = np.full(capacity, -1, dtype=np.int32)
        values[: len(self.values)] = self.values
        ids[: len(self.ids)] = self.ids
        self.values, self.ids = values, ids


class TrialHistory:
    """The finished COMPLETE and PRUNED trials of one study, as growing numpy columns.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study()
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    >>> snap = TrialHistory().refresh(study, exclude=-1)
    >>> snap.n, sorted(snap.values)
    (3, ['x'])
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reset(None, [])

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]  # a cache: rebuilt from the study

    def _reset(self, key: object, directions: Sequence[StudyDirection]) -> None:
        self._key = key
        self._signs = np.array([-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in directions])
        self._sign = float(self._signs[0]) if len(directions) else 1.0
        self._cursor = 0
        self._settled: set[int] = set()
        self.n = 0
        # Whether the rows are in number order, and all feasible COMPLETE trials: both
        # hold for a sequential study without pruning or constraints, and save work.
        self._ordered = True
        self._all_complete = True
        # The best rows by loss (single objective, while every row is a feasible COMPLETE
        # trial): the "below" split of the whole history then needs no partition.
        self._best_losses: list[float] = []
        self._best_rows: list[int] = []
        self._best_array = np.empty(0, dtype=np.int64)
        self._last_number = -1
        cap = _INITIAL_CAPACITY
        m = max(1, len(directions))
        self._numbers = np.zeros(cap, dtype=np.int64)
        self._state = np.zeros(cap, dtype=np.int8)
        self._losses = np.full((cap, m), np.nan)
        self._step = np.full(cap, -1, dtype=np.int64)
        self._step_value = np.full(cap, np.inf)
        self._violation = np.zeros(cap)
        self._columns: dict[str, _Column] = {}
        self._distributions: dict[str, list[BaseDistribution]] = {}
        self._counts: dict[str, int] = {}
        self._groups: list[frozenset[str]] = []
        self._seen: set[str] = set()
        # A new number whenever a distribution or a group changes (unique across
        # histories); the copies handed to snapshots are reused while it stays the same.
        self._structure = next(_STRUCTURE_NUMBERS)
        self._structure_copies: tuple[
            int, dict[str, list[BaseDistribution]], list[frozenset[str]]
        ] = (
            -1,
            {},
            [],
        )

    # -- refresh -------------------------------------------------------------------------
    def refresh(self, study: Study, exclude: int) -> Snapshot:
        """Append the newly finished trials of ``study``; snapshot with its RUNNING trials.

        ``exclude`` is the number of the trial being sampled (not a "running" other).
        """
        with self._lock:
            key = (id(study._storage), study._study_id)
            if key != self._key:
                self._reset(key, study.directions)
            trials = study._get_trials(deepcopy=False)
            running: list[RunningTrial] = []
            first_open = len(trials)
            for pos in range(self._cursor, len(trials)):
                trial = trials[pos]
                state = trial.state
                if not state.is_finished():
                    first_open = min(first_open, pos)
                    if state == TrialState.RUNNING and trial.number != exclude:
                        running.append(_running(trial))
                elif trial.number not in self._settled:
                    self._settled.add(trial.number)
                    if state in (TrialState.COMPLETE, TrialState.PRUNED):
                        self._append(trial)
            if first_open > self._cursor:
                self._cursor = first_open
                horizon = trials[first_open].number if first_open < len(trials) else None
                self._settled = (
                    set() if horizon is None else {k for k in self._settled if k >= horizon}
                )
            return self._snapshot(running)

    def _snapshot(self, running: list[RunningTrial]) -> Snapshot:
        n = self.n
        version, distributions, groups = self._structure_copies
        if version != self._structure:
            distributions = {k: list(v) for k, v in self._distributions.items()}
            groups = list(self._groups)
            self._structure_copies = (self._structure, distributions, groups)
        obs = Observations(
            self._numbers[:n],
            self._state[:n],
            self._losses[:n],
            self._step[:n],
            self._step_value[:n],
            self._violation[:n],
            self._all_complete,
            self._best_array if self._all_complete and len(self._signs) == 1 else None,
        )
        return Snapshot(
            n=n,
            observations=obs,
            values={k: c.values[:n] for k, c in self._columns.items()},
            dist_ids={k: c.ids[:n] for k, c in self._columns.items()},
            distributions=distributions,
            counts=dict(self._counts),
            groups=groups,
            running=running,
            ordered=self._ordered,
            structure=self._structure,
        )

    # -- appending -----------------------------------------------------------------------
    def _append(self, trial: FrozenTrial) -> None:
        i = self.n
        if i == len(self._numbers):
            self._grow(2 * i)
        self._numbers[i] = trial.number
        if trial.state == TrialState.COMPLETE:
            self._state[i] = COMPLETE
            values = trial.values
            if len(self._signs) == 1 and len(values) == 1:
                self._losses[i, 0] = float(values[0]) * self._sign
            else:
                self._losses[i] = np.asarray(values, dtype=float) * self._signs
        else:
            self._state[i] = PRUNED
            step = trial.last_step
            if step is not None:
                value = trial.intermediate_values[step] * self._signs[0]
                self._step[i] = step
                self._step_value[i] = np.inf if np.isnan(value) else value
        constraints = trial.constraints
        if constraints:
            self._violation[i] = float(np.sum(np.maximum(constraints, 0.0)))
        if not (trial.state == TrialState.COMPLETE and self._violation[i] <= 0):
            self._all_complete = False
        elif len(self._signs) == 1:
            self._rank_best(i, float(self._losses[i, 0]))
        if trial.number < self._last_number:
            self._ordered = False
        self._last_number = trial.number
        params = trial.params
        distributions = trial.distributions
        for name, value in params.items():
            dist = distributions[name]
            column = self._columns.get(name)
            if column is None:
                column = self._columns[name] = _Column(len(self._numbers))
                self._distributions[name] = []
                self._counts[name] = 0
            known = self._distributions[name]
            index = _position(known, dist)
            if index < 0:
                index = len(known)
                known.append(dist)
                self._structure = next(_STRUCTURE_NUMBERS)
            column.values[i] = dist.to_internal_repr(value)
            column.ids[i] = index
            self._counts[name] += 1
        if params.keys() != self._seen:  # a trial with every name seen keeps the groups
            self._update_groups(frozenset(params))
        self.n = i + 1

    def _rank_best(self, row: int, loss: float) -> None:
        """Keep the rows of the ``_BEST_KEPT`` lowest losses sorted (ties in row order)."""
        losses = self._best_losses
        at = bisect.bisect_right(losses, loss)
        if at < _BEST_KEPT:
            losses.insert(at, loss)
            self._best_rows.insert(at, row)
            del losses[_BEST_KEPT:], self._best_rows[_BEST_KEPT:]
            self._best_array = np.array(self._best_rows, dtype=np.int64)

    def _grow(self, capacity: int) -> None:
        def grown(a: np.ndarray, fill: float) -> np.ndarray:
            out = np.full((capacity, *a.shape[1:]), fill, dtype=a.dtype)
            out[: len(a)] = a
            return out

        self._numbers = grown(self._numbers, 0)
        self._state = grown(self._state, 0)
        self._losses = grown(self._losses, np.nan)
        self._step = grown(self._step, -1)
        self._step_value = grown(self._step_value, np.inf)
        self._violation = grown(self._violation, 0.0)
        for column in self._columns.values():
            column.grow(capacity)

    def _update_groups(self, names: frozenset[str]) -> None:
        if not names:
            return
        groups: list[frozenset[str]] = []
        for group in self._groups:
            inside, outside = group & names, group - names
            if inside:
                groups.append(inside)
            if outside:
                groups.append(outside)
        new = names - self._seen
        if new:
            groups.append(frozenset(new))
            self._seen |= new
        self._groups = groups
        self._structure = next(_STRUCTURE_NUMBERS)


def _position(known: list[BaseDistribution], dist: BaseDistribution) -> int:
    """Return ``known.index(dist)``, or -1; equal fields are checked before ``==``.

    A trial's distributions are new objects, and ``==`` sorts their fields. The entries
    of ``known`` are pairwise unequal, so the first match of either test is the one.
    """
    for index, other in enumerate(known):
        if other is dist or (type(other) is type(dist) and other.__dict__ == dist.__dict__):
            return index
    try:
        return known.index(dist)
    except ValueError:
        return -1


def _running(trial: FrozenTrial) -> RunningTrial:
    params: dict[str, tuple[BaseDistribution, float]] = {}
    # Another thread may be adding parameters to this trial: copy before iterating.
    distributions = trial.distributions.copy()
    for name, value in trial.params.copy().items():
        dist = distributions.get(name)
        if dist is not None:
            params[name] = (dist, dist.to_internal_repr(value))
    return RunningTrial(trial.number, params)
