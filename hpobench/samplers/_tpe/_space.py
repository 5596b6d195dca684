"""The model space of TPE: numeric parameters on ``[0, 1]``, categorical ones by index.

A numeric parameter is modelled on its own scale (log for ``log=True``) and rescaled to
``[0, 1]``. A discrete one (a ``step``, or an int) owns the cell ``value ± step / 2`` of
that scale, so the bounds are widened by half a step; ``log=True`` ints own
``[log(k - 1/2), log(k + 1/2)]``. Values are handled in the distributions' internal
representation (floats; a categorical value is the index of its choice). Arrays put
the numeric dimensions first, then the categorical ones (see ``order``).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from hpobench.distributions import BaseDistribution, CategoricalDistribution, IntDistribution
from hpobench.samplers._tpe._grid import MAX_GRID_VALUES, GridMasses

# Categorical dimensions with up to this many combinations of kernel kinds are
# tabulated together (see ModelSpace.kind_strides).
MAX_JOINT_KINDS = 4096
# Remembered cell masses, by distribution: a dimension's masses depend on nothing else,
# and a study whose ranges change makes a new space every trial.
_MAX_SHARED_GRIDS = 64
_shared_grids: dict[BaseDistribution, GridMasses] = {}
_shared_grids_lock = threading.Lock()


class ModelSpace:
    """Vectorised transforms between internal values and the unit model space.

    Parameters
    ----------
    distributions : sequence of BaseDistribution
        One per dimension; none may hold a single value.

    Attributes
    ----------
    order : list of int
        The positions of ``distributions`` in array layout: numeric ones, then categorical.

    Examples
    --------
    >>> from hpobench.distributions import FloatDistribution, IntDistribution
    >>> space = ModelSpace([FloatDistribution(0, 10), IntDistribution(0, 3)])
    >>> space.to_unit(np.array([[5.0, 1.0]])).tolist()
    [[0.5, 0.375]]
    >>> space.from_unit(np.array([[0.25, 0.9]])).tolist()
    [[2.5, 3.0]]
    """

    def __init__(self, distributions: Sequence[BaseDistribution]) -> None:
        given = list(distributions)
        is_cat = [isinstance(d, CategoricalDistribution) for d in given]
        self.order = [i for i, c in enumerate(is_cat) if not c] + [
            i for i, c in enumerate(is_cat) if c
        ]
        self.distributions = [given[i] for i in self.order]
        numeric = [d for d in self.distributions if not isinstance(d, CategoricalDistribution)]
        self.n_num = len(numeric)
        self.n_cat = len(self.distributions) - self.n_num
        categorical = self.distributions[self.n_num :]
        self.n_choices = np.array(
            [len(d.choices) for d in categorical],  # type: ignore[attr-defined]
            dtype=np.int64,
        )
        self.low = np.array([d.low for d in numeric], dtype=float)  # type: ignore[attr-defined]
        self.high = np.array([d.high for d in numeric], dtype=float)  # type: ignore[attr-defined]
        self.log = np.array([d.log for d in numeric], dtype=bool)  # type: ignore[attr-defined]
        self.is_int = np.array([isinstance(d, IntDistribution) for d in numeric], dtype=bool)
        steps = [getattr(d, "step", None) for d in numeric]
        self.step = np.array([0.0 if s is None else float(s) for s in steps])
        self.discrete = self.step > 0
        self.cont_idx = np.flatnonzero(~self.discrete)
        self.disc_idx = np.flatnonzero(self.discrete)
        self.log_idx = np.flatnonzero(self.log)
        self.cont_log_idx = np.flatnonzero(self.log[self.cont_idx])
        half = self.step / 2
        self.lo = self._scale(self.low - half)
        self.hi = self._scale(self.high + half)
        self.width = self.hi - self.lo
        self.inv_width = 1.0 / self.width
        self._grid_step = np.where(self.discrete, self.step, 1.0)
        # Constants of the per-trial work, computed once per space.
        self.num_cols = np.arange(self.n_num)
        self.cat_cols = np.arange(self.n_cat)
        self.last_choice = self.n_choices - 1
        self._disc_all = len(self.disc_idx) == self.n_num
        # Every numeric dimension a grid on its own (linear) scale: see grid_values.
        self.linear_grid = self.n_num > 0 and self._disc_all and not len(self.log_idx)
        self._grid_counts = np.round((self.high - self.low) / self._grid_step) + 1
        self._last_index = self._grid_counts - 1
        self._all_int = bool(self.is_int.all())
        self._disc_low = self.low[self.disc_idx]
        self._disc_step = self.step[self.disc_idx]
        self._neg_log_width = -np.log(self.width[self.cont_idx])
        self._lo_list, self._inv_width_list = self.lo.tolist(), self.inv_width.tolist()
        self._half_list, self._log_list = (self.step / 2).tolist(), self.log.tolist()
        self._grids: dict[int, GridMasses | None] = {}
        self.kind_strides = self._kind_strides()

    def _kind_strides(self) -> np.ndarray | None:
        """Place values numbering the combinations of categorical kernel kinds in C order.

        A categorical kernel's kind is its choice or the prior (``n_choices + 1`` kinds).
        None for fewer than two categorical dimensions, or more than
        ``MAX_JOINT_KINDS`` combinations: those are not tabulated together.
        """
        kinds = self.n_choices + 1
        if len(kinds) < 2 or np.prod(kinds, dtype=float) > MAX_JOINT_KINDS:
            return None
        return np.concatenate([np.cumprod(kinds[::-1])[::-1][1:], [1]]).astype(np.int64)

    def _scale(self, x: np.ndarray) -> np.ndarray:
        if len(self.log_idx) == 0:
            return x
        out = np.array(x, dtype=float)
        out[..., self.log_idx] = np.log(out[..., self.log_idx])
        return out

    def to_unit(self, values: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """Map internal numeric values, shape (n, n_num), to ``[0, 1]`` (cell centres)."""
        x = self._scale(values)
        if len(x) <= 8 * self.n_num:
            out = np.subtract(x, self.lo, out=out)
            out *= self.inv_width
            return out
        # Many rows of few columns: a column at a time runs along the rows, where
        # broadcasting the bounds over rows would loop over a handful of columns.
        if out is None:
            out = np.empty(x.shape)
        for j, (lo, inv_width) in enumerate(zip(self._lo_list, self._inv_width_list)):
            column = out[:, j]
            np.subtract(x[:, j], lo, out=column)
            np.multiply(column, inv_width, out=column)
        return out

    def unit_continuous(self, values: np.ndarray) -> np.ndarray:
        """Return :meth:`to_unit` of the continuous dimensions only, shape (n, n_cont)."""
        u = self.to_unit(values)
        return u if len(self.cont_idx) == self.n_num else u[:, self.cont_idx]

    def cell_edges(self, values: np.ndarray, j: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the unit-space edges of the cells of values of numeric dimension ``j``."""
        if len(values) <= 64 and not self._log_list[j]:
            # A few values: the same arithmetic on Python floats costs less than numpy calls.
            half, lo, inv_width = self._half_list[j], self._lo_list[j], self._inv_width_list[j]
            items = values.tolist()
            lower = [(v - half - lo) * inv_width for v in items]
            return np.array(lower), np.array([(v + half - lo) * inv_width for v in items])
        half = self.step[j] / 2
        lower, upper = values - half, values + half
        if self.log[j]:
            lower, upper = np.log(lower), np.log(upper)
        return (lower - self.lo[j]) * self.inv_width[j], (upper - self.lo[j]) * self.inv_width[j]

    def grid_masses(self, j: int) -> GridMasses | None:
        """Return the remembered cell masses of discrete dimension ``j`` (None: too many).

        One per distribution in the process: every space holding it shares them.
        """
        grids = self._grids
        if j not in grids:
            n = round((self.high[j] - self.low[j]) / self.step[j]) + 1 if self.discrete[j] else 0
            grids[j] = _shared_grid(self.distributions[j]) if 0 < n <= MAX_GRID_VALUES else None
        return grids[j]

    def from_unit(self, u: np.ndarray, *, inside: bool = False) -> np.ndarray:
        """Map unit values, shape (n, n_num), to valid internal values (snapped, clipped).

        ``inside=True`` says that ``u`` is already clipped to ``[0, 1]``.
        """
        x = (u if inside else np.clip(u, 0.0, 1.0)) * self.width
        x += self.lo
        if len(self.log_idx):
            x[:, self.log_idx] = np.exp(x[:, self.log_idx])
        if len(self.disc_idx):
            low, step = self._disc_low, self._disc_step
            if self._disc_all:
                x -= low
                x /= step
                np.round(x, out=x)
                x *= step
                x += low
            else:
                d = self.disc_idx
                x[:, d] = low + np.round((x[:, d] - low) / step) * step
        np.maximum(x, self.low, out=x)
        return np.minimum(x, self.high, out=x)

    def grid_values(self, u: np.ndarray) -> np.ndarray:
        """Map unit values of a :attr:`linear_grid` space to the values whose cells hold them.

        ``u`` (shape (n, n_num), any reals) is clipped to ``[0, 1]`` on the way: a value's
        cell is ``[k, k + 1) / n_values`` of the unit range. The same values as
        :meth:`from_unit` except on cell edges, in half the operations.

        Examples
        --------
        >>> from hpobench.distributions import IntDistribution
        >>> space = ModelSpace([IntDistribution(0, 3)])
        >>> space.grid_values(np.array([[-0.2], [0.1], [0.3], [0.99], [1.5]]))[:, 0].tolist()
        [0.0, 0.0, 1.0, 3.0, 3.0]
        """
        k = u * self._grid_counts
        np.floor(k, out=k)
        np.maximum(k, 0.0, out=k)
        np.minimum(k, self._last_index, out=k)
        k *= self.step
        k += self.low
        if not self._all_int:  # low + k * step may pass high by a rounding error
            np.minimum(k, self.high, out=k)
        return k

    def log_jacobian(self, values: np.ndarray) -> np.ndarray:
        """Return ``log |d unit / d value|`` of the continuous dimensions, shape (n, n_cont)."""
        out = np.broadcast_to(self._neg_log_width, (len(values), len(self.cont_idx)))
        if len(self.cont_log_idx) == 0:
            return out
        out = out.copy()
        logged = self.cont_idx[self.cont_log_idx]
        out[:, self.cont_log_idx] -= np.log(values[:, logged])
        return out

    def to_external(self, row: np.ndarray) -> list[object]:
        """Return the external values of one internal row, in array layout."""
        return [d.to_external_repr(v) for d, v in zip(self.distributions, row.tolist())]


def _shared_grid(dist: BaseDistribution) -> GridMasses:
    """Return the process's remembered cell masses of discrete distribution ``dist``."""
    with _shared_grids_lock:
        grid = _shared_grids.get(dist)
        if grid is None:
            if len(_shared_grids) >= _MAX_SHARED_GRIDS:
                _shared_grids.clear()
            grid = _shared_grids[dist] = GridMasses(ModelSpace([dist]), 0)
        return grid
