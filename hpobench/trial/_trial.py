from __future__ import annotations

import datetime
import math
import numbers
import warnings
from typing import TYPE_CHECKING, Any

from hpobench import logging
from hpobench.distributions import (
    BaseDistribution,
    _get_single_value,
    check_distribution_compatibility,
)
from hpobench.trial._base import BaseTrial, check_report_value, check_step
from hpobench.trial._frozen import CONSTRAINT_ATTR_PREFIX

if TYPE_CHECKING:
    from collections.abc import Sequence

    from hpobench.study._study import Study

_logger = logging.get_logger(__name__)


class Trial(BaseTrial):
    """A running trial: the object ``study.optimize`` passes to the objective.

    Its ``suggest_*`` methods ask the study's sampler for parameter values; ``report``
    and ``should_prune`` let the study's pruner stop an unpromising trial early.

    Examples
    --------
    >>> import hpobench
    >>> def objective(trial):
    ...     x = trial.suggest_float("x", -10, 10)
    ...     trial.set_user_attr("note", "a parabola")
    ...     return (x - 2) ** 2
    >>> study = hpobench.create_study()
    >>> study.optimize(objective, n_trials=5)
    >>> study.trials[0].user_attrs
    {'note': 'a parabola'}
    """

    def __init__(self, study: Study, trial_id: int) -> None:
        self.study = study
        self._trial_id = trial_id
        self.storage = study._storage
        study.sampler.before_trial(study, self.storage.get_trial(trial_id))
        # A private snapshot that this object keeps current as it writes.
        self._cached_frozen_trial = self.storage.get_trial(trial_id)._clone(deep=False)
        self._fixed_params: dict[str, Any] = self._cached_frozen_trial.system_attrs.get(
            "fixed_params", {}
        )
        self._relative_search_space: dict[str, BaseDistribution] | None = None
        self._relative_params: dict[str, Any] | None = None

    # -- suggestions -------------------------------------------------------------------
    def _suggest(self, name: str, distribution: BaseDistribution) -> Any:
        frozen = self._cached_frozen_trial
        known = frozen.distributions.get(name)
        if known is not None:
            if known != distribution:
                check_distribution_compatibility(known, distribution)
            return frozen.params[name]
        if name in self._fixed_params:
            value = self._fixed_value(name, distribution)
        elif distribution.single():
            value = _get_single_value(distribution)
        elif self._is_relative_param(name, distribution):
            value = self._relative_params[name]  # type: ignore[index]
        else:
            value = self.study.sampler.sample_independent(
                self._sampler_view(), frozen, name, distribution
            )
        internal = distribution.to_internal_repr(value)
        self.storage.set_trial_param(self._trial_id, name, internal, distribution)
        value = distribution.to_external_repr(internal)
        frozen.distributions[name] = distribution
        frozen.params[name] = value
        return value

    def _fixed_value(self, name: str, distribution: BaseDistribution) -> Any:
        value = self._fixed_params[name]
        if not distribution._contains(distribution.to_internal_repr(value)):
            warnings.warn(
                f"Fixed parameter {name!r} with value {value!r} is outside {distribution}; "
                "it is used all the same.",
                UserWarning,
                stacklevel=4,
            )
        return value

    def _sampler_view(self) -> Study:
        """The study as the sampler should see it (one Hyperband bracket, or all of it)."""
        from hpobench.pruners._filter import filter_study

        return filter_study(self.study, self._cached_frozen_trial)

    def _ensure_relative_params(self) -> dict[str, Any]:
        if self._relative_params is None:
            sampler, frozen, view = (
                self.study.sampler,
                self._cached_frozen_trial,
                self._sampler_view(),
            )
            self._relative_search_space = sampler.infer_relative_search_space(view, frozen)
            self._relative_params = sampler.sample_relative(
                view, frozen, self._relative_search_space
            )
        return self._relative_params

    def _is_relative_param(self, name: str, distribution: BaseDistribution) -> bool:
        if name not in self._ensure_relative_params():
            return False
        relative_distribution = (self._relative_search_space or {}).get(name)
        if relative_distribution is None:
            raise ValueError(
                f"The sampler's sample_relative returned parameter {name!r}, which is not in "
                "the search space from its infer_relative_search_space."
            )
        check_distribution_compatibility(relative_distribution, distribution)
        internal = distribution.to_internal_repr(self._relative_params[name])
        return distribution._contains(internal)

    # -- reporting ---------------------------------------------------------------------
    def report(self, value: float | Sequence[float], step: int) -> None:
        """Report the objective's intermediate ``value`` at ``step`` (an int >= 0).

        Only the first value reported for a step is kept. The study's pruner reads these
        values in :meth:`should_prune`.

        In a multi-objective study ``value`` is either one number per objective or a
        single number, the user's own scalarisation of them (pruners compare it as
        smaller-is-better). A per-objective report is kept whole in the system attribute
        ``intermediate_values:<step>``; ``intermediate_values[step]`` holds its first
        objective. See :mod:`hpobench.pruners` for how pruners use them.

        Raises
        ------
        TypeError
            When ``value`` is not a number (or, in a multi-objective study, a sequence of
            numbers) or ``step`` not an int.
        ValueError
            When ``step`` is negative, or a sequence has not one value per objective.

        Examples
        --------
        >>> import hpobench
        >>> study = hpobench.create_study(directions=["minimize", "maximize"])
        >>> trial = study.ask()
        >>> trial.report([0.3, 0.9], step=0)
        >>> trial.system_attrs["intermediate_values:0"]
        [0.3, 0.9]
        """
        vector = None
        n_objectives = len(self.study.directions)
        if n_objectives > 1:
            from hpobench.pruners._objective import check_report_vector, report_attr

            vector = check_report_vector(value, n_objectives)
        value = vector[0] if vector is not None else check_report_value(value)
        step = check_step(step)
        frozen = self._cached_frozen_trial
        if step in frozen.intermediate_values:
            warnings.warn(
                f"The value reported at step {step} is ignored: that step was already "
                f"reported (value {frozen.intermediate_values[step]}).",
                UserWarning,
                stacklevel=2,
            )
            return
        if vector is not None:
            # Written first: whoever sees the step also sees the whole report.
            self.set_system_attr(report_attr(step), vector)
        self.storage.set_trial_intermediate_value(self._trial_id, step, value)
        frozen.intermediate_values[step] = value

    def should_prune(self) -> bool:
        """Return whether the study's pruner says this trial should stop.

        Examples
        --------
        >>> import hpobench
        >>> def objective(trial):
        ...     for step in range(3):
        ...         trial.report(float(step), step)
        ...         if trial.should_prune():
        ...             raise hpobench.TrialPruned()
        ...     return 0.0
        >>> hpobench.create_study().optimize(objective, n_trials=2)
        """
        # The pruner gets the live snapshot, not a copy: pruners that record decisions in
        # the trial's system attributes (successive halving) update it as they write.
        return bool(self.study.pruner.prune(self.study, self._cached_frozen_trial))

    # -- attributes --------------------------------------------------------------------
    def set_user_attr(self, key: str, value: Any) -> None:
        """Set a user attribute (a JSON-serialisable value, for persistent storages)."""
        self.storage.set_trial_user_attr(self._trial_id, key, value)
        self._cached_frozen_trial.user_attrs[key] = value

    def set_system_attr(self, key: str, value: Any) -> None:
        """Set a system attribute (for samplers and pruners)."""
        self.storage.set_trial_system_attr(self._trial_id, key, value)
        self._cached_frozen_trial.system_attrs[key] = value

    def set_constraint(self, key: str, value: float) -> None:
        """Record a constraint value; the trial is feasible when every one is <= 0.

        Parameters
        ----------
        key : str
            The constraint's name; each may be set once.
        value : float
            Its value; NaN is refused.

        Examples
        --------
        >>> import hpobench
        >>> def objective(trial):
        ...     x = trial.suggest_float("x", 0, 1)
        ...     trial.set_constraint("x_below_half", x - 0.5)
        ...     return x
        >>> hpobench.create_study().optimize(objective, n_trials=3)
        """
        if not isinstance(key, str):
            raise TypeError(f"key must be a str; got {key!r}.")
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"value of constraint {key!r} must be a float; got {value!r}.")
        if math.isnan(value):
            raise ValueError(f"value of constraint {key!r} must not be NaN.")
        attr = CONSTRAINT_ATTR_PREFIX + key
        if attr in self._cached_frozen_trial.system_attrs:
            raise ValueError(f"Constraint {key!r} is already set on trial {self.number}.")
        self.set_system_attr(attr, float(value))

    # -- properties --------------------------------------------------------------------
    @property
    def number(self) -> int:
        """The trial's number in its study, from 0."""
        return self._cached_frozen_trial.number

    @property
    def params(self) -> dict[str, Any]:
        return dict(self._cached_frozen_trial.params)

    @property
    def distributions(self) -> dict[str, BaseDistribution]:
        return dict(self._cached_frozen_trial.distributions)

    @property
    def user_attrs(self) -> dict[str, Any]:
        return dict(self._cached_frozen_trial.user_attrs)

    @property
    def system_attrs(self) -> dict[str, Any]:
        return dict(self._cached_frozen_trial.system_attrs)

    @property
    def datetime_start(self) -> datetime.datetime | None:
        return self._cached_frozen_trial.datetime_start

    @property
    def relative_params(self) -> dict[str, Any]:
        """The values the sampler drew jointly for this trial."""
        return dict(self._ensure_relative_params())

    @property
    def constraints(self) -> list[float] | None:
        """The constraint values set so far, or None."""
        return self._cached_frozen_trial.constraints

    def __repr__(self) -> str:
        return f"Trial(number={self.number}, params={self._cached_frozen_trial.params})"
