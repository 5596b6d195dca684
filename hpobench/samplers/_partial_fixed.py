from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from hpobench.distributions import BaseDistribution
from hpobench.samplers._base import BaseSampler
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study


class PartialFixedSampler(BaseSampler):
    """Fix some parameters to given values and let ``base_sampler`` choose the others.

    The fixed parameters are left out of the base sampler's relative search space, so
    it samples the others jointly as usual. A fixed value outside the distribution the
    objective suggests is used all the same, with a ``UserWarning``. Values of an
    enqueued trial (``study.enqueue_trial``) take precedence over the fixed ones.

    Parameters
    ----------
    fixed_params : mapping of str → value
        Parameter name → the value (in the objective's terms) every trial gets.
    base_sampler : BaseSampler
        Samples the parameters that are not fixed.

    Raises
    ------
    TypeError
        When ``fixed_params`` is not a mapping with str keys, or ``base_sampler`` is
        not a sampler.

    Examples
    --------
    >>> import hpobench
    >>> def objective(trial):
    ...     x = trial.suggest_float("x", -1, 1)
    ...     y = trial.suggest_int("y", -5, 5)
    ...     return x**2 + y
    >>> base = hpobench.samplers.RandomSampler(seed=0)
    >>> sampler = hpobench.samplers.PartialFixedSampler({"y": 0}, base)
    >>> study = hpobench.create_study(sampler=sampler)
    >>> study.optimize(objective, n_trials=5)
    >>> {t.params["y"] for t in study.trials}
    {0}
    """

    def __init__(self, fixed_params: Mapping[str, Any], base_sampler: BaseSampler) -> None:
        if not isinstance(fixed_params, Mapping) or not all(
            isinstance(name, str) for name in fixed_params
        ):
            raise TypeError(
                f"fixed_params must be a mapping of parameter name (str) → value; got "
                f"{fixed_params!r}."
            )
        if not isinstance(base_sampler, BaseSampler):
            raise TypeError(
                f"base_sampler must be a sampler (a BaseSampler); got {base_sampler!r}."
            )
        self._fixed_params = dict(fixed_params)
        self._base_sampler = base_sampler

    def __str__(self) -> str:
        return f"PartialFixedSampler({self._base_sampler})"

    def reseed_rng(self) -> None:
        self._base_sampler.reseed_rng()

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        space = self._base_sampler.infer_relative_search_space(study, trial)
        return {name: d for name, d in space.items() if name not in self._fixed_params}

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        params = self._base_sampler.sample_relative(study, trial, search_space)
        # A base sampler that ignores the space it is given must not override a fixed value.
        return {name: v for name, v in params.items() if name not in self._fixed_params}

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        if param_name not in self._fixed_params:
            return self._base_sampler.sample_independent(
                study, trial, param_name, param_distribution
            )
        return _checked_fixed_value(param_name, self._fixed_params[param_name], param_distribution)

    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        self._base_sampler.before_trial(study, trial)

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        self._base_sampler.after_trial(study, trial, state, values)


def _checked_fixed_value(name: str, value: Any, dist: BaseDistribution) -> Any:
    """Return ``value``; warn when it lies outside ``dist``, raise when it cannot be stored."""
    try:
        internal = dist.to_internal_repr(value)
    except ValueError as err:
        raise ValueError(
            f"fixed_params[{name!r}] = {value!r} cannot be a value of {dist}; fix the "
            "parameter to one of its values."
        ) from err
    if not dist._contains(internal):
        warnings.warn(
            f"fixed_params[{name!r}] = {value!r} is outside {dist}; it is used all the same.",
            UserWarning,
            stacklevel=5,  # the objective's suggest_* call
        )
    return value
