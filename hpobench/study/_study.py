from __future__ import annotations

import contextlib
import math
import threading
import warnings
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from hpobench import logging
from hpobench.distributions import BaseDistribution
from hpobench.pruners._base import BasePruner
from hpobench.samplers._base import BaseSampler
from hpobench.storages._heartbeat import HeartbeatThread, fail_stale_trials, is_heartbeat_enabled
from hpobench.study._multi_objective import pareto_front_trials
from hpobench.study._optimize import CallbackType, optimize
from hpobench.study._study_direction import StudyDirection
from hpobench.study._tell import tell
from hpobench.trial._create import create_trial
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState
from hpobench.trial._trial import Trial

if TYPE_CHECKING:
    import pandas as pd

    from hpobench.storages._base import BaseStorage

_logger = logging.get_logger(__name__)
ObjectiveFuncType = Callable[[Trial], float | Sequence[float]]
_METRIC_NAMES_KEY = "study:metric_names"


class Study:
    """An optimization task: a set of trials, a sampler that proposes and a pruner that stops.

    Create one with :func:`hpobench.create_study` or :func:`hpobench.load_study`, not
    with this constructor.

    Examples
    --------
    >>> import hpobench
    >>> def objective(trial):
    ...     x = trial.suggest_float("x", -10, 10)
    ...     return (x - 2) ** 2
    >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
    >>> study.optimize(objective, n_trials=50)
    >>> abs(study.best_params["x"] - 2) < 1
    True
    """

    def __init__(
        self,
        study_name: str,
        storage: str | BaseStorage,
        sampler: BaseSampler | None = None,
        pruner: BasePruner | None = None,
    ) -> None:
        from hpobench.pruners import default_pruner
        from hpobench.samplers import default_sampler
        from hpobench.storages import get_storage

        self.study_name = study_name
        self._storage = get_storage(storage)
        self._study_id = self._storage.get_study_id_from_name(study_name)
        self._directions = self._storage.get_study_directions(self._study_id)
        self.sampler = _check_sampler(sampler) or default_sampler(len(self._directions))
        self.pruner = _check_pruner(pruner) or default_pruner()
        self._stop_flag = False
        self._n_active_optimize = 0
        self._thread_local = threading.local()
        self._lock = threading.Lock()
        self._heartbeats: dict[int, HeartbeatThread] = {}

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_thread_local"], state["_lock"], state["_heartbeats"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._thread_local = threading.local()
        self._lock = threading.Lock()
        self._heartbeats = {}

    # -- directions and attributes ------------------------------------------------------
    @property
    def direction(self) -> StudyDirection:
        """The direction of a single-objective study."""
        if len(self._directions) > 1:
            raise RuntimeError(
                "This study has several objectives; use study.directions instead of "
                "study.direction."
            )
        return self._directions[0]

    @property
    def directions(self) -> list[StudyDirection]:
        """The direction of each objective."""
        return list(self._directions)

    @property
    def user_attrs(self) -> dict[str, Any]:
        """The study's user attributes."""
        return self._storage.get_study_user_attrs(self._study_id)

    @property
    def system_attrs(self) -> dict[str, Any]:
        """The study's system attributes."""
        return self._storage.get_study_system_attrs(self._study_id)

    def set_user_attr(self, key: str, value: Any) -> None:
        """Set a user attribute of the study (JSON-serialisable, for persistent storages)."""
        self._storage.set_study_user_attr(self._study_id, key, value)

    def set_system_attr(self, key: str, value: Any) -> None:
        """Set a system attribute of the study."""
        self._storage.set_study_system_attr(self._study_id, key, value)

    @property
    def metric_names(self) -> list[str] | None:
        """Names of the objectives set with :meth:`set_metric_names`, or None."""
        return self.system_attrs.get(_METRIC_NAMES_KEY)

    def set_metric_names(self, metric_names: list[str]) -> None:
        """Name the objectives (used as column names by :meth:`trials_dataframe`)."""
        if len(metric_names) != len(self._directions) or not all(
            isinstance(n, str) for n in metric_names
        ):
            raise ValueError(
                f"metric_names must be {len(self._directions)} strings, one per objective; "
                f"got {metric_names!r}."
            )
        self._storage.set_study_system_attr(self._study_id, _METRIC_NAMES_KEY, list(metric_names))

    # -- trials ------------------------------------------------------------------------
    @property
    def trials(self) -> list[FrozenTrial]:
        """All trials, in order of number (copies; changing them changes nothing)."""
        return self.get_trials()

    def get_trials(
        self, deepcopy: bool = True, states: Container[TrialState] | None = None
    ) -> list[FrozenTrial]:
        """Return the trials, optionally only those whose state is in ``states``.

        Parameters
        ----------
        deepcopy : bool
            Return copies. With False the trials are shared with the storage and must not
            be modified: faster, for read-only use.
        states : container of TrialState or None
            Keep only these states.
        """
        return self._get_trials(deepcopy=deepcopy, states=states)

    def _get_trials(
        self,
        deepcopy: bool = True,
        states: Container[TrialState] | None = None,
        use_cache: bool = False,
    ) -> list[FrozenTrial]:
        return self._storage.get_all_trials(self._study_id, deepcopy=deepcopy, states=states)

    @property
    def best_trial(self) -> FrozenTrial:
        """The best feasible COMPLETE trial of a single-objective study.

        Raises
        ------
        ValueError
            When no trial is COMPLETE (and feasible) yet.
        RuntimeError
            When the study has several objectives (use :attr:`best_trials`).
        """
        if len(self._directions) > 1:
            raise RuntimeError(
                "A multi-objective study has no single best trial; use study.best_trials."
            )
        return self._storage.get_best_trial(self._study_id)._clone(deep=True)

    @property
    def best_value(self) -> float:
        """The objective value of :attr:`best_trial`."""
        value = self.best_trial.value
        assert value is not None
        return value

    @property
    def best_params(self) -> dict[str, Any]:
        """The parameters of :attr:`best_trial`."""
        return self.best_trial.params

    @property
    def best_trials(self) -> list[FrozenTrial]:
        """The Pareto front: COMPLETE feasible trials that no other one dominates."""
        complete = self._get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
        return [t._clone(deep=True) for t in pareto_front_trials(complete, self._directions)]

    # -- running -----------------------------------------------------------------------
    def optimize(
        self,
        func: ObjectiveFuncType,
        n_trials: int | None = None,
        timeout: float | None = None,
        n_jobs: int = 1,
        catch: Iterable[type[Exception]] | type[Exception] = (),
        callbacks: list[CallbackType] | None = None,
        gc_after_trial: bool = False,
        show_progress_bar: bool = False,
        *,
        parallel: str = "thread",
    ) -> None:
        """Run the objective on new trials until a limit is reached.

        Parameters
        ----------
        func : callable
            The objective: takes a :class:`Trial`, returns a float (or one per objective).
        n_trials : int or None
            How many trials to run; None for no limit.
        timeout : float or None
            Stop starting trials after this many seconds; None for no limit. Without
            both limits the study runs until ``study.stop()`` or Ctrl+C.
        n_jobs : int
            Trials run at once in threads; -1 means the number of CPUs.
        catch : exception class or tuple of them
            Errors of the objective that mark the trial FAIL and let the study go on;
            any other error is re-raised after the trial is stored as FAIL.
        callbacks : list of callables
            Called as ``callback(study, frozen_trial)`` after each trial.
        gc_after_trial : bool
            Run the garbage collector after each trial.
        show_progress_bar : bool
            Draw a tqdm progress bar.
        parallel : {"thread", "process"}
            How ``n_jobs > 1`` runs trials: in threads of this process (Optuna's
            semantics), or in ``n_jobs`` worker processes that share the study through
            its storage (which must be one processes can open: an RDB URL, a journal
            file or Redis). Processes give a real speed-up on CPU-bound objectives; the
            trials are split evenly between workers, and callbacks run in the workers.

        Examples
        --------
        >>> import hpobench
        >>> study = hpobench.create_study()
        >>> study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=10, n_jobs=2)
        >>> len(study.trials)
        10
        """
        optimize(
            self,
            func,
            n_trials,
            timeout,
            n_jobs,
            catch,
            callbacks,
            gc_after_trial,
            show_progress_bar,
            parallel,
        )

    @contextlib.contextmanager
    def _optimize_session(self) -> Iterator[None]:
        with self._lock:
            if self._n_active_optimize == 0:
                self._stop_flag = False
            self._n_active_optimize += 1
        try:
            yield
        finally:
            with self._lock:
                self._n_active_optimize -= 1

    def stop(self) -> None:
        """Stop ``optimize`` after the running trials; call it from an objective or callback.

        Raises
        ------
        RuntimeError
            When no ``optimize`` of this study is running.
        """
        if self._n_active_optimize == 0:
            raise RuntimeError(
                "study.stop() stops a running study.optimize; call it from the objective or "
                "a callback."
            )
        self._stop_flag = True

    def ask(self, fixed_distributions: dict[str, BaseDistribution] | None = None) -> Trial:
        """Start a trial (the oldest enqueued one first) for an ask-and-tell loop.

        Parameters
        ----------
        fixed_distributions : dict or None
            Parameters to suggest right away (name → distribution).

        Examples
        --------
        >>> import hpobench
        >>> study = hpobench.create_study()
        >>> trial = study.ask()
        >>> x = trial.suggest_float("x", -1, 1)
        >>> _ = study.tell(trial, x**2)
        """
        if fixed_distributions is not None and not isinstance(fixed_distributions, dict):
            raise TypeError(
                f"fixed_distributions must be a dict of name → distribution; got "
                f"{fixed_distributions!r}."
            )
        heartbeat = is_heartbeat_enabled(self._storage)
        if heartbeat:
            fail_stale_trials(self)
        trial_id = self._storage.claim_waiting_trial(self._study_id)
        if trial_id is None:
            trial_id = self._storage.create_new_trial(self._study_id)
        if heartbeat:
            interval = self._storage.get_heartbeat_interval()  # type: ignore[attr-defined]
            self._heartbeats[trial_id] = HeartbeatThread(self._storage, trial_id, interval)
        trial = Trial(self, trial_id)
        for name, distribution in (fixed_distributions or {}).items():
            trial._suggest(name, distribution)
        return trial

    def _stop_heartbeat(self, trial_id: int) -> None:
        beat = self._heartbeats.pop(trial_id, None)
        if beat is not None:
            beat.stop()

    def tell(
        self,
        trial: Trial | int,
        values: float | Sequence[float] | None = None,
        state: TrialState | None = None,
        skip_if_finished: bool = False,
    ) -> FrozenTrial:
        """Finish a trial started with :meth:`ask`.

        Parameters
        ----------
        trial : Trial or int
            The trial, or its number.
        values : float, sequence of float or None
            The objective value(s). Missing, NaN or unconvertible values make the trial
            FAIL with a warning (unless ``state=COMPLETE`` is given: then ValueError).
        state : TrialState or None
            COMPLETE (the default when values are fine), PRUNED or FAIL.
        skip_if_finished : bool
            Return quietly instead of raising when the trial has already finished.

        Returns
        -------
        FrozenTrial
            A copy of the finished trial.
        """
        frozen, reason = tell(self, trial, values, state, skip_if_finished)
        if reason is not None:
            warnings.warn(
                f"Trial {frozen.number} is marked FAIL: {reason}.", UserWarning, stacklevel=2
            )
        return frozen

    def enqueue_trial(
        self,
        params: dict[str, Any],
        user_attrs: dict[str, Any] | None = None,
        skip_if_exists: bool = False,
    ) -> None:
        """Queue a trial with fixed parameter values; the next :meth:`ask` starts it.

        Parameters a queued trial's objective asks for but ``params`` lacks are sampled
        as usual.

        Examples
        --------
        >>> import hpobench
        >>> study = hpobench.create_study()
        >>> study.enqueue_trial({"x": 0.5})
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
        >>> study.trials[0].params
        {'x': 0.5}
        """
        if not isinstance(params, dict):
            raise TypeError(f"params must be a dict of name → value; got {params!r}.")
        if skip_if_exists and self._is_enqueued_or_run(params):
            _logger.info(f"Trial with params {params} already exists; not enqueued again.")
            return
        self.add_trial(
            create_trial(
                state=TrialState.WAITING,
                system_attrs={"fixed_params": dict(params)},
                user_attrs=user_attrs,
            )
        )

    def _is_enqueued_or_run(self, params: dict[str, Any]) -> bool:
        for trial in self._get_trials(deepcopy=False):
            existing = trial.system_attrs.get("fixed_params", trial.params)
            if existing.keys() == params.keys() and all(
                _same_value(existing[k], v) for k, v in params.items()
            ):
                return True
        return False

    def add_trial(self, trial: FrozenTrial) -> None:
        """Add a finished (or WAITING) trial, e.g. from :func:`hpobench.trial.create_trial`.

        Raises
        ------
        ValueError
            When the trial is inconsistent or has a value count other than the study's
            number of objectives.
        """
        self._storage.create_new_trial(self._study_id, template_trial=self._checked(trial))

    def add_trials(self, trials: Iterable[FrozenTrial]) -> None:
        """Add several trials (at once, where the storage can: one transaction in a database).

        Raises
        ------
        ValueError
            As :meth:`add_trial`; then none of the trials is added.
        """
        checked = [self._checked(trial) for trial in trials]
        self._storage.create_new_trials(self._study_id, checked)

    def _checked(self, trial: FrozenTrial) -> FrozenTrial:
        if not isinstance(trial, FrozenTrial):
            raise TypeError(f"trial must be a FrozenTrial; got {type(trial).__name__}.")
        trial._validate()
        if trial.values is not None and len(trial.values) != len(self._directions):
            raise ValueError(
                f"The trial has {len(trial.values)} value(s) but the study has "
                f"{len(self._directions)} objective(s)."
            )
        return trial

    def trials_dataframe(
        self,
        attrs: tuple[str, ...] = (
            "number",
            "value",
            "datetime_start",
            "datetime_complete",
            "duration",
            "params",
            "user_attrs",
            "system_attrs",
            "state",
        ),
        multi_index: bool = False,
    ) -> pd.DataFrame:
        """Return the trials as a pandas DataFrame, one row per trial.

        Columns follow Optuna's names: ``number``, ``value`` (``values_0``, … or the
        metric names for several objectives), ``params_<name>``, ``user_attrs_<key>``,
        ``system_attrs_<key>``, ``state``. With ``multi_index=True`` the columns are a
        two-level index such as ``("params", "x")``.

        Examples
        --------
        >>> import hpobench
        >>> study = hpobench.create_study()
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
        >>> list(study.trials_dataframe(attrs=("number", "value", "params")).columns)
        ['number', 'value', 'params_x']
        """
        from hpobench.study._dataframe import trials_dataframe

        return trials_dataframe(self, attrs, multi_index)


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


def _check_sampler(sampler: BaseSampler | None) -> BaseSampler | None:
    if sampler is not None and not isinstance(sampler, BaseSampler):
        raise TypeError(f"sampler must be a BaseSampler or None; got {sampler!r}.")
    return sampler


def _check_pruner(pruner: BasePruner | None) -> BasePruner | None:
    if pruner is not None and not isinstance(pruner, BasePruner):
        raise TypeError(f"pruner must be a BasePruner or None; got {pruner!r}.")
    return pruner
