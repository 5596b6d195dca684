"""Pruners: rules that stop unpromising trials early from their intermediate values.

A running trial reports intermediate values with ``trial.report(value, step)`` and asks
``trial.should_prune()``, which calls the study's pruner.

Multi-objective studies
-----------------------
There ``trial.report`` takes one value per objective, or a single value that is the
user's own scalarisation (compared as smaller-is-better: negate a score). The comparing
pruners (:class:`MedianPruner`, :class:`PercentilePruner`,
:class:`SuccessiveHalvingPruner`, :class:`HyperbandPruner`) take ``objective=``: an index
to decide on one objective, ``"pareto"`` to decide on the Pareto rank (non-domination
level) of the per-objective reports at a step, or None (the default) for the
scalarisation or, with per-objective reports, the Pareto rank. :class:`ThresholdPruner`,
:class:`PatientPruner` and :class:`WilcoxonPruner` take an index or None.

Examples
--------
Prune on accuracy (objective 1) while optimizing accuracy and model size:

>>> import hpobench
>>> pruner = hpobench.pruners.MedianPruner(n_startup_trials=2, objective=1)
>>> study = hpobench.create_study(directions=["minimize", "maximize"], pruner=pruner)
>>> def objective(trial):
...     width = trial.suggest_int("width", 1, 64)
...     accuracy = 0.0
...     for epoch in range(10):
...         accuracy = 1 - 1 / (1 + epoch * width / 64)
...         trial.report([width, accuracy], epoch)
...         if trial.should_prune():
...             raise hpobench.TrialPruned()
...     return width, accuracy
>>> study.optimize(objective, n_trials=10)

With ``objective="pareto"`` the same study would keep a trial whose (width, accuracy)
at an epoch is no worse in Pareto rank than the median of the COMPLETE trials there.
"""

from hpobench.pruners._base import BasePruner, default_pruner
from hpobench.pruners._hyperband import HyperbandPruner
from hpobench.pruners._median import MedianPruner
from hpobench.pruners._nop import NopPruner
from hpobench.pruners._patient import PatientPruner
from hpobench.pruners._percentile import PercentilePruner
from hpobench.pruners._successive_halving import SuccessiveHalvingPruner
from hpobench.pruners._threshold import ThresholdPruner
from hpobench.pruners._wilcoxon import WilcoxonPruner

__all__ = [
    "BasePruner",
    "HyperbandPruner",
    "MedianPruner",
    "NopPruner",
    "PatientPruner",
    "PercentilePruner",
    "SuccessiveHalvingPruner",
    "ThresholdPruner",
    "WilcoxonPruner",
    "default_pruner",
]
