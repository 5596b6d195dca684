"""Which trials and parameters an importance evaluation uses, and their target values.

Rules shared by every evaluator:

* Only COMPLETE trials count. Their target is ``target(trial)`` when ``target`` is given,
  otherwise the objective value; a multi-objective study needs ``target``.
* Trials whose target is not finite (inf, -inf or NaN) are dropped, with a warning that
  says how many.
* At least 2 trials must remain, or a ValueError says how many there are.

The forest-based evaluators (fANOVA, MDI) and the marginal curves then take, as in Optuna,
the parameters every remaining trial has when ``params`` is None (conditional parameters
drop out), or the trials that hold all of ``params`` when it is given.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from hpobench.distributions import BaseDistribution
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study

Target = Callable[[FrozenTrial], float]


@dataclass(frozen=True)
class TrialData:
    """The trials of an evaluation, their target values and the evaluated parameters.

    Attributes
    ----------
    distributions : dict of str to BaseDistribution
        The evaluated parameters and their distributions (in ``params`` order, or sorted by
        name when ``params`` was None).
    trials : list of FrozenTrial
        The COMPLETE trials with a finite target that hold every evaluated parameter.
    values : numpy.ndarray
        The target value of each trial, shape ``(len(trials),)``.
    """

    distributions: dict[str, BaseDistribution]
    trials: list[FrozenTrial]
    values: np.ndarray


def check_params(params: Sequence[str] | None) -> list[str] | None:
    """Validate the ``params`` argument: None, or a list/tuple of distinct names."""
    if params is None:
        return None
    if not isinstance(params, (list, tuple)) or not all(isinstance(p, str) for p in params):
        raise TypeError(f"params must be None or a list of parameter names (str); got {params!r}.")
    if len(set(params)) != len(params):
        raise ValueError(f"params must not repeat a name; got {list(params)!r}.")
    return list(params)


def finite_trials(study: Study, target: Target | None) -> tuple[list[FrozenTrial], np.ndarray]:
    """Return the COMPLETE trials with a finite target, and those target values.

    Raises
    ------
    ValueError
        If the study is multi-objective and ``target`` is None, or fewer than 2 such
        trials exist.
    """
    n_objectives = len(study.directions)
    if target is None and n_objectives > 1:
        raise ValueError(
            f"target is required for a multi-objective study (this one has {n_objectives} "
            "objectives); pass e.g. target=lambda t: t.values[0] to use the first objective."
        )
    if target is not None and not callable(target):
        raise TypeError(f"target must be None or a callable FrozenTrial -> float; got {target!r}.")
    complete = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    values = np.array([_target_value(t, target) for t in complete], dtype=float)
    finite = np.isfinite(values)
    n_dropped = int(np.count_nonzero(~finite))
    if n_dropped:
        warnings.warn(
            f"Parameter importances ignore {n_dropped} of {len(complete)} COMPLETE trials "
            "whose target value is not finite (inf or NaN).",
            UserWarning,
            stacklevel=3,
        )
    trials = [t for t, ok in zip(complete, finite) if ok]
    _require_two(len(trials), "COMPLETE trials with a finite target value")
    return trials, values[finite]


def select_trials(study: Study, params: Sequence[str] | None, target: Target | None) -> TrialData:
    """Select trials and parameters by the forest evaluators' rule (see the module doc).

    Raises
    ------
    ValueError
        For a multi-objective study without ``target``, fewer than 2 usable trials, a name
        in ``params`` that no usable trial has, or a parameter whose distribution differs
        between the selected trials.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study()
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    >>> data = select_trials(study, None, lambda t: 2 * t.value)
    >>> list(data.distributions), len(data.trials)
    (['x'], 3)
    >>> bool(data.values[0] == 2 * data.trials[0].value)
    True
    """
    names = check_params(params)
    trials, values = finite_trials(study, target)
    if names is None:
        distributions = shared_distributions(trials)
        return TrialData(distributions, trials, values)
    _check_known(names, trials)
    keep = [all(n in t.distributions for n in names) for t in trials]
    trials = [t for t, k in zip(trials, keep) if k]
    values = values[np.asarray(keep, dtype=bool)]
    _require_two(len(trials), f"COMPLETE trials with a finite target that hold all of {names}")
    return TrialData(_common_distributions(names, trials), trials, values)


def _target_value(trial: FrozenTrial, target: Target | None) -> float:
    value = trial.value if target is None else target(trial)
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise TypeError(
            f"target must return a real number; got {value!r} for trial {trial.number}."
        ) from None


def _require_two(n: int, what: str) -> None:
    if n < 2:
        raise ValueError(
            f"Parameter importances need at least 2 {what}; got {n}. Run more trials first."
        )


def shared_distributions(trials: list[FrozenTrial]) -> dict[str, BaseDistribution]:
    """The parameters every trial has with the same distribution, sorted by name."""
    shared = dict(trials[0].distributions)
    for trial in trials[1:]:
        current = trial.distributions
        # Identity first: trials of one storage usually share distribution objects.
        shared = {n: d for n, d in shared.items() if (other := current.get(n)) is d or other == d}
    return dict(sorted(shared.items()))


def _check_known(names: list[str], trials: list[FrozenTrial]) -> None:
    known = {n for t in trials for n in t.distributions}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(
            f"params has names that no COMPLETE trial with a finite target holds: {unknown}; "
            f"the known parameters are {sorted(known)}."
        )


def _common_distributions(
    names: list[str], trials: list[FrozenTrial]
) -> dict[str, BaseDistribution]:
    distributions = {n: trials[0].distributions[n] for n in names}
    for trial in trials[1:]:
        for name in names:
            if trial.distributions[name] != distributions[name]:
                raise ValueError(
                    f"Parameter {name!r} has different distributions across trials "
                    f"({distributions[name]} and {trial.distributions[name]}); importances "
                    "need one distribution per parameter. Leave it out of params."
                )
    return distributions
