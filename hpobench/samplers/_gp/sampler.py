from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.distributions import BaseDistribution
from hpobench.multi_objective import non_dominated_mask
from hpobench.samplers._base import BaseSampler
from hpobench.samplers._blas import single_threaded_blas
from hpobench.samplers._constraints import store_constraints
from hpobench.samplers._gp._acquisition import LogEHVI, LogEI, LogPF, Sum
from hpobench.samplers._gp._fit import GPModel, fit_theta
from hpobench.samplers._gp._optimize import optimize_acquisition
from hpobench.samplers._gp._space import GPSpace
from hpobench.samplers._random import RandomSampler
from hpobench.samplers._search_space import IntersectionSearchSpace
from hpobench.samplers._seeding import TrialRngs
from hpobench.study._study_direction import StudyDirection
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study

_N_EHVI_SAMPLES = 32
_N_EHVI_CANDIDATES = 256
_N_CANDIDATES = 2048
_N_SEED_POINTS = 3


class GPSampler(BaseSampler):
    """Bayesian optimisation with a Gaussian process (numpy and scipy only).

    After ``n_startup_trials`` complete trials, the parameters that every finished
    trial shares (floats, ints and categoricals) are drawn jointly by maximising an
    acquisition function of GP models of the objectives:

    * **Model.** A Matérn-5/2 kernel with one lengthscale per parameter on the
      unit-cube-scaled numerical parameters (log parameters in log space), times a
      Hamming-distance factor for categoricals. Lengthscales, signal scale and noise
      are fitted by maximum a posteriori (priors in ``_gp/_fit.py``) with L-BFGS-B and
      analytic gradients, warm-started from the previous fit of the same study.
      Targets are standardised.
    * **Acquisition.** Log expected improvement (computed stably far in the tail) for
      one objective; log expected hypervolume improvement (quasi-Monte Carlo) for
      several. With constraints, one GP per constraint adds the log probability of
      feasibility; while no trial is feasible, that probability alone is maximised.
      RUNNING trials enter as observations at the posterior mean (kriging believer),
      so parallel workers spread out.
    * **Search.** Scrambled Sobol candidates plus the best observed points; the best
      few are refined by L-BFGS-B in the continuous parameters and by coordinate
      search over the grid values of discrete ones and the choices of categoricals.

    Parameters the GP does not handle (conditional ones, or during startup) go to
    ``independent_sampler``.

    Parameters
    ----------
    seed : int or None
        Seed of the sampling; None draws one at random.
    independent_sampler : BaseSampler or None
        Default :class:`RandomSampler` with the same seed.
    n_startup_trials : int
        Complete trials drawn by ``independent_sampler`` before the GP starts (>= 0).
    deterministic_objective : bool
        Fix the noise at its minimum (1e-6): the GP interpolates the observations.
    constraints_func : callable or None
        ``trial -> sequence of floats``, feasible when all are <= 0; called after each
        complete trial. Constraints set with ``Trial.set_constraint`` count as well.
    warn_independent_sampling : bool
        Warn (once per parameter) when a parameter goes to the independent sampler
        after the startup trials.

    Examples
    --------
    >>> import hpobench
    >>> sampler = hpobench.samplers.GPSampler(seed=0, n_startup_trials=5)
    >>> study = hpobench.create_study(sampler=sampler)
    >>> study.optimize(lambda t: (t.suggest_float("x", -5, 5) - 1) ** 2, n_trials=15)
    >>> abs(study.best_params["x"] - 1) < 0.1
    True
    """

    def __init__(
        self,
        *,
        seed: int | None = None,
        independent_sampler: BaseSampler | None = None,
        n_startup_trials: int = 10,
        deterministic_objective: bool = False,
        constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
        warn_independent_sampling: bool = True,
    ) -> None:
        _validate(n_startup_trials, independent_sampler, constraints_func)
        self._rngs = TrialRngs(seed)
        self._independent = independent_sampler or RandomSampler(seed=seed)
        self._n_startup_trials = n_startup_trials
        self._deterministic = bool(deterministic_objective)
        self._constraints_func = constraints_func
        self._warn = warn_independent_sampling
        self._search_space = IntersectionSearchSpace()
        self._theta_cache: dict[tuple[Any, ...], np.ndarray] = {}
        self._encoded_key: tuple[Any, ...] | None = None
        self._encoded: dict[int, np.ndarray] = {}
        self._warned: set[str] = set()
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def reseed_rng(self) -> None:
        self._rngs.reseed()
        self._independent.reseed_rng()

    # -- the sampler interface ---------------------------------------------------------
    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        return {
            name: dist
            for name, dist in self._search_space.calculate(study).items()
            if not dist.single()
        }

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        if not search_space:
            return {}
        trials = study._get_trials(deepcopy=False, use_cache=True)
        names = list(search_space)
        complete = [
            t
            for t in trials
            if t.state == TrialState.COMPLETE and all(n in t.params for n in names)
        ]
        if len(complete) < max(self._n_startup_trials, 1):
            return {}
        space = GPSpace(search_space)
        key = (study._study_id, tuple(sorted(search_space.items(), key=lambda kv: kv[0])))
        x = self._encode_finished(key, space, complete)
        pending = [
            t
            for t in trials
            if t.state == TrialState.RUNNING
            and t.number != trial.number
            and all(n in t.params for n in names)
        ]
        x_pending = np.array([space.encode(t.params) for t in pending]).reshape(-1, space.dim)
        losses = _losses(study, complete)
        constraints = self._constraint_matrix(complete)
        rng = self._rngs.for_trial(trial.number)
        # Multithreaded BLAS costs more than it saves on these small matrices (and
        # oversubscribes the cores when trials run in parallel).
        with single_threaded_blas():
            acq, seeds = self._acquisition(key, space, x, x_pending, losses, constraints, rng)
            n_candidates = _N_EHVI_CANDIDATES if losses.shape[1] > 1 else _N_CANDIDATES
            best = optimize_acquisition(acq, space, seeds, rng, n_candidates=n_candidates)
        return space.decode(best)

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        if self._warn and param_name not in self._warned:
            n_complete = sum(
                t.state == TrialState.COMPLETE
                for t in study._get_trials(deepcopy=False, use_cache=True)
            )
            if n_complete >= self._n_startup_trials:
                self._warned.add(param_name)
                warnings.warn(
                    f"GPSampler samples parameter {param_name!r} with its independent "
                    f"sampler {self._independent}: the GP handles only parameters that "
                    "every trial has. Pass warn_independent_sampling=False to silence "
                    "this warning.",
                    UserWarning,
                    stacklevel=2,
                )
        return self._independent.sample_independent(study, trial, param_name, param_distribution)

    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        self._independent.before_trial(study, trial)

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        try:
            store_constraints(study, trial, state, self._constraints_func)
        finally:
            self._rngs.release(trial.number)
            self._independent.after_trial(study, trial, state, values)

    # -- models ------------------------------------------------------------------------
    def _encode_finished(
        self, key: tuple[Any, ...], space: GPSpace, complete: list[FrozenTrial]
    ) -> np.ndarray:
        """Return the GP inputs of finished trials, encoding each trial only once."""
        with self._lock:
            if self._encoded_key != key:
                self._encoded_key, self._encoded = key, {}
            rows = self._encoded
            for t in complete:
                if t.number not in rows:
                    rows[t.number] = space.encode(t.params)
            return np.array([rows[t.number] for t in complete])

    def _constraint_matrix(self, complete: list[FrozenTrial]) -> np.ndarray | None:
        found = [t.constraints for t in complete]
        lengths = {len(c) for c in found if c is not None}
        if not lengths or lengths == {0}:
            return None
        n_c = max(lengths)
        # A trial without constraint values counts as infeasible (it never reported).
        rows = [c if c is not None and len(c) == n_c else [math.inf] * n_c for c in found]
        return np.array(rows, dtype=float)

    def _fit(self, key: tuple[Any, ...], x: np.ndarray, y: np.ndarray, space: GPSpace) -> GPModel:
        """Fit a GP to standardised ``y``, warm-started from the cached fit of ``key``."""
        with self._lock:
            init = self._theta_cache.get(key)
        theta = fit_theta(x, y, space.is_cat, init, self._deterministic)
        with self._lock:
            self._theta_cache[key] = theta
        return GPModel(x, y, theta, space.is_cat)

    def _acquisition(
        self,
        key: tuple[Any, ...],
        space: GPSpace,
        x: np.ndarray,
        x_pending: np.ndarray,
        losses: np.ndarray,
        constraints: np.ndarray | None,
        rng: np.random.Generator,
    ) -> tuple[Any, np.ndarray]:
        feasible = np.ones(len(x), dtype=bool)
        parts: list[Any] = []
        if constraints is not None:
            models, thresholds = [], []
            for i, column in enumerate(constraints.T):
                c, (mu, sd) = _standardise(column)
                model = _believe(self._fit((*key, "c", i), x, c, space), x_pending)
                models.append(model)
                thresholds.append((0.0 - mu) / sd)
            feasible = np.all(constraints <= 0.0, axis=1)
            parts.append(LogPF(models, thresholds))
        if feasible.any():
            parts.append(self._objective_part(key, space, x, x_pending, losses, feasible, rng))
        acq = parts[0] if len(parts) == 1 else Sum(parts)
        # Best observed (feasible) points seed the search.
        score = losses.sum(1) + np.where(feasible, 0.0, np.inf)
        seeds = x[np.argsort(score, kind="stable")[:_N_SEED_POINTS]]
        return acq, seeds

    def _objective_part(
        self,
        key: tuple[Any, ...],
        space: GPSpace,
        x: np.ndarray,
        x_pending: np.ndarray,
        losses: np.ndarray,
        feasible: np.ndarray,
        rng: np.random.Generator,
    ) -> Any:
        standardised = [_standardise(column)[0] for column in losses.T]
        if len(standardised) == 1:
            # Maximise the negated loss: EI over the best feasible value.
            y = -standardised[0]
            model = _believe(self._fit((*key, "y", 0), x, y, space), x_pending)
            return LogEI(model, float(np.max(y[feasible])))
        models = [
            _believe(self._fit((*key, "y", i), x, y, space), x_pending)
            for i, y in enumerate(standardised)
        ]
        y = np.stack(standardised, axis=1)
        front = y[feasible][non_dominated_mask(y[feasible])]
        reference = y.max(0) + 0.1 * np.maximum(y.max(0) - y.min(0), 1e-6)
        seed = int(rng.integers(2**31 - 1))
        return LogEHVI(models, front, reference, _N_EHVI_SAMPLES, seed)


def _believe(model: GPModel, x_pending: np.ndarray) -> GPModel:
    """Add RUNNING trials at the posterior mean (the kriging believer)."""
    if len(x_pending) == 0:
        return model
    return model.with_observations(x_pending, model.posterior(x_pending)[0])


def _standardise(values: np.ndarray) -> tuple[np.ndarray, tuple[float, float]]:
    """Return ``(values - mean) / sd`` with infinities clipped to the finite range."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return np.zeros_like(values), (0.0, 1.0)
    values = np.clip(values, finite.min(), finite.max())
    mu, sd = float(values.mean()), float(values.std())
    sd = sd if sd > 1e-12 else 1.0
    return (values - mu) / sd, (mu, sd)


def _losses(study: Study, complete: list[FrozenTrial]) -> np.ndarray:
    signs = np.array([1.0 if d == StudyDirection.MINIMIZE else -1.0 for d in study.directions])
    values = np.array([t.values for t in complete], dtype=float)
    return values * signs


def _validate(n_startup_trials: Any, independent_sampler: Any, constraints_func: Any) -> None:
    if (
        isinstance(n_startup_trials, bool)
        or not isinstance(n_startup_trials, (int, np.integer))
        or n_startup_trials < 0
    ):
        raise ValueError(f"n_startup_trials must be an int >= 0; got {n_startup_trials!r}.")
    if independent_sampler is not None and not isinstance(independent_sampler, BaseSampler):
        raise TypeError(
            f"independent_sampler must be a BaseSampler or None; got {independent_sampler!r}."
        )
    if constraints_func is not None and not callable(constraints_func):
        raise TypeError(f"constraints_func must be callable or None; got {constraints_func!r}.")
