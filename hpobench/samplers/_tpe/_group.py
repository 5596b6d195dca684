"""One TPE step on a set of parameters: split, fit l(x) and g(x), pick the best candidate."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from hpobench.samplers._tpe._defaults import call_gamma, call_weights
from hpobench.samplers._tpe._history import Snapshot
from hpobench.samplers._tpe._parzen import ParzenEstimator, ParzenParameters
from hpobench.samplers._tpe._ratio import log_ratio, log_ratio_independent
from hpobench.samplers._tpe._space import ModelSpace
from hpobench.samplers._tpe._split import below_mask

# Above this many kernels a group's mixture keeps the newest half of its observations
# and a systematic sample of the older ones (see _thin): the cost of a trial then stops
# growing with the size of the study.
MAX_KERNELS = 1024


@dataclass(frozen=True)
class Settings:
    """What one TPE step needs besides the data."""

    parzen: ParzenParameters
    n_candidates: int
    gamma: Callable[[int], int]
    weights: Callable[[int], np.ndarray]
    uniform_below_weights: bool
    constant_liar: bool


@dataclass(frozen=True)
class Data:
    """The observations of a group: finished rows, their split, and running rows."""

    below: np.ndarray
    above: np.ndarray
    below_numbers: np.ndarray
    above_numbers: np.ndarray


def sample_group(
    snap: Snapshot,
    rows: np.ndarray,
    space: ModelSpace,
    names: Sequence[str],
    settings: Settings,
    rng: np.random.Generator,
    *,
    independent: bool,
    cache: EstimatorCache | None = None,
) -> dict[str, Any]:
    """Return TPE's choice for the parameters ``names`` (given in ``space``'s array layout).

    ``rows`` are the finished rows that hold every parameter; ``independent`` fits one
    mixture per parameter instead of one over all of them. ``cache`` lends the "below"
    estimator of an earlier step that had the same data.
    """
    good, bad, _, _ = _estimators(snap, rows, space, names, settings, cache)
    candidates = good.sample(rng, settings.n_candidates, independent=independent)
    if independent:
        score = log_ratio_independent(good, bad, candidates)
    else:
        score = log_ratio(good, bad, candidates)
    if independent:
        best = candidates[np.argmax(score, axis=0), np.arange(candidates.shape[1])]
    else:
        best = candidates[int(np.argmax(score))]
    return dict(zip(names, space.to_external(best)))


def sample_given(
    snap: Snapshot,
    rows: np.ndarray,
    space: ModelSpace,
    names: Sequence[str],
    given: dict[str, float],
    settings: Settings,
    rng: np.random.Generator,
    *,
    cache: EstimatorCache | None = None,
) -> dict[str, Any]:
    """Return TPE's choice for the parameters of ``names`` not in ``given``, given those.

    ``names`` (in ``space``'s array layout) holds a group and its context: parameters
    already chosen for this trial (``given``, internal values) that every row of the
    group also holds. One joint estimator covers both; candidates are drawn from the
    "below" kernels weighted by how well each explains the given values, and scored by
    the joint ratio with the given values fixed, so the group's values are chosen in
    the neighbourhood of the good trials that the context came from.
    """
    good, bad, below_x, thin_w = _estimators(snap, rows, space, names, settings, cache)
    fixed = [j for j, name in enumerate(names) if name in given]
    point = np.array([[given[names[j]] for j in fixed]])
    context = ModelSpace([space.distributions[j] for j in fixed])
    # The context dimensions' kernels are those of the joint estimator (bandwidths are
    # per dimension), so their densities at the given point weight its kernels.
    layout = [fixed[i] for i in context.order]
    marginal = ParzenEstimator(context, below_x[:, layout], thin_w, settings.parzen)
    log_k = marginal.log_kernels(point[:, context.order])[0]
    top = log_k.max()
    # No kernel near the given values (possible without the prior kernel): draw as usual.
    weights = np.exp(log_k - top) if np.isfinite(top) else None
    candidates = good.sample(rng, settings.n_candidates, kernel_weights=weights)
    candidates[:, fixed] = point
    score = log_ratio(good, bad, candidates)
    best = candidates[int(np.argmax(score))]
    free = [j for j in range(len(names)) if names[j] not in given]
    values = space.to_external(best)
    return {names[j]: values[j] for j in free}


def _estimators(
    snap: Snapshot,
    rows: np.ndarray,
    space: ModelSpace,
    names: Sequence[str],
    settings: Settings,
    cache: EstimatorCache | None,
) -> tuple[ParzenEstimator, ParzenEstimator, np.ndarray, np.ndarray]:
    """Fit the "below" (good) and "above" (bad) estimators of ``names`` on ``rows``.

    Also returns the observations and weights the good estimator holds (after
    thinning), for a caller that needs its kernels one by one.
    """
    data = _gather(snap, rows, space, names, settings)
    below_w = _weights(settings, len(data.below), settings.uniform_below_weights)
    above_w = _weights(settings, len(data.above), False)
    above_x, above_w = _thin(data.above, data.above_numbers, above_w)
    below_x, thin_w = _thin(data.below, data.below_numbers, below_w)
    if cache is None:
        good = ParzenEstimator(space, below_x, thin_w, settings.parzen)
    else:
        good = cache.fit(tuple(names), space, data, below_w, settings.parzen)
    bad = ParzenEstimator(space, above_x, above_w, settings.parzen)
    return good, bad, below_x, thin_w


class EstimatorCache:
    """The "below" estimators of recent TPE steps, reused while their data stay the same.

    Once a study is under way its best trials change rarely, so l(x) is most often the
    estimator of the previous step: the same observations (bit for bit, in the same
    order) with the same weights, space and settings; an estimator is a function of
    these alone. An estimator is never changed after it is built, so threads may
    share one.

    Examples
    --------
    >>> cache = EstimatorCache()
    >>> len(cache)
    0
    """

    def __init__(self, max_entries: int = 64) -> None:
        self._max_entries = max_entries
        self._entries: dict[object, tuple[tuple[int, ...], bytes, bytes, ParzenEstimator]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def fit(
        self,
        key: object,
        space: ModelSpace,
        data: Data,
        weights: np.ndarray,
        parameters: ParzenParameters,
    ) -> ParzenEstimator:
        """Return the estimator of the "below" rows of ``data``, built or remembered.

        ``key`` names the parameters (``data`` holds their rows): one estimator is
        remembered per key.
        """
        key = (key, space, parameters)
        x, w = _thin(data.below, data.below_numbers, weights)
        # Trials that tie on their value often have the same parameters too: comparing
        # the data, rather than which trials they came from, finds more repeats.
        shape, x_bytes, w_bytes = x.shape, x.tobytes(), w.tobytes()
        entry = self._entries.get(key)
        if entry is not None and entry[:3] == (shape, x_bytes, w_bytes):
            return entry[3]
        estimator = ParzenEstimator(space, x, w, parameters)
        if len(self._entries) >= self._max_entries:
            self._entries.clear()
        self._entries[key] = (shape, x_bytes, w_bytes, estimator)
        return estimator


def _gather(
    snap: Snapshot,
    rows: np.ndarray,
    space: ModelSpace,
    names: Sequence[str],
    settings: Settings,
) -> Data:
    every_row = len(rows) == snap.n
    obs = snap.observations if every_row else snap.observations.take(rows)
    # The split is local to the rows holding the group: each branch of a conditional
    # space gets its own "below" (a global split measured worse on benchmarks/tpe_conditional.py).
    below = below_mask(obs, call_gamma(settings.gamma, len(rows)))
    below_rows, above_rows = np.flatnonzero(below), np.flatnonzero(~below)
    below_numbers, above_numbers = obs.numbers[below_rows], obs.numbers[above_rows]
    if not every_row:
        below_rows, above_rows = rows[below_rows], rows[above_rows]
    columns = [snap.values[name] for name in names]
    below_x, above = _rows_of(columns, below_rows), _rows_of(columns, above_rows)
    ordered = snap.ordered
    if settings.constant_liar and snap.running:
        lies = _running_rows(snap, space, names)
        if lies is not None:
            numbers, values = lies
            above = np.vstack([above, values])
            above_numbers = np.concatenate([above_numbers, numbers])
            ordered = False
    if not ordered:
        below_x, below_numbers = _by_number(below_x, below_numbers)
        above, above_numbers = _by_number(above, above_numbers)
    return Data(below_x, above, below_numbers, above_numbers)


def _rows_of(columns: list[np.ndarray], rows: np.ndarray) -> np.ndarray:
    """Return the values of ``columns`` at ``rows``, shape (rows, columns)."""
    # Filled a column at a time along contiguous rows, then seen transposed.
    out = np.empty((len(columns), len(rows)))
    for column, row in zip(columns, out):
        column.take(rows, out=row, mode="clip")
    return out.T


def _by_number(x: np.ndarray, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sort rows by trial number (rows come in the order trials finished)."""
    if len(numbers) < 2 or bool(np.all(numbers[1:] > numbers[:-1])):
        return x, numbers
    order = np.argsort(numbers, kind="stable")
    return x[order], numbers[order]


def _running_rows(
    snap: Snapshot, space: ModelSpace, names: Sequence[str]
) -> tuple[np.ndarray, np.ndarray] | None:
    """Return (numbers, values) of running trials that already hold all of ``names``."""
    dists = space.distributions
    numbers, values = [], []
    for trial in snap.running:
        row = []
        for name, dist in zip(names, dists):
            held = trial.params.get(name)
            if held is None or held[0] != dist:
                break
            row.append(held[1])
        else:
            numbers.append(trial.number)
            values.append(row)
    if not numbers:
        return None
    return np.array(numbers, dtype=np.int64), np.array(values, dtype=float)


def _weights(settings: Settings, n: int, uniform: bool) -> np.ndarray:
    if uniform:
        return np.ones(n)
    return call_weights(settings.weights, n)


def _thin(
    x: np.ndarray, numbers: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Bound the number of kernels: keep the newest half, a 1-in-2^k sample of the rest.

    The older observations kept are those whose trial number is a multiple of ``2^k``
    (so a kept one stays kept as the study grows), each weighing ``2^k`` times its own
    weight, which keeps the older observations' share of the mixture.
    """
    n = len(x)
    if n <= MAX_KERNELS:
        return x, weights
    recent = MAX_KERNELS // 2
    n_old = n - recent
    old = numbers[:n_old]
    stride = 2
    while np.count_nonzero(old % stride == 0) > MAX_KERNELS - recent:
        stride *= 2
    keep = np.ones(n, dtype=bool)
    keep[:n_old] = old % stride == 0
    scaled = weights.copy()
    scaled[:n_old] *= stride
    return x[keep], scaled[keep]
