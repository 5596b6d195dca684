"""Cell masses of a small discrete dimension, remembered across TPE steps.

A discrete dimension's kernels are centred on its grid points, and their bandwidths
are gaps between grid points (or the clip bounds), so the same few ``(mu, sigma)``
pairs come back trial after trial. :class:`GridMasses` keeps, per pair, its
normalised mass on every cell of the grid; a step then only gathers entries.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import numpy as np

from hpobench.samplers._tpe._kernels import cell_mass, inverse_unit_mass

if TYPE_CHECKING:
    from hpobench.samplers._tpe._space import ModelSpace

# Grids of more values than this are not remembered: a new pair would cost a row of
# this many cells, where the step itself only needs the candidates' few cells.
MAX_GRID_VALUES = 512
# Beyond this many remembered cells (2 MB) the memory is cleared and refilled.
_MAX_CELLS = 1 << 18
_PRIOR_MU, _PRIOR_SIGMA = 0.5, 1.0
_MAX_RECENT = 16
_PRIOR_ROW = np.zeros(1, dtype=np.int64)


class GridMasses:
    """Normalised cell masses of kernels centred on a discrete dimension's grid points.

    Row ``r`` holds the mass of every cell of the grid under one ``(mu, sigma)`` pair,
    divided by the pair's mass on ``[0, 1]``; row 0 is the prior pair ``(0.5, 1)``.
    Entries equal those computed for the pair directly, bit for bit. Rows are added
    as new pairs appear; threads may share one instance.

    Parameters
    ----------
    space : ModelSpace
        The space of the dimension.
    col : int
        The dimension's numeric column; it must be discrete.

    Examples
    --------
    >>> from hpobench.distributions import IntDistribution
    >>> from hpobench.samplers._tpe._space import ModelSpace
    >>> space = ModelSpace([IntDistribution(0, 3)])
    >>> grid = GridMasses(space, 0)
    >>> centres = space.to_unit(np.array([[1.0]]))[0]
    >>> table = grid.columns([(centres, np.array([0.25]), True)], np.array([0.0, 1.0]))
    >>> table.shape, bool(table[0, 1] > table[0, 0])
    ((2, 2), True)
    """

    def __init__(self, space: ModelSpace, col: int) -> None:
        low, step = float(space.low[col]), float(space.step[col])
        n = round((float(space.high[col]) - low) / step) + 1
        self._low, self._step, self._n = low, step, n
        self._values = low + np.arange(n) * step
        grid = np.tile(space.low, (n, 1))
        grid[:, col] = self._values
        # Grid centres and known sigmas end in +inf: a search never runs off the end.
        self._centres = np.append(space.to_unit(grid)[:, col], np.inf)
        self._lower, self._upper = space.cell_edges(self._values, col)
        # Integer values are exact floats here: kernel centres of an int parameter (its
        # observed values, always on the grid) are found without checking.
        high = float(space.high[col])
        self._exact = bool(space.is_int[col]) and max(abs(low), abs(high)) < 2.0**52
        self._lock = threading.Lock()
        self._reset()

    def __getstate__(self) -> dict[str, object]:
        keep = ("_low", "_step", "_n", "_values", "_centres", "_lower", "_upper", "_exact")
        return {name: self.__dict__[name] for name in keep}  # remembered rows are a cache

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        # Sigmas seen so far (sorted) and each one's index into the first axis of _row_of.
        self._sigmas = np.array([np.inf])
        self._sigma_ids = np.array([-1], dtype=np.int64)
        self._row_of = np.empty((0, self._n), dtype=np.int64)
        self._rows = np.empty((64, self._n))
        self._rows[0] = self._masses(np.array([_PRIOR_MU]), np.array([_PRIOR_SIGMA]))[0]
        self._count = 1
        # Row ids of recent pair arrays by identity (the arrays are kept alive here).
        self._recent: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray | None]] = {}

    def columns(
        self, parts: tuple[tuple[np.ndarray, np.ndarray, bool], ...], values: np.ndarray
    ) -> np.ndarray | None:
        """Return the masses at ``values`` of the pairs of ``parts``, shape (pairs, values).

        ``parts`` lists ``(mu, sigma, prior)``: pairs, then the prior pair when ``prior``.
        None when a value or a centre is not on the grid (the caller computes them).
        """
        index = self._value_index(values)
        if index is None:
            return None
        ids = []
        with self._lock:
            if (self._count + sum(len(mu) for mu, _, _ in parts)) * self._n > _MAX_CELLS:
                self._reset()  # forget old pairs: this step's new ones then fit
            for mu, sigma, prior in parts:
                rows = self._remembered_row_ids(mu, sigma)
                if rows is None:
                    return None
                ids.append(rows)
                if prior:
                    ids.append(_PRIOR_ROW)
            table = self._rows
        flat = np.concatenate(ids)
        flat *= self._n
        return table.take(flat[:, None] + index)

    def _value_index(self, values: np.ndarray) -> np.ndarray | None:
        index = np.rint((values - self._low) / self._step).astype(np.intp)
        # An index off the grid is clipped onto it, and then its value differs.
        if (self._values.take(index, mode="clip") != values).any():
            return None
        return index

    def _remembered_row_ids(self, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray | None:
        """:meth:`_row_ids`, remembered for the arrays of an estimator that is reused."""
        entry = self._recent.get(id(mu))
        if entry is not None and entry[0] is mu and entry[1] is sigma:
            return entry[2]
        rows = self._row_ids(mu, sigma)
        if len(self._recent) >= _MAX_RECENT:
            self._recent.clear()
        self._recent[id(mu)] = (mu, sigma, rows)
        return rows

    def _row_ids(self, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray | None:
        """Row of each pair, adding rows for new pairs (under the lock)."""
        position = self._centres.searchsorted(mu)
        if not self._exact and (self._centres[position] != mu).any():
            return None
        at = self._sigmas.searchsorted(sigma)
        if not (self._sigmas[at] == sigma).all():
            self._add_sigmas(sigma)
            at = self._sigmas.searchsorted(sigma)
        level = self._sigma_ids[at]
        rows = self._row_of[level, position]
        if (rows < 0).any():
            missing = rows < 0
            self._add_rows(level[missing], position[missing], sigma[missing])
            rows = self._row_of[level, position]
        return rows

    def _add_sigmas(self, sigma: np.ndarray) -> None:
        """Give every new value of ``sigma`` a level (a row of ``_row_of``)."""
        new = np.setdiff1d(sigma, self._sigmas)
        ids = np.arange(len(self._row_of), len(self._row_of) + len(new))
        self._row_of = np.concatenate(
            (self._row_of, np.full((len(new), self._n), -1, dtype=np.int64))
        )
        sigmas = np.concatenate((self._sigmas, new))
        order = np.argsort(sigmas, kind="stable")
        self._sigmas = sigmas[order]
        self._sigma_ids = np.concatenate((self._sigma_ids, ids))[order]

    def _add_rows(self, level: np.ndarray, position: np.ndarray, sigma: np.ndarray) -> None:
        key = level * self._n + position
        key, first = np.unique(key, return_index=True)
        needed = self._count + len(key)
        if needed > len(self._rows):
            rows = np.empty((2 * needed, self._n))
            rows[: self._count] = self._rows[: self._count]
            self._rows = rows
        masses = self._masses(self._centres[position[first]], sigma[first])
        # Rows are written before they are published in _row_of: a reader never sees
        # an id whose row is not filled in.
        self._rows[self._count : needed] = masses
        self._row_of[level[first], position[first]] = np.arange(self._count, needed)
        self._count = needed

    def _masses(self, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
        """Normalised masses of every cell, one row per pair (the arithmetic of the factors)."""
        table = cell_mass(self._lower, self._upper, mu[:, None], sigma[:, None])
        table *= inverse_unit_mass(mu, sigma)[:, None]
        return table
