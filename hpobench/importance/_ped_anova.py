"""PED-ANOVA: how differently the best trials use each parameter (Watanabe et al., 2023)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from hpobench.distributions import BaseDistribution, CategoricalDistribution
from hpobench.importance._base import BaseImportanceEvaluator
from hpobench.importance._data import check_params, finite_trials
from hpobench.importance._parzen import grid_counts, parzen_pdf, pearson_divergence
from hpobench.importance._result import sort_descending
from hpobench.study._study_direction import StudyDirection
from hpobench.trial._frozen import FrozenTrial

if TYPE_CHECKING:
    from hpobench.study._study import Study

_N_STEPS = 50  # grid points of a continuous parameter
_PRIOR_WEIGHT = 1.0
_MIN_TRIALS_IN_REGIME = 2


class PedAnovaImportanceEvaluator(BaseImportanceEvaluator):
    """PED-ANOVA importance evaluator.

    The *region* is the top ``region_quantile`` of the trials and the *target* the top
    ``target_quantile``. A parameter is important when the target trials are distributed
    differently from the region's over its values: the importance is the Pearson
    divergence between two one-parameter Parzen estimators on a grid, that of the target
    trials and that of the region trials (or the uniform distribution with
    ``evaluate_on_local=False``). No model is fitted, so it takes milliseconds; it tells
    what it takes to reach the top quantile, not how the whole landscape varies.

    Conditional parameters are covered, as in Optuna 5: every parameter that some trial
    has is assessed (``params=None``), and for each distribution a parameter takes (a
    "regime") the divergence is computed on the trials of that regime and weighted by
    ``alpha**2 / beta`` (alpha, beta: the regime's share of the target and region trials);
    trials without the parameter add nothing. Regimes with fewer than 2 trials are skipped
    with a warning. The result is multiplied by ``(n_target / n_region)**2``.

    Lower values are better unless the study maximises and ``target`` is None: with a
    ``target`` callable, lower ``target`` values are the good ones (negate it otherwise).

    Parameters
    ----------
    target_quantile : float, default=0.1
        Share of the trials that count as good (gamma' in the paper).
    region_quantile : float, default=1.0
        Share of the trials that form the region of interest (gamma); must exceed
        ``target_quantile``.
    evaluate_on_local : bool, default=True
        Compare with the region's distribution (True) or with the uniform distribution on
        the search space (False, where ``region_quantile`` has no effect).

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(
    ...     lambda t: t.suggest_float("x", -10, 10) ** 2 + t.suggest_float("y", -10, 10) / 1000,
    ...     n_trials=200,
    ... )
    >>> importances = PedAnovaImportanceEvaluator().evaluate(study)
    >>> list(importances)
    ['x', 'y']
    """

    def __init__(
        self,
        *,
        target_quantile: float = 0.1,
        region_quantile: float = 1.0,
        evaluate_on_local: bool = True,
    ) -> None:
        quantiles = {"target_quantile": target_quantile, "region_quantile": region_quantile}
        for name, value in quantiles.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"{name} must be a float in (0, 1]; got {value!r}.")
        if not 0.0 < target_quantile < region_quantile <= 1.0:
            raise ValueError(
                "0 < target_quantile < region_quantile <= 1 must hold; got "
                f"target_quantile={target_quantile!r}, region_quantile={region_quantile!r}."
            )
        if not isinstance(evaluate_on_local, bool):
            raise TypeError(f"evaluate_on_local must be a bool; got {evaluate_on_local!r}.")
        if region_quantile != 1.0 and not evaluate_on_local:
            warnings.warn(
                "region_quantile has no effect when evaluate_on_local is False.",
                UserWarning,
                stacklevel=2,
            )
        self._target_quantile = float(target_quantile)
        self._region_quantile = float(region_quantile)
        self._evaluate_on_local = evaluate_on_local

    def evaluate(
        self,
        study: Study,
        params: list[str] | None = None,
        *,
        target: Callable[[FrozenTrial], float] | None = None,
    ) -> dict[str, float]:
        """Return each parameter's weighted Pearson divergence, sorted descending.

        See :meth:`BaseImportanceEvaluator.evaluate`; ``params=None`` assesses every
        parameter of the COMPLETE trials, conditional ones included.
        """
        names = check_params(params)
        trials, values = finite_trials(study, target)
        names = _resolve_names(names, trials)
        maximize = target is None and study.direction == StudyDirection.MAXIMIZE
        loss = -values if maximize else values
        target_mask = _top_quantile(loss, self._target_quantile)
        region_mask = _top_quantile(loss, self._region_quantile)
        if np.array_equal(target_mask, region_mask):
            warnings.warn(
                "The target and region quantiles select the same trials; every parameter "
                "gets importance 0.",
                UserWarning,
                stacklevel=2,
            )
        region = [t for t, keep in zip(trials, region_mask) if keep]
        in_target = target_mask[region_mask]
        scale = (np.count_nonzero(target_mask) / len(region)) ** 2
        importances = {
            name: scale * self._conditional_divergence(name, region, in_target) for name in names
        }
        return sort_descending(importances)

    def _conditional_divergence(
        self, name: str, region: list[FrozenTrial], in_target: np.ndarray
    ) -> float:
        """Sum over the parameter's regimes of ``alpha**2 / beta * divergence``."""
        n_target = int(np.count_nonzero(in_target))
        total = 0.0
        for dist, members in _regimes(name, region).items():
            target_members = [region[k] for k in members if in_target[k]]
            if dist.single() or not target_members:
                continue
            alpha = len(target_members) / n_target
            beta = len(members) / len(region)
            regime = [region[k] for k in members]
            total += alpha**2 / beta * self._divergence(name, dist, target_members, regime)
        return total

    def _divergence(
        self,
        name: str,
        dist: BaseDistribution,
        target_trials: Sequence[FrozenTrial],
        region_trials: Sequence[FrozenTrial],
    ) -> float:
        categorical = isinstance(dist, CategoricalDistribution)
        target_counts = grid_counts(dist, [t.params[name] for t in target_trials], _N_STEPS)
        target_pdf = parzen_pdf(target_counts, categorical=categorical, prior_weight=_PRIOR_WEIGHT)
        if self._evaluate_on_local:
            region_counts = grid_counts(dist, [t.params[name] for t in region_trials], _N_STEPS)
            region_pdf = parzen_pdf(
                region_counts, categorical=categorical, prior_weight=_PRIOR_WEIGHT
            )
        else:
            region_pdf = np.full(len(target_pdf), 1.0 / len(target_pdf))
        return pearson_divergence(target_pdf, region_pdf)


def _resolve_names(names: list[str] | None, trials: list[FrozenTrial]) -> list[str]:
    known = sorted({n for t in trials for n in t.distributions})
    if names is None:
        return known
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(
            f"params has names that no COMPLETE trial with a finite target holds: {unknown}; "
            f"the known parameters are {known}."
        )
    return names


def _top_quantile(loss: np.ndarray, quantile: float) -> np.ndarray:
    """Mask of the trials whose loss is at most the ``quantile`` order statistic (ties kept)."""
    if quantile >= 1.0:
        return np.ones(len(loss), dtype=bool)
    k = max(1, math.ceil(quantile * len(loss))) - 1
    cutoff = np.partition(loss, k)[k]
    return loss <= cutoff


def _regimes(name: str, trials: list[FrozenTrial]) -> dict[BaseDistribution, list[int]]:
    """Indices of the trials per distribution of ``name`` (trials without it are left out)."""
    groups: dict[BaseDistribution, list[int]] = {}
    for k, trial in enumerate(trials):
        dist = trial.distributions.get(name)
        if dist is not None:
            groups.setdefault(dist, []).append(k)
    small = [d for d, members in groups.items() if len(members) < _MIN_TRIALS_IN_REGIME]
    if small:
        warnings.warn(
            f"Parameter {name!r} has {len(small)} distribution(s) held by fewer than "
            f"{_MIN_TRIALS_IN_REGIME} trials of the region; they are left out.",
            UserWarning,
            stacklevel=4,
        )
    return {d: members for d, members in groups.items() if len(members) >= _MIN_TRIALS_IN_REGIME}
