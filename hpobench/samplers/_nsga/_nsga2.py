from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from hpobench.multi_objective import crowding_distance
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


class NSGAIISampler(GASampler):
    """The genetic algorithm NSGA-II (Deb, Pratap, Agarwal & Meyarivan, 2002).

    Trials are grouped into generations of ``population_size`` COMPLETE trials. The
    first generation is drawn at random. Each later trial is a child: two parents
    (three for UNDX and SPX) are picked by binary tournaments on Pareto rank, then
    crowding distance; with probability ``crossover_prob`` their numerical parameters
    are mixed by ``crossover`` and their categorical ones by uniform crossover (else
    the child copies the first parent); finally each parameter is mutated (by default
    drawn afresh uniformly) with probability ``mutation_prob``. The parents of the next
    generation are the best ``population_size`` trials of the current parents and
    children, by rank and then crowding distance.

    Constraints (``Trial.set_constraint`` or ``constraints_func``) act through
    constrained domination: feasible trials beat infeasible ones, and infeasible ones
    are ordered by their total violation. Generations and parents are kept in the
    storage (see :mod:`hpobench.samplers.nsgaii`), so workers cooperate. Parameters
    missing from some trials (conditional spaces) are drawn uniformly.

    Parameters
    ----------
    population_size : int, default=50
        Trials per generation, >= 2 and >= the crossover's ``n_parents``.
    mutation : BaseMutation or None, default=None
        How a numerical parameter chosen for mutation changes; None (and any
        categorical parameter) draws it afresh uniformly. ``PolynomialMutation`` suits
        continuous problems.
    mutation_prob : float or None, default=None
        In [0, 1]; None means 1 / (number of parameters).
    crossover : BaseCrossover or None, default=None
        None means ``UniformCrossover(swapping_prob)``. See :mod:`hpobench.samplers.nsgaii`.
    crossover_prob : float, default=0.9
        In [0, 1].
    swapping_prob : float, default=0.5
        In [0, 1]; the chance that a categorical parameter (and, with the default
        crossover, every parameter) comes from the second parent.
    seed : int or None, default=None
    constraints_func : callable or None, default=None
        ``frozen_trial -> sequence of floats``, called when a trial finishes; a trial
        is feasible when every value is <= 0.
    elite_population_selection_strategy : callable or None, default=None
        Optuna's hook ``(study, candidates) -> survivors``: given the current parents
        and the finished children (FrozenTrials), return the next population. None
        keeps the best ``population_size`` by rank and crowding distance.
    child_generation_strategy : callable or None, default=None
        Optuna's hook ``(study, search_space, population) -> params``: return the
        child's parameters (a subset of ``search_space``; the rest are drawn
        uniformly). None uses tournaments, ``crossover`` and mutation as above.
    after_trial_strategy : callable or None, default=None
        Optuna's hook ``(study, trial, state, values) -> None``, run when a trial
        finishes instead of storing ``constraints_func``'s values.

    Examples
    --------
    >>> import hpobench
    >>> def objective(trial):
    ...     x = trial.suggest_float("x", 0, 1)
    ...     return x, (1 - x) ** 2
    >>> sampler = hpobench.samplers.NSGAIISampler(population_size=10, seed=0)
    >>> study = hpobench.create_study(directions=["minimize", "minimize"], sampler=sampler)
    >>> study.optimize(objective, n_trials=30)
    >>> len(study.best_trials) > 0
    True
    """

    _prefix = "nsga2"

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

    def _select_elite(
        self, losses: np.ndarray, violation: np.ndarray, n: int, rng: np.random.Generator
    ) -> np.ndarray:
        return select_by_rank_and_crowding(losses, violation, n, rng)

    def _fitness(self, losses: np.ndarray, violation: np.ndarray) -> Fitness:
        ranks = constrained_ranks(losses, violation)
        crowding = np.zeros(len(losses))
        for rank in np.unique(ranks):
            members = np.flatnonzero(ranks == rank)
            crowding[members] = crowding_distance(losses[members])
        return Fitness(ranks, crowding)


def select_by_rank_and_crowding(
    losses: np.ndarray, violation: np.ndarray, n: int, rng: np.random.Generator
) -> np.ndarray:
    """Indices of the ``n`` best rows: whole fronts, the last one cut by crowding distance.

    Ties in crowding distance are broken at random.
    """
    ranks = constrained_ranks(losses, violation, n_below=n)
    chosen: list[np.ndarray] = []
    count = 0
    for rank in np.unique(ranks):
        members = np.flatnonzero(ranks == rank)
        if count + len(members) <= n:
            chosen.append(members)
            count += len(members)
            if count == n:
                break
            continue
        distance = crowding_distance(losses[members])
        order = np.lexsort((rng.random(len(members)), -distance))
        chosen.append(members[order[: n - count]])
        break
    return np.concatenate(chosen)
