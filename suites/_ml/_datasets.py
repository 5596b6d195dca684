"""scikit-learn's bundled datasets, loaded once per process and kept read-only."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from suites._ml._lazy import sk

#: Dataset name -> (loader, task); the names follow bayesmark (``breast`` is breast cancer).
_LOADERS = {
    "breast": ("load_breast_cancer", "classification"),
    "digits": ("load_digits", "classification"),
    "iris": ("load_iris", "classification"),
    "wine": ("load_wine", "classification"),
    "diabetes": ("load_diabetes", "regression"),
}
DATASET_NAMES = tuple(_LOADERS)


@dataclass(frozen=True)
class Dataset:
    """One dataset: features ``X`` (n, d), target ``y`` (n,) and its task.

    Regression targets are standardised (zero mean, unit variance over the whole set), so a
    mean-squared error of 1 is the constant predictor's; classification targets are ints.
    """

    name: str
    X: np.ndarray
    y: np.ndarray
    task: str

    @property
    def is_classification(self) -> bool:
        return self.task == "classification"


def check_dataset(name: str) -> str:
    """Return ``name`` if it is a known dataset, else raise a ValueError listing them."""
    if name not in _LOADERS:
        raise ValueError(f"dataset must be one of {list(DATASET_NAMES)}; got {name!r}.")
    return name


def dataset_task(name: str) -> str:
    """``"classification"`` or ``"regression"`` for the dataset ``name``."""
    return _LOADERS[check_dataset(name)][1]


@functools.cache
def load_dataset(name: str) -> Dataset:
    """Load (once per process) the dataset ``name``.

    Examples
    --------
    >>> d = load_dataset("iris")
    >>> d.X.shape, d.task
    ((150, 4), 'classification')
    """
    loader, task = _LOADERS[check_dataset(name)]
    X, y = getattr(sk.datasets, loader)(return_X_y=True)
    X = np.asarray(X, dtype=float)
    y = (y - y.mean()) / y.std() if task == "regression" else np.asarray(y, dtype=int)
    X.setflags(write=False)
    y.setflags(write=False)
    return Dataset(name=name, X=X, y=y, task=task)
