from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench import logging
from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
    distribution_to_json,
    json_to_distribution,
)
from hpobench.samplers._base import BaseSampler
from hpobench.samplers._random import RandomSampler
from hpobench.samplers._seeding import check_seed, fresh_seed
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study

_logger = logging.get_logger(__name__)
_QMC_TYPES = ("sobol", "halton")
# Study system attribute holding the fixed search space (name → distribution JSON).
_SPACE_ATTR = "qmc:search_space"


class QMCSampler(BaseSampler):
    """Evaluate the points of a quasi-random (Sobol' or Halton) sequence, one per trial.

    The search space is fixed by the first completed trial: its parameters that hold
    more than one value, sorted by name, one dimension each. It is stored in the
    study's system attributes (``qmc:search_space``), so that workers in other
    processes use the same dimensions. Parameters outside it (conditional ones, or
    all of them before any trial has completed) go to ``independent_sampler``.

    Trial ``k`` evaluates point ``k`` of the sequence, i.e. row ``k`` of
    ``scipy.stats.qmc.Sobol(d, scramble=scramble, rng=seed).random(k + 1)``. The
    storage hands out trial numbers atomically, so workers in threads or processes
    never draw the same point and need no shared counter (a counter kept in the
    study's attributes, as Optuna does, is read and written in two steps, so two
    processes can take the same point), and a seeded study gives trial ``k`` the
    same point whatever ``n_jobs`` is. The price is that the points of trials the
    sequence does not sample are skipped: the first trials, which start before any
    trial has completed (one with ``n_jobs=1``), enqueued trials, and trials of an
    earlier sampler.

    A point ``u`` in ``[0, 1)^d`` is mapped to each distribution on its own scale:
    ``low + u * (high - low)`` for floats (in log space for ``log=True``); stepped
    floats, ints and categorical choices (by index) give each of their ``n`` values
    the same share ``1 / n`` of ``[0, 1)``.

    Parameters
    ----------
    qmc_type : {"sobol", "halton"}, default="sobol"
        The sequence.
    scramble : bool, default=False
        Randomise the sequence (Owen-type scrambling) from ``seed``.
    seed : int or None, default=None
        Seed of the scrambling and of the default independent sampler; None draws one.
    independent_sampler : BaseSampler or None, default=None
        Samples the parameters outside the search space; None means
        ``RandomSampler(seed)``.
    warn_independent_sampling : bool, default=True
        Log a warning when a parameter is sampled by ``independent_sampler`` after the
        search space has been fixed.
    warn_asynchronous_seeding : bool, default=True
        Warn when ``scramble=True`` comes without a seed: samplers created separately
        (one per process or script) would then scramble differently, and their points
        would not form one low-discrepancy sequence.

    Raises
    ------
    ValueError
        When ``qmc_type`` is not "sobol" or "halton", or ``seed`` is negative.
    TypeError
        When an argument has the wrong type.

    Examples
    --------
    >>> import hpobench
    >>> sampler = hpobench.samplers.QMCSampler(qmc_type="halton", seed=0)
    >>> study = hpobench.create_study(sampler=sampler)
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 8), n_trials=4)
    >>> [t.params["x"] for t in study.trials[1:]]
    [4.0, 2.0, 6.0]
    """

    def __init__(
        self,
        *,
        qmc_type: str = "sobol",
        scramble: bool = False,
        seed: int | None = None,
        independent_sampler: BaseSampler | None = None,
        warn_independent_sampling: bool = True,
        warn_asynchronous_seeding: bool = True,
    ) -> None:
        if qmc_type not in _QMC_TYPES:
            raise ValueError(f"qmc_type must be 'sobol' or 'halton'; got {qmc_type!r}.")
        _check_bool("scramble", scramble)
        _check_bool("warn_independent_sampling", warn_independent_sampling)
        _check_bool("warn_asynchronous_seeding", warn_asynchronous_seeding)
        if independent_sampler is not None and not isinstance(independent_sampler, BaseSampler):
            raise TypeError(
                f"independent_sampler must be a sampler (a BaseSampler) or None; got "
                f"{independent_sampler!r}."
            )
        seed = check_seed(seed)
        if seed is None and scramble and warn_asynchronous_seeding:
            _warn_asynchronous_seeding()
        self._qmc_type = qmc_type
        self._scramble = scramble
        self._seed = fresh_seed() if seed is None else seed
        self._independent_sampler = independent_sampler or RandomSampler(seed=self._seed)
        self._warn_independent_sampling = warn_independent_sampling
        # The search space of the study it was found for: (storage, study id, space).
        self._space: tuple[Any, int, dict[str, BaseDistribution]] | None = None
        self._engines: dict[int, Any] = {}
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"], state["_engines"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._engines = {}
        self._lock = threading.Lock()

    def reseed_rng(self) -> None:
        # The sequence (and its scrambling) must stay the one all workers share.
        self._independent_sampler.reseed_rng()

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        space = self._known_space(study)
        if space is None:
            space = _shared_search_space(study)
            if space is not None:
                self._space = (study._storage, study._study_id, space)
        return dict(space or {})

    def _known_space(self, study: Study) -> dict[str, BaseDistribution] | None:
        if self._space is None:
            return None
        storage, study_id, space = self._space
        return space if storage is study._storage and study_id == study._study_id else None

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        if not search_space:
            return {}
        items = sorted(search_space.items())
        point = self._point(trial.number, len(items))
        return {name: from_unit(u, dist) for (name, dist), u in zip(items, point)}

    def _point(self, index: int, d: int) -> np.ndarray:
        # One engine per dimension, rewound for each trial (trials may come in any order).
        with self._lock:
            engine = self._engines.get(d)
            if engine is None:
                engine = self._engines[d] = self._make_engine(d)
            engine.reset()
            engine.fast_forward(index)
            return engine.random(1)[0]

    def _make_engine(self, d: int) -> Any:
        # scipy.stats costs most of a second to import: only samplers that run pay it.
        from scipy.stats import qmc

        if self._qmc_type == "sobol":
            return qmc.Sobol(d, scramble=self._scramble, rng=self._seed)
        return qmc.Halton(d, scramble=self._scramble, rng=self._seed)

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        if self._warn_independent_sampling and self._known_space(study) is not None:
            _logger.warning(
                f"QMCSampler: parameter {param_name!r} of trial {trial.number} is outside "
                "the search space fixed by the first completed trial (or its range changed), "
                f"so {self._independent_sampler} samples it. Pass "
                "warn_independent_sampling=False to silence this warning."
            )
        return self._independent_sampler.sample_independent(
            study, trial, param_name, param_distribution
        )

    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        self._independent_sampler.before_trial(study, trial)

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        self._independent_sampler.after_trial(study, trial, state, values)


def _check_bool(name: str, value: Any) -> None:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {value!r}.")


def _warn_asynchronous_seeding() -> None:
    warnings.warn(
        "QMCSampler(scramble=True) got no seed and drew one at random. Samplers created "
        "separately (one per process or script) then scramble differently, and their "
        "points do not form one low-discrepancy sequence. Pass the same seed to every "
        "worker's sampler, or warn_asynchronous_seeding=False to silence this warning.",
        UserWarning,
        stacklevel=3,
    )


def _shared_search_space(study: Study) -> dict[str, BaseDistribution] | None:
    """Return the study's QMC search space, fixing it from the first completed trial.

    None means no trial has completed yet.
    """
    stored = study.system_attrs.get(_SPACE_ATTR)
    if stored is not None:
        return {name: json_to_distribution(d) for name, d in stored.items()}
    complete = study._get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    if not complete:
        return None
    first = min(complete, key=lambda t: t.number)
    space = {n: d for n, d in sorted(first.distributions.items()) if not d.single()}
    study.set_system_attr(_SPACE_ATTR, {n: distribution_to_json(d) for n, d in space.items()})
    return space


def from_unit(u: float, dist: BaseDistribution) -> Any:
    """Map ``u`` in ``[0, 1)`` to a value of ``dist`` (in the objective's terms).

    Examples
    --------
    >>> from hpobench.distributions import CategoricalDistribution, FloatDistribution
    >>> from_unit(0.25, FloatDistribution(0, 8))
    2.0
    >>> from_unit(0.5, CategoricalDistribution(["a", "b", "c"]))
    'b'
    """
    if isinstance(dist, FloatDistribution):
        return _float_from_unit(u, dist)
    if isinstance(dist, IntDistribution):
        return _int_from_unit(u, dist)
    if isinstance(dist, CategoricalDistribution):
        return dist.choices[_bin(u, len(dist.choices))]
    raise TypeError(f"QMCSampler cannot sample from unknown distribution {dist!r}.")


def _bin(u: float, n: int) -> int:
    # Value i of n takes [i/n, (i+1)/n); the min guards against u rounding up to 1.
    return min(int(u * n), n - 1)


def _float_from_unit(u: float, dist: FloatDistribution) -> float:
    low, high = dist.low, dist.high
    if dist.step is not None:
        n_values = round((high - low) / dist.step) + 1
        return float(min(low + _bin(u, n_values) * dist.step, high))
    if dist.log:
        log_low = math.log(low)
        x = math.exp(log_low + (math.log(high) - log_low) * u)
    else:
        x = low + (high - low) * u
    return float(min(max(x, low), high))


def _int_from_unit(u: float, dist: IntDistribution) -> int:
    low, high = dist.low, dist.high
    if dist.log:
        # Each integer gets its share of the log-scaled interval [low - 0.5, high + 0.5].
        log_low = math.log(low - 0.5)
        x = math.exp(log_low + (math.log(high + 0.5) - log_low) * u)
        return int(min(max(round(x), low), high))
    return low + _bin(u, (high - low) // dist.step + 1) * dist.step
