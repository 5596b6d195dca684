"""Discrete and categorical dimensions of TPE's Parzen estimators, as small tables.

A discrete dimension's kernels share few distinct ``(mu, sigma)`` pairs and a
categorical one's few kinds (one per choice, and the uniform prior), so the mass of a
value under every kernel is one entry of a (values, pairs) table, gathered by each
kernel's pair id. ``rows(points)`` gives that table's row of every point.
"""

from __future__ import annotations

import numpy as np

from hpobench.samplers._tpe._kernels import cell_mass, inverse_unit_mass
from hpobench.samplers._tpe._space import ModelSpace

_PRIOR_MU = np.array([0.5])
_PRIOR_SIGMA = np.array([1.0])


class DiscreteFactor:
    """A discrete numeric dimension: cell masses per distinct kernel ``(mu, sigma)`` pair.

    ``ids`` holds each kernel's pair; with ``prior`` the last kernel is the prior, whose
    pair ``(0.5, 1)`` is appended after ``mu`` and ``sigma`` (its id is ``len(mu)``).
    """

    def __init__(
        self,
        space: ModelSpace,
        col: int,
        ids: np.ndarray,
        mu: np.ndarray,
        sigma: np.ndarray,
        prior: bool,
    ) -> None:
        self.space, self.col, self.ids = space, col, ids
        self._parts = ((mu, sigma, prior),)
        self._pairs: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def stacked(self, other: DiscreteFactor) -> DiscreteFactor:
        """Return one factor with the pairs of both (``other``'s ids shifted after ours)."""
        out = object.__new__(DiscreteFactor)
        out.space, out.col = self.space, self.col
        out.ids = np.concatenate((self.ids, other.ids + self.n_pairs))
        out._parts = self._parts + other._parts
        out._pairs = None
        return out

    @property
    def n_pairs(self) -> int:
        """The number of pairs, the prior's included."""
        return sum(len(mu) + prior for mu, _, prior in self._parts)

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the pairs' ``(mu, sigma, 1 / P(0 <= X <= 1))``, the prior's included."""
        if self._pairs is None:
            self._pairs = _pairs(self._parts)
        return self._pairs

    def joint_columns(self, other: DiscreteFactor, points: np.ndarray) -> tuple[np.ndarray, ...]:
        """Return the masses of our pairs and of ``other``'s, shape (pairs, points) each.

        Both come from one table; a pair's masses at all points are one contiguous row.
        """
        parts = self._parts + other._parts
        grid = self.space.grid_masses(self.col)
        columns = None if grid is None else grid.columns(parts, points[:, self.col])
        if columns is not None:
            split = self.n_pairs
            return columns[:split], columns[split:]
        (lower, upper), inverse = self.cells(points[:, self.col])
        mu, sigma, inv_z = _pairs(parts)
        table = cell_mass(lower, upper, mu[:, None], sigma[:, None])
        table *= inv_z[:, None]
        columns = table.take(inverse, axis=1)
        split = self.n_pairs
        return columns[:split], columns[split:]

    def cells(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (the unit-scale edges of the distinct values' cells, value of each point)."""
        distinct, inverse = unique_inverse(values)
        return self.space.cell_edges(distinct, self.col), inverse

    def masses(self, edges: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """Return the mass of each cell (``edges`` from :meth:`cells`) under each pair."""
        mu, sigma, inv_z = self.pairs()
        lower, upper = edges
        table = cell_mass(lower[:, None], upper[:, None], mu, sigma)
        table *= inv_z
        return table

    def table(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (mass of each distinct value's cell under each pair, value of each point)."""
        edges, inverse = self.cells(values)
        return self.masses(edges), inverse

    def rows(self, points: np.ndarray) -> np.ndarray:
        """Return the pairs' masses at every point, shape (n_points, n_pairs)."""
        table, inverse = self.table(points[:, self.col])
        return table[inverse]


class CategoricalFactor:
    """A categorical dimension: a kernel puts ``eps`` on every choice plus 1 on its own.

    ``ids`` holds each kernel's choice; ``n_choices`` stands for the prior kernel, which
    is uniform.
    """

    def __init__(self, col: int, ids: np.ndarray, n_choices: int, eps: float) -> None:
        self.col, self.ids = col, ids
        # Row a, column c: the probability of choice c under a kernel of kind a (its
        # choice, or the prior in the last row). Built in this layout: the kernel
        # kinds' probabilities at points are rows of it.
        columns = np.full((n_choices + 1, n_choices), eps / (eps * n_choices + 1.0))
        # The diagonal of the first n rows: every (n + 1)-th element from the first.
        columns.reshape(-1)[: n_choices * n_choices : n_choices + 1] = (eps + 1.0) / (
            eps * n_choices + 1.0
        )
        columns[-1] = 1.0 / n_choices
        self._table_t = columns

    @property
    def _table(self) -> np.ndarray:
        """Row c, column a: the probability of choice c under a kernel of kind a."""
        return self._table_t.T

    def joint_columns(
        self, other: CategoricalFactor, points: np.ndarray
    ) -> tuple[np.ndarray, ...]:
        """Return the probabilities of our kernel kinds and of ``other``'s, (kinds, points)."""
        choices = points[:, self.col].astype(np.int64)
        return self._table_t.take(choices, axis=1), other._table_t.take(choices, axis=1)

    def stacked(self, other: CategoricalFactor) -> CategoricalFactor:
        """Return one factor with the kernel kinds of both (``other``'s ids shifted)."""
        out = object.__new__(CategoricalFactor)
        out.col = self.col
        out.ids = np.concatenate((self.ids, other.ids + len(self._table_t)))
        out._table_t = np.concatenate((self._table_t, other._table_t))
        return out

    def cells(self, values: np.ndarray) -> tuple[None, np.ndarray]:
        """Return (nothing: every choice is a row of the table, choice of each point)."""
        return None, values.astype(np.int64)

    def masses(self, edges: None) -> np.ndarray:
        """Return the probability of every choice under each kernel kind."""
        return self._table

    def table(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (probability of every choice under each kernel kind, choice index)."""
        return self._table, values.astype(np.int64)

    def rows(self, points: np.ndarray) -> np.ndarray:
        """Return the kernel kinds' probabilities at every point, shape (n_points, n + 1)."""
        return self._table[points[:, self.col].astype(np.int64)]


def _pairs(
    parts: tuple[tuple[np.ndarray, np.ndarray, bool], ...],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the ``(mu, sigma, 1 / P(0 <= X <= 1))`` of the pairs of ``parts`` in order."""
    mus, sigmas = [], []
    for mu, sigma, prior in parts:
        mus.append(mu)
        sigmas.append(sigma)
        if prior:
            mus.append(_PRIOR_MU)
            sigmas.append(_PRIOR_SIGMA)
    mu, sigma = np.concatenate(mus), np.concatenate(sigmas)
    # Few pairs: the normaliser of every one, without a cut-off.
    return mu, sigma, inverse_unit_mass(mu, sigma)


def unique_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``np.unique(values, return_inverse=True)`` for a short 1-D float array.

    A few dozen candidates are faster to sort in Python than through numpy's machinery.

    Examples
    --------
    >>> distinct, inverse = unique_inverse(np.array([3.0, 1.0, 3.0]))
    >>> distinct.tolist(), inverse.tolist()
    ([1.0, 3.0], [1, 0, 1])
    """
    items = values.tolist()
    distinct = sorted(set(items))
    if any(v != v for v in distinct):  # NaN is not equal to itself: leave it to numpy
        distinct_array, inverse_array = np.unique(values, return_inverse=True)
        return distinct_array, inverse_array.ravel()
    position = {v: i for i, v in enumerate(distinct)}
    return np.array(distinct), np.array([position[v] for v in items], dtype=np.intp)
