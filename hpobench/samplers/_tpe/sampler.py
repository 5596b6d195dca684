"""TPESampler: the Tree-structured Parzen Estimator."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench import logging
from hpobench.distributions import (
    BaseDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.samplers._base import BaseSampler
from hpobench.samplers._blas import single_threaded_blas
from hpobench.samplers._constraints import store_constraints
from hpobench.samplers._random import sample_uniform
from hpobench.samplers._seeding import TrialRngs
from hpobench.samplers._tpe._defaults import (
    default_gamma,
    default_gamma_multi_objective,
    default_weights,
    hyperopt_default_gamma,
)
from hpobench.samplers._tpe._group import EstimatorCache, Settings, sample_given, sample_group
from hpobench.samplers._tpe._history import Snapshot, TrialHistory
from hpobench.samplers._tpe._parzen import ParzenParameters
from hpobench.samplers._tpe._space import ModelSpace
from hpobench.samplers._tpe._validation import (
    check_bool,
    check_callable,
    check_int,
    check_optional_bool,
    check_prior_weight,
)
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study

_logger = logging.get_logger(__name__)
_MAX_SNAPSHOTS = 4096
_MAX_SPACES = 256


class TPESampler(BaseSampler):
    """Tree-structured Parzen Estimator: sample where good trials are dense and bad ones not.

    After ``n_startup_trials`` random trials, the finished trials are split into a
    "below" group (the best ``gamma(n)``) and an "above" group (the rest). Each group
    gets a Parzen estimator: a weighted mixture with one kernel per trial plus a prior
    kernel. ``n_ei_candidates`` points are drawn from the "below" density ``l(x)`` and
    the one with the largest ``log l(x) - log g(x)`` is suggested. Numeric kernels are
    normals truncated to the range (on the log scale for ``log=True``), discrete
    parameters take a kernel's mass over their cell, and categorical kernels put
    ``prior_weight / (n + 1)`` on every choice plus 1 on the observed one. A kernel's
    bandwidth is the larger gap to its neighbours in that dimension, clipped to
    ``[range / min(100, n + 2), range]`` (the "magic clip").

    **Ranking.** COMPLETE trials come first, by value (several objectives: by
    non-domination rank, the last front cut by hypervolume contribution); then PRUNED
    ones, the latest step first and then by their value at that step; FAIL trials are
    ignored. A trial with a positive constraint value (``constraints_func`` or
    ``Trial.set_constraint``) ranks after every feasible one, by total violation.
    With ``constant_liar``, RUNNING trials count as "above", so parallel workers do
    not pile onto one point.

    **Search space.** With ``multivariate`` (the default), one joint estimator covers
    a set of parameters, so their correlation is used. Unlike Optuna, the default also
    decomposes the space into *groups* of parameters that always occur together
    (``group``, on by default): on a conditional space such as "classifier: SVC with
    C and gamma, or a forest with depth and trees" each branch's parameters get their
    own joint estimator fitted on the trials of that branch, instead of everything
    but the shared parameters falling back to one-parameter estimators. Groups are
    chosen one after another, those held by most trials first, and a group is chosen
    *given* the values already chosen for the groups that all of its trials also hold
    (e.g. a second layer's width and dropout given the depth and the first layer's):
    its estimator covers both, its kernels are weighted by how well they explain the
    given values, and candidates are scored with the given values fixed. A trial's
    values then come from the neighbourhood of the same good trials, as one joint
    draw over a space without conditions would. On a space without conditions there
    is one group, so nothing changes. Parameters outside
    every group (new ones, or ones whose range changed) are sampled by one-parameter
    TPE on the trials that hold a value inside the current range; a warning says so
    once per parameter unless ``warn_independent_sampling=False``. With
    ``multivariate=False`` every parameter gets its own estimator (vectorised over
    parameters).

    **Reproducibility.** Trial ``k`` draws its randomness from a generator seeded by
    ``(seed, k)``, so a seeded study is reproducible, and with ``n_jobs > 1``
    reproducible for a given order in which trials finish.

    **Scale.** Finished trials are kept as numpy columns that only grow; an estimator
    has at most 1024 kernels (beyond that, the newest half of its trials plus a
    systematic 1-in-2^k sample of the older ones, weighted up), so a trial costs about
    the same at 10,000 trials as at 1,000. ``l(x)`` and ``g(x)`` are evaluated in one
    pass; a discrete or categorical dimension is a small table over the kernels'
    distinct ``(centre, bandwidth)`` pairs, and a space without continuous dimensions
    multiplies masses instead of adding logarithms (falling back to logarithms where
    the product would underflow).

    Parameters
    ----------
    consider_prior : bool, default=True
        Add the prior kernel to both estimators.
    prior_weight : float, default=1.0
        The prior kernel's weight (> 0).
    consider_magic_clip : bool, default=True
        Bound bandwidths below by ``range / min(100, n + 2)``.
    consider_endpoints : bool, default=False
        Let the outermost kernels measure their gap to the bound.
    n_startup_trials : int, default=10
        Random trials before TPE starts (COMPLETE and PRUNED trials count).
    n_ei_candidates : int, default=24
        Candidates drawn from ``l(x)`` per suggestion.
    gamma : callable, default=default_gamma
        ``n -> size of "below"``: ``min(ceil(0.1 n), 25)``. Multi-objective studies use
        ``ceil(0.1 n)`` when this is left at its default.
    weights : callable, default=default_weights
        ``n -> kernel weights``, oldest trial first: 1 for the newest 25, a linear ramp
        from ``1 / n`` for older ones.
    seed : int or None, default=None
        Seed of the per-trial generators; None draws one.
    multivariate : bool or None, default=None
        Joint estimators over several parameters; None means True.
    group : bool or None, default=None
        Decompose the space into groups of parameters that occur together (needs
        ``multivariate``); None means True when ``multivariate`` is.
    warn_independent_sampling : bool, default=True
        Warn (once per parameter) when a parameter falls back to one-parameter TPE.
    constant_liar : bool, default=True
        Count RUNNING trials as "above".
    constraints_func : callable or None, default=None
        ``FrozenTrial -> sequence of floats`` (feasible when all are <= 0), called when a
        trial ends COMPLETE or PRUNED; the list is stored in its system attribute
        ``"constraints"``. ``Trial.set_constraint`` needs no such function.

    Raises
    ------
    TypeError, ValueError
        When an argument has the wrong type or value; the message names it.

    Examples
    --------
    >>> import hpobench
    >>> sampler = hpobench.samplers.TPESampler(seed=0)
    >>> study = hpobench.create_study(sampler=sampler)
    >>> study.optimize(lambda t: (t.suggest_float("x", -10, 10) - 2) ** 2, n_trials=40)
    >>> abs(study.best_params["x"] - 2) < 0.5
    True
    """

    def __init__(
        self,
        consider_prior: bool = True,
        prior_weight: float = 1.0,
        consider_magic_clip: bool = True,
        consider_endpoints: bool = False,
        n_startup_trials: int = 10,
        n_ei_candidates: int = 24,
        gamma: Callable[[int], int] = default_gamma,
        weights: Callable[[int], np.ndarray] = default_weights,
        seed: int | None = None,
        *,
        multivariate: bool | None = None,
        group: bool | None = None,
        warn_independent_sampling: bool = True,
        constant_liar: bool = True,
        constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
    ) -> None:
        for name, value in (
            ("consider_prior", consider_prior),
            ("consider_magic_clip", consider_magic_clip),
            ("consider_endpoints", consider_endpoints),
            ("warn_independent_sampling", warn_independent_sampling),
            ("constant_liar", constant_liar),
        ):
            check_bool(name, value)
        check_optional_bool("multivariate", multivariate)
        check_optional_bool("group", group)
        if group and multivariate is False:
            raise ValueError(
                "group=True needs multivariate estimators; got multivariate=False. Pass "
                "multivariate=True (or leave it None)."
            )
        self._parzen = ParzenParameters(
            consider_prior=consider_prior,
            prior_weight=check_prior_weight(prior_weight),
            consider_magic_clip=consider_magic_clip,
            consider_endpoints=consider_endpoints,
        )
        self._n_startup_trials = check_int("n_startup_trials", n_startup_trials, 0)
        self._n_ei_candidates = check_int("n_ei_candidates", n_ei_candidates, 1)
        self._gamma = check_callable("gamma", gamma)
        self._weights = check_callable("weights", weights)
        self._multivariate = multivariate is not False
        self._group = self._multivariate and group is not False
        self._warn_independent_sampling = warn_independent_sampling
        self._constant_liar = constant_liar
        if constraints_func is not None:
            check_callable("constraints_func", constraints_func)
        self._constraints_func = constraints_func
        self._rngs = TrialRngs(seed)
        self._history = TrialHistory()
        self._snapshots: OrderedDict[int, Snapshot] = OrderedDict()
        self._spaces: dict[tuple[BaseDistribution, ...], ModelSpace] = {}
        self._warned: set[str] = set()
        self._groups_memo: tuple[object, list[list[str]]] | None = None
        self._spaces_by_id: dict[tuple[int, ...], tuple[tuple[Any, ...], ModelSpace]] = {}
        self._estimators = EstimatorCache()
        self._settings_by_kind: dict[bool, Settings] = {}
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        for name in ("_lock", "_groups_memo", "_spaces_by_id", "_estimators", "_settings_by_kind"):
            del state[name]
        state["_snapshots"] = OrderedDict()
        state["_spaces"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        # Caches of fitted things start empty.
        self._groups_memo = None
        self._spaces_by_id = {}
        self._estimators = EstimatorCache()
        self._settings_by_kind = {}
        self._lock = threading.Lock()

    @staticmethod
    def hyperopt_parameters() -> dict[str, Any]:
        """Return the arguments that make TPESampler behave like hyperopt's TPE.

        Examples
        --------
        >>> import hpobench
        >>> params = hpobench.samplers.TPESampler.hyperopt_parameters()
        >>> params["n_startup_trials"]
        20
        >>> sampler = hpobench.samplers.TPESampler(**params)
        """
        return {
            "consider_prior": True,
            "prior_weight": 1.0,
            "consider_magic_clip": True,
            "consider_endpoints": False,
            "n_startup_trials": 20,
            "n_ei_candidates": 24,
            "gamma": hyperopt_default_gamma,
            "weights": default_weights,
        }

    def reseed_rng(self) -> None:
        self._rngs.reseed()

    # -- the sampler interface ---------------------------------------------------------
    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        snap = self._refresh(study, trial)
        if snap.n < self._n_startup_trials:
            return {}
        return {
            name: snap.distributions[name][0]
            for names in self._relative_groups(snap)
            for name in names
        }

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        if not search_space:
            return {}
        snap = self._snapshot(study, trial)
        if snap.n < self._n_startup_trials:
            return {}
        rng = self._rngs.for_trial(trial.number)
        settings = self._settings(study)
        out: dict[str, Any] = {}
        groups = [[n for n in names if n in search_space] for names in self._relative_groups(snap)]
        groups = [names for names in groups if names]
        if len(groups) == 1 or not self._multivariate:
            for names in groups:
                dists = [search_space[n] for n in names]
                out.update(self._sample(snap, names, dists, settings, rng))
            return out
        rows = [snap.rows_with(names, [search_space[n] for n in names]) for names in groups]
        for i, context in _contexts(groups, rows):
            names = groups[i]
            if context:
                out.update(
                    self._sample_given(
                        snap, rows[i], names, context, out, search_space, settings, rng
                    )
                )
            else:
                dists = [search_space[n] for n in names]
                out.update(self._sample(snap, names, dists, settings, rng, rows[i]))
        return out

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        snap = self._snapshot(study, trial)
        rng = self._rngs.for_trial(trial.number)
        if snap.n < self._n_startup_trials:
            return sample_uniform(param_distribution, rng)
        if self._multivariate and self._warn_independent_sampling:
            self._warn_once(param_name, trial.number)
        rows = _compatible_rows(snap, param_name, param_distribution)
        if len(rows) == 0:
            return sample_uniform(param_distribution, rng)
        settings = self._settings(study)
        values = self._sample(snap, [param_name], [param_distribution], settings, rng, rows)
        return values[param_name]

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
            with self._lock:
                self._snapshots.pop(trial.number, None)

    # -- helpers -----------------------------------------------------------------------
    def _refresh(self, study: Study, trial: FrozenTrial) -> Snapshot:
        snap = self._history.refresh(study, exclude=trial.number)
        with self._lock:
            self._snapshots[trial.number] = snap
            if len(self._snapshots) > _MAX_SNAPSHOTS:
                self._snapshots.popitem(last=False)
        return snap

    def _snapshot(self, study: Study, trial: FrozenTrial) -> Snapshot:
        """The snapshot taken when this trial's relative search space was inferred."""
        with self._lock:
            snap = self._snapshots.get(trial.number)
        return snap if snap is not None else self._refresh(study, trial)

    def _relative_groups(self, snap: Snapshot) -> list[list[str]]:
        # Asked twice per trial (inferring the space, then sampling it). With groups, the
        # answer depends only on the snapshot's structure (distributions and groups).
        grouped = not self._multivariate or self._group
        key = snap.structure if grouped else snap
        memo = self._groups_memo
        if memo is not None and (memo[0] == key if grouped else memo[0] is key):
            return memo[1]
        if grouped:
            groups = [sorted(n for n in g if snap.consistent(n)) for g in snap.groups]
            result = sorted((g for g in groups if g), key=lambda g: g[0])
        else:
            names = sorted(n for n, c in snap.counts.items() if c == snap.n and snap.consistent(n))
            result = [names] if names else []
        self._groups_memo = (key, result)
        return result

    def _settings(self, study: Study) -> Settings:
        multi = len(study.directions) > 1
        settings = self._settings_by_kind.get(multi)
        if settings is None:
            gamma = self._gamma
            if multi and gamma is default_gamma:
                gamma = default_gamma_multi_objective
            settings = self._settings_by_kind[multi] = Settings(
                parzen=self._parzen,
                n_candidates=self._n_ei_candidates,
                gamma=gamma,
                weights=self._weights,
                uniform_below_weights=multi,
                constant_liar=self._constant_liar,
            )
        return settings

    def _sample(
        self,
        snap: Snapshot,
        names: list[str],
        dists: list[BaseDistribution],
        settings: Settings,
        rng: np.random.Generator,
        rows: np.ndarray | None = None,
    ) -> dict[str, Any]:
        space = self._space(dists)
        if rows is None:
            rows = snap.rows_with(names, dists)
        ordered = [names[i] for i in space.order]
        with single_threaded_blas():
            return sample_group(
                snap,
                rows,
                space,
                ordered,
                settings,
                rng,
                independent=not self._multivariate,
                cache=self._estimators,
            )

    def _sample_given(
        self,
        snap: Snapshot,
        rows: np.ndarray,
        names: list[str],
        context: list[str],
        chosen: dict[str, Any],
        search_space: dict[str, BaseDistribution],
        settings: Settings,
        rng: np.random.Generator,
    ) -> dict[str, Any]:
        """TPE's choice for ``names`` given the values ``chosen`` for ``context``."""
        every = context + names
        dists = [search_space[n] for n in every]
        space = self._space(dists)
        given = {n: search_space[n].to_internal_repr(chosen[n]) for n in context}
        ordered = [every[i] for i in space.order]
        with single_threaded_blas():
            return sample_given(
                snap, rows, space, ordered, given, settings, rng, cache=self._estimators
            )

    def _space(self, dists: list[BaseDistribution]) -> ModelSpace:
        # The history hands out the same distribution objects trial after trial: look
        # them up by identity first (hashing a distribution compares its fields).
        ids = tuple(map(id, dists))
        hit = self._spaces_by_id.get(ids)
        if hit is not None and all(a is b for a, b in zip(hit[0], dists)):
            return hit[1]
        key = tuple(dists)
        space = self._spaces.get(key)
        if space is None:
            if len(self._spaces) >= _MAX_SPACES:  # dynamic ranges make new ones each trial
                self._spaces.clear()
                self._spaces_by_id.clear()
            space = self._spaces[key] = ModelSpace(dists)
        if len(self._spaces_by_id) >= _MAX_SPACES:  # new objects of known distributions
            self._spaces_by_id.clear()
        self._spaces_by_id[ids] = (key, space)
        return space

    def _warn_once(self, name: str, number: int) -> None:
        with self._lock:
            if name in self._warned:
                return
            self._warned.add(name)
        _logger.warning(
            f"TPESampler: parameter {name!r} of trial {number} is outside the relative search "
            "space (it is new, or its distribution changed), so it is sampled by "
            "one-parameter TPE; later such samplings of it are not reported. Pass "
            "warn_independent_sampling=False to silence this warning."
        )


def _contexts(groups: list[list[str]], rows: list[np.ndarray]) -> list[tuple[int, list[str]]]:
    """Return the order in which to choose the groups, each with its context.

    Groups held by most rows come first; a group's context is the parameters of the
    groups before it that every one of its rows also holds (on a conditional space: the
    choices above its branch), so that it can be chosen given their values.
    """
    order = sorted(range(len(groups)), key=lambda i: (-len(rows[i]), groups[i][0]))
    out: list[tuple[int, list[str]]] = []
    for k, i in enumerate(order):
        context = [
            name
            for j in order[:k]
            if len(rows[i]) and np.isin(rows[i], rows[j], assume_unique=True).all()
            for name in groups[j]
        ]
        out.append((i, context))
    return out


def _compatible_rows(snap: Snapshot, name: str, dist: BaseDistribution) -> np.ndarray:
    """Rows holding ``name`` from ``dist``, or (numeric) from a like one with a value inside."""
    known = snap.distributions.get(name)
    if not known:
        return np.empty(0, dtype=np.int64)
    ids = snap.dist_ids[name]
    values = snap.values[name]
    mask = np.zeros(snap.n, dtype=bool)
    for index, other in enumerate(known):
        if other == dist:
            mask |= ids == index
        elif _same_kind(other, dist):
            inside = (values >= dist.low) & (values <= dist.high)  # type: ignore[attr-defined]
            step = getattr(dist, "step", None)
            if step is not None:
                k = (values - dist.low) / step  # type: ignore[attr-defined]
                inside &= np.abs(k - np.round(k)) < 1e-8
            mask |= (ids == index) & inside
    return np.flatnonzero(mask)


def _same_kind(a: BaseDistribution, b: BaseDistribution) -> bool:
    numeric = (FloatDistribution, IntDistribution)
    if not isinstance(a, numeric) or not isinstance(b, numeric):
        return False
    same_type = isinstance(a, FloatDistribution) == isinstance(b, FloatDistribution)
    return same_type and a.log == b.log
