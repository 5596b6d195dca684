"""The shared base of the offline multi-fidelity problems (learning curves for pruners).

A :class:`StepProblem` reports a value at steps ``1..n_steps`` (epochs, fidelities, sample
sizes); its final value is the objective. Values are a deterministic function of the
configuration and the problem's seed: the noise of a configuration is drawn from a
generator keyed on ``(seed, x)``, so re-evaluating a configuration (or evaluating it through
:meth:`~suites.Problem.evaluate`, :meth:`StepProblem.iter_steps` or a study) gives the same
curve, as retraining a model with the same seed would.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from suites._problem import Problem

#: Seeds map to non-negative SeedSequence entropy by two's complement (-1 -> 2**64 - 1).
_MASK_64 = (1 << 64) - 1


def check_number(family: str, name: str, value: Any, low: float, high: float) -> float:
    """Return ``value`` as a float in ``[low, high]`` or raise a ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} of {family} must be a number in [{low}, {high}]; got {value!r}.")
    if not low <= value <= high:
        raise ValueError(f"{name} of {family} must be in [{low}, {high}]; got {value!r}.")
    return float(value)


def check_count(family: str, name: str, value: Any, minimum: int) -> int:
    """Return ``value`` as an int ``>= minimum`` or raise a ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} of {family} must be an int >= {minimum}; got {value!r}.")
    return int(value)


def keyed_normals(entropy: int, x: np.ndarray, size: int) -> np.ndarray:
    """``size`` standard normals that depend only on ``entropy`` and the bits of ``x``.

    Examples
    --------
    >>> a = keyed_normals(0, np.array([0.5, 0.25]), 3)
    >>> bool(np.array_equal(a, keyed_normals(0, np.array([0.5, 0.25]), 3)))
    True
    """
    words = np.ascontiguousarray(x, dtype=np.float64).view(np.uint32)
    key = np.random.SeedSequence([entropy, *words.tolist()])
    return np.random.default_rng(key).standard_normal(size)


def log_progress(n_steps: int) -> np.ndarray:
    """``log(s) / log(n_steps)`` for steps ``s = 1..n_steps``: 0 at the first step, 1 at the last.

    Examples
    --------
    >>> log_progress(4).round(3).tolist()
    [0.0, 0.5, 0.792, 1.0]
    """
    steps = np.arange(1, n_steps + 1)
    return np.log(steps) / np.log(n_steps) if n_steps > 1 else np.ones(1)


class StepProblem(Problem):
    """A single-objective problem observed at ``n_steps`` increasing fidelities.

    Subclasses implement ``_curves(X)``, the ``(n, n_steps)`` matrix of values at every step;
    :meth:`evaluate` returns its last column and :meth:`iter_steps` walks one row. A subclass
    whose steps are costly may override :meth:`iter_steps` to compute them lazily.

    Attributes
    ----------
    entropy : int
        The seed the noise is keyed on: ``seed``, or fresh OS entropy when ``seed`` is None
        (then the instance is consistent with itself but not reproducible).
    """

    def __init__(
        self,
        case_params: Mapping[str, Any],
        *,
        n_steps: int,
        tags: frozenset[str] = frozenset(),
        seed: int | None = None,
    ) -> None:
        super().__init__(case_params, seed=seed)
        self.n_steps = check_count(type(self).family, "n_steps", n_steps, 2)
        self.entropy = (
            int(np.random.SeedSequence().entropy) if self.seed is None else self.seed & _MASK_64
        )
        self.tags = frozenset({"multi_fidelity", *tags})

    def evaluate(self, X: np.ndarray) -> np.ndarray:
        """Return the value at the last step for every row of ``X``, shape ``(n,)``."""
        return self._curves(self._check_X(X))[:, -1]

    def evaluate_steps(self, X: np.ndarray) -> np.ndarray:
        """Return the whole learning curves, shape ``(n, n_steps)``; column ``s-1`` is step ``s``.

        Examples
        --------
        >>> import suites
        >>> p = suites.get_problem("MFHartmann3(bias=0.5,noise=0.1,n_steps=10)", seed=0)
        >>> p.evaluate_steps(p.sample(2, seed=0)).shape
        (2, 10)
        """
        return self._curves(self._check_X(X))

    def iter_steps(self, x: np.ndarray) -> Iterator[tuple[int, float]]:
        """Yield ``(step, value)`` for steps ``1..n_steps`` of one configuration ``x``."""
        row = self._check_X(np.asarray(x, dtype=float).reshape(1, -1))
        curve = self._curves(row)[0]
        for step, value in enumerate(curve, start=1):
            yield step, float(value)

    def _curves(self, X: np.ndarray) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} must define _curves(X).")

    def _noise(self, X: np.ndarray, scale: np.ndarray) -> np.ndarray:
        """Keyed Gaussian noise ``(n, n_steps)`` with per-step standard deviation ``scale``."""
        eps = np.vstack([keyed_normals(self.entropy, row, self.n_steps) for row in X])
        return eps * scale
