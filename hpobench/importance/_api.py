"""The public functions: importances, interactions, and both with their spread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from hpobench.importance._base import BaseImportanceEvaluator
from hpobench.importance._fanova import FanovaImportanceEvaluator
from hpobench.importance._result import ImportanceResult, normalize_result
from hpobench.trial._frozen import FrozenTrial

if TYPE_CHECKING:
    from hpobench.study._study import Study


def get_importance_result(
    study: Study,
    *,
    evaluator: BaseImportanceEvaluator | None = None,
    params: list[str] | None = None,
    target: Callable[[FrozenTrial], float] | None = None,
    normalize: bool = True,
    interactions: bool = False,
) -> ImportanceResult:
    """Evaluate parameter importances with their spread and, optionally, interactions.

    Parameters
    ----------
    study : Study
        An optimised study; its COMPLETE trials are analysed.
    evaluator : BaseImportanceEvaluator or None
        The algorithm; None for ``FanovaImportanceEvaluator()`` (see the package docs).
    params : list of str or None
        The parameters to assess; None for the evaluator's default set.
    target : callable or None
        Maps a trial to the value to explain; required for a multi-objective study.
    normalize : bool, default=True
        Divide every number by the sum of the main-effect importances, so that they sum
        to 1 and interactions stay on the same scale; with False, fANOVA gives fractions
        of the total variance.
    interactions : bool, default=False
        Also compute fANOVA's pairwise interactions (None for other evaluators).

    Returns
    -------
    ImportanceResult

    Raises
    ------
    TypeError
        If ``evaluator`` is not a :class:`BaseImportanceEvaluator` or ``params`` is not a
        list of names.
    ValueError
        For a multi-objective study without ``target``, fewer than 2 COMPLETE trials with
        a finite target, or an unknown parameter name.

    Examples
    --------
    >>> import hpobench
    >>> def objective(trial):
    ...     x, y = trial.suggest_float("x", 0, 1), trial.suggest_float("y", 0, 1)
    ...     return x + 4 * x * y
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(objective, n_trials=200)
    >>> evaluator = hpobench.importance.FanovaImportanceEvaluator(n_trees=16, seed=0)
    >>> result = get_importance_result(study, evaluator=evaluator, interactions=True)
    >>> list(result.importances), list(result.interactions)
    (['x', 'y'], [('x', 'y')])
    """
    evaluator = _check_evaluator(evaluator)
    if not isinstance(interactions, bool):
        raise TypeError(f"interactions must be a bool; got {interactions!r}.")
    result = evaluator.evaluate_result(study, params, target=target, interactions=interactions)
    return normalize_result(result) if normalize else result


def get_param_importances(
    study: Study,
    *,
    evaluator: BaseImportanceEvaluator | None = None,
    params: list[str] | None = None,
    target: Callable[[FrozenTrial], float] | None = None,
    normalize: bool = True,
) -> dict[str, float]:
    """Evaluate parameter importances from a study's COMPLETE trials.

    Parameters are as for :func:`get_importance_result`. With ``normalize`` the
    importances sum to 1 (equal shares when every importance is 0, as in Optuna). The
    default evaluator is :class:`FanovaImportanceEvaluator` (Optuna 5.0 defaults to
    PED-ANOVA; see the package documentation for why hpobench keeps fANOVA).

    Returns
    -------
    dict of str to float
        Parameter name to importance, sorted descending.

    Raises
    ------
    TypeError, ValueError
        As :func:`get_importance_result`.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) + 0 * t.suggest_int("n", 0, 9), 50)
    >>> importances = get_param_importances(study)
    >>> list(importances), round(sum(importances.values()), 6)
    (['x', 'n'], 1.0)
    """
    evaluator = _check_evaluator(evaluator)
    result = evaluator.evaluate_result(study, params, target=target)
    return (normalize_result(result) if normalize else result).importances


def get_param_interaction_importances(
    study: Study,
    *,
    evaluator: FanovaImportanceEvaluator | None = None,
    params: list[str] | None = None,
    target: Callable[[FrozenTrial], float] | None = None,
    normalize: bool = True,
) -> dict[tuple[str, str], float]:
    """Evaluate fANOVA's pairwise interaction importances.

    A pair's importance is the variance of its joint marginal less the two main effects,
    as a fraction of the total variance (Hutter et al., ICML 2014), averaged over trees.
    With ``normalize`` the fractions are divided by the sum of the main effects, as in
    :func:`get_importance_result`; they do not sum to 1 (an additive objective has
    interactions near 0). Other arguments are as for :func:`get_param_importances`.

    Returns
    -------
    dict of (str, str) to float
        Pair to importance, sorted descending; every pair of evaluated parameters once.

    Raises
    ------
    TypeError
        If ``evaluator`` is not a :class:`FanovaImportanceEvaluator`.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(lambda t: t.suggest_float("x", -1, 1) * t.suggest_float("y", -1, 1), 200)
    >>> pairs = get_param_interaction_importances(study, normalize=False)
    >>> pairs[("x", "y")] > 0.5
    True
    """
    if evaluator is None:
        evaluator = FanovaImportanceEvaluator()
    if not isinstance(evaluator, FanovaImportanceEvaluator):
        raise TypeError(
            "evaluator must be a FanovaImportanceEvaluator (only fANOVA measures "
            f"interactions); got {type(evaluator).__name__}."
        )
    result = get_importance_result(
        study,
        evaluator=evaluator,
        params=params,
        target=target,
        normalize=normalize,
        interactions=True,
    )
    assert result.interactions is not None  # fANOVA always fills them when asked
    return result.interactions


def _check_evaluator(evaluator: BaseImportanceEvaluator | None) -> BaseImportanceEvaluator:
    if evaluator is None:
        return FanovaImportanceEvaluator()
    if not isinstance(evaluator, BaseImportanceEvaluator):
        raise TypeError(
            "evaluator must be a BaseImportanceEvaluator (e.g. FanovaImportanceEvaluator()); "
            f"got {evaluator!r}."
        )
    return evaluator
