from __future__ import annotations

import hashlib
import math
import threading
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.distributions import BaseDistribution, CategoricalDistribution
from hpobench.samplers._base import BaseSampler
from hpobench.samplers._cmaes._optimizers import (
    make_optimizer,
    warm_start,
)
from hpobench.samplers._cmaes._space import UnitCubeSpace
from hpobench.samplers._cmaes._state import (
    GENERATION_ATTR,
    STATE_ATTR_PREFIX,
    X_ATTR,
    CmaState,
    dump_state,
    load_state,
)
from hpobench.samplers._random import RandomSampler
from hpobench.samplers._search_space import IntersectionSearchSpace
from hpobench.samplers._seeding import TrialRngs
from hpobench.study._study_direction import StudyDirection
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study

_RESTART_STRATEGIES = (None, "ipop", "bipop")
_DEFAULT_SIGMA0 = 1 / 6
# Step size when starting from the best earlier trial (TPECmaEsSampler): local refinement.
_HISTORY_SIGMA0 = 0.05


class CmaEsSampler(BaseSampler):
    """Covariance matrix adaptation evolution strategy (CMA-ES) over the numerical parameters.

    CMA-ES draws the float and int parameters that every finished trial shares (the
    intersection search space) jointly from a multivariate normal distribution, and
    moves and reshapes that distribution after each generation of ``popsize`` finished
    trials. It searches the unit cube: every parameter is scaled to ``[0, 1]``, log
    parameters in log space, and integers and stepped floats are rounded to their grid
    (see ``with_margin``). Categorical parameters, and those not shared by all trials,
    go to ``independent_sampler``.

    The optimizer state is kept in the storage (a study system attribute), and each
    trial records its generation, so every worker of a study, including one that joins
    later or a new sampler object, continues the same run and generation.

    Parameters
    ----------
    x0 : dict or None
        Initial mean, as parameter values (in the objective's terms); missing
        parameters start at the centre of their range. Default: the centre.
    sigma0 : float or None
        Initial step size in the unit cube. Default 1/6.
    n_startup_trials : int
        Finished trials sampled by ``independent_sampler`` before CMA-ES starts.
    independent_sampler : BaseSampler or None
        Sampler of the parameters CMA-ES does not handle. Default
        :class:`RandomSampler` with the same seed.
    warn_independent_sampling : bool
        Warn (``UserWarning``, once per parameter) when a parameter goes to the
        independent sampler after the startup trials.
    seed : int or None
        Seed of the sampling; None draws one at random.
    consider_pruned_trials : bool
        Use PRUNED trials too, with their last intermediate value.
    restart_strategy : {None, "ipop", "bipop"}
        Restart when a run stagnates. A run stops when the optimizer's criteria hold:
        the best values of the recent ``10 + ceil(30 d / popsize)`` generations lie
        within 1e-12 (TolFun, e.g. a flat objective), the step size is below 1e-12 in
        every coordinate (TolX), it diverges (TolXUp 1e4), adding 0.1-0.2 standard
        deviations no longer moves the mean (NoEffectAxis/Coord), or the condition
        number of the covariance exceeds 1e14. IPOP restarts from a uniform random mean
        with ``popsize`` multiplied by ``inc_popsize`` each time; BIPOP alternates such
        large-population runs with small-population, small-step runs, whichever regime
        has spent fewer evaluations.
    popsize : int or None
        Population size (>= 2). Default ``4 + floor(3 ln d)``.
    inc_popsize : int
        Factor of population growth on each IPOP/BIPOP large restart (>= 1).
    use_separable_cma : bool
        Use sep-CMA-ES (diagonal covariance; cheaper and faster to adapt in high
        dimensions).
    with_margin : bool
        Use CMA-ES with margin: integers and stepped floats keep a minimum probability
        of moving to a neighbouring value, so discrete dimensions do not freeze.
        Log-scaled integers are treated as continuous and rounded.
    lr_adapt : bool
        Adapt the learning rate (LRA-CMA-ES; for noisy or multimodal problems).
    source_trials : list of FrozenTrial or None
        Finished trials of a similar task; the initial mean and covariance are fitted
        to their best 10 % (WS-CMA-ES). Needs at least 10 COMPLETE trials that have all
        parameters of the search space.

    Raises
    ------
    ValueError
        For invalid values, and for options that exclude each other:
        ``use_separable_cma`` with ``with_margin``, ``lr_adapt`` with either of them,
        ``source_trials`` with ``use_separable_cma`` or with ``x0``/``sigma0``. At
        sampling time, for a study with several objectives.

    Examples
    --------
    >>> import hpobench
    >>> sampler = hpobench.samplers.CmaEsSampler(seed=1)
    >>> study = hpobench.create_study(sampler=sampler)
    >>> study.optimize(
    ...     lambda t: t.suggest_float("x", -5, 5) ** 2 + t.suggest_float("y", -5, 5) ** 2,
    ...     n_trials=120,
    ... )
    >>> study.best_value < 1e-3
    True
    """

    def __init__(
        self,
        x0: dict[str, Any] | None = None,
        sigma0: float | None = None,
        n_startup_trials: int = 1,
        independent_sampler: BaseSampler | None = None,
        warn_independent_sampling: bool = True,
        seed: int | None = None,
        *,
        consider_pruned_trials: bool = False,
        restart_strategy: str | None = None,
        popsize: int | None = None,
        inc_popsize: int = 2,
        use_separable_cma: bool = False,
        with_margin: bool = False,
        lr_adapt: bool = False,
        source_trials: list[FrozenTrial] | None = None,
    ) -> None:
        _validate(locals())
        self._x0 = dict(x0) if x0 is not None else None
        self._sigma0 = float(sigma0) if sigma0 is not None else _DEFAULT_SIGMA0
        self._n_startup_trials = n_startup_trials
        self._rngs = TrialRngs(seed)
        self._independent = independent_sampler or RandomSampler(seed=seed)
        self._warn = warn_independent_sampling
        self._consider_pruned = consider_pruned_trials
        self._restart_strategy = restart_strategy
        self._popsize = popsize
        self._inc_popsize = inc_popsize
        self._sep = use_separable_cma
        self._margin = with_margin
        self._lr_adapt = lr_adapt
        self._source_trials = list(source_trials) if source_trials is not None else None
        # Set by TPECmaEsSampler: start at the best trial sampled before, with a small step.
        self._warm_start_from_study = False
        self._search_space = IntersectionSearchSpace(include_pruned=consider_pruned_trials)
        self._states = (
            (TrialState.COMPLETE, TrialState.PRUNED)
            if consider_pruned_trials
            else (TrialState.COMPLETE,)
        )
        self._cache: tuple[str, CmaState] | None = None
        self._key_cache: tuple[dict[str, BaseDistribution], str] | None = None
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
        self._raise_error_if_multi_objective(study)
        return {
            name: dist
            for name, dist in self._search_space.calculate(study).items()
            if not dist.single() and not isinstance(dist, CategoricalDistribution)
        }

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        if not search_space:
            return {}
        trials = study._get_trials(deepcopy=False, use_cache=True)
        if not self._past_startup(trials):
            return {}
        space = UnitCubeSpace(search_space)
        key = self._space_key(search_space)
        with self._lock:
            state = self._load_or_init(study, trials, key, space)
            state = self._tell_if_complete(study, trials, key, space, state)
            optimizer = state.optimizer
            optimizer.reseed_rng(int(self._rngs.stream(1, trial.number).integers(2**31 - 1)))
            if self._margin:
                x_eval, x_tell = optimizer.ask()
            else:
                x_eval = x_tell = optimizer.ask()
            tag = state.tag(key)
        storage = study._storage
        storage.set_trial_system_attr(trial._trial_id, GENERATION_ATTR, tag)
        storage.set_trial_system_attr(trial._trial_id, X_ATTR, [float(v) for v in x_tell])
        return space.decode(x_eval)

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        if (
            self._warn
            and param_name not in self._warned
            and self._past_startup(study._get_trials(deepcopy=False, use_cache=True))
        ):
            self._warned.add(param_name)
            warnings.warn(
                f"CmaEsSampler samples parameter {param_name!r} with its independent "
                f"sampler {self._independent}: CMA-ES handles only float and int "
                "parameters that every trial has. Pass warn_independent_sampling=False "
                "to silence this warning.",
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
        self._independent.after_trial(study, trial, state, values)

    # -- the shared state --------------------------------------------------------------
    def _past_startup(self, trials: list[FrozenTrial]) -> bool:
        if self._n_startup_trials == 0:
            return True
        count = 0
        for t in trials:
            if t.state in self._states:
                count += 1
                if count >= self._n_startup_trials:
                    return True
        return False

    def _space_key(self, search_space: dict[str, BaseDistribution]) -> str:
        if self._key_cache is not None and self._key_cache[0] == search_space:
            return self._key_cache[1]
        config = (
            sorted(search_space.items()),
            self._x0,
            self._sigma0,
            self._popsize,
            self._sep,
            self._margin,
            self._lr_adapt,
            self._restart_strategy,
            self._inc_popsize,
        )
        key = hashlib.sha1(repr(config).encode()).hexdigest()[:12]
        self._key_cache = (search_space, key)
        return key

    def _load_or_init(
        self, study: Study, trials: list[FrozenTrial], key: str, space: UnitCubeSpace
    ) -> CmaState:
        value = study._storage.get_study_system_attrs(study._study_id).get(STATE_ATTR_PREFIX + key)
        if value is None:
            state = self._initial_state(study, space)
            state.start = _first_unfinished(trials, 0)
            return self._save(study, key, state)
        if self._cache is not None and self._cache[0] == value["blob"]:
            return self._cache[1]
        state = load_state(value)
        self._cache = (value["blob"], state)
        return state

    def _save(self, study: Study, key: str, state: CmaState) -> CmaState:
        """Write ``state`` unless another worker stored this version or a newer one."""
        attr = STATE_ATTR_PREFIX + key
        stored = study._storage.get_study_system_attrs(study._study_id).get(attr)
        if stored is not None and stored["version"] >= state.version:
            state = load_state(stored)
            self._cache = (stored["blob"], state)
            return state
        value = dump_state(state)
        study._storage.set_study_system_attr(study._study_id, attr, value)
        # Continue from the stored copy, not the live object: pickling rounds a little
        # (cmaes keeps one triangle of the covariance), and every worker must agree.
        state = load_state(value)
        self._cache = (value["blob"], state)
        return state

    def _initial_state(self, study: Study, space: UnitCubeSpace) -> CmaState:
        popsize = self._popsize or 4 + math.floor(3 * math.log(space.dim))
        mean = np.full(space.dim, 0.5)
        if self._x0 is not None:
            # Missing parameters are encoded from their low end, then put at the centre.
            given = np.array([n in self._x0 for n in space.names])
            start = {n: self._x0.get(n, d.low) for n, d in zip(space.names, space.dists)}
            mean = np.where(given, space.encode(start), 0.5)
        sigma, cov = self._sigma0, None
        if self._source_trials is not None:
            mean, sigma, cov = warm_start(self._source_trials, space, _sign(study))
        elif self._warm_start_from_study:
            best = _best_point(study, space)
            if best is not None:
                mean, sigma = best, _HISTORY_SIGMA0
        optimizer = make_optimizer(self._kind(), space, mean, sigma, popsize, cov, self._lr_adapt)
        return CmaState(optimizer=optimizer, popsize0=popsize)

    def _kind(self) -> str:
        return "margin" if self._margin else "sep" if self._sep else "full"

    def _tell_if_complete(
        self,
        study: Study,
        trials: list[FrozenTrial],
        key: str,
        space: UnitCubeSpace,
        state: CmaState,
    ) -> CmaState:
        tag, popsize = state.tag(key), state.optimizer.population_size
        sign = _sign(study)
        finished: list[tuple[FrozenTrial, float]] = []
        for t in trials[state.start :]:
            if t.system_attrs.get(GENERATION_ATTR) != tag:
                continue
            value = self._value_of(t)
            if value is None or not all(n in t.params for n in space.names):
                continue
            finished.append((t, sign * value))
            if len(finished) == popsize:
                break
        if len(finished) < popsize:
            return state
        state.optimizer.tell([(_told_point(t, space), value) for t, value in finished])
        state.version += 1
        if state.regime == "large":
            state.evals_large += popsize
        else:
            state.evals_small += popsize
        if self._restart_strategy is not None and state.optimizer.should_stop():
            self._restart(state, space)
        state.start = _first_unfinished(trials, state.start)
        return self._save(study, key, state)

    def _value_of(self, trial: FrozenTrial) -> float | None:
        if trial.state == TrialState.COMPLETE:
            value = trial.value
        elif trial.state == TrialState.PRUNED and self._consider_pruned:
            steps = trial.intermediate_values
            value = steps[max(steps)] if steps else None
        else:
            return None
        if value is None or math.isnan(value):
            return None
        return float(value)

    def _restart(self, state: CmaState, space: UnitCubeSpace) -> None:
        """Replace ``state``'s run by a fresh one (IPOP or BIPOP rules)."""
        rng = self._rngs.stream(2, state.run + 1)
        mean = rng.random(space.dim)
        sigma = self._sigma0
        if self._restart_strategy == "bipop" and state.evals_small < state.evals_large:
            u = rng.random()
            large = state.popsize0 * self._inc_popsize**state.n_large
            popsize = math.floor(state.popsize0 * (0.5 * large / state.popsize0) ** (u**2))
            popsize, sigma, state.regime = max(popsize, 2), sigma * 10 ** (-2 * u), "small"
        else:
            state.n_large += 1
            exponent = state.n_large if self._restart_strategy == "bipop" else state.run + 1
            popsize, state.regime = state.popsize0 * self._inc_popsize**exponent, "large"
        state.optimizer = make_optimizer(
            self._kind(), space, mean, sigma, popsize, None, self._lr_adapt
        )
        state.run += 1


def _sign(study: Study) -> float:
    return -1.0 if study.direction == StudyDirection.MAXIMIZE else 1.0


def _best_point(study: Study, space: UnitCubeSpace) -> np.ndarray | None:
    """The unit-cube point of the best COMPLETE trial that has every parameter, if any."""
    sign = _sign(study)
    best: FrozenTrial | None = None
    for t in study._get_trials(deepcopy=False, use_cache=True):
        if t.state != TrialState.COMPLETE or t.value is None or math.isnan(t.value):
            continue
        if all(n in t.params for n in space.names) and (
            best is None or sign * t.value < sign * best.value  # type: ignore[operator]
        ):
            best = t
    return None if best is None else space.encode(best.params)


def _first_unfinished(trials: list[FrozenTrial], start: int) -> int:
    """The lowest number, from ``start`` on, of a trial that is not finished yet."""
    for t in trials[start:]:
        if not t.state.is_finished():
            return t.number
    return len(trials)


def _told_point(trial: FrozenTrial, space: UnitCubeSpace) -> np.ndarray:
    """The unit-cube point of ``trial``: the sampled one where its params still match it.

    The sampled point keeps what rounding drops (and CMA-ES with margin needs it); a
    parameter fixed by the user instead (``enqueue_trial``) is encoded from its value.
    """
    params = {n: trial.params[n] for n in space.names}
    x = space.encode(params)
    stored = trial.system_attrs.get(X_ATTR)
    if stored is None or len(stored) != space.dim:
        return x
    stored_x = np.asarray(stored, dtype=float)
    decoded = space.decode(stored_x)
    keep = np.array([decoded[n] == params[n] for n in space.names])
    return np.where(keep, stored_x, x)


def _validate(args: dict[str, Any]) -> None:
    def is_int(v: Any) -> bool:
        return isinstance(v, (int, np.integer)) and not isinstance(v, bool)

    if args["x0"] is not None and not isinstance(args["x0"], dict):
        raise TypeError(f"x0 must be None or a dict of parameter values; got {args['x0']!r}.")
    sigma0 = args["sigma0"]
    if sigma0 is not None and not (isinstance(sigma0, (int, float)) and sigma0 > 0):
        raise ValueError(f"sigma0 must be None or a float > 0; got {sigma0!r}.")
    if not is_int(args["n_startup_trials"]) or args["n_startup_trials"] < 0:
        raise ValueError(
            f"n_startup_trials must be an int >= 0; got {args['n_startup_trials']!r}."
        )
    if args["restart_strategy"] not in _RESTART_STRATEGIES:
        raise ValueError(
            "restart_strategy must be one of None, 'ipop', 'bipop'; "
            f"got {args['restart_strategy']!r}."
        )
    popsize = args["popsize"]
    if popsize is not None and (not is_int(popsize) or popsize < 2):
        raise ValueError(f"popsize must be None or an int >= 2; got {popsize!r}.")
    if not is_int(args["inc_popsize"]) or args["inc_popsize"] < 1:
        raise ValueError(f"inc_popsize must be an int >= 1; got {args['inc_popsize']!r}.")
    sep, margin, lr = args["use_separable_cma"], args["with_margin"], args["lr_adapt"]
    if sep and margin:
        raise ValueError("use_separable_cma and with_margin cannot be used together.")
    if lr and (sep or margin):
        raise ValueError("lr_adapt cannot be used with use_separable_cma or with_margin.")
    source = args["source_trials"]
    if source is not None:
        if sep:
            raise ValueError("source_trials cannot be used with use_separable_cma.")
        if args["x0"] is not None or sigma0 is not None:
            raise ValueError("source_trials cannot be used with x0 or sigma0.")
        if not all(isinstance(t, FrozenTrial) for t in source):
            raise TypeError("source_trials must be a list of FrozenTrial.")
