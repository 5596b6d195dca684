"""The shared base of the multi-objective families: box space, true front, reference point."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from hpobench.distributions import BaseDistribution, FloatDistribution
from suites._multiobjective._front import Interval, check_n_points, reference_point
from suites._problem import Problem

#: The size of the front sample that fixes the ideal, nadir and reference points.
_REFERENCE_SAMPLE = 2000


def check_int(family: str, name: str, value: Any, minimum: int) -> int:
    """Return ``value`` as an int ``>= minimum`` or raise a ValueError naming the parameter."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} of {family} must be an int >= {minimum}; got {value!r}.")
    return int(value)


def sample_intervals(intervals: Sequence[Interval], size: int, rng: np.random.Generator):
    """Uniform draws from a union of disjoint intervals."""
    lengths = np.array([b - a for a, b in intervals])
    which = rng.choice(len(intervals), size=size, p=lengths / lengths.sum())
    lows = np.array([a for a, _ in intervals])[which]
    return lows + rng.random(size) * lengths[which]


class ParetoProblem(Problem):
    """A box-bounded problem with ``n_obj`` minimised objectives and a known Pareto front.

    Attributes
    ----------
    reference_point : numpy.ndarray
        The hypervolume reference point: the front's nadir plus 10% of its extent per
        objective (e.g. ``[1.1, 1.1]`` for ZDT1).
    ideal_point, nadir_point : numpy.ndarray
        The per-objective minimum and maximum over the true front.

    Subclasses define ``_objectives(X)``, ``_front(n_points)`` and
    ``_pareto_set(n_points, rng)``.
    """

    def __init__(
        self,
        case_params: Mapping[str, Any],
        *,
        lows: Sequence[float],
        highs: Sequence[float],
        n_obj: int,
        tags: frozenset[str] = frozenset(),
        seed: int | None = None,
    ) -> None:
        super().__init__(case_params, seed=seed)
        self._lows = np.asarray(lows, dtype=float)
        self._highs = np.asarray(highs, dtype=float)
        self.directions = ("minimize",) * n_obj
        self.tags = frozenset(
            {"multi_objective", f"dim={len(self._lows)}", f"n_obj={n_obj}"} | set(tags)
        )
        front = self._front(_REFERENCE_SAMPLE)
        self.ideal_point = front.min(axis=0)
        self.nadir_point = front.max(axis=0)
        self.reference_point = reference_point(front)

    @property
    def space(self) -> dict[str, BaseDistribution]:
        return {
            f"x{i}": FloatDistribution(float(lo), float(hi))
            for i, (lo, hi) in enumerate(zip(self._lows, self._highs))
        }

    @property
    def dim(self) -> int:
        return len(self._lows)

    def evaluate(self, X: np.ndarray) -> np.ndarray:
        """Return the ``(n, n_obj)`` objectives of the rows of ``X`` (all minimised)."""
        return self._objectives(self._check_X(X))

    def pareto_front(self, n_points: int = 1000) -> np.ndarray:
        """Return at most ``n_points`` points of the true Pareto front, shape ``(m, n_obj)``.

        Two-objective fronts (and one-dimensional ones) have exactly ``n_points`` points,
        evenly spaced by arc length; larger fronts come from a Das–Dennis lattice or a grid
        over the Pareto-optimal position parameters, so ``m`` may be smaller. Every point
        lies on the true front.
        """
        return self._front(check_n_points(n_points))

    def pareto_set(self, n_points: int = 100, *, seed: int | None = None) -> np.ndarray:
        """Return ``n_points`` random Pareto-optimal decision vectors, shape ``(n, dim)``.

        Their objectives lie on the true front; ``seed`` fixes the draw.
        """
        n = check_n_points(n_points)
        return self._pareto_set(n, np.random.default_rng(seed))

    # -- subclass hooks ------------------------------------------------------------------
    def _objectives(self, X: np.ndarray) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} must define _objectives(X).")

    def _front(self, n_points: int) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} must define _front(n_points).")

    def _pareto_set(self, n_points: int, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError(f"{type(self).__name__} must define _pareto_set.")
