"""ML trade-offs: validation loss against model size (two minimised objectives).

* ``DT-<dataset>-tradeoff``: a decision tree; size = the mean number of leaves of the
  trees fitted on the CV folds. bayesmark's DT space leaves most random trees with one
  leaf (its ``min_impurity_decrease`` reaches 0.5), so this uses integer sample counts and
  cost-complexity pruning instead.
* ``MLP-<dataset>-tradeoff``: an Adam MLP (bayesmark's space, but 1..200 hidden units on a
  log scale, so that small networks are reachable); size = its number of weights and biases.

The true front is unknown. The hypervolume reference point is 1.1 times (the loss of the
class-prior / target-mean predictor, the largest size in the space).
"""

from __future__ import annotations

import functools

import numpy as np

from hpobench.distributions import BaseDistribution, FloatDistribution, IntDistribution
from suites._ml import DATASET_NAMES, MLTask
from suites._ml._cv import (
    METRICS,
    TASK_METRICS,
    Splits,
    cv_splits,
    dummy_losses,
    fold_losses,
    quiet_fitting,
    to_loss,
)
from suites._ml._lazy import sk
from suites._registry import register

TRADEOFF_MODELS = {"DT": "DT", "MLP": "MLP-adam"}
_MAX_UNITS = 200
_MARGIN = 1.1
_DT_SPACE = {
    "max_depth": IntDistribution(1, 20),
    "min_samples_split": IntDistribution(2, 64, log=True),
    "min_samples_leaf": IntDistribution(1, 32, log=True),
    "max_features": FloatDistribution(0.1, 1.0),
    "ccp_alpha": FloatDistribution(1e-5, 1e-1, log=True),
}


class MLTradeoff(MLTask):
    """Minimise (CV loss, model size) of ``model`` (``"DT"`` or ``"MLP"``) on ``dataset``.

    Parameters are those of :class:`suites.MLTask`, with ``model`` in ``{"DT", "MLP"}``.

    Examples
    --------
    >>> p = MLTradeoff("DT", "iris", seed=0)
    >>> p.case_id, p.directions
    ("DT-iris-tradeoff(metric='acc',cv=3)", ('minimize', 'minimize'))
    """

    family_suffix = "-tradeoff"

    def __init__(
        self,
        model: str,
        dataset: str,
        metric: str | None = None,
        cv: int = 3,
        *,
        seed: int | None = None,
    ) -> None:
        if model not in TRADEOFF_MODELS:
            raise ValueError(
                f"model of an ML trade-off must be one of {list(TRADEOFF_MODELS)}; got {model!r}."
            )
        self.short_model = model
        super().__init__(TRADEOFF_MODELS[model], dataset, metric, cv, seed=seed)
        self.family = f"{model}-{dataset}-tradeoff"
        self.directions = ("minimize", "minimize")
        self.tags = self.tags | {"multi_objective", "n_obj=2"}
        splits = cv_splits(self.data, self.cv, self.random_state)
        worst = float(dummy_losses(self.data, self.metric, splits).mean())
        self.reference_point = _MARGIN * np.array([worst, self._max_size()])

    def with_seed(self, seed: int | None) -> MLTradeoff:
        return type(self)(self.short_model, self.dataset, **self.case_params, seed=seed)

    @property
    def space(self) -> dict[str, BaseDistribution]:
        if self.short_model == "DT":
            return dict(_DT_SPACE)
        space = self.spec.space
        space["hidden_layer_sizes"] = IntDistribution(1, _MAX_UNITS, log=True)
        return space

    def _n_outputs(self) -> int:
        n_classes = len(np.unique(self.data.y)) if self.data.is_classification else 1
        return 1 if n_classes <= 2 else n_classes

    def mlp_size(self, units: int) -> int:
        """Weights and biases of a one-hidden-layer MLP with ``units`` hidden units."""
        return (self.data.X.shape[1] + 1) * units + (units + 1) * self._n_outputs()

    def _max_size(self) -> float:
        if self.short_model == "MLP":
            return float(self.mlp_size(_MAX_UNITS))
        # A tree has at most one leaf per training point.
        return float(max(len(train) for train, _ in cv_splits(self.data, self.cv, 0)))

    def evaluate(self, X: np.ndarray) -> np.ndarray:
        """Return ``(n, 2)``: the mean CV loss and the model size of every row of ``X``."""
        X = self._check_X(X)
        splits = cv_splits(self.data, self.cv, self.random_state)
        return np.array([self._loss_and_size(x, splits) for x in X])

    def _loss_and_size(self, x: np.ndarray, splits: Splits) -> tuple[float, float]:
        estimator = self.estimator(x)
        if self.short_model == "MLP":
            loss = fold_losses(estimator, self.data, self.metric, splits).mean()
            return float(loss), float(self.mlp_size(int(self.config(x)["hidden_layer_sizes"])))
        scoring = METRICS[self.metric][0]
        with quiet_fitting():
            result = sk.model_selection.cross_validate(
                estimator,
                self.data.X,
                self.data.y,
                cv=splits,
                scoring=scoring,
                return_estimator=True,
            )
        loss = np.mean(to_loss(self.metric, result["test_score"]))
        leaves = np.mean([tree.get_n_leaves() for tree in result["estimator"]])
        return float(loss), float(leaves)


for _dataset in DATASET_NAMES:
    for _model in TRADEOFF_MODELS:
        _default = TASK_METRICS["regression" if _dataset == "diabetes" else "classification"][0]
        register(
            functools.partial(MLTradeoff, _model, _dataset),
            family=f"{_model}-{_dataset}-tradeoff",
            cases=[{"metric": _default, "cv": 3}],
            suites=["multiobjective"] if _dataset in ("breast", "digits") else [],
        )
