"""Seeds derived from the suite's base seed, stable across processes, machines and versions.

A run's problem seed comes from ``(base seed, problem, repeat)`` and its sampler seed from
``(base seed, problem, repeat, sampler)``, both through :class:`numpy.random.SeedSequence`.
Strings enter as their CRC-32 (never Python's ``hash``, which is salted per process), so
every sampler faces the same problem instance in repeat *r*, and adding a sampler to a
suite changes no other run's seed.
"""

from __future__ import annotations

import zlib

import numpy as np

__all__ = ["problem_seed", "sampler_seed", "stable_hash"]


def stable_hash(text: str) -> int:
    """Return the CRC-32 of ``text``'s UTF-8 bytes: the same in every process and version.

    Examples
    --------
    >>> stable_hash("Branin")
    2946913174
    """
    if not isinstance(text, str):
        raise TypeError(f"stable_hash takes a str; got {type(text).__name__} {text!r}.")
    return zlib.crc32(text.encode("utf-8"))


def _derive(entropy: list[int]) -> int:
    return int(np.random.SeedSequence(entropy).generate_state(1, dtype=np.uint32)[0])


def _check_seed(base_seed: int, repeat: int) -> None:
    if (
        isinstance(base_seed, bool)
        or not isinstance(base_seed, (int, np.integer))
        or base_seed < 0
    ):
        raise ValueError(f"the base seed must be an int >= 0; got {base_seed!r}.")
    if isinstance(repeat, bool) or not isinstance(repeat, (int, np.integer)) or repeat < 0:
        raise ValueError(f"repeat must be an int >= 0; got {repeat!r}.")


def problem_seed(base_seed: int, problem: str, repeat: int) -> int:
    """Return the seed of ``problem``'s instance in ``repeat`` (an int in ``[0, 2**32)``).

    Parameters
    ----------
    base_seed : int
        The suite's seed (>= 0).
    problem : str
        The problem's case id, e.g. ``"McCourt16(dim=4,res=10)"``.
    repeat : int
        The repeat index (>= 0).

    Examples
    --------
    >>> problem_seed(0, "Branin", 0)
    2919977016
    """
    _check_seed(base_seed, repeat)
    return _derive([int(base_seed), stable_hash(problem), int(repeat)])


def sampler_seed(base_seed: int, problem: str, repeat: int, sampler: str) -> int:
    """Return the seed of the sampler labelled ``sampler`` on ``problem`` in ``repeat``.

    Examples
    --------
    >>> sampler_seed(0, "Branin", 0, "TPESampler")
    883376497
    """
    _check_seed(base_seed, repeat)
    return _derive([int(base_seed), stable_hash(problem), int(repeat), stable_hash(sampler)])
