"""ML tuning tasks: a model of bayesmark's grid on one dataset, scored by K-fold CV."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.distributions import (
    BaseDistribution,
    FloatDistribution,
)
from suites._ml._cv import TASK_METRICS, check_metric, cv_splits, fold_losses
from suites._ml._datasets import Dataset, check_dataset, dataset_task, load_dataset
from suites._ml._models import ModelSpec, check_model, model_spec
from suites._problem import Problem, suggest_param

if TYPE_CHECKING:
    from sklearn.base import BaseEstimator

#: Seeds map to scikit-learn's ``random_state`` range by two's complement modulo 2**32.
_MASK_32 = (1 << 32) - 1


class MLTask(Problem):
    """Tune ``model`` on ``dataset``: minimise the mean ``cv``-fold loss under ``metric``.

    The loss is ``1 - accuracy`` (``metric="acc"``, default for classification) or the log
    loss (``"nll"``); for the (standardised) regression target, the mean squared error
    (``"mse"``, default) or mean absolute error (``"mae"``). Folds are shuffled (stratified
    for classification) and both folds and model use ``random_state = seed mod 2**32``. A
    fold whose fit fails or diverges scores as the class-prior / target-mean predictor.

    Parameters
    ----------
    model : str
        One of ``kNN, SVM, DT, RF, MLP-adam, MLP-sgd, ada, lasso, linear``.
    dataset : str
        One of ``breast, digits, iris, wine`` (classification) or ``diabetes`` (regression).
    metric : str, optional
        See above; defaults to ``"acc"`` / ``"mse"``.
    cv : int, default=3
        The number of folds, 2..10.
    seed : int or None
        Fixes folds and model randomness; None draws a fresh one.

    Examples
    --------
    >>> p = MLTask("kNN", "iris", seed=0)
    >>> p.case_id, list(p.space)
    ("kNN-iris(metric='acc',cv=3)", ['n_neighbors', 'p'])
    >>> round(float(p.evaluate(np.array([[5, 2]]))[0]), 4)
    0.04
    """

    family_suffix = ""

    def __init__(
        self,
        model: str,
        dataset: str,
        metric: str | None = None,
        cv: int = 3,
        *,
        seed: int | None = None,
    ) -> None:
        model, dataset = check_model(model), check_dataset(dataset)
        task = dataset_task(dataset)
        metric = check_metric(TASK_METRICS[task][0] if metric is None else metric, task)
        if isinstance(cv, bool) or not isinstance(cv, int | np.integer) or not 2 <= cv <= 10:
            raise ValueError(f"cv of {model}-{dataset} must be an int in 2..10; got {cv!r}.")
        super().__init__(self._case_params(metric, int(cv)), seed=seed)
        self.family = f"{model}-{dataset}{self.family_suffix}"
        self.model, self.dataset, self.metric, self.cv = model, dataset, metric, int(cv)
        entropy = np.random.SeedSequence().entropy if self.seed is None else self.seed
        self.random_state = int(entropy) & _MASK_32
        self.tags = frozenset(self._tags())

    def _case_params(self, metric: str, cv: int) -> dict[str, Any]:
        return {"metric": metric, "cv": cv}

    def _tags(self) -> set[str]:
        space = self.space
        tags = {"ml", dataset_task(self.dataset), f"dim={len(space)}"}
        kinds = {isinstance(d, FloatDistribution) for d in space.values()}
        if False in kinds:
            tags.add("mixed_int" if len(kinds) == 2 else "discrete")
        if self.spec.conditions:
            tags.add("conditional")
        return tags

    # -- identity -------------------------------------------------------------------------
    def with_seed(self, seed: int | None) -> MLTask:
        return type(self)(self.model, self.dataset, **self.case_params, seed=seed)

    @property
    def spec(self) -> ModelSpec:
        """The model's space, conditions and estimator builder."""
        return model_spec(self.model, dataset_task(self.dataset))

    @property
    def data(self) -> Dataset:
        """The (cached, read-only) dataset."""
        return load_dataset(self.dataset)

    @property
    def space(self) -> dict[str, BaseDistribution]:
        return self.spec.space

    # -- configurations -----------------------------------------------------------------
    def config(self, x: np.ndarray) -> dict[str, Any]:
        """The active hyperparameters of one ``(d,)`` row, as the model receives them.

        Examples
        --------
        >>> p = MLTask("SVM", "iris", seed=0)
        >>> p.config(np.array([10.0, 3.0, 0.1, 3.0, 0.5, 1e-3]))
        {'C': 10.0, 'kernel': 'linear', 'tol': 0.001}
        """
        return self.spec.active(self.array_to_params(x))

    def estimator(self, x: np.ndarray) -> BaseEstimator:
        """The unfitted estimator (pipeline) for one ``(d,)`` row."""
        return self.spec.estimator(self.config(x), self.metric, self.random_state)

    def evaluate(self, X: np.ndarray) -> np.ndarray:
        """The mean CV loss of every row of ``X``, shape ``(n,)``."""
        X = self._check_X(X)
        splits = cv_splits(self.data, self.cv, self.random_state)
        return np.array(
            [fold_losses(self.estimator(x), self.data, self.metric, splits).mean() for x in X]
        )

    # -- define-by-run ------------------------------------------------------------------
    def suggest(self, trial: Any) -> np.ndarray:
        """Suggest the active parameters only; inactive ones take their default in the row."""
        spec = self.spec
        params: dict[str, Any] = {}
        for name, dist in self.space.items():
            parent = spec.conditions.get(name)
            if parent is None or params[parent[0]] in parent[1]:
                params[name] = suggest_param(trial, name, dist)
            else:
                params[name] = spec.defaults[name]
        return self.params_to_array(params)

    def __call__(self, trial: Any) -> float | tuple[float, ...]:
        x = self.suggest(trial)
        if self.n_steps is not None:
            return self._run_steps(trial, x)
        y = np.asarray(self.evaluate(x[None, :]))[0]
        return float(y) if self.n_objectives == 1 else tuple(float(v) for v in y)
