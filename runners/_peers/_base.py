"""The adapter protocol of peer optimizers, and its bridge into hpobench studies.

A peer (Optuna, hyperopt, SMAC3, nevergrad, scikit-optimize) is wrapped by a
:class:`PeerOptimizer`: ``suggest()`` returns a configuration of the search space,
``observe(params, values, state)`` feeds the outcome back. :class:`PeerSampler` makes it
an hpobench sampler, so its runs are recorded exactly like native ones: the time of
``suggest`` falls in ``ask_s``, that of ``observe`` in ``tell_s``.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.pruners import BasePruner
from hpobench.samplers import BaseSampler
from hpobench.trial import FrozenTrial, TrialState

if TYPE_CHECKING:
    from hpobench import Study

__all__ = ["PeerOptimizer", "PeerPruner", "PeerSampler", "snap"]


class PeerOptimizer(abc.ABC):
    """A peer optimizer behind two calls: suggest a configuration, observe its outcome.

    Parameters
    ----------
    space : dict
        Parameter name → hpobench distribution, in order.
    directions : list of str
        ``"minimize"``/``"maximize"`` per objective.
    seed : int
        The run's sampler seed.
    max_trials : int or None
        The run's trial budget, for optimizers that plan with it (SMAC3, nevergrad).
    n_constraints : int
        The problem's number of constraints (feasible when all are <= 0).

    Subclasses implement :meth:`suggest` and :meth:`observe`; those that prune implement
    :meth:`should_prune`.
    """

    def __init__(
        self,
        space: Mapping[str, BaseDistribution],
        directions: Sequence[str],
        seed: int,
        max_trials: int | None,
        n_constraints: int = 0,
    ) -> None:
        self.space = dict(space)
        self.directions = list(directions)
        self.seed = seed
        self.max_trials = max_trials
        self.n_constraints = n_constraints

    def sign(self) -> float:
        """+1 to minimise the (single) objective, -1 to maximise it."""
        return -1.0 if self.directions[0] == "maximize" else 1.0

    def require_plain_problem(self, package: str) -> None:
        """Raise ValueError for several objectives or constraints, which ``package`` ignores."""
        if len(self.directions) != 1:
            raise ValueError(
                f"{package} optimizes one objective; this problem has "
                f"{len(self.directions)} ({self.directions}). Use an Optuna or hpobench "
                "sampler for multi-objective problems."
            )
        if self.n_constraints:
            raise ValueError(
                f"{package} does not handle constraints; this problem has {self.n_constraints}. "
                "Use an Optuna or hpobench sampler for constrained problems."
            )

    def loss(self, values: list[float] | None) -> float | None:
        """The single objective as a value to minimise (None stays None)."""
        return None if values is None else self.sign() * values[0]

    @abc.abstractmethod
    def suggest(self) -> dict[str, Any]:
        """Return the next configuration: every parameter of ``space``."""

    @abc.abstractmethod
    def observe(
        self,
        params: dict[str, Any],
        values: list[float] | None,
        state: str,
        constraints: list[float] | None = None,
    ) -> None:
        """Feed back the last suggestion's outcome.

        ``state`` is ``"complete"``, ``"pruned"`` (``values``: the last reported) or
        ``"failed"`` (``values`` is None); ``constraints`` are the trial's constraint
        values (None for an unconstrained problem).
        """

    def should_prune(self, step: int, value: float) -> bool:
        """Report an intermediate value; return True to stop the trial (default: never)."""
        return False


def snap(value: Any, dist: BaseDistribution) -> Any:
    """Return ``value`` moved into ``dist`` (rounded onto its grid, clipped to its bounds).

    Peers return floats for integers, or values a rounding error off a step grid.

    Examples
    --------
    >>> snap(3.4, IntDistribution(1, 10))
    3
    >>> snap(0.30000000000000004, FloatDistribution(0.0, 1.0, step=0.1))
    0.3
    """
    if isinstance(dist, CategoricalDistribution):
        return value
    low, high = dist.low, dist.high
    step = dist.step
    if isinstance(dist, IntDistribution):
        step = step or 1
        k = round((float(value) - low) / step)
        return int(min(max(low + k * step, low), high))
    if not isinstance(dist, FloatDistribution):
        raise TypeError(f"unsupported distribution {dist!r}.")
    value = float(value)
    if step is not None:
        k = round((value - low) / step)
        value = float(round(low + k * step, 12))
    return min(max(value, low), high)


class PeerSampler(BaseSampler):
    """An hpobench sampler whose every parameter comes from a :class:`PeerOptimizer`."""

    def __init__(self, peer: PeerOptimizer) -> None:
        self.peer = peer
        self._params: dict[int, dict[str, Any]] = {}

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        return dict(self.peer.space)

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        suggested = self.peer.suggest()
        missing = [name for name in search_space if name not in suggested]
        if missing:
            raise RuntimeError(f"the peer optimizer suggested no value for {missing}.")
        params = {name: snap(suggested[name], dist) for name, dist in search_space.items()}
        self._params[trial.number] = params
        return params

    def sample_independent(
        self, study: Study, trial: FrozenTrial, name: str, dist: BaseDistribution
    ) -> Any:
        raise RuntimeError(
            f"the peer optimizer's value for {name!r} is outside {dist}; it must suggest "
            "every parameter inside the search space."
        )

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        params = self._params.pop(trial.number, None)
        if params is None:
            return
        kind = {TrialState.COMPLETE: "complete", TrialState.PRUNED: "pruned"}.get(state, "failed")
        observed = None if kind == "failed" or values is None else [float(v) for v in values]
        kind = kind if observed is not None else "failed"
        self.peer.observe(params, observed, kind, trial.constraints)


class PeerPruner(BasePruner):
    """An hpobench pruner that asks the peer (e.g. an Optuna pruner) about each step."""

    def __init__(self, peer: PeerOptimizer) -> None:
        self.peer = peer

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        step = trial.last_step
        if step is None:
            return False
        value = trial.intermediate_values[step]
        return bool(self.peer.should_prune(step, float(value)))
