"""Argument checks and trial selection shared by every plot's info function."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench import logging
from hpobench.study._study_direction import StudyDirection
from hpobench.trial._frozen import is_feasible
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study import Study
    from hpobench.trial import FrozenTrial

DEFAULT_TARGET_NAME = "Objective Value"
Target = Callable[["FrozenTrial"], float]

logger = logging.get_logger("hpobench.visualization")


def as_studies(study: Study | Sequence[Study], *, name: str = "study") -> list[Study]:
    """Return ``study`` as a list of studies, checking the type of each element."""
    from hpobench.study import Study

    if isinstance(study, Study):
        return [study]
    if isinstance(study, (str, bytes)) or not isinstance(study, Sequence):
        raise TypeError(
            f"{name} must be a Study or a sequence of Studies; got {type(study).__name__}."
        )
    for item in study:
        if not isinstance(item, Study):
            raise TypeError(
                f"{name} must be a Study or a sequence of Studies; got an element of type "
                f"{type(item).__name__}."
            )
    return list(study)


def check_study(study: Any) -> Study:
    """Return ``study`` when it is a single Study; raise TypeError otherwise."""
    from hpobench.study import Study

    if not isinstance(study, Study):
        raise TypeError(f"study must be a Study; got {type(study).__name__}.")
    return study


def check_target(
    studies: Sequence[Study], target: Target | None, target_name: str, *, allow_multi: bool = False
) -> None:
    """Check ``target`` and ``target_name``; a multi-objective study needs a target.

    ``allow_multi`` lets a plot that shows every objective (parallel coordinates,
    importances) accept a multi-objective study without a target.
    """
    if not isinstance(target_name, str):
        raise TypeError(f"target_name must be a str; got {target_name!r}.")
    if target is not None and not callable(target):
        raise TypeError(f"target must be a callable FrozenTrial -> float or None; got {target!r}.")
    if target is None and not allow_multi:
        for study in studies:
            n_objectives = len(study.directions)
            if n_objectives > 1:
                raise ValueError(
                    f"study {study.study_name!r} has {n_objectives} objectives; pass "
                    "target=lambda t: t.values[0] (or another objective) to choose the value "
                    "to plot."
                )
    if target is not None and target_name == DEFAULT_TARGET_NAME:
        warnings.warn(
            "target is given but target_name is the default 'Objective Value'; pass "
            "target_name to label what target computes.",
            UserWarning,
            stacklevel=3,
        )


def check_params(params: Any) -> list[str] | None:
    """Return ``params`` as a list of names without duplicates, or None."""
    if params is None:
        return None
    if isinstance(params, str) or not isinstance(params, Sequence):
        raise TypeError(f"params must be a list of parameter names or None; got {params!r}.")
    for name in params:
        if not isinstance(name, str):
            raise TypeError(f"params must contain parameter names (str); got {name!r}.")
    return list(dict.fromkeys(params))


def resolve_params(trials: Sequence[FrozenTrial], params: list[str] | None) -> list[str]:
    """Return the names to plot: all names of ``trials`` sorted, or the checked ``params``."""
    present: set[str] = set()
    for trial in trials:
        present.update(trial.params)
    if params is None:
        return sorted(present)
    unknown = [name for name in params if name not in present]
    if unknown:
        raise ValueError(
            f"params contains names that no plotted trial has: {unknown}; choose from "
            f"{sorted(present)}."
        )
    return params


def target_values(trials: Sequence[FrozenTrial], target: Target | None) -> np.ndarray:
    """Return the plotted value of each trial: its objective value or ``target(trial)``."""
    if target is None:
        return np.array([t.values[0] for t in trials], dtype=float)
    out = np.empty(len(trials))
    for i, trial in enumerate(trials):
        value = target(trial)
        try:
            out[i] = float(value)
        except (TypeError, ValueError):
            raise TypeError(
                f"target must return a float; it returned {value!r} for trial {trial.number}."
            ) from None
    return out


def finite_complete_trials(
    study: Study, target: Target | None
) -> tuple[list[FrozenTrial], np.ndarray]:
    """Return the COMPLETE trials whose plotted value is finite, with those values."""
    trials = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    values = target_values(trials, target)
    finite = np.isfinite(values)
    if not finite.all():
        logger.warning(
            "%d trial(s) of study %r are left out of the plot because their value is inf or nan.",
            int((~finite).sum()),
            study.study_name,
        )
        trials = [t for t, keep in zip(trials, finite) if keep]
        values = values[finite]
    return trials, values


def plotted_trials(
    study: Any, params: Any, target: Target | None, target_name: str
) -> tuple[Study, list[str] | None, list[FrozenTrial], np.ndarray]:
    """Check a single-target plot's arguments and return its study, params, trials, values.

    The trials are the COMPLETE ones with a finite value; when there are none, a warning
    says so and the plot is drawn empty.
    """
    study = check_study(study)
    check_target([study], target, target_name)
    params = check_params(params)
    trials, values = finite_complete_trials(study, target)
    if not trials:
        logger.warning("Study %r has no completed trials to plot.", study.study_name)
    return study, params, trials, values


def feasibility(trials: Sequence[FrozenTrial]) -> np.ndarray:
    """Return whether each trial satisfies its constraints (no constraints: feasible)."""
    return np.fromiter((is_feasible(t) for t in trials), dtype=bool, count=len(trials))


def numbers(trials: Sequence[FrozenTrial]) -> np.ndarray:
    """Return the trials' numbers as an int array."""
    return np.fromiter((t.number for t in trials), dtype=int, count=len(trials))


def minimizes(study: Study, target: Target | None) -> bool:
    """Whether smaller plotted values are better (a custom target counts as minimised)."""
    return target is not None or study.direction == StudyDirection.MINIMIZE


def objective_names(study: Study, prefix: str = "Objective") -> list[str]:
    """Return the study's metric names, or ``"<prefix> i"`` for each objective."""
    names = study.metric_names
    if names is not None:
        return list(names)
    return [f"{prefix} {i}" for i in range(len(study.directions))]


def importable(module: str) -> bool:
    """Return whether ``module`` can be imported."""
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def require(module: str, purpose: str) -> None:
    """Raise ImportError with an install hint when ``module`` cannot be imported."""
    if not importable(module):
        raise ImportError(
            f"{purpose} needs the {module} package, which is not installed; install it with "
            f"`pip install {module}`."
        )
