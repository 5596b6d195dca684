from __future__ import annotations

import secrets
import threading
from collections import OrderedDict

import numpy as np

_MAX_LIVE_TRIALS = 4096


def check_seed(seed: int | None) -> int | None:
    """Validate a sampler's ``seed`` argument: None or an int >= 0."""
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be None or an int >= 0; got {seed!r}.")
    if seed < 0:
        raise ValueError(f"seed must be None or an int >= 0; got {seed!r}.")
    return int(seed)


def fresh_seed() -> int:
    """Return an unpredictable seed (for samplers created without one)."""
    return secrets.randbits(63)


class TrialRngs:
    """Random generators derived from ``(seed, trial number)``.

    A trial's values then depend only on the seed and its number, not on which
    thread or process ran it or on what other trials did: with ``n_jobs > 1``, trial
    ``k`` of a seeded sampler that does not learn from history gets the same
    parameters as with ``n_jobs=1``.

    Examples
    --------
    >>> rngs = TrialRngs(seed=1)
    >>> a = rngs.for_trial(5).random()
    >>> rngs.release(5)
    >>> a == TrialRngs(seed=1).for_trial(5).random()
    True
    """

    def __init__(self, seed: int | None) -> None:
        seed = check_seed(seed)
        self._seed = fresh_seed() if seed is None else seed
        self._live: OrderedDict[int, np.random.Generator] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def seed(self) -> int:
        """The base seed (drawn at random when the sampler was given none)."""
        return self._seed

    def for_trial(self, number: int) -> np.random.Generator:
        """Return the generator of trial ``number``, created on first use."""
        with self._lock:
            rng = self._live.get(number)
            if rng is None:
                rng = np.random.default_rng([self._seed, number])
                self._live[number] = rng
                if len(self._live) > _MAX_LIVE_TRIALS:
                    self._live.popitem(last=False)
            return rng

    def stream(self, *key: int) -> np.random.Generator:
        """Return a generator for sampler-wide randomness, derived from the seed and ``key``."""
        return np.random.default_rng([self._seed, 2**32, *key])

    def release(self, number: int) -> None:
        """Forget trial ``number``'s generator (its trial has finished)."""
        with self._lock:
            self._live.pop(number, None)

    def reseed(self, seed: int | None = None) -> None:
        """Switch to ``seed`` (a fresh random one when None) and forget all generators."""
        seed = check_seed(seed)
        with self._lock:
            self._seed = fresh_seed() if seed is None else seed
            self._live.clear()

    def __getstate__(self) -> dict[str, object]:
        return {"_seed": self._seed, "_live": self._live}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()
