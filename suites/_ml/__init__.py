"""ML tuning tasks on scikit-learn's bundled datasets (bayesmark's grid).

Families ``<model>-<dataset>`` (problem suite ``"ml"``) and their step-wise variants
``<model>-<dataset>-steps`` (problem suite ``"ml-steps"``), for the models ``kNN, SVM, DT,
RF, MLP-adam, MLP-sgd, ada, lasso, linear`` and the datasets ``breast, digits, iris, wine``
(classification, default metric ``acc`` = 1 - accuracy) and ``diabetes`` (regression,
default metric ``mse`` on the standardised target). Every loss is minimised.
"""

from __future__ import annotations

import functools

from suites._ml._cv import TASK_METRICS
from suites._ml._datasets import DATASET_NAMES, Dataset, dataset_task, load_dataset
from suites._ml._models import MODEL_NAMES, ModelSpec, model_spec
from suites._ml._steps import MLStepTask
from suites._ml._task import MLTask
from suites._registry import register

__all__ = [
    "DATASET_NAMES",
    "MODEL_NAMES",
    "Dataset",
    "MLStepTask",
    "MLTask",
    "ModelSpec",
    "load_dataset",
    "model_spec",
]


def _register_grid() -> None:
    for dataset in DATASET_NAMES:
        metric = TASK_METRICS[dataset_task(dataset)][0]
        for model in MODEL_NAMES:
            register(
                functools.partial(MLTask, model, dataset),
                family=f"{model}-{dataset}",
                cases=[{"metric": metric, "cv": 3}],
                suites=["ml"],
            )
            n_steps = MLStepTask(model, dataset).n_steps
            register(
                functools.partial(MLStepTask, model, dataset),
                family=f"{model}-{dataset}-steps",
                cases=[{"metric": metric, "cv": 3, "n_steps": n_steps}],
                suites=["ml-steps"],
            )


_register_grid()
