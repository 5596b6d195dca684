"""The models of bayesmark's grid: search spaces, fixed settings and estimator builders.

Spaces follow bayesmark (uber/bayesmark ``sklearn_funcs.py``) with these deliberate changes:

* features are standardised inside the pipeline for the scale-sensitive models (kNN, SVM,
  MLP, linear models), so SVM's ``gamma`` range is widened from ``[1e-4, 1e-3]`` to
  ``[1e-4, 1]`` and the SVM gains its conditional kernel choice (``gamma`` for non-linear
  kernels, ``degree`` for ``poly``, ``coef0`` for ``poly``/``sigmoid``);
* bayesmark's ``normalize`` flag of Lasso/Ridge no longer exists in scikit-learn and is gone;
* iterative models are capped (MLP ``max_iter=MLP_MAX_ITER`` epochs instead of 200, SVM
  ``max_iter=SVM_MAX_ITER``) to bound the cost of one evaluation;
* bayesmark's "logit" spaces are plain uniform ranges.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from suites._ml._lazy import sk

if TYPE_CHECKING:
    from sklearn.base import BaseEstimator

MODEL_NAMES = ("kNN", "SVM", "DT", "RF", "MLP-adam", "MLP-sgd", "ada", "lasso", "linear")
MLP_MAX_ITER = 20
SVM_MAX_ITER = 200_000
_SKLEARN_18 = tuple(map(int, re.findall(r"\d+", version("scikit-learn"))[:2])) >= (1, 8)

Builder = Callable[[dict[str, Any], str, int], "BaseEstimator"]


@dataclass(frozen=True)
class ModelSpec:
    """One model for one task: its space, conditions and how to build the estimator.

    Attributes
    ----------
    space : dict
        Ordered hyperparameter distributions; a parent comes before its children.
    conditions : dict
        ``child -> (parent, parent values)``: the child is active only for those values.
    defaults : dict
        The value an inactive child takes in an array row (ignored by the model).
    scaled : bool
        Whether features are standardised inside the pipeline.
    """

    name: str
    task: str
    space: dict[str, BaseDistribution]
    build: Builder
    scaled: bool = True
    conditions: dict[str, tuple[str, tuple[Any, ...]]] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)

    def active(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """Keep the parameters whose condition holds (all of them without conditions)."""
        out = {}
        for name, value in params.items():
            condition = self.conditions.get(name)
            if condition is None or params[condition[0]] in condition[1]:
                out[name] = value
        return out

    def estimator(self, params: Mapping[str, Any], metric: str, seed: int) -> BaseEstimator:
        """The estimator (a pipeline with a scaler when ``scaled``) for active ``params``."""
        model = self.build(self.active(params), metric, seed)
        if not self.scaled:
            return model
        return sk.pipeline.make_pipeline(sk.preprocessing.StandardScaler(), model)


def _log(low: float, high: float) -> FloatDistribution:
    return FloatDistribution(low, high, log=True)


def _uniform(low: float, high: float) -> FloatDistribution:
    return FloatDistribution(low, high)


_KNN = {"n_neighbors": IntDistribution(1, 25), "p": IntDistribution(1, 4)}
_SVM = {
    "C": _log(1.0, 1e3),
    "kernel": CategoricalDistribution(["rbf", "poly", "sigmoid", "linear"]),
    "gamma": _log(1e-4, 1.0),
    "degree": IntDistribution(2, 5),
    "coef0": _uniform(0.0, 1.0),
    "tol": _log(1e-5, 1e-1),
}
_SVM_CONDITIONS = {
    "gamma": ("kernel", ("rbf", "poly", "sigmoid")),
    "degree": ("kernel", ("poly",)),
    "coef0": ("kernel", ("poly", "sigmoid")),
}
_SVM_DEFAULTS = {"gamma": 1e-4, "degree": 2, "coef0": 0.0}
_TREE = {
    "max_depth": IntDistribution(1, 15),
    "min_samples_split": _uniform(0.01, 0.99),
    "min_samples_leaf": _uniform(0.01, 0.49),
    "min_weight_fraction_leaf": _uniform(0.01, 0.49),
    "max_features": _uniform(0.01, 0.99),
    "min_impurity_decrease": _uniform(0.0, 0.5),
}
_MLP_COMMON = {
    "hidden_layer_sizes": IntDistribution(50, 200),
    "alpha": _log(1e-5, 1e1),
    "batch_size": IntDistribution(10, 250),
    "learning_rate_init": _log(1e-5, 1e-1),
}
_MLP_ADAM = {
    **_MLP_COMMON,
    "tol": _log(1e-5, 1e-1),
    "validation_fraction": _uniform(0.1, 0.9),
    "beta_1": _uniform(0.5, 0.99),
    "beta_2": _uniform(0.9, 1.0 - 1e-6),
    "epsilon": _log(1e-9, 1e-6),
}
_MLP_SGD = {
    **_MLP_COMMON,
    "power_t": _uniform(0.1, 0.9),
    "tol": _log(1e-5, 1e-1),
    "momentum": _uniform(0.001, 0.999),
    "validation_fraction": _uniform(0.1, 0.9),
}
_ADA = {"n_estimators": IntDistribution(10, 100), "learning_rate": _log(1e-4, 1e1)}
_LOGISTIC = {"C": _log(1e-2, 1e2), "intercept_scaling": _log(1e-2, 1e2)}
_BOOL = CategoricalDistribution([False, True])
_LASSO_REG = {
    "alpha": _log(1e-2, 1e2),
    "fit_intercept": _BOOL,
    "max_iter": IntDistribution(10, 5000, log=True),
    "tol": _log(1e-5, 1e-1),
    "positive": _BOOL,
}
_RIDGE_REG = {
    "alpha": _log(1e-2, 1e2),
    "fit_intercept": _BOOL,
    "max_iter": IntDistribution(10, 5000, log=True),
    "tol": _log(1e-4, 1e-1),
}


def _mlp_settings(params: dict[str, Any], solver: str) -> dict[str, Any]:
    settings = dict(params, solver=solver, early_stopping=True, max_iter=MLP_MAX_ITER)
    settings["hidden_layer_sizes"] = (int(params["hidden_layer_sizes"]),)
    if solver == "sgd":
        settings.update(learning_rate="invscaling", nesterovs_momentum=True)
    return settings


def _logistic(params: dict[str, Any], l1: bool, seed: int) -> BaseEstimator:
    """bayesmark's one-vs-rest liblinear logistic regression (L1 "lasso" or L2 "linear")."""
    if _SKLEARN_18:
        penalty: dict[str, Any] = {"l1_ratio": 1.0 if l1 else 0.0}
    else:
        penalty = {"penalty": "l1" if l1 else "l2"}
    base = sk.linear_model.LogisticRegression(
        solver="liblinear", random_state=seed, **penalty, **params
    )
    return sk.multiclass.OneVsRestClassifier(base)


def _svc(params: dict[str, Any], metric: str, seed: int) -> BaseEstimator:
    """SVC; for the log loss, Platt-scaled probabilities (what ``probability=True`` did)."""
    model = sk.svm.SVC(**params, max_iter=SVM_MAX_ITER, random_state=seed)
    if metric == "nll":
        return sk.calibration.CalibratedClassifierCV(model, method="sigmoid", ensemble=False)
    return model


_CLASSIFIERS: dict[str, tuple[dict[str, BaseDistribution], Builder, bool]] = {
    "kNN": (_KNN, lambda p, m, s: sk.neighbors.KNeighborsClassifier(**p), True),
    "SVM": (_SVM, lambda p, m, s: _svc(p, m, s), True),
    "DT": (_TREE, lambda p, m, s: sk.tree.DecisionTreeClassifier(**p, random_state=s), False),
    "RF": (
        _TREE,
        lambda p, m, s: sk.ensemble.RandomForestClassifier(n_estimators=10, **p, random_state=s),
        False,
    ),
    "MLP-adam": (
        _MLP_ADAM,
        lambda p, m, s: sk.neural_network.MLPClassifier(
            **_mlp_settings(p, "adam"), random_state=s
        ),
        True,
    ),
    "MLP-sgd": (
        _MLP_SGD,
        lambda p, m, s: sk.neural_network.MLPClassifier(**_mlp_settings(p, "sgd"), random_state=s),
        True,
    ),
    "ada": (_ADA, lambda p, m, s: sk.ensemble.AdaBoostClassifier(**p, random_state=s), False),
    "lasso": (_LOGISTIC, lambda p, m, s: _logistic(p, True, s), True),
    "linear": (_LOGISTIC, lambda p, m, s: _logistic(p, False, s), True),
}
_REGRESSORS: dict[str, tuple[dict[str, BaseDistribution], Builder, bool]] = {
    "kNN": (_KNN, lambda p, m, s: sk.neighbors.KNeighborsRegressor(**p), True),
    "SVM": (_SVM, lambda p, m, s: sk.svm.SVR(**p, max_iter=SVM_MAX_ITER), True),
    "DT": (_TREE, lambda p, m, s: sk.tree.DecisionTreeRegressor(**p, random_state=s), False),
    "RF": (
        _TREE,
        lambda p, m, s: sk.ensemble.RandomForestRegressor(n_estimators=10, **p, random_state=s),
        False,
    ),
    "MLP-adam": (
        _MLP_ADAM,
        lambda p, m, s: sk.neural_network.MLPRegressor(**_mlp_settings(p, "adam"), random_state=s),
        True,
    ),
    "MLP-sgd": (
        _MLP_SGD,
        # bayesmark: "regression crashes often with relu".
        lambda p, m, s: sk.neural_network.MLPRegressor(
            **_mlp_settings(p, "sgd"), activation="tanh", random_state=s
        ),
        True,
    ),
    "ada": (_ADA, lambda p, m, s: sk.ensemble.AdaBoostRegressor(**p, random_state=s), False),
    "lasso": (_LASSO_REG, lambda p, m, s: sk.linear_model.Lasso(**p), True),
    "linear": (_RIDGE_REG, lambda p, m, s: sk.linear_model.Ridge(**p, solver="auto"), True),
}


def check_model(name: str) -> str:
    """Return ``name`` if it is a known model, else raise a ValueError listing them."""
    if name not in MODEL_NAMES:
        raise ValueError(f"model must be one of {list(MODEL_NAMES)}; got {name!r}.")
    return name


def model_spec(name: str, task: str) -> ModelSpec:
    """The :class:`ModelSpec` of model ``name`` for ``task`` (classification/regression).

    Examples
    --------
    >>> list(model_spec("kNN", "classification").space)
    ['n_neighbors', 'p']
    """
    table = _CLASSIFIERS if task == "classification" else _REGRESSORS
    space, build, scaled = table[check_model(name)]
    if name == "SVM":
        return ModelSpec(
            name, task, dict(space), build, scaled, dict(_SVM_CONDITIONS), dict(_SVM_DEFAULTS)
        )
    return ModelSpec(name, task, dict(space), build, scaled)
