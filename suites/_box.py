"""Box-bounded test functions: the shared base of the classic and evalset families.

A :class:`BoxProblem` is a pure function on a box, with two modifiers taken from
evalset's test cases (sigopt/evalset ``icml2016_tests.py``):

* ``int_dims``: coordinates restricted to the integers ``ceil(low)..floor(high)``
  (the parameter becomes an ``IntDistribution``, as kurobako does);
* ``res``: *output* discretisation, ``floor(res * f) / res`` (evalset's ``Discretizer``).

Subclasses give ``family``, the bounds, ``_f`` (vectorised on ``(n, d)`` arrays), the
optimum of the plain function and its tags; the modifiers are handled here. Cases with
integer dimensions move the optimum, so they need their own ``f_star``/``x_star``
(see :meth:`BoxProblem._optimum`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from hpobench.distributions import BaseDistribution, FloatDistribution, IntDistribution
from suites._problem import Problem

__all__ = ["BoxProblem", "Optimum", "discretize"]


def discretize(values: np.ndarray, res: float) -> np.ndarray:
    """Quantise values down to a grid of spacing ``1 / res``: ``floor(res * v) / res``.

    Examples
    --------
    >>> discretize(np.array([-0.842, 0.26]), 10).tolist()
    [-0.9, 0.2]
    """
    return np.floor(res * np.asarray(values, dtype=float)) / res


class Optimum:
    """A known optimum: the value, one location and where the value comes from."""

    __slots__ = ("f", "source", "x")

    def __init__(self, f: float, x: Sequence[float], source: str) -> None:
        self.f = float(f)
        self.x = np.asarray(x, dtype=float)
        self.source = source


class BoxProblem(Problem):
    """A function on a box with optional integer dimensions and output discretisation.

    Class attributes for subclasses: ``family``, ``default_dim`` (None for a fixed
    dimension), ``allowed_dims`` (a range, for variable dimensions), ``base_tags`` and
    ``optima`` mapping a case key ``(dim, int_dims)`` to an :class:`Optimum` of the
    undiscretised function; ``optimum_for_dim`` handles optima with a closed form in the
    dimension.
    """

    fixed_dim: ClassVar[int | None] = None
    allowed_dims: ClassVar[range] = range(1, 101)
    base_tags: ClassVar[frozenset[str]] = frozenset()
    optima: ClassVar[dict[tuple[int, tuple[int, ...]], Optimum]] = {}
    # The original suite's stated minimum per dimension, kept for provenance.
    stated_f_min_table: ClassVar[dict[int, float]] = {}

    def __init__(
        self,
        dim: int | None = None,
        *,
        int_dims: Sequence[int] | None = None,
        res: float | None = None,
        seed: int | None = None,
    ) -> None:
        explicit_dim = dim is not None
        dim = self._check_dim(dim)
        int_dims = self._check_int_dims(int_dims, dim)
        res = self._check_res(res)
        params: dict[str, Any] = {}
        if self.fixed_dim is None or explicit_dim:
            params["dim"] = dim
        if int_dims:
            params["int_dims"] = list(int_dims)
        if res is not None:
            params["res"] = res
        super().__init__(params, seed=seed)
        self._d = dim
        self.int_dims: tuple[int, ...] = int_dims
        self.res: float | None = res
        lows, highs = self.bounds(dim)
        self.lows = np.asarray(lows, dtype=float)
        self.highs = np.asarray(highs, dtype=float)
        self._space = self._build_space()
        self.tags = self._build_tags()
        self._set_optimum()

    # -- what subclasses define ----------------------------------------------------------
    @classmethod
    def bounds(cls, dim: int) -> tuple[Sequence[float], Sequence[float]]:
        """Return the lower and upper bounds for ``dim`` coordinates."""
        raise NotImplementedError(f"{cls.__name__} must define bounds(dim).")

    def _f(self, X: np.ndarray) -> np.ndarray:
        """The plain function on an ``(n, d)`` array."""
        raise NotImplementedError(f"{type(self).__name__} must define _f(X).")

    def optimum_for_dim(self, dim: int) -> Optimum | None:
        """A closed-form optimum for ``dim`` (continuous case); None when tabulated."""
        return None

    @property
    def stated_f_min(self) -> float | None:
        """The minimum the original suite states for this dimension (None if none)."""
        return self.stated_f_min_table.get(self._d)

    # -- Problem -------------------------------------------------------------------------
    @property
    def space(self) -> dict[str, BaseDistribution]:
        return dict(self._space)

    @property
    def dim(self) -> int:
        return self._d

    def evaluate(self, X: np.ndarray) -> np.ndarray:
        values = self._f(self._check_X(X))
        return values if self.res is None else discretize(values, self.res)

    # -- construction helpers ------------------------------------------------------------
    def _check_dim(self, dim: int | None) -> int:
        if self.fixed_dim is not None:
            if dim not in (None, self.fixed_dim):
                raise ValueError(
                    f"dim of {self.family} must be {self.fixed_dim} (a fixed-dimension "
                    f"function); got {dim!r}."
                )
            return self.fixed_dim
        if dim is None:
            raise ValueError(f"{self.family} needs dim, an int in {_range_text(self)}.")
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
            raise ValueError(f"dim of {self.family} must be an int; got {dim!r}.")
        if dim not in self.allowed_dims:
            raise ValueError(f"dim of {self.family} must be in {_range_text(self)}; got {dim}.")
        return int(dim)

    def _check_int_dims(self, int_dims: Sequence[int] | None, dim: int) -> tuple[int, ...]:
        if int_dims is None:
            return ()
        if isinstance(int_dims, (str, bytes)) or not isinstance(int_dims, Sequence):
            raise ValueError(
                f"int_dims of {self.family} must be a list of coordinate indices; "
                f"got {int_dims!r}."
            )
        out = sorted({int(i) for i in int_dims})
        if any(i < 0 or i >= dim for i in out) or len(out) != len(int_dims):
            raise ValueError(
                f"int_dims of {self.family} must be distinct indices in 0..{dim - 1}; "
                f"got {list(int_dims)!r}."
            )
        return tuple(out)

    def _check_res(self, res: float | None) -> float | None:
        if res is None:
            return None
        if isinstance(res, bool) or not isinstance(res, (int, float)) or not res > 0:
            raise ValueError(f"res of {self.family} must be a number > 0; got {res!r}.")
        return res

    def _build_space(self) -> dict[str, BaseDistribution]:
        space: dict[str, BaseDistribution] = {}
        for i, (low, high) in enumerate(zip(self.lows, self.highs)):
            if i in self.int_dims:
                space[f"x{i}"] = IntDistribution(math.ceil(low), math.floor(high))
            else:
                space[f"x{i}"] = FloatDistribution(float(low), float(high))
        return space

    def _build_tags(self) -> frozenset[str]:
        tags = set(self.base_tags) | {f"dim={self._d}"}
        if self.int_dims:
            tags.add("mixed_int")
        if self.res is not None:
            tags.add("discrete")
        return frozenset(tags)

    def _set_optimum(self) -> None:
        optimum = self._optimum()
        if optimum is None:
            self.f_star, self.x_star, self.f_star_source = None, None, "unknown"
            return
        f = optimum.f
        source = optimum.source
        if self.res is not None:
            # floor is monotone, so the discretised minimum is the discretised f_star.
            f = float(discretize(np.array([f]), self.res)[0])
            source = f"{source}; discretised floor({self.res}*f)/{self.res}"
        self.f_star, self.x_star, self.f_star_source = f, optimum.x.copy(), source

    def _optimum(self) -> Optimum | None:
        key = (self._d, self.int_dims)
        if key in self.optima:
            return self.optima[key]
        plain = self.optima.get((self._d, ()))
        if plain is None:
            plain = self.optimum_for_dim(self._d)
        if plain is None or not self.int_dims:
            return plain
        # The continuous optimum still holds when it already sits on the integer grid.
        on_grid = np.all(plain.x[list(self.int_dims)] == np.round(plain.x[list(self.int_dims)]))
        return plain if on_grid else None


def _range_text(problem: BoxProblem) -> str:
    dims = problem.allowed_dims
    return f"{dims.start}..{dims.stop - 1}"
