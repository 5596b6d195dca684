from __future__ import annotations

import copy
import inspect
import numbers
import time
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from scipy.stats import rankdata
from sklearn.base import BaseEstimator, MetaEstimatorMixin, clone, is_classifier
from sklearn.metrics import check_scoring
from sklearn.model_selection import check_cv, cross_validate
from sklearn.utils import _safe_indexing, check_random_state, get_tags, indexable
from sklearn.utils.metaestimators import _safe_split, available_if
from sklearn.utils.validation import _check_method_params, _num_samples, check_is_fitted

from hpobench import samplers
from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.exceptions import TrialPruned
from hpobench.study._functions import create_study
from hpobench.study._study import Study
from hpobench.study._study_direction import StudyDirection
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState
from hpobench.trial._trial import Trial

_SCORE_KEYS = ("test_score", "train_score", "fit_time", "score_time")


def _delegate(method: str) -> Callable[[Any], bool]:
    """``available_if`` check: the refitted (or, before fit, the given) estimator has it."""

    def check(self: SearchCV) -> bool:
        if not self.refit:
            return False
        inner = getattr(self, "best_estimator_", self.estimator)
        getattr(inner, method)
        return True

    return check


class SearchCV(MetaEstimatorMixin, BaseEstimator):
    """Hyperparameter search with cross-validation, run by an hpobench study.

    A scikit-learn estimator: ``fit`` runs ``n_trials`` trials (or until ``timeout``),
    each scoring a set of parameters drawn from ``param_distributions`` by the study's
    sampler with cross-validation; then it refits the best one on all the data. It
    mirrors Optuna's ``OptunaSearchCV`` and scikit-learn's ``RandomizedSearchCV``.

    Parameters
    ----------
    estimator : estimator
        The estimator to tune (cloned, never changed).
    param_distributions : dict
        Parameter name → hpobench distribution (``FloatDistribution``,
        ``IntDistribution``, ``CategoricalDistribution``).
    cv : int, cross-validation generator, iterable or None
        As in scikit-learn (None: 5-fold, stratified for classifiers).
    enable_pruning : bool
        Let the study's pruner stop trials early. With an estimator that has
        ``partial_fit``, each step is one ``partial_fit`` on every fold (up to
        ``max_iter``) and the mean test score is reported; otherwise the folds are
        fitted one by one and the test score of fold ``i`` is reported at step ``i``.
    error_score : "raise" or float
        The score of a fold whose fit fails; "raise" raises the error.
    max_iter : int
        The steps of a trial when pruning with ``partial_fit``.
    n_jobs : int or None
        Trials run at once (threads); None means 1.
    n_trials : int or None
        How many trials to run; None runs until ``timeout``.
    random_state : int, RandomState or None
        Seeds the default sampler and the ``subsample`` draw.
    refit : bool
        Refit the best parameters on the whole data (needed for ``predict`` and others).
    return_train_score : bool
        Also record the scores on the training folds.
    scoring : str, callable or None
        A single scikit-learn scorer (None: the estimator's ``score``).
    study : Study or None
        The study to run, single-objective and maximizing; its sampler and pruner are
        used. None creates one in memory with a seeded default sampler and the default
        pruner.
    subsample : float or int
        Run the search on a random share (float in (0, 1]) or number (int) of the samples;
        the refit uses all of them.
    timeout : float or None
        Stop starting trials after this many seconds.
    verbose : int
        Passed to ``cross_validate``.
    callbacks : list of callables or None
        Called as ``callback(study, frozen_trial)`` after each trial.
    catch : tuple of exception classes
        Errors that make a trial FAIL without stopping the search.

    Attributes
    ----------
    best_estimator_ : estimator
        The refitted estimator (with ``refit=True``).
    best_params_ : dict
        The parameters of the best trial.
    best_score_ : float
        Its mean cross-validated score.
    best_index_ : int
        Its row in ``cv_results_``.
    best_trial_ : FrozenTrial
        The best trial.
    cv_results_ : dict of arrays
        One row per finished trial, with scikit-learn's keys (``params``,
        ``param_<name>``, ``split<i>_test_score``, ``mean_test_score``,
        ``rank_test_score``, fit and score times, ...) and ``state``. A pruned or failed
        trial has NaN scores where it has none and ranks after the others.
    n_splits_ : int
        The number of cross-validation folds.
    refit_time_ : float
        Seconds spent refitting.
    scorer_ : callable
        The scorer used.
    study_ : Study
        The study that ran.
    trials_ : list of FrozenTrial
        Its trials.

    Examples
    --------
    >>> import hpobench
    >>> from hpobench.distributions import FloatDistribution
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> X, y = load_iris(return_X_y=True)
    >>> search = hpobench.integration.SearchCV(
    ...     SVC(), {"C": FloatDistribution(1e-3, 1e3, log=True)}, n_trials=10, random_state=0
    ... )
    >>> search = search.fit(X, y)
    >>> search.predict(X[:3]).tolist()
    [0, 0, 0]
    """

    def __init__(
        self,
        estimator: Any,
        param_distributions: dict[str, BaseDistribution],
        *,
        cv: Any = None,
        enable_pruning: bool = False,
        error_score: Any = np.nan,
        max_iter: int = 1000,
        n_jobs: int | None = None,
        n_trials: int | None = 10,
        random_state: Any = None,
        refit: bool = True,
        return_train_score: bool = False,
        scoring: Any = None,
        study: Study | None = None,
        subsample: float | int = 1.0,
        timeout: float | None = None,
        verbose: int = 0,
        callbacks: list[Callable[[Study, FrozenTrial], None]] | None = None,
        catch: Iterable[type[Exception]] | type[Exception] = (),
    ) -> None:
        self.estimator = estimator
        self.param_distributions = param_distributions
        self.cv = cv
        self.enable_pruning = enable_pruning
        self.error_score = error_score
        self.max_iter = max_iter
        self.n_jobs = n_jobs
        self.n_trials = n_trials
        self.random_state = random_state
        self.refit = refit
        self.return_train_score = return_train_score
        self.scoring = scoring
        self.study = study
        self.subsample = subsample
        self.timeout = timeout
        self.verbose = verbose
        self.callbacks = callbacks
        self.catch = catch

    # -- fitting -----------------------------------------------------------------------
    def fit(self, X: Any, y: Any = None, groups: Any = None, **fit_params: Any) -> SearchCV:
        """Run the search on ``X``, ``y`` and refit the best parameters; return self.

        Raises
        ------
        ValueError
            On invalid settings, or when no trial completed.
        TypeError
            When ``param_distributions`` does not map names to hpobench distributions.
        """
        self._check_settings()
        if y is None and get_tags(self.estimator).target_tags.required:
            raise ValueError(
                f"{type(self.estimator).__name__} requires y to be passed, but the target y "
                "is None."
            )
        X, y, groups = indexable(X, y, groups)
        fit_params = _check_method_params(X, fit_params)
        rng = check_random_state(self.random_state)
        self.cv_ = check_cv(self.cv, y, classifier=is_classifier(self.estimator))
        self.scorer_ = check_scoring(self.estimator, scoring=self.scoring)
        self.study_ = self._make_study(rng)
        X_s, y_s, groups_s, params_s = self._subsample(X, y, groups, fit_params, rng)
        self.n_splits_ = self.cv_.get_n_splits(X_s, y_s, groups_s)
        objective = _Objective(self, X_s, y_s, groups_s, params_s)
        self.study_.optimize(
            objective,
            n_trials=self.n_trials,
            timeout=self.timeout,
            n_jobs=self.n_jobs or 1,
            catch=self.catch,
            callbacks=self.callbacks,
        )
        if not self.study_.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
            self._raise_no_complete_trial(X, y, fit_params)
        self.best_trial_ = self.study_.best_trial
        self.trials_ = self.study_.trials
        self.cv_results_ = _cv_results(self.trials_, self.n_splits_, self.return_train_score)
        finished = [t.number for t in self.trials_ if t.state.is_finished()]
        self.best_index_ = finished.index(self.best_trial_.number)
        if self.refit:
            start = time.perf_counter()
            best = clone(self.estimator).set_params(**self.best_params_)
            self.best_estimator_ = best.fit(X, y, **fit_params)
            self.refit_time_ = time.perf_counter() - start
        return self

    def _raise_no_complete_trial(self, X: Any, y: Any, fit_params: dict[str, Any]) -> None:
        """Raise the estimator's own error when it cannot fit the data at all, else ValueError.

        Every trial failed or was pruned. As scikit-learn's searches do when every
        candidate fails, fit once on all the data (with the first trial's parameters) so
        that an error of the estimator (NaN in X, a missing y, ...) reaches the caller.
        """
        trials = self.study_.trials
        params = trials[0].params if trials else {}
        clone(self.estimator).set_params(**params).fit(X, y, **fit_params)
        raise ValueError(
            f"No trial completed among the {len(trials)} run; see their states in "
            "search.study_.trials (all folds failed or every trial was pruned)."
        )

    def _check_settings(self) -> None:
        dists = self.param_distributions
        if not isinstance(dists, dict) or not all(
            isinstance(k, str) and isinstance(v, BaseDistribution) for k, v in dists.items()
        ):
            raise TypeError(
                "param_distributions must be a dict of parameter name → hpobench "
                f"distribution; got {dists!r}."
            )
        if not (self.error_score == "raise" or isinstance(self.error_score, numbers.Real)):
            raise ValueError(f"error_score must be 'raise' or a number; got {self.error_score!r}.")
        if (
            isinstance(self.max_iter, bool)
            or not isinstance(self.max_iter, int)
            or self.max_iter < 1
        ):
            raise ValueError(f"max_iter must be an int >= 1; got {self.max_iter!r}.")
        sub = self.subsample
        valid_float = isinstance(sub, float) and 0.0 < sub <= 1.0
        valid_int = isinstance(sub, numbers.Integral) and not isinstance(sub, bool) and sub >= 1
        if not (valid_float or valid_int):
            raise ValueError(
                f"subsample must be a float in (0, 1] or an int >= 1; got {self.subsample!r}."
            )
        if self.study is not None and (
            not isinstance(self.study, Study) or self.study.directions != [StudyDirection.MAXIMIZE]
        ):
            raise ValueError(
                "study must be a single-objective study with direction='maximize' (scores "
                f"grow with quality); got {self.study!r}."
            )

    def _make_study(self, rng: np.random.RandomState) -> Study:
        if self.study is not None:
            return self.study
        seed = int(rng.randint(2**31 - 1))
        # The engine's default sampler, seeded (TPE once it exists, random until then).
        sampler_class = getattr(samplers, "TPESampler", samplers.RandomSampler)
        return create_study(direction="maximize", sampler=sampler_class(seed=seed))

    def _subsample(
        self, X: Any, y: Any, groups: Any, fit_params: dict[str, Any], rng: Any
    ) -> tuple[Any, Any, Any, dict[str, Any]]:
        n = _num_samples(X)
        size = self.subsample if isinstance(self.subsample, numbers.Integral) else None
        size = size or max(1, round(float(self.subsample) * n))
        if size >= n:
            return X, y, groups, fit_params
        rows = np.sort(rng.choice(n, size=int(size), replace=False))

        def take(a: Any) -> Any:
            return None if a is None else _safe_indexing(a, rows)

        return take(X), take(y), take(groups), _check_method_params(X, fit_params, rows)

    # -- the fitted estimator ----------------------------------------------------------
    @property
    def best_params_(self) -> dict[str, Any]:
        """The parameters of the best trial."""
        check_is_fitted(self, "best_trial_")
        return self.best_trial_.params

    @property
    def best_score_(self) -> float:
        """The mean cross-validated score of the best trial."""
        check_is_fitted(self, "best_trial_")
        return float(self.best_trial_.value)  # type: ignore[arg-type]

    @property
    def classes_(self) -> np.ndarray:
        """The class labels (classifiers)."""
        return self._refitted().classes_

    @property
    def n_features_in_(self) -> int:
        """The number of features seen by the refitted estimator."""
        try:
            return self._refitted().n_features_in_
        except AttributeError as err:
            raise AttributeError(f"{type(self).__name__} has no n_features_in_: {err}") from err

    def _refitted(self) -> Any:
        check_is_fitted(self, "best_trial_")
        if not self.refit:
            raise AttributeError("This SearchCV was fitted with refit=False: no best_estimator_.")
        return self.best_estimator_

    @available_if(_delegate("predict"))
    def predict(self, X: Any) -> Any:
        """Predict with the refitted estimator."""
        return self._refitted().predict(X)

    @available_if(_delegate("predict_proba"))
    def predict_proba(self, X: Any) -> Any:
        """Class probabilities from the refitted estimator."""
        return self._refitted().predict_proba(X)

    @available_if(_delegate("predict_log_proba"))
    def predict_log_proba(self, X: Any) -> Any:
        """Log class probabilities from the refitted estimator."""
        return self._refitted().predict_log_proba(X)

    @available_if(_delegate("decision_function"))
    def decision_function(self, X: Any) -> Any:
        """Decision function of the refitted estimator."""
        return self._refitted().decision_function(X)

    @available_if(_delegate("transform"))
    def transform(self, X: Any) -> Any:
        """Transform with the refitted estimator."""
        return self._refitted().transform(X)

    @available_if(_delegate("inverse_transform"))
    def inverse_transform(self, X: Any) -> Any:
        """Inverse transform with the refitted estimator."""
        return self._refitted().inverse_transform(X)

    @available_if(_delegate("score_samples"))
    def score_samples(self, X: Any) -> Any:
        """Per-sample scores of the refitted estimator."""
        return self._refitted().score_samples(X)

    def score(self, X: Any, y: Any = None) -> float:
        """Score the refitted estimator on ``X``, ``y`` with :attr:`scorer_`."""
        return float(self.scorer_(self._refitted(), X, y))

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        inner = get_tags(self.estimator)
        tags.estimator_type = inner.estimator_type
        tags.classifier_tags = copy.deepcopy(inner.classifier_tags)
        tags.regressor_tags = copy.deepcopy(inner.regressor_tags)
        tags.transformer_tags = copy.deepcopy(inner.transformer_tags)
        tags.target_tags = copy.deepcopy(inner.target_tags)
        tags.input_tags.pairwise = inner.input_tags.pairwise
        tags.input_tags.sparse = inner.input_tags.sparse
        tags.input_tags.allow_nan = inner.input_tags.allow_nan
        return tags


class _Objective:
    """One trial: draw parameters, cross-validate, record the scores in user attrs."""

    def __init__(
        self, search: SearchCV, X: Any, y: Any, groups: Any, fit_params: dict[str, Any]
    ) -> None:
        self.search = search
        self.X, self.y, self.groups, self.fit_params = X, y, groups, fit_params

    def __call__(self, trial: Trial) -> float:
        params = {
            name: _suggest(trial, name, dist)
            for name, dist in self.search.param_distributions.items()
        }
        estimator = clone(self.search.estimator).set_params(**params)
        if not self.search.enable_pruning:
            scores = self._cross_validate(estimator)
        elif hasattr(estimator, "partial_fit"):
            scores = self._partial_fit_with_pruning(trial, estimator)
        else:
            scores = self._fold_by_fold_with_pruning(trial, estimator)
        _store_scores(trial, scores)
        return float(np.mean(scores["test_score"]))

    def _cross_validate(self, estimator: Any) -> dict[str, np.ndarray]:
        search = self.search
        result = cross_validate(
            estimator,
            self.X,
            self.y,
            groups=self.groups,
            scoring=search.scorer_,
            cv=search.cv_,
            verbose=search.verbose,
            params=self.fit_params,
            return_train_score=search.return_train_score,
            error_score=search.error_score,
        )
        return {k: np.asarray(result[k], dtype=float) for k in _SCORE_KEYS if k in result}

    def _splits(self) -> list[tuple[np.ndarray, np.ndarray]]:
        return list(self.search.cv_.split(self.X, self.y, self.groups))

    def _fold_data(self, estimator: Any, train: np.ndarray, test: np.ndarray) -> tuple:
        X_train, y_train = _safe_split(estimator, self.X, self.y, train)
        X_test, y_test = _safe_split(estimator, self.X, self.y, test, train)
        params = _check_method_params(self.X, self.fit_params, train)
        return X_train, y_train, X_test, y_test, params

    def _partial_fit_with_pruning(self, trial: Trial, estimator: Any) -> dict[str, np.ndarray]:
        search = self.search
        folds = [self._fold_data(estimator, tr, te) for tr, te in self._splits()]
        models = [clone(estimator) for _ in folds]
        n = len(folds)
        times = {"fit_time": np.zeros(n), "score_time": np.zeros(n)}
        fit_extra: dict[str, Any] = {}
        takes_classes = "classes" in inspect.signature(estimator.partial_fit).parameters
        if is_classifier(estimator) and takes_classes and "classes" not in self.fit_params:
            fit_extra["classes"] = np.unique(self.y)
        scores: dict[str, np.ndarray] = {}
        for step in range(search.max_iter):
            scores = {"test_score": np.zeros(n)}
            if search.return_train_score:
                scores["train_score"] = np.zeros(n)
            for i, (model, (X_tr, y_tr, X_te, y_te, params)) in enumerate(zip(models, folds)):
                start = time.perf_counter()
                model.partial_fit(X_tr, y_tr, **params, **fit_extra)
                times["fit_time"][i] += time.perf_counter() - start
                start = time.perf_counter()
                scores["test_score"][i] = search.scorer_(model, X_te, y_te)
                if search.return_train_score:
                    scores["train_score"][i] = search.scorer_(model, X_tr, y_tr)
                times["score_time"][i] += time.perf_counter() - start
            trial.report(float(np.mean(scores["test_score"])), step)
            if trial.should_prune():
                _store_scores(trial, {**scores, **times})
                raise TrialPruned(f"Trial was pruned at step {step}.")
        return {**scores, **times}

    def _fold_by_fold_with_pruning(self, trial: Trial, estimator: Any) -> dict[str, np.ndarray]:
        search = self.search
        keys = ["test_score", "fit_time", "score_time"]
        if search.return_train_score:
            keys.append("train_score")
        scores: dict[str, list[float]] = {k: [] for k in keys}
        for step, (train, test) in enumerate(self._splits()):
            X_tr, y_tr, X_te, y_te, params = self._fold_data(estimator, train, test)
            model = clone(estimator)
            start = time.perf_counter()
            try:
                model.fit(X_tr, y_tr, **params)
                fitted = True
            except Exception:
                if search.error_score == "raise":
                    raise
                fitted = False
            scores["fit_time"].append(time.perf_counter() - start)
            start = time.perf_counter()
            test_score = search.scorer_(model, X_te, y_te) if fitted else search.error_score
            scores["test_score"].append(float(test_score))
            if search.return_train_score:
                train_score = search.scorer_(model, X_tr, y_tr) if fitted else search.error_score
                scores["train_score"].append(float(train_score))
            scores["score_time"].append(time.perf_counter() - start)
            trial.report(float(test_score), step)
            if trial.should_prune():
                _store_scores(trial, {k: np.asarray(v) for k, v in scores.items()})
                raise TrialPruned(f"Trial was pruned at fold {step}.")
        return {k: np.asarray(v, dtype=float) for k, v in scores.items()}


def _suggest(trial: Trial, name: str, dist: BaseDistribution) -> Any:
    if isinstance(dist, FloatDistribution):
        return trial.suggest_float(name, dist.low, dist.high, step=dist.step, log=dist.log)
    if isinstance(dist, IntDistribution):
        return trial.suggest_int(name, dist.low, dist.high, step=dist.step, log=dist.log)
    if isinstance(dist, CategoricalDistribution):
        return trial.suggest_categorical(name, dist.choices)
    raise TypeError(f"Unsupported distribution for {name!r}: {dist!r}.")


def _store_scores(trial: Trial, scores: dict[str, np.ndarray]) -> None:
    for key, values in scores.items():
        trial.set_user_attr(f"split_{key}", [float(v) for v in values])


def _cv_results(
    trials: list[FrozenTrial], n_splits: int, return_train_score: bool
) -> dict[str, Any]:
    """Build scikit-learn's ``cv_results_`` from the finished trials' user attributes."""
    finished = [t for t in trials if t.state.is_finished()]
    results: dict[str, Any] = {
        "params": [t.params for t in finished],
        "state": np.array([t.state.name for t in finished], dtype=object),
    }
    names = sorted({name for t in finished for name in t.params})
    for name in names:
        column = np.ma.MaskedArray(np.empty(len(finished), dtype=object), mask=True)
        for i, t in enumerate(finished):
            if name in t.params:
                column[i] = t.params[name]
        results[f"param_{name}"] = column
    kinds = ["test", "train"] if return_train_score else ["test"]
    for kind in kinds:
        table = _split_table(finished, f"split_{kind}_score", n_splits)
        for i in range(n_splits):
            results[f"split{i}_{kind}_score"] = table[:, i]
        results[f"mean_{kind}_score"] = _nan_stat(np.nanmean, table)
        results[f"std_{kind}_score"] = _nan_stat(np.nanstd, table)
    for kind in ("fit_time", "score_time"):
        table = _split_table(finished, f"split_{kind}", n_splits)
        results[f"mean_{kind}"] = _nan_stat(np.nanmean, table)
        results[f"std_{kind}"] = _nan_stat(np.nanstd, table)
    mean = results["mean_test_score"].copy()
    for i, t in enumerate(finished):
        if t.state != TrialState.COMPLETE:
            mean[i] = np.nan
    results["rank_test_score"] = _rank(mean)
    return results


def _split_table(trials: list[FrozenTrial], key: str, n_splits: int) -> np.ndarray:
    table = np.full((len(trials), n_splits), np.nan)
    for i, t in enumerate(trials):
        values = t.user_attrs.get(key, [])[:n_splits]
        table[i, : len(values)] = values
    return table


def _nan_stat(stat: Callable[..., np.ndarray], table: np.ndarray) -> np.ndarray:
    out = np.full(len(table), np.nan)
    rows = ~np.isnan(table).all(axis=1)
    if rows.any():
        out[rows] = stat(table[rows], axis=1)
    return out


def _rank(mean: np.ndarray) -> np.ndarray:
    """Rank 1 for the best mean score; ties share the lowest rank; NaN ranks last."""
    filled = np.where(np.isnan(mean), -np.inf, mean)
    return rankdata(-filled, method="min").astype(np.int32)
