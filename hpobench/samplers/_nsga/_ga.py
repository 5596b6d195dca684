"""Generation bookkeeping and child generation shared by NSGA-II and NSGA-III.

Every trial gets a generation number in the trial system attribute
``<prefix>:generation`` when it starts: the newest generation, or the next one once
the newest has ``population_size`` COMPLETE trials. The parents of generation ``g``
(``g >= 1``) are the elite of the parents of ``g - 1`` together with the COMPLETE
trials of ``g - 1``; their numbers are stored in the study system attribute
``<prefix>:population:<g>`` by whichever worker needs them first, so that workers in
other threads and processes breed from the same population. Each child's parent
numbers go to ``<prefix>:parents``.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.samplers._base import BaseSampler
from hpobench.samplers._constraints import store_constraints
from hpobench.samplers._nsga._constraints import violations
from hpobench.samplers._nsga._crossovers import (
    BaseCrossover,
    BaseMutation,
    UniformCrossover,
    check_probability,
)
from hpobench.samplers._random import sample_uniform
from hpobench.samplers._search_space import IntersectionSearchSpace
from hpobench.samplers._seeding import TrialRngs
from hpobench.study._study_direction import StudyDirection
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study

_MAX_LIVE_TRIALS = 4096


class Fitness:
    """What a parent tournament compares: lower ``primary`` wins, then higher ``secondary``."""

    def __init__(self, primary: np.ndarray, secondary: np.ndarray) -> None:
        self.primary = primary.tolist()
        self.secondary = secondary.tolist()

    def better(self, a: int, b: int) -> int:
        if self.primary[a] != self.primary[b]:
            return a if self.primary[a] < self.primary[b] else b
        return a if self.secondary[a] >= self.secondary[b] else b


class _Ledger:
    """One study's generations as seen by this sampler, updated incrementally."""

    def __init__(self) -> None:
        self.cursor = 0  # every trial before it is finished and counted
        self.seen: set[int] = set()  # finished trials at or after the cursor, counted
        self.complete: defaultdict[int, list[int]] = defaultdict(list)
        self.max_finished = -1
        self.populations: dict[int, list[int]] = {}
        self.fitness: dict[int, Fitness] = {}

    def update(self, trials: Sequence[FrozenTrial], key: str) -> int:
        """Count newly finished trials; return the newest generation of any trial."""
        newest = self.max_finished
        first_open = len(trials)
        for index in range(self.cursor, len(trials)):
            trial = trials[index]
            gen = trial.system_attrs.get(key)
            if not trial.state.is_finished():
                first_open = min(first_open, index)
                if gen is not None:
                    newest = max(newest, gen)
            elif trial.number not in self.seen:
                self.seen.add(trial.number)
                if gen is not None:
                    self.max_finished = max(self.max_finished, gen)
                    newest = max(newest, gen)
                    if trial.state == TrialState.COMPLETE:
                        self.complete[gen].append(trial.number)
        if first_open != self.cursor:
            self.cursor = first_open
            self.seen = {n for n in self.seen if n >= first_open}
        return newest


EliteStrategy = Callable[["Study", list[FrozenTrial]], list[FrozenTrial]]
ChildStrategy = Callable[["Study", dict[str, BaseDistribution], list[FrozenTrial]], dict[str, Any]]
AfterTrialStrategy = Callable[["Study", FrozenTrial, TrialState, "Sequence[float] | None"], None]


def _check_strategy(name: str, strategy: Callable[..., Any] | None) -> Callable[..., Any] | None:
    if strategy is not None and not callable(strategy):
        raise TypeError(f"{name} must be callable or None; got {strategy!r}.")
    return strategy


class GASampler(BaseSampler):
    """The genetic machinery of NSGA-II and NSGA-III; subclasses choose the elite.

    Subclasses set ``_prefix`` and implement ``_select_elite`` and ``_fitness``.
    """

    _prefix = "ga"

    def __init__(
        self,
        *,
        population_size: int = 50,
        mutation: BaseMutation | None = None,
        mutation_prob: float | None = None,
        crossover: BaseCrossover | None = None,
        crossover_prob: float = 0.9,
        swapping_prob: float = 0.5,
        seed: int | None = None,
        constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
        elite_population_selection_strategy: EliteStrategy | None = None,
        child_generation_strategy: ChildStrategy | None = None,
        after_trial_strategy: AfterTrialStrategy | None = None,
    ) -> None:
        self._swapping_prob = check_probability("swapping_prob", swapping_prob)
        if crossover is None:
            crossover = UniformCrossover(self._swapping_prob)
        if not isinstance(crossover, BaseCrossover):
            raise TypeError(
                f"crossover must be a BaseCrossover instance or None; got {crossover!r}."
            )
        if isinstance(population_size, bool) or not isinstance(population_size, (int, np.integer)):
            raise TypeError(f"population_size must be an int >= 2; got {population_size!r}.")
        if population_size < 2:
            raise ValueError(f"population_size must be an int >= 2; got {population_size!r}.")
        if population_size < crossover.n_parents:
            raise ValueError(
                f"population_size must be at least the crossover's n_parents "
                f"({crossover.n_parents} for {crossover}); got {population_size!r}."
            )
        if constraints_func is not None and not callable(constraints_func):
            raise TypeError(
                f"constraints_func must be callable or None; got {constraints_func!r}."
            )
        if mutation is not None and not isinstance(mutation, BaseMutation):
            raise TypeError(f"mutation must be a BaseMutation instance or None; got {mutation!r}.")
        self._mutation = mutation
        self._population_size = int(population_size)
        self._mutation_prob = (
            None if mutation_prob is None else check_probability("mutation_prob", mutation_prob)
        )
        self._crossover = crossover
        self._crossover_prob = check_probability("crossover_prob", crossover_prob)
        self._constraints_func = constraints_func
        self._elite_strategy = _check_strategy(
            "elite_population_selection_strategy", elite_population_selection_strategy
        )
        self._child_strategy = _check_strategy(
            "child_generation_strategy", child_generation_strategy
        )
        self._after_trial_strategy = _check_strategy("after_trial_strategy", after_trial_strategy)
        self._rngs = TrialRngs(seed)
        self._space = IntersectionSearchSpace()
        self._ledgers: dict[int, _Ledger] = {}
        self._generations: dict[tuple[int, int], int] = {}
        self._lock = threading.Lock()

    # -- pickling and seeding ----------------------------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]
        state["_ledgers"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def reseed_rng(self) -> None:
        self._rngs.reseed()

    @property
    def _generation_key(self) -> str:
        return f"{self._prefix}:generation"

    @property
    def _parents_key(self) -> str:
        return f"{self._prefix}:parents"

    def _population_key(self, generation: int) -> str:
        return f"{self._prefix}:population:{generation}"

    # -- what subclasses decide --------------------------------------------------------
    def _select_elite(
        self, losses: np.ndarray, violation: np.ndarray, n: int, rng: np.random.Generator
    ) -> np.ndarray:
        """Return the indices of the ``n`` rows that survive into the next population."""
        raise NotImplementedError

    def _fitness(self, losses: np.ndarray, violation: np.ndarray) -> Fitness:
        """Return what parent tournaments compare for the members of one population."""
        raise NotImplementedError

    # -- the sampler interface ---------------------------------------------------------
    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        gen = trial.system_attrs.get(self._generation_key)
        if gen is None:
            with self._lock:
                trials = study._get_trials(deepcopy=False)
                ledger = self._ledger(study)
                newest = ledger.update(trials, self._generation_key)
                if newest < 0:
                    gen = 0
                elif len(ledger.complete[newest]) >= self._population_size:
                    gen = newest + 1
                else:
                    gen = newest
            study._storage.set_trial_system_attr(trial._trial_id, self._generation_key, gen)
        with self._lock:
            self._generations[(study._study_id, trial.number)] = gen
            if len(self._generations) > _MAX_LIVE_TRIALS:
                del self._generations[next(iter(self._generations))]

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        return {
            name: dist for name, dist in self._space.calculate(study).items() if not dist.single()
        }

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        if not search_space:
            return {}
        gen = self._trial_generation(study, trial)
        if gen == 0:
            return {}
        with self._lock:
            trials = study._get_trials(deepcopy=False)
            self._ledger(study).update(trials, self._generation_key)
            population = self._population(study, trials, gen)
            fitness = self._ledger(study).fitness.get(gen)
            if fitness is None:
                fitness = self._fitness_of(study, trials, population)
                self._ledger(study).fitness[gen] = fitness
        if len(population) < 1:
            return {}
        if self._child_strategy is not None:
            return dict(self._child_strategy(study, search_space, [trials[n] for n in population]))
        rng = self._rngs.for_trial(trial.number)
        chosen = self._choose_parents(population, fitness, rng)
        study._storage.set_trial_system_attr(trial._trial_id, self._parents_key, chosen)
        parents = [trials[n] for n in chosen]
        return self._breed(study, search_space, parents, rng)

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        return sample_uniform(param_distribution, self._rngs.for_trial(trial.number))

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        try:
            if self._after_trial_strategy is not None:
                self._after_trial_strategy(study, trial, state, values)
            else:
                store_constraints(study, trial, state, self._constraints_func)
        finally:
            self._rngs.release(trial.number)
            with self._lock:
                self._generations.pop((study._study_id, trial.number), None)

    # -- generations and populations ---------------------------------------------------
    def _ledger(self, study: Study) -> _Ledger:
        ledger = self._ledgers.get(study._study_id)
        if ledger is None:
            ledger = self._ledgers[study._study_id] = _Ledger()
        return ledger

    def _trial_generation(self, study: Study, trial: FrozenTrial) -> int:
        with self._lock:
            gen = self._generations.get((study._study_id, trial.number))
        if gen is None:
            gen = trial.system_attrs.get(self._generation_key)
        if gen is None:
            self.before_trial(study, trial)
            gen = self._generations[(study._study_id, trial.number)]
        return int(gen)

    def _population(self, study: Study, trials: Sequence[FrozenTrial], gen: int) -> list[int]:
        """The numbers of generation ``gen``'s parents (computed once, shared via storage)."""
        ledger = self._ledger(study)
        if gen in ledger.populations:
            return ledger.populations[gen]
        stored = study._storage.get_study_system_attrs(study._study_id)
        start = gen
        while start > 0 and start not in ledger.populations:
            key = self._population_key(start)
            if key in stored:
                ledger.populations[start] = [int(n) for n in stored[key]]
                break
            start -= 1
        previous = ledger.populations.get(start, [])
        for g in range(start + 1, gen + 1):
            candidates = sorted(set(previous) | set(ledger.complete.get(g - 1, ())))
            previous = self._elite(study, trials, candidates, g)
            study._storage.set_study_system_attr(
                study._study_id, self._population_key(g), previous
            )
            ledger.populations[g] = previous
        return ledger.populations[gen]

    def _elite(
        self, study: Study, trials: Sequence[FrozenTrial], candidates: list[int], gen: int
    ) -> list[int]:
        if self._elite_strategy is not None:
            chosen = self._elite_strategy(study, [trials[n] for n in candidates])
            return sorted({t.number for t in chosen})
        if len(candidates) <= self._population_size:
            return candidates
        members = [trials[n] for n in candidates]
        losses = _losses(members, study.directions)
        rng = self._rngs.stream(gen)
        keep = self._select_elite(losses, violations(members), self._population_size, rng)
        return sorted(candidates[i] for i in keep)

    def _fitness_of(
        self, study: Study, trials: Sequence[FrozenTrial], population: list[int]
    ) -> Fitness:
        members = [trials[n] for n in population]
        return self._fitness(_losses(members, study.directions), violations(members))

    def _choose_parents(
        self, population: list[int], fitness: Fitness, rng: np.random.Generator
    ) -> list[int]:
        n = len(population)
        want = self._crossover.n_parents
        chosen: list[int] = []
        for _ in range(want * 8):
            a, b = int(rng.random() * n), int(rng.random() * n)
            winner = population[fitness.better(min(a, n - 1), min(b, n - 1))]
            if winner not in chosen or n < want:
                chosen.append(winner)
                if len(chosen) == want:
                    return chosen
        while len(chosen) < want:
            chosen.append(population[min(int(rng.random() * n), n - 1)])
        return chosen

    # -- breeding ----------------------------------------------------------------------
    def _breed(
        self,
        study: Study,
        search_space: dict[str, BaseDistribution],
        parents: list[FrozenTrial],
        rng: np.random.Generator,
    ) -> dict[str, Any]:
        names = list(search_space)
        child: dict[str, Any] = {}
        if rng.random() < self._crossover_prob:
            numeric = [
                n for n in names if not isinstance(search_space[n], CategoricalDistribution)
            ]
            if numeric:
                bounds = np.array([_bounds(search_space[n]) for n in numeric])
                matrix = np.array(
                    [
                        [_to_internal(p.params[n], search_space[n]) for n in numeric]
                        for p in parents
                    ]
                )
                values = self._crossover.crossover(matrix, rng, study, bounds)
                for i, name in enumerate(numeric):
                    x = float(values[i])
                    if not math.isfinite(x):
                        x = float(matrix[0, i])
                    child[name] = _from_internal(x, search_space[name])
            for name in names:
                if isinstance(search_space[name], CategoricalDistribution):
                    donor = parents[1] if rng.random() < self._swapping_prob else parents[0]
                    child[name] = donor.params[name]
        else:
            child = {name: parents[0].params[name] for name in names}
        # Mutation: with no mutation object, or for a categorical parameter, the
        # parameter is left out and drawn afresh (uniformly) by sample_independent.
        prob = self._mutation_prob
        if prob is None:
            prob = 1.0 / max(1, len(names))
        draws = rng.random(len(names))
        out: dict[str, Any] = {}
        for name, u in zip(names, draws):
            dist = search_space[name]
            if u >= prob:
                out[name] = child[name]
            elif self._mutation is not None and not isinstance(dist, CategoricalDistribution):
                x = self._mutation.mutation(
                    _to_internal(child[name], dist), rng, study, np.array(_bounds(dist))
                )
                out[name] = _from_internal(float(x), dist)
        return out


def _losses(trials: Sequence[FrozenTrial], directions: Sequence[StudyDirection]) -> np.ndarray:
    values = np.array([t.values for t in trials], dtype=float).reshape(len(trials), -1)
    signs = np.array([-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in directions])
    return values * signs


def _bounds(dist: BaseDistribution) -> tuple[float, float]:
    assert isinstance(dist, (FloatDistribution, IntDistribution))
    if dist.log:
        return math.log(dist.low), math.log(dist.high)
    return float(dist.low), float(dist.high)


def _to_internal(value: Any, dist: BaseDistribution) -> float:
    assert isinstance(dist, (FloatDistribution, IntDistribution))
    return math.log(value) if dist.log else float(value)


def _from_internal(x: float, dist: BaseDistribution) -> Any:
    assert isinstance(dist, (FloatDistribution, IntDistribution))
    low, high = dist.low, dist.high
    if dist.log:
        x = math.exp(min(max(x, math.log(low)), math.log(high)))
    x = min(max(x, low), high)
    if isinstance(dist, IntDistribution):
        step = dist.step
        return int(min(max(low + round((x - low) / step) * step, low), high))
    if dist.step is not None:
        k = round((x - low) / dist.step)
        return float(min(low + k * dist.step, high))
    return float(x)
