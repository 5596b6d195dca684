"""Step-wise ML tasks for pruners: MLPs report per epoch, other models per data fraction.

* ``MLP-adam`` / ``MLP-sgd``: one ``partial_fit`` epoch per step on each training fold
  (features standardised on that fold), reporting the mean validation loss; early stopping,
  ``tol`` and ``validation_fraction`` do not apply, so they leave the space.
* every other model: step ``s`` of ``n`` fits on a stratified ``s / n`` subset of each
  training fold (kept in the fold's order) and scores the full validation fold, so the last
  step equals the plain task's CV loss. kNN uses at most as many neighbours as points.

Steps are computed lazily: a pruned trial stops paying for later steps.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.distributions import BaseDistribution
from suites._ml._cv import (
    Splits,
    cv_splits,
    dummy_losses,
    fit_and_score,
    quiet_fitting,
    score_estimator,
)
from suites._ml._lazy import sk
from suites._ml._task import MLTask

if TYPE_CHECKING:
    from sklearn.base import BaseEstimator

DEFAULT_EPOCHS = 20
DEFAULT_FRACTIONS = 10
_EPOCH_DROPPED = ("tol", "validation_fraction")


class MLStepTask(MLTask):
    """:class:`MLTask` reporting a loss per epoch (MLPs) or per training-data fraction.

    Parameters
    ----------
    model, dataset, metric, cv, seed
        As for :class:`MLTask`.
    n_steps : int, optional
        Epochs (default 20) or data fractions (default 10); 2..200.

    Examples
    --------
    >>> p = MLStepTask("kNN", "iris", n_steps=4, seed=0)
    >>> [round(v, 3) for _, v in p.iter_steps(np.array([5, 2]))]
    [0.033, 0.053, 0.033, 0.04]
    """

    family_suffix = "-steps"

    def __init__(
        self,
        model: str,
        dataset: str,
        metric: str | None = None,
        cv: int = 3,
        n_steps: int | None = None,
        *,
        seed: int | None = None,
    ) -> None:
        by_epoch = model in ("MLP-adam", "MLP-sgd")
        if n_steps is None:
            n_steps = DEFAULT_EPOCHS if by_epoch else DEFAULT_FRACTIONS
        if isinstance(n_steps, bool) or not isinstance(n_steps, int | np.integer):
            n_steps = -1
        if not 2 <= n_steps <= 200:
            raise ValueError(
                f"n_steps of {model}-{dataset}-steps must be an int in 2..200; got {n_steps!r}."
            )
        self.n_steps = int(n_steps)
        self.by_epoch = by_epoch
        super().__init__(model, dataset, metric, cv, seed=seed)
        self.tags = self.tags | {"multi_fidelity"}

    def _case_params(self, metric: str, cv: int) -> dict[str, Any]:
        return {"metric": metric, "cv": cv, "n_steps": self.n_steps}

    @property
    def space(self) -> dict[str, BaseDistribution]:
        space = self.spec.space
        if self.by_epoch:
            space = {k: v for k, v in space.items() if k not in _EPOCH_DROPPED}
        return space

    def evaluate(self, X: np.ndarray) -> np.ndarray:
        """The loss at the last step for every row of ``X``, shape ``(n,)``."""
        X = self._check_X(X)
        if not self.by_epoch:
            return super().evaluate(X)
        return np.array([list(self.iter_steps(x))[-1][1] for x in X])

    def iter_steps(self, x: np.ndarray) -> Iterator[tuple[int, float]]:
        """Yield ``(step, mean validation loss)`` for steps ``1..n_steps``, lazily."""
        row = self._check_X(np.asarray(x, dtype=float).reshape(1, -1))[0]
        config = self.config(row)
        splits = cv_splits(self.data, self.cv, self.random_state)
        if self.by_epoch:
            return _epochs(self, config, splits)
        return _fractions(self, config, splits)


def _epoch_model(task: MLStepTask, config: dict[str, Any]) -> BaseEstimator:
    settings = dict(config, hidden_layer_sizes=(int(config["hidden_layer_sizes"]),))
    settings.update(solver=task.model.split("-")[1], random_state=task.random_state)
    if settings["solver"] == "sgd":
        settings.update(learning_rate="invscaling", nesterovs_momentum=True)
    if not task.data.is_classification:
        if settings["solver"] == "sgd":
            settings["activation"] = "tanh"  # as MLTask: relu regression diverges often
        return sk.neural_network.MLPRegressor(**settings)
    return sk.neural_network.MLPClassifier(**settings)


def _epochs(task: MLStepTask, config: dict[str, Any], splits: Splits):
    data, metric = task.data, task.metric
    folds = [_EpochFold(task, config, train, test) for train, test in splits]
    dummy = dummy_losses(data, metric, splits)
    for step in range(1, task.n_steps + 1):
        with quiet_fitting():
            losses = np.array([fold.next_epoch(metric) for fold in folds])
        failed = np.isnan(losses)
        losses[failed] = dummy[failed]
        yield step, float(losses.mean())


class _EpochFold:
    """One CV fold trained one epoch at a time; once diverged, it stays failed."""

    def __init__(
        self, task: MLStepTask, config: dict[str, Any], train: np.ndarray, test: np.ndarray
    ) -> None:
        data = task.data
        scaler = sk.preprocessing.StandardScaler().fit(data.X[train])
        self.model = _epoch_model(task, config)
        self.X_train, self.y_train = scaler.transform(data.X[train]), data.y[train]
        self.X_test, self.y_test = scaler.transform(data.X[test]), data.y[test]
        self.fit_kwargs = {"classes": np.unique(data.y)} if data.is_classification else {}
        self.failed = False

    def next_epoch(self, metric: str) -> float:
        """Train one more epoch and return the validation loss (NaN once diverged)."""
        if self.failed:
            return float("nan")
        try:
            self.model.partial_fit(self.X_train, self.y_train, **self.fit_kwargs)
            loss = score_estimator(self.model, self.X_test, self.y_test, metric)
        except (ValueError, FloatingPointError) as exc:
            if isinstance(exc, TypeError):  # scikit-learn's parameter error: a bug
                raise
            loss = float("nan")
        self.failed = not np.isfinite(loss)
        return float("nan") if self.failed else loss


def stratified_subset(
    train: np.ndarray, y: np.ndarray, fraction: float, order: np.ndarray, stratify: bool
) -> np.ndarray:
    """The first ``ceil(fraction * n)`` training points of each class in a fixed random
    ``order``, returned in the fold's original order (all of ``train`` at fraction 1).

    Examples
    --------
    >>> train = np.arange(6); y = np.array([0, 0, 0, 1, 1, 1])
    >>> stratified_subset(train, y, 0.3, np.array([5, 1, 3, 0, 4, 2]), True).tolist()
    [1, 5]
    """
    ranked = train[order]
    groups = [ranked[y[ranked] == c] for c in np.unique(y[train])] if stratify else [ranked]
    keep = [g[: max(1, math.ceil(fraction * len(g) - 1e-9))] for g in groups]
    return np.sort(np.concatenate(keep))


def _fractions(task: MLStepTask, config: dict[str, Any], splits: Splits):
    data, metric = task.data, task.metric
    orders = [
        np.random.default_rng([task.random_state, fold]).permutation(len(train))
        for fold, (train, _) in enumerate(splits)
    ]
    dummy: np.ndarray | None = None
    for step in range(1, task.n_steps + 1):
        fraction = step / task.n_steps
        with quiet_fitting():
            losses = np.array(
                [
                    _subset_loss(task, config, train, test, fraction, order)
                    for (train, test), order in zip(splits, orders)
                ]
            )
        failed = np.isnan(losses)
        if failed.any():
            dummy = dummy_losses(data, metric, splits) if dummy is None else dummy
            losses[failed] = dummy[failed]
        yield step, float(losses.mean())


def _subset_loss(
    task: MLStepTask,
    config: dict[str, Any],
    train: np.ndarray,
    test: np.ndarray,
    fraction: float,
    order: np.ndarray,
) -> float:
    data = task.data
    subset = stratified_subset(train, data.y, fraction, order, data.is_classification)
    if "n_neighbors" in config:
        config = dict(config, n_neighbors=min(config["n_neighbors"], len(subset)))
    estimator = task.spec.estimator(config, task.metric, task.random_state)
    return fit_and_score(estimator, data, subset, test, task.metric)
