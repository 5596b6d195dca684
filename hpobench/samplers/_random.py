from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.samplers._base import BaseSampler
from hpobench.samplers._seeding import TrialRngs
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study


class RandomSampler(BaseSampler):
    """Draw every parameter independently and uniformly (log-uniformly for ``log=True``).

    Each trial's values come from a generator seeded by ``(seed, trial number)``, so a
    seeded study gives trial ``k`` the same parameters whatever ``n_jobs`` is.

    Parameters
    ----------
    seed : int or None
        Seed of the generators; None draws one at random.

    Examples
    --------
    >>> import hpobench
    >>> sampler = hpobench.samplers.RandomSampler(seed=10)
    >>> study = hpobench.create_study(sampler=sampler)
    >>> study.optimize(lambda t: t.suggest_float("x", -5, 5) ** 2, n_trials=20)
    >>> -5 <= study.best_params["x"] <= 5
    True
    """

    def __init__(self, seed: int | None = None) -> None:
        self._rngs = TrialRngs(seed)

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
        return sample_uniform(param_distribution, self._rngs.for_trial(trial.number))

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        self._rngs.release(trial.number)


def sample_uniform(dist: BaseDistribution, rng: np.random.Generator) -> Any:
    """Draw one value (in the objective's terms) of ``dist`` uniformly on its scale."""
    draw = _DRAW_BY_TYPE.get(type(dist))
    if draw is None:
        draw = next((f for t, f in _DRAW_BY_TYPE.items() if isinstance(dist, t)), None)
        if draw is None:
            raise TypeError(f"Cannot sample from unknown distribution {dist!r}.")
    return draw(dist, rng)


def _index(n: int, rng: np.random.Generator) -> int:
    # floor(u * n) for u in [0, 1): a uniform index, cheaper than rng.integers for scalars.
    return min(int(rng.random() * n), n - 1)


def _sample_float(dist: FloatDistribution, rng: np.random.Generator) -> float:
    low, high = dist.low, dist.high
    if dist.step is not None:
        n_points = round((high - low) / dist.step) + 1
        return min(low + _index(n_points, rng) * dist.step, high)
    if dist.log:
        log_low = math.log(low)
        x = math.exp(log_low + (math.log(high) - log_low) * rng.random())
        return min(max(x, low), high)
    return min(low + (high - low) * rng.random(), high)


def _sample_int(dist: IntDistribution, rng: np.random.Generator) -> int:
    low, high = dist.low, dist.high
    if dist.log:
        # Equal mass to each integer's share of the log-scaled interval [low-0.5, high+0.5].
        log_low = math.log(low - 0.5)
        x = math.exp(log_low + (math.log(high + 0.5) - log_low) * rng.random())
        return min(max(round(x), low), high)
    return low + _index((high - low) // dist.step + 1, rng) * dist.step


def _sample_categorical(dist: CategoricalDistribution, rng: np.random.Generator) -> Any:
    return dist.choices[_index(len(dist.choices), rng)]


_DRAW_BY_TYPE: dict[type, Any] = {
    FloatDistribution: _sample_float,
    IntDistribution: _sample_int,
    CategoricalDistribution: _sample_categorical,
}
