"""hpobench: define-by-run hyperparameter optimization with Optuna's API.

``import hpobench as optuna`` runs Optuna code unchanged.

Examples
--------
>>> import hpobench
>>> def objective(trial):
...     x = trial.suggest_float("x", -10, 10)
...     return (x - 2) ** 2
>>> study = hpobench.create_study()
>>> study.optimize(objective, n_trials=20)
>>> len(study.trials)
20
"""

from hpobench import (
    distributions,
    exceptions,
    importance,
    logging,
    pruners,
    samplers,
    search_space,
    storages,
    study,
    trial,
    visualization,
)
from hpobench.exceptions import TrialPruned
from hpobench.study import (
    Study,
    copy_study,
    create_study,
    delete_study,
    get_all_study_names,
    get_all_study_summaries,
    load_study,
)
from hpobench.study._study_direction import StudyDirection
from hpobench.study._summary import StudySummary
from hpobench.trial import Trial, create_trial
from hpobench.version import __version__

__all__ = [
    "Study",
    "StudyDirection",
    "StudySummary",
    "Trial",
    "TrialPruned",
    "__version__",
    "copy_study",
    "create_study",
    "create_trial",
    "delete_study",
    "distributions",
    "exceptions",
    "get_all_study_names",
    "get_all_study_summaries",
    "importance",
    "load_study",
    "logging",
    "pruners",
    "samplers",
    "search_space",
    "storages",
    "study",
    "trial",
    "visualization",
]
