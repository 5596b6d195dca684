from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

import numpy as np

from hpobench.samplers._nsga._constraints import constrained_ranks
from hpobench.samplers._nsga._crossovers import BaseCrossover, BaseMutation
from hpobench.samplers._nsga._ga import (
    AfterTrialStrategy,
    ChildStrategy,
    EliteStrategy,
    Fitness,
    GASampler,
)
from hpobench.trial._frozen import FrozenTrial


class NSGAIIISampler(GASampler):
    """The genetic algorithm NSGA-III (Deb & Jain, 2014), for many objectives.

    It breeds like :class:`NSGAIISampler` (parents by tournaments on constrained
    Pareto rank), but the last front that fits only partly into the next population
    is cut by reference-point niching instead of crowding distance: the objectives
    are normalised by the ideal point and the intercepts of the hyperplane through the
    extreme points, each trial is associated with its nearest reference direction, and
    trials are added one at a time to the least crowded directions.

    Parameters
    ----------
    reference_points : array of shape (n_points, n_objectives) or None, default=None
        Points on (or near) the unit simplex; None uses the Das-Dennis lattice with
        ``dividing_parameter`` divisions per objective.
    dividing_parameter : int, default=3
        >= 1.
    population_size, mutation, mutation_prob, crossover, crossover_prob, swapping_prob
        As for :class:`NSGAIISampler`.
    seed, constraints_func
        As for :class:`NSGAIISampler`.
    elite_population_selection_strategy, child_generation_strategy, after_trial_strategy
        Optuna's hooks, as for :class:`NSGAIISampler` (None: NSGA-III's own niching).

    Examples
    --------
    >>> import hpobench
    >>> def objective(trial):
    ...     x, y = trial.suggest_float("x", 0, 1), trial.suggest_float("y", 0, 1)
    ...     return x, y, 2 - x - y
    >>> sampler = hpobench.samplers.NSGAIIISampler(population_size=12, seed=0)
    >>> study = hpobench.create_study(directions=["minimize"] * 3, sampler=sampler)
    >>> study.optimize(objective, n_trials=36)
    >>> len(study.best_trials) > 0
    True
    """

    _prefix = "nsga3"

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
        reference_points: np.ndarray | None = None,
        dividing_parameter: int = 3,
    ) -> None:
        super().__init__(
            population_size=population_size,
            mutation=mutation,
            mutation_prob=mutation_prob,
            crossover=crossover,
            crossover_prob=crossover_prob,
            swapping_prob=swapping_prob,
            seed=seed,
            constraints_func=constraints_func,
            elite_population_selection_strategy=elite_population_selection_strategy,
            child_generation_strategy=child_generation_strategy,
            after_trial_strategy=after_trial_strategy,
        )
        if isinstance(dividing_parameter, bool) or not isinstance(
            dividing_parameter, (int, np.integer)
        ):
            raise TypeError(f"dividing_parameter must be an int >= 1; got {dividing_parameter!r}.")
        if dividing_parameter < 1:
            raise ValueError(
                f"dividing_parameter must be an int >= 1; got {dividing_parameter!r}."
            )
        self._dividing_parameter = int(dividing_parameter)
        self._reference_points = None
        if reference_points is not None:
            points = np.asarray(reference_points, dtype=float)
            if points.ndim != 2 or len(points) == 0 or not np.isfinite(points).all():
                raise ValueError(
                    "reference_points must be a non-empty finite 2-D array "
                    f"(points x objectives); got {reference_points!r}."
                )
            self._reference_points = points

    def _references(self, n_objectives: int) -> np.ndarray:
        if self._reference_points is None:
            return das_dennis(n_objectives, self._dividing_parameter)
        if self._reference_points.shape[1] != n_objectives:
            raise ValueError(
                f"reference_points must have one column per objective ({n_objectives}); "
                f"got shape {self._reference_points.shape}."
            )
        return self._reference_points

    def _select_elite(
        self, losses: np.ndarray, violation: np.ndarray, n: int, rng: np.random.Generator
    ) -> np.ndarray:
        references = self._references(losses.shape[1])
        ranks = constrained_ranks(losses, violation, n_below=n)
        chosen: list[int] = []
        for rank in np.unique(ranks):
            members = np.flatnonzero(ranks == rank)
            if len(chosen) + len(members) <= n:
                chosen.extend(members.tolist())
                if len(chosen) == n:
                    break
                continue
            picked = niche_select(
                losses,
                np.array(chosen, dtype=int),
                members,
                n - len(chosen),
                references,
                rng,
            )
            chosen.extend(picked.tolist())
            break
        return np.array(chosen, dtype=int)

    def _fitness(self, losses: np.ndarray, violation: np.ndarray) -> Fitness:
        return Fitness(constrained_ranks(losses, violation), np.zeros(len(losses)))


def das_dennis(n_objectives: int, divisions: int) -> np.ndarray:
    """The points of the unit simplex whose coordinates are multiples of 1 / ``divisions``.

    Examples
    --------
    >>> das_dennis(2, 2).tolist()
    [[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]]
    """
    rows = [
        [b - a - 1 for a, b in zip((-1, *cuts), (*cuts, divisions + n_objectives - 1))]
        for cuts in itertools.combinations(range(divisions + n_objectives - 1), n_objectives - 1)
    ]
    return np.array(rows, dtype=float) / divisions


def normalize(losses: np.ndarray) -> np.ndarray:
    """Translate by the ideal point and scale by the intercepts of the extreme hyperplane."""
    m = losses.shape[1]
    ideal = losses.min(axis=0)
    shifted = losses - ideal
    weights = np.full((m, m), 1e-6) + np.eye(m) * (1.0 - 1e-6)
    # Extreme point of axis j: the row minimising the achievement scalarising function.
    asf = np.max(shifted[None, :, :] / weights[:, None, :], axis=2)
    extremes = shifted[np.argmin(asf, axis=1)]
    intercepts = None
    try:
        b = np.linalg.solve(extremes, np.ones(m))
        with np.errstate(divide="ignore"):
            candidate = 1.0 / b
        if np.all(np.isfinite(candidate)) and np.all(candidate > 1e-10):
            intercepts = candidate
    except np.linalg.LinAlgError:
        pass
    if intercepts is None:
        intercepts = shifted.max(axis=0)
    intercepts = np.where(intercepts > 1e-10, intercepts, 1.0)
    return shifted / intercepts


def associate(points: np.ndarray, references: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each point's nearest reference direction and its perpendicular distance to it."""
    norms = np.linalg.norm(references, axis=1, keepdims=True)
    units = references / np.where(norms > 0, norms, 1.0)
    projection = points @ units.T
    squared = np.sum(points**2, axis=1, keepdims=True) - projection**2
    distance = np.sqrt(np.maximum(squared, 0.0))
    nearest = np.argmin(distance, axis=1)
    return nearest, distance[np.arange(len(points)), nearest]


def niche_select(
    losses: np.ndarray,
    chosen: np.ndarray,
    last_front: np.ndarray,
    k: int,
    references: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Pick ``k`` rows of ``last_front`` by reference-point niching (Deb & Jain, 2014)."""
    pool = np.concatenate([chosen, last_front])
    finite = np.where(np.isfinite(losses[pool]), losses[pool], np.nan)
    fill = np.nanmax(np.abs(finite)) * 10.0 + 1.0 if np.isfinite(finite).any() else 1.0
    normalized = normalize(np.nan_to_num(finite, nan=fill))
    nearest, distance = associate(normalized, references)
    counts = np.bincount(nearest[: len(chosen)], minlength=len(references)).astype(float)
    front_ref = nearest[len(chosen) :]
    front_dist = distance[len(chosen) :]
    available = np.ones(len(last_front), dtype=bool)
    open_refs = np.zeros(len(references), dtype=bool)
    open_refs[np.unique(front_ref)] = True
    picked: list[int] = []
    while len(picked) < k:
        masked = np.where(open_refs, counts, math.inf)
        lowest = np.flatnonzero(masked == masked.min())
        j = int(lowest[min(int(rng.random() * len(lowest)), len(lowest) - 1)])
        candidates = np.flatnonzero(available & (front_ref == j))
        if candidates.size == 0:
            open_refs[j] = False
            continue
        if counts[j] == 0:
            i = int(candidates[np.argmin(front_dist[candidates])])
        else:
            i = int(candidates[min(int(rng.random() * len(candidates)), len(candidates) - 1)])
        available[i] = False
        picked.append(int(last_front[i]))
        counts[j] += 1
    return np.array(picked, dtype=int)
