from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hpobench.distributions import BaseDistribution
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study


class BaseSampler(abc.ABC):
    """The interface of samplers: how a trial's parameter values are chosen.

    A trial asks its sampler in two ways. *Relative* sampling draws the parameters of
    ``infer_relative_search_space`` jointly, once per trial, before the objective asks
    for them (``sample_relative``); every other parameter is drawn alone when the
    objective asks for it (``sample_independent``). ``before_trial`` and
    ``after_trial`` run when a trial starts and just before it is stored as finished.

    Examples
    --------
    A sampler that always proposes the middle of the range:

    >>> import hpobench
    >>> class MidSampler(hpobench.samplers.BaseSampler):
    ...     def infer_relative_search_space(self, study, trial):
    ...         return {}
    ...     def sample_relative(self, study, trial, search_space):
    ...         return {}
    ...     def sample_independent(self, study, trial, name, dist):
    ...         return (dist.low + dist.high) / 2
    >>> study = hpobench.create_study(sampler=MidSampler())
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 4), n_trials=1)
    >>> study.best_params
    {'x': 2.0}
    """

    def __str__(self) -> str:
        return type(self).__name__

    @abc.abstractmethod
    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        """Return the parameters to draw jointly for ``trial`` (name → distribution)."""

    @abc.abstractmethod
    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        """Return values (in the objective's terms) for the parameters of ``search_space``."""

    @abc.abstractmethod
    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        """Return a value (in the objective's terms) for one parameter."""

    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        """Run when a trial starts, before any parameter is sampled."""

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        """Run when a trial ends, before its state and values are stored."""

    def reseed_rng(self) -> None:
        """Draw a fresh seed, so that copies of this sampler sample differently."""

    def _raise_error_if_multi_objective(self, study: Study) -> None:
        if len(study.directions) > 1:
            raise ValueError(
                f"{self} supports single-objective studies only; this study has "
                f"{len(study.directions)} objectives."
            )


def stop_if_optimizing(study: Study) -> None:
    """Stop the study's running ``optimize`` (a finite space is exhausted); no-op otherwise."""
    if study._n_active_optimize > 0:
        study.stop()


def default_sampler(n_objectives: int) -> BaseSampler:
    """Return the sampler of a study created without one: :class:`TPESampler`.

    Its defaults (multivariate, grouped, constant liar) suit one or several objectives.
    """
    from hpobench.samplers._tpe import TPESampler

    return TPESampler()
