from __future__ import annotations

from hpobench.pruners._percentile import PercentilePruner


class MedianPruner(PercentilePruner):
    """Prune a trial whose best value so far is worse than the median of the others.

    The median stopping rule: :class:`PercentilePruner` at 50, with the same options.
    It is the default pruner of a study.

    Examples
    --------
    The pruning example of Optuna's documentation (with 20 steps instead of 100):

    >>> import hpobench
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import SGDClassifier
    >>> from sklearn.model_selection import train_test_split
    >>> X, y = load_iris(return_X_y=True)
    >>> X_train, X_valid, y_train, y_valid = train_test_split(X, y, random_state=0)
    >>> def objective(trial):
    ...     alpha = trial.suggest_float("alpha", 1e-5, 1e-1, log=True)
    ...     clf = SGDClassifier(alpha=alpha, random_state=0)
    ...     for step in range(20):
    ...         clf.partial_fit(X_train, y_train, classes=[0, 1, 2])
    ...         trial.report(1.0 - clf.score(X_valid, y_valid), step)
    ...         if trial.should_prune():
    ...             raise hpobench.TrialPruned()
    ...     return 1.0 - clf.score(X_valid, y_valid)
    >>> study = hpobench.create_study(pruner=hpobench.pruners.MedianPruner())
    >>> study.optimize(objective, n_trials=20)
    """

    def __init__(
        self,
        n_startup_trials: int = 5,
        n_warmup_steps: int = 0,
        interval_steps: int = 1,
        *,
        n_min_trials: int = 1,
        objective: int | str | None = None,
    ) -> None:
        super().__init__(
            50.0,
            n_startup_trials,
            n_warmup_steps,
            interval_steps,
            n_min_trials=n_min_trials,
            objective=objective,
        )
