from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict

import numpy as np

_MAX_LIVE_TRIALS = 4096
_MAX_SPARE = 64
# PCG64's 128-bit LCG (numpy's pcg64.h): its multiplier, and arithmetic modulo 2**128.
_PCG_MULTIPLIER = 0x2360ED051FC65DA44385DF649FCCF645
_MASK_128 = (1 << 128) - 1


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


def _pcg64_state(seed: int, number: int) -> dict[str, object]:
    """Return the PCG64 state that 32 hashed bytes of ``(seed, number)`` seed.

    The four 64-bit words seed the generator as numpy seeds PCG64 from a
    ``SeedSequence``'s four words: an odd stream increment from the last two, and a
    start state from the first two, stepped as ``pcg_setseq_128_srandom_r`` does.
    """
    digest = hashlib.blake2b(b"%d:%d" % (seed, number), digest_size=32).digest()
    start = int.from_bytes(digest[:16], "big")
    increment = ((int.from_bytes(digest[16:], "big") << 1) | 1) & _MASK_128
    state = ((increment + start) * _PCG_MULTIPLIER + increment) & _MASK_128
    return {
        "bit_generator": "PCG64",
        "state": {"state": state, "inc": increment},
        "has_uint32": 0,
        "uinteger": 0,
    }


class TrialRngs:
    """Random generators derived from ``(seed, trial number)``.

    A trial's values then depend only on the seed and its number, not on which
    thread or process ran it or on what other trials did: with ``n_jobs > 1``, trial
    ``k`` of a seeded sampler that does not learn from history gets the same
    parameters as with ``n_jobs=1``.

    Trial ``k``'s generator is a PCG64 whose state and stream are a BLAKE2b hash of
    ``(seed, k)``, set on a generator kept from a finished trial: a few microseconds,
    where seeding a new generator through a ``SeedSequence`` costs several times
    that on every trial.

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
        self._spare: list[np.random.Generator] = []

    @property
    def seed(self) -> int:
        """The base seed (drawn at random when the sampler was given none)."""
        return self._seed

    def for_trial(self, number: int) -> np.random.Generator:
        """Return the generator of trial ``number``, created on first use."""
        with self._lock:
            rng = self._live.get(number)
            if rng is None:
                rng = self._spare.pop() if self._spare else np.random.Generator(np.random.PCG64(0))
                rng.bit_generator.state = _pcg64_state(self._seed, number)
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
            rng = self._live.pop(number, None)
            if rng is not None and len(self._spare) < _MAX_SPARE:
                self._spare.append(rng)

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
        self._spare = []
