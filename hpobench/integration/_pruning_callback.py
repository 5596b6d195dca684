from __future__ import annotations

import inspect
import math
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.base import is_classifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import check_scoring

from hpobench.exceptions import TrialPruned
from hpobench.study._study_direction import StudyDirection

if TYPE_CHECKING:
    from hpobench.trial._base import BaseTrial


class SklearnPruningCallback:
    """Report a scikit-learn estimator's validation score after each training step.

    Call it after every step of your own loop (``callback(estimator, step)``), or let
    :meth:`fit` run the loop: with ``partial_fit`` (one call per step, e.g.
    ``SGDClassifier``, ``MLPClassifier``) or with ``warm_start`` (ensembles grow a share of
    their ``n_estimators`` per step; iterative models run a share of their ``max_iter``).
    After each report the study's pruner is asked, and a pruned trial raises
    :class:`~hpobench.TrialPruned`.

    Parameters
    ----------
    trial : Trial
        The running trial.
    X_valid, y_valid : array-like
        The validation data the estimator is scored on.
    scoring : str, callable or None
        A scikit-learn scorer name (``"accuracy"``, ``"neg_log_loss"``, …), a callable
        ``scoring(estimator, X, y)`` or None for ``estimator.score``. The value is
        reported as it is, so a score (greater is better) needs a study created with
        ``direction="maximize"``; give a callable that returns a loss for a study that
        minimizes.

    Raises
    ------
    ValueError
        When ``scoring`` is a score (a name or None) but the study minimizes.

    Examples
    --------
    >>> import hpobench
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import SGDClassifier
    >>> from sklearn.model_selection import train_test_split
    >>> from hpobench.integration import SklearnPruningCallback
    >>> X, y = load_iris(return_X_y=True)
    >>> X_train, X_valid, y_train, y_valid = train_test_split(X, y, random_state=0)
    >>> def objective(trial):
    ...     clf = SGDClassifier(alpha=trial.suggest_float("alpha", 1e-5, 1e-1, log=True))
    ...     pruning = SklearnPruningCallback(trial, X_valid, y_valid)
    ...     pruning.fit(clf, X_train, y_train, n_steps=30)
    ...     return clf.score(X_valid, y_valid)
    >>> study = hpobench.create_study(direction="maximize")
    >>> study.optimize(objective, n_trials=10)
    """

    def __init__(
        self, trial: BaseTrial, X_valid: Any, y_valid: Any, *, scoring: Any = None
    ) -> None:
        study = getattr(trial, "study", None)
        if (
            study is not None
            and (scoring is None or isinstance(scoring, str))
            and study.directions != [StudyDirection.MAXIMIZE]
        ):
            raise ValueError(
                "scoring gives a score (greater is better), but the study does not maximize "
                "one objective; create it with direction='maximize' or pass a scoring "
                "callable that returns a loss."
            )
        self.trial = trial
        self.X_valid = X_valid
        self.y_valid = y_valid
        self.scoring = scoring

    def __call__(self, estimator: Any, step: int) -> float:
        """Score ``estimator``, report the score at ``step`` and prune if the pruner says so.

        Returns
        -------
        float
            The reported score.

        Raises
        ------
        TrialPruned
            When the study's pruner stops the trial.
        """
        scorer = check_scoring(estimator, scoring=self.scoring)
        value = scorer(estimator, self.X_valid, self.y_valid)
        self.trial.report(value, step)
        if self.trial.should_prune():
            raise TrialPruned(f"Trial was pruned at step {step}.")
        return value

    def fit(
        self, estimator: Any, X: Any, y: Any = None, *, n_steps: int, **fit_params: Any
    ) -> Any:
        """Train ``estimator`` in ``n_steps`` steps, reporting after each; return it.

        ``fit_params`` go to ``partial_fit`` (a classifier gets ``classes=np.unique(y)``
        unless given) or to ``fit``.

        Raises
        ------
        TypeError
            When the estimator has neither ``partial_fit`` nor a ``warm_start`` parameter.
        TrialPruned
            When the study's pruner stops the trial.
        """
        if isinstance(n_steps, bool) or not isinstance(n_steps, int) or n_steps < 1:
            raise ValueError(f"n_steps must be an int >= 1; got {n_steps!r}.")
        if hasattr(estimator, "partial_fit"):
            self._fit_partially(estimator, X, y, n_steps, fit_params)
        elif "warm_start" in estimator.get_params():
            self._fit_warm(estimator, X, y, n_steps, fit_params)
        else:
            raise TypeError(
                f"{type(estimator).__name__} can't be trained step by step: it has neither "
                "partial_fit nor a warm_start parameter."
            )
        return estimator

    def _fit_partially(
        self, estimator: Any, X: Any, y: Any, n_steps: int, fit_params: dict[str, Any]
    ) -> None:
        takes_classes = "classes" in inspect.signature(estimator.partial_fit).parameters
        if is_classifier(estimator) and takes_classes and "classes" not in fit_params:
            fit_params = {**fit_params, "classes": np.unique(y)}
        for step in range(n_steps):
            estimator.partial_fit(X, y, **fit_params)
            self(estimator, step)

    def _fit_warm(
        self, estimator: Any, X: Any, y: Any, n_steps: int, fit_params: dict[str, Any]
    ) -> None:
        params = estimator.get_params()
        if "n_estimators" in params:
            grow, total = "n_estimators", int(params["n_estimators"])
        elif "max_iter" in params:
            grow, total = "max_iter", int(params["max_iter"])
        else:
            raise TypeError(
                f"{type(estimator).__name__} has warm_start but neither n_estimators nor "
                "max_iter to spread over the steps."
            )
        estimator.set_params(warm_start=True)
        try:
            for step in range(n_steps):
                if grow == "n_estimators":
                    size = max(1, math.ceil((step + 1) * total / n_steps))
                else:  # each warm fit runs max_iter more iterations
                    size = max(1, math.ceil(total / n_steps))
                estimator.set_params(**{grow: size})
                with warnings.catch_warnings():
                    # A share of max_iter rarely converges; that is the point of steps.
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    estimator.fit(X, y, **fit_params)
                self(estimator, step)
        finally:
            estimator.set_params(warm_start=params["warm_start"], **{grow: total})
