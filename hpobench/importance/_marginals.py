"""Marginal predictions of a forest partition and their variance decomposition.

Per tree (Hutter, Hoos and Leyton-Brown, ICML 2014), with the uniform measure on the
domain: the mean ``mu`` and total variance ``V`` of the tree's prediction; the marginal
of one parameter, ``m_i(x_i)``, the mean prediction over all the other parameters with
``x_i`` fixed; its variance ``V_i``; the marginal of a pair ``m_ij`` and the pure
interaction variance ``V_ij = var(m_ij) - V_i - V_j``. A leaf whose box holds ``x_i``
adds its value times its volume in the other dimensions to ``m_i(x_i)``, so a marginal
is a weighted ``bincount`` over the leaves' cell entries (see ``_partition``); the
marginal is constant on each cell, so ``V_i`` is an exact weighted variance over cells.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from hpobench.importance._partition import ForestPartition, ParamCells

# Upper bound on the cells of one pair grid accumulated at once (trees x cells x cells).
_MAX_GRID_CELLS = 1 << 22


def main_marginal(partition: ForestPartition, i: int) -> np.ndarray:
    """Return ``(n_trees, n_slots)``: each tree's marginal of parameter ``i`` per cell."""
    centred = _accumulate(partition, (i,), 0, partition.n_trees, slice(None))
    return centred + partition.tree_mean[:, None]


def main_variances(partition: ForestPartition) -> np.ndarray:
    """Return ``(n_trees, n_params)``: the variance of every single-parameter marginal."""
    p = partition
    columns = [
        np.sum(cells.cell_size * _accumulate(p, (i,), 0, p.n_trees, slice(None)) ** 2, axis=1)
        for i, cells in enumerate(p.params)
    ]
    return np.stack(columns, axis=1) if columns else np.zeros((p.n_trees, 0))


def pair_chunks(
    partition: ForestPartition, i: int, j: int, *, centred: bool = False
) -> Iterator[tuple[slice, np.ndarray]]:
    """Yield ``(trees, marginal)`` blocks of the pair marginal of parameters ``i`` and ``j``.

    ``marginal`` has shape ``(n_trees_in_block, n_slots_i, n_slots_j)``, less the tree's
    mean when ``centred``; blocks of trees keep the memory bounded for large forests.
    """
    p = partition
    per_tree = p.params[i].n_slots * p.params[j].n_slots
    step = max(1, _MAX_GRID_CELLS // per_tree)
    for first in range(0, p.n_trees, step):
        last = min(first + step, p.n_trees)
        leaves = slice(*np.searchsorted(p.leaf_tree, [first, last]))
        block = _accumulate(p, (i, j), first, last - first, leaves)
        if not centred:
            block += p.tree_mean[first:last, None, None]
        yield slice(first, last), block


def pair_variances(
    partition: ForestPartition, main: np.ndarray
) -> dict[tuple[int, int], np.ndarray]:
    """Return ``{(i, j): (n_trees,)}``: the pure interaction variance ``V_ij`` per tree."""
    result = {}
    n_params = len(partition.params)
    for i in range(n_params):
        root_i = np.sqrt(partition.params[i].cell_size)
        for j in range(i + 1, n_params):
            root_j = np.sqrt(partition.params[j].cell_size)
            total = np.empty(partition.n_trees)
            for trees, block in pair_chunks(partition, i, j, centred=True):
                # sum_ab size_a size_b m_ab^2, with the weights folded in place.
                block *= root_i[trees, :, None]
                block *= root_j[trees, None, :]
                total[trees] = np.einsum("tab,tab->t", block, block)
            # Orthogonal components make V_ij >= 0; clip round-off below zero.
            result[(i, j)] = np.maximum(total - main[:, i] - main[:, j], 0.0)
    return result


def fractions(variance: np.ndarray, total: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the mean and standard deviation over trees of ``variance / total``.

    Trees with zero total variance (constant predictions) are skipped; when all are, both
    results are zeros. ``variance`` is ``(n_trees, ...)``.

    Examples
    --------
    >>> share, spread = fractions(np.array([[1.0], [3.0], [0.0]]), np.array([2.0, 4.0, 0.0]))
    >>> share.tolist(), spread.tolist()
    ([0.625], [0.125])
    """
    varying = total > 0.0
    if not varying.any():
        return np.zeros(variance.shape[1:]), np.zeros(variance.shape[1:])
    shape = (-1,) + (1,) * (variance.ndim - 1)
    share = variance[varying] / total[varying].reshape(shape)
    return share.mean(axis=0), share.std(axis=0)


def _accumulate(
    partition: ForestPartition, dims: tuple[int, ...], first: int, n_trees: int, leaves: slice
) -> np.ndarray:
    """Sum the leaves' weighted, centred values into the cell grid of ``dims``."""
    p = partition
    cells: list[ParamCells] = [p.params[d] for d in dims]
    weight = p.leaf_centered[leaves] * p.leaf_volume[leaves]
    for c in cells:
        fraction = c.fraction[leaves]
        # A zero-width leaf covers no cell, so its (undefined) weight never lands anywhere.
        weight = np.divide(weight, fraction, out=np.zeros_like(weight), where=fraction > 0)
    flat = p.leaf_tree[leaves] - first
    entry_weight = weight
    shape = [n_trees]
    for k, c in enumerate(cells):
        expand = (slice(None),) + (None,) * k + (slice(None),)
        flat = flat[..., None] * c.n_slots + c.entry_cell[leaves][expand]
        entry_weight = entry_weight[..., None] * c.entry_weight[leaves][expand]
        shape.append(c.n_slots)
    grid = np.bincount(flat.ravel(), entry_weight.ravel(), minlength=int(np.prod(shape)))
    grid = grid.reshape(shape)
    for axis, c in enumerate(cells, start=1):
        if c.cumulative:
            np.cumsum(grid, axis=axis, out=grid)
    return grid
