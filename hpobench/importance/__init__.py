"""Hyperparameter importance: which parameters (and pairs) explain the objective.

Optuna's API (:func:`get_param_importances`, :class:`FanovaImportanceEvaluator`,
:class:`MeanDecreaseImpurityImportanceEvaluator`, :class:`PedAnovaImportanceEvaluator`,
:class:`BaseImportanceEvaluator`) plus fANOVA's pairwise interactions
(:func:`get_param_interaction_importances`), the per-tree spread of every number
(:func:`get_importance_result`) and the marginal curves and surfaces behind them
(:func:`get_marginal_curves`, :func:`get_marginal_surface`).

Default evaluator
-----------------
fANOVA, as in Optuna 4.x (Optuna 5.0 switched to PED-ANOVA because its fANOVA takes
half a minute of CPU at 1,000 trials and more than 6 minutes at 5,000). Here fANOVA
computes the marginals exactly from arrays of leaf boxes: at 1,000 trials and 10
parameters it takes about 0.4 s of CPU (2 s at 5,000), most of it the scikit-learn
forest fit (``benchmarks/importance.py``). It answers the question users usually ask --
which share of the objective's variation over the search space each parameter explains
-- with a spread over trees, interactions and marginal curves, and it matches analytic
variance shares within 0.05 on known functions
(``tests/hpobench/importance/test_fanova_quality.py``). PED-ANOVA answers a narrower
question (what distinguishes the top 10 % of the trials); it is the one to pick for very
large studies (about 1.5 s of CPU at 100,000 trials); pass it explicitly.

Which trials and parameters
---------------------------
Only COMPLETE trials count. Their target is ``target(trial)`` or the objective value; a
multi-objective study needs ``target`` (a ValueError says so). Trials with a non-finite
target (inf, -inf, NaN) are dropped with a warning. Fewer than 2 remaining trials is a
ValueError. fANOVA and MDI, as in Optuna, assess the parameters every trial has when
``params`` is None (conditional parameters drop out) and use only the trials that hold
all of ``params`` otherwise; naming a parameter no trial has is a ValueError, and so is
a parameter whose distribution changes between the selected trials. PED-ANOVA assesses
conditional parameters too, per distribution ("regime"), as in Optuna 5.

Encoding
--------
Floats and ints are used in log space when their distribution is log, so importance
refers to the scale the parameter was searched on; every allowed value of an int or
stepped float owns its half-step neighbourhood of the domain (equal shares, log-uniform
ones for a log int). Categoricals are one-hot encoded for the
forest (scikit-learn has no categorical split); fANOVA maps the one-hot splits back to
sets of choices and weighs every choice equally (Optuna instead integrates over the
whole one-hot hypercube, including impossible points), and MDI sums the one-hot
columns' importances. A single-value parameter gets importance 0 and no column.

Examples
--------
>>> import hpobench
>>> def objective(trial):
...     x = trial.suggest_float("x", -5, 5)
...     y = trial.suggest_float("y", -5, 5)
...     return x**2 + 0.1 * y
>>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
>>> study.optimize(objective, n_trials=100)
>>> evaluator = hpobench.importance.FanovaImportanceEvaluator(seed=0)
>>> list(hpobench.importance.get_param_importances(study, evaluator=evaluator))
['x', 'y']
"""

from hpobench.importance._api import (
    get_importance_result,
    get_param_importances,
    get_param_interaction_importances,
)
from hpobench.importance._base import BaseImportanceEvaluator
from hpobench.importance._curves import (
    MarginalCurve,
    MarginalSurface,
    get_marginal_curves,
    get_marginal_surface,
)
from hpobench.importance._fanova import FanovaImportanceEvaluator
from hpobench.importance._mdi import MeanDecreaseImpurityImportanceEvaluator
from hpobench.importance._ped_anova import PedAnovaImportanceEvaluator
from hpobench.importance._result import ImportanceResult

__all__ = [
    "BaseImportanceEvaluator",
    "FanovaImportanceEvaluator",
    "ImportanceResult",
    "MarginalCurve",
    "MarginalSurface",
    "MeanDecreaseImpurityImportanceEvaluator",
    "PedAnovaImportanceEvaluator",
    "get_importance_result",
    "get_marginal_curves",
    "get_marginal_surface",
    "get_param_importances",
    "get_param_interaction_importances",
]
