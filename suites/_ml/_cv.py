"""Cross-validated losses: folds, metrics, and the score of a failed fit."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
from threadpoolctl import threadpool_limits

from suites._ml._datasets import Dataset
from suites._ml._lazy import sk

if TYPE_CHECKING:
    from sklearn.base import BaseEstimator

#: Metric -> (scikit-learn scorer, loss = offset + sign * score).
#: ``acc`` becomes the error rate ``1 - accuracy``; the others are negated scores.
METRICS = {
    "acc": ("accuracy", 1.0, -1.0),
    "nll": ("neg_log_loss", 0.0, -1.0),
    "mse": ("neg_mean_squared_error", 0.0, -1.0),
    "mae": ("neg_mean_absolute_error", 0.0, -1.0),
}
TASK_METRICS = {"classification": ("acc", "nll"), "regression": ("mse", "mae")}

Splits = list[tuple[np.ndarray, np.ndarray]]


@contextlib.contextmanager
def quiet_fitting() -> Iterator[None]:
    """One BLAS thread and no convergence/user warnings while fitting models.

    The matrices are small: extra threads only contend with each other and with parallel
    runs (MLPs ran 10x slower on a loaded 2-core machine). As in bayesmark, optimisers try
    odd settings; non-convergence shows in the loss, not as warnings. Enter it around each
    computation, never across a ``yield``: both settings are process-wide.
    """
    with threadpool_limits(limits=1), warnings.catch_warnings():
        for category in (sk.exceptions.ConvergenceWarning, UserWarning, RuntimeWarning):
            warnings.simplefilter("ignore", category)
        yield


def check_metric(metric: str, task: str) -> str:
    """Return ``metric`` if it fits ``task``, else raise a ValueError listing the valid ones."""
    valid = TASK_METRICS[task]
    if metric not in valid:
        raise ValueError(
            f"metric for a {task} dataset must be one of {list(valid)}; got {metric!r}."
        )
    return metric


def cv_splits(dataset: Dataset, n_splits: int, seed: int) -> Splits:
    """Shuffled (stratified, for classification) K-fold train/test indices.

    Examples
    --------
    >>> from suites._ml._datasets import load_dataset
    >>> [len(test) for _, test in cv_splits(load_dataset("iris"), 3, seed=0)]
    [50, 50, 50]
    """
    ms = sk.model_selection
    kind = ms.StratifiedKFold if dataset.is_classification else ms.KFold
    folds = kind(n_splits=n_splits, shuffle=True, random_state=seed)
    return list(folds.split(dataset.X, dataset.y))


def to_loss(metric: str, score: np.ndarray | float) -> np.ndarray | float:
    """Turn scikit-learn scores (larger is better) into the minimised loss."""
    _, offset, sign = METRICS[metric]
    return offset + sign * score


def fold_losses(
    estimator: BaseEstimator, dataset: Dataset, metric: str, splits: Splits
) -> np.ndarray:
    """The loss on every fold, as ``cross_val_score`` computes it (clone, fit, score).

    A fold whose fit fails or diverges scores as the dummy model (class prior or target
    mean), which stands for "learned nothing" and keeps every loss finite and on the
    metric's scale.
    """
    with quiet_fitting():
        losses = np.array(
            [fit_and_score(estimator, dataset, train, test, metric) for train, test in splits]
        )
    failed = np.isnan(losses)
    if failed.any():
        losses[failed] = dummy_losses(dataset, metric, splits)[failed]
    return losses


def fit_and_score(
    estimator: BaseEstimator,
    dataset: Dataset,
    train: np.ndarray,
    test: np.ndarray,
    metric: str,
) -> float:
    """Fit a clone of ``estimator`` on ``train`` and return its loss on ``test``.

    A fit or prediction that fails with a ValueError (non-finite weights or outputs) or
    produces a non-finite loss returns NaN. scikit-learn's parameter errors (both a
    ValueError and a TypeError) are bugs, not divergence, and propagate.
    """
    model = sk.base.clone(estimator)
    try:
        model.fit(dataset.X[train], dataset.y[train])
        loss = score_estimator(model, dataset.X[test], dataset.y[test], metric)
    except (ValueError, FloatingPointError) as exc:
        if isinstance(exc, TypeError):
            raise
        return float("nan")
    return loss if np.isfinite(loss) else float("nan")


def dummy_losses(dataset: Dataset, metric: str, splits: Splits) -> np.ndarray:
    """The per-fold loss of predicting the class prior / target mean"""
    if dataset.is_classification:
        dummy = sk.dummy.DummyClassifier(strategy="prior")
    else:
        dummy = sk.dummy.DummyRegressor()
    scores = sk.model_selection.cross_val_score(
        dummy, dataset.X, dataset.y, scoring=METRICS[metric][0], cv=splits
    )
    return np.asarray(to_loss(metric, scores), dtype=float)


def score_estimator(estimator: BaseEstimator, X: np.ndarray, y: np.ndarray, metric: str) -> float:
    """The loss of a fitted estimator on ``(X, y)``."""
    return float(to_loss(metric, sk.metrics.get_scorer(METRICS[metric][0])(estimator, X, y)))
