from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.distributions import BaseDistribution
from hpobench.samplers._base import BaseSampler
from hpobench.samplers._seeding import check_seed
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study


class SwitchingSampler(BaseSampler):
    """Use one sampler after another, by trial number.

    ``SwitchingSampler([(a, 40), (b, 100), c])`` samples trials 0-39 with ``a``,
    40-139 with ``b`` and every later trial with ``c``. Each trial is handled wholly
    by the sampler of its number (relative and independent sampling, ``before_trial``
    and ``after_trial``), so the phase of a trial does not depend on which worker ran
    it. Every phase sees the whole history of the study.

    Parameters
    ----------
    phases : list
        ``(sampler, n_trials)`` pairs, then the last sampler alone.

    Raises
    ------
    TypeError, ValueError
        When ``phases`` is not of that shape, or an ``n_trials`` is not an int >= 1.

    Examples
    --------
    >>> import hpobench
    >>> from hpobench.samplers import CmaEsSampler, RandomSampler, SwitchingSampler
    >>> sampler = SwitchingSampler([(RandomSampler(seed=0), 10), CmaEsSampler(seed=0)])
    >>> study = hpobench.create_study(sampler=sampler)
    >>> study.optimize(
    ...     lambda t: t.suggest_float("x", -3, 3) ** 2 + t.suggest_float("y", -3, 3) ** 2,
    ...     n_trials=60,
    ... )
    >>> study.best_value < 0.1
    True
    """

    def __init__(self, phases: Sequence[tuple[BaseSampler, int] | BaseSampler]) -> None:
        self._samplers, self._ends = _parse_phases(phases)

    @property
    def samplers(self) -> list[BaseSampler]:
        """The samplers, in the order they are used."""
        return list(self._samplers)

    def __str__(self) -> str:
        parts = [f"({s}, {n})" for s, n in zip(self._samplers, self._counts())]
        return f"SwitchingSampler([{', '.join([*parts, str(self._samplers[-1])])}])"

    def _counts(self) -> list[int]:
        return [end - start for start, end in zip([0, *self._ends], self._ends)]

    def sampler_for(self, number: int) -> BaseSampler:
        """Return the sampler of trial ``number``."""
        for sampler, end in zip(self._samplers, self._ends):
            if number < end:
                return sampler
        return self._samplers[-1]

    def reseed_rng(self) -> None:
        for sampler in self._samplers:
            sampler.reseed_rng()

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        return self.sampler_for(trial.number).infer_relative_search_space(study, trial)

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        return self.sampler_for(trial.number).sample_relative(study, trial, search_space)

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        sampler = self.sampler_for(trial.number)
        return sampler.sample_independent(study, trial, param_name, param_distribution)

    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        self.sampler_for(trial.number).before_trial(study, trial)

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        self.sampler_for(trial.number).after_trial(study, trial, state, values)


class TPECmaEsSampler(SwitchingSampler):
    """The paper's mixture: TPE for the first ``switch_after`` trials, CMA-ES after.

    After the switch, CMA-ES samples the float and int parameters that all trials
    share, and the same TPE sampler keeps sampling the others (categorical and
    conditional parameters), learning from the whole history.

    Parameters
    ----------
    switch_after : int
        Number of trials sampled by TPE (>= 1); the paper uses 40 of 80.
    seed : int or None
        Seed of both samplers (each gets its own seed derived from it).

    Examples
    --------
    >>> import hpobench
    >>> sampler = hpobench.samplers.TPECmaEsSampler(switch_after=20, seed=0)
    >>> study = hpobench.create_study(sampler=sampler)
    >>> study.optimize(
    ...     lambda t: t.suggest_float("x", -3, 3) ** 2 + t.suggest_float("y", -3, 3) ** 2,
    ...     n_trials=60,
    ... )
    >>> study.best_value < 0.1
    True
    """

    def __init__(self, switch_after: int = 40, seed: int | None = None) -> None:
        from hpobench.samplers._cmaes import CmaEsSampler
        from hpobench.samplers._tpe import TPESampler

        if isinstance(switch_after, bool) or not isinstance(switch_after, (int, np.integer)):
            raise ValueError(f"switch_after must be an int >= 1; got {switch_after!r}.")
        if switch_after < 1:
            raise ValueError(f"switch_after must be an int >= 1; got {switch_after!r}.")
        seed = check_seed(seed)
        tpe_seed, cma_seed = (None, None) if seed is None else _derived_seeds(seed)
        tpe = TPESampler(seed=tpe_seed)
        cma = CmaEsSampler(independent_sampler=tpe, warn_independent_sampling=False, seed=cma_seed)
        cma._warm_start_from_study = True
        super().__init__([(tpe, switch_after), cma])


def _derived_seeds(seed: int) -> tuple[int, int]:
    first, second = np.random.SeedSequence([seed, 0x7C3A]).generate_state(2, dtype=np.uint64)
    return int(first), int(second)


def _parse_phases(
    phases: Sequence[tuple[BaseSampler, int] | BaseSampler],
) -> tuple[list[BaseSampler], list[int]]:
    shape = "a list of (sampler, n_trials) pairs followed by one sampler"
    if isinstance(phases, (str, bytes)) or not isinstance(phases, Sequence) or not phases:
        raise TypeError(f"phases must be {shape}; got {phases!r}.")
    *pairs, last = phases
    if not isinstance(last, BaseSampler):
        raise TypeError(f"phases must be {shape}: the last item must be a sampler; got {last!r}.")
    samplers: list[BaseSampler] = []
    ends: list[int] = []
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], BaseSampler)):
            raise TypeError(f"phases must be {shape}: expected (sampler, n_trials); got {pair!r}.")
        sampler, n_trials = pair
        if isinstance(n_trials, bool) or not isinstance(n_trials, (int, np.integer)):
            raise ValueError(f"n_trials must be an int >= 1; got {n_trials!r}.")
        if n_trials < 1:
            raise ValueError(f"n_trials must be an int >= 1; got {n_trials!r}.")
        samplers.append(sampler)
        ends.append((ends[-1] if ends else 0) + int(n_trials))
    return [*samplers, last], ends
