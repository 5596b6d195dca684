"""Discrete and categorical dimensions of TPE's Parzen estimators, as small tables.

A discrete dimension's kernels share few distinct ``(mu, sigma)`` pairs and a
categorical one's few kinds (one per choice, and the uniform prior), so the mass of a
value under every kernel is one entry of a (values, pairs) table, gathered by each
kernel's pair id. ``rows(points)`` gives that table's row of every point.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from hpobench.samplers._tpe._kernels import cell_mass
from hpobench.samplers._tpe._space import ModelSpace


class DiscreteFactor:
    """A discrete numeric dimension: cell masses per distinct kernel ``(mu, sigma)`` pair."""

    def __init__(
        self,
        space: ModelSpace,
        col: int,
        ids: np.ndarray,
        mu: np.ndarray,
        sigma: np.ndarray,
        prior: bool,
    ) -> None:
        if prior:
            ids = np.concatenate((ids, [len(mu)]))
            mu, sigma = np.concatenate((mu, [0.5])), np.concatenate((sigma, [1.0]))
        self.space, self.col, self.ids = space, col, ids
        self._mu, self._sigma = mu, sigma
        # Few pairs: the normaliser P(0 <= X <= 1) of every one, without a cut-off.
        self._inv_z = 1.0 / (1.0 - ndtr(-mu / sigma) - ndtr((mu - 1.0) / sigma))

    def stacked(self, other: DiscreteFactor) -> DiscreteFactor:
        """Return one factor with the pairs of both (``other``'s ids shifted after ours)."""
        out = object.__new__(DiscreteFactor)
        out.space, out.col = self.space, self.col
        out.ids = np.concatenate((self.ids, other.ids + len(self._mu)))
        out._mu = np.concatenate((self._mu, other._mu))
        out._sigma = np.concatenate((self._sigma, other._sigma))
        out._inv_z = np.concatenate((self._inv_z, other._inv_z))
        return out

    def table(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (mass of each distinct value's cell under each pair, value of each point)."""
        distinct, inverse = np.unique(values, return_inverse=True)
        lower, upper = self.space.cell_edges(distinct, self.col)
        table = cell_mass(lower[:, None], upper[:, None], self._mu, self._sigma)
        table *= self._inv_z
        return table, inverse.ravel()

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
        # Row c, column a: the probability of choice c under a kernel of choice a.
        self._table = np.full((n_choices, n_choices + 1), eps / (eps * n_choices + 1.0))
        np.fill_diagonal(self._table, (eps + 1.0) / (eps * n_choices + 1.0))
        self._table[:, -1] = 1.0 / n_choices

    def stacked(self, other: CategoricalFactor) -> CategoricalFactor:
        """Return one factor with the kernel kinds of both (``other``'s ids shifted)."""
        out = object.__new__(CategoricalFactor)
        out.col = self.col
        out.ids = np.concatenate((self.ids, other.ids + self._table.shape[1]))
        out._table = np.concatenate((self._table, other._table), axis=1)
        return out

    def table(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (probability of every choice under each kernel kind, choice index)."""
        return self._table, values.astype(np.int64)

    def rows(self, points: np.ndarray) -> np.ndarray:
        """Return the kernel kinds' probabilities at every point, shape (n_points, n + 1)."""
        return self._table[points[:, self.col].astype(np.int64)]
