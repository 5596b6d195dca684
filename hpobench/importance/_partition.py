"""A fitted forest as boxes: every leaf's extent in every parameter, computed with numpy.

Each tree of a forest cuts the domain into boxes, one per leaf. This module walks all the
trees at once, level by level (a node's children always come after it in scikit-learn's
node arrays), carrying each node's lower and upper bound per column; no Python recursion
over nodes. Per tree and parameter, the split points cut the parameter's domain into
*cells* on which every marginal of that tree is constant; a leaf covers a contiguous run
of cells of a numeric parameter, or a set of choices of a categorical one.

Each leaf is described per parameter by *entries* ``(cell, weight)`` such that adding
``weight`` at ``cell`` for every leaf, then (for numeric parameters) taking a running
sum over the cells, marks the cells the leaf covers. A numeric leaf covering cells
``a .. b-1`` has entries ``(a, +1), (b, -1)``; a categorical leaf has ``(c, 1)`` for each
choice ``c`` it admits. Marginals then become one ``numpy.bincount`` per parameter or pair.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from hpobench.importance._encoding import EncodedParam, EncodedSpace

if TYPE_CHECKING:
    from sklearn.ensemble import RandomForestRegressor


@dataclass(frozen=True)
class ParamCells:
    """How the leaves of all trees cover one parameter's cells.

    Attributes
    ----------
    cumulative : bool
        True for a numeric parameter (entries are range ends, to be summed over cells).
    entry_cell, entry_weight : numpy.ndarray
        ``(n_leaves, n_entries)`` cell indices and weights (see the module docstring).
    fraction : numpy.ndarray
        ``(n_leaves,)`` share of the parameter's domain each leaf covers.
    cell_size : numpy.ndarray
        ``(n_trees, n_slots)`` share of the domain of each cell; 0 for the padding slots
        of trees with fewer cells and for the last slot, where the ends of the numeric
        ranges land (see the module docstring).
    edges : numpy.ndarray or None
        ``(n_trees, n_cells + 1)`` cell edges in encoded units, padded with the upper
        bound; None for a categorical parameter, whose cells are its choices.
    n_cells : numpy.ndarray
        ``(n_trees,)`` number of real cells per tree.
    """

    cumulative: bool
    entry_cell: np.ndarray
    entry_weight: np.ndarray
    fraction: np.ndarray
    cell_size: np.ndarray
    edges: np.ndarray | None
    n_cells: np.ndarray

    @property
    def n_slots(self) -> int:
        """The padded number of cells per tree, plus the slot for range ends."""
        return self.cell_size.shape[1]

    def cell_of(self, points: np.ndarray) -> np.ndarray:
        """Return the ``(n_trees, len(points))`` cell index of each point in each tree.

        ``points`` are encoded values for a numeric parameter (a point on a split goes to
        the lower cell, as in scikit-learn's ``x <= threshold``) or choice indices for a
        categorical one.
        """
        points = np.asarray(points, dtype=float)
        if self.edges is None:
            return np.broadcast_to(points.astype(np.int64), (len(self.n_cells), len(points)))
        return np.stack(
            [
                np.searchsorted(self.edges[t, 1:n], points, side="left")
                for t, n in enumerate(self.n_cells)
            ]
        )


@dataclass(frozen=True)
class ForestPartition:
    """The leaves of a forest as weighted boxes over the parameters.

    Attributes
    ----------
    n_trees : int
        Number of trees.
    leaf_tree : numpy.ndarray
        ``(n_leaves,)`` tree of each leaf, non-decreasing.
    leaf_value : numpy.ndarray
        ``(n_leaves,)`` prediction of each leaf.
    leaf_volume : numpy.ndarray
        ``(n_leaves,)`` share of the whole domain each leaf covers; sums to 1 per tree.
    params : tuple of ParamCells
        One entry per parameter of the encoded space, in its order.
    tree_mean, tree_variance : numpy.ndarray
        ``(n_trees,)`` mean and variance of each tree's prediction over the domain.
    leaf_centered : numpy.ndarray
        ``(n_leaves,)`` leaf value less its tree's mean; marginals built from it are
        centred, which keeps variances free of cancellation when the mean is large.

    Examples
    --------
    >>> from hpobench.distributions import FloatDistribution
    >>> from hpobench.importance._forest import fit_forest
    >>> space = EncodedSpace.build({"x": FloatDistribution(0, 4)})
    >>> x = np.array([[0.5], [1.5], [2.5], [3.5]])
    >>> forest = fit_forest(x, x[:, 0] // 2, n_trees=1, max_depth=1, seed=0)
    >>> partition = ForestPartition.from_forest(forest, space)
    >>> partition.leaf_value.tolist(), float(partition.leaf_volume.sum())  # one split
    ([0.0, 1.0], 1.0)
    """

    n_trees: int
    leaf_tree: np.ndarray
    leaf_value: np.ndarray
    leaf_volume: np.ndarray
    params: tuple[ParamCells, ...]
    tree_mean: np.ndarray
    tree_variance: np.ndarray
    leaf_centered: np.ndarray

    @classmethod
    def from_forest(cls, forest: RandomForestRegressor, space: EncodedSpace) -> ForestPartition:
        """Compute the partition of a forest fitted on ``space.encode(...)`` columns."""
        nodes = _ForestNodes.concatenate(forest)
        col_low, col_high = space.column_bounds()
        threshold = _domain_splits(nodes, space)
        lower, upper = _node_boxes(nodes, threshold, col_low, col_high)
        leaves = np.flatnonzero(nodes.left < 0)
        leaf_tree = nodes.tree[leaves]
        internal = nodes.left >= 0

        def cells_of(param: EncodedParam) -> ParamCells:
            if param.categorical:
                cols = list(param.columns)
                cells = _categorical_cells(lower[leaves][:, cols], upper[leaves][:, cols])
                return _with_tree_sizes(cells, nodes.n_trees, len(cols))
            col = param.columns[0]
            on_col = internal & (nodes.feature == col)
            splits = (nodes.tree[on_col], threshold[on_col])
            bounds = (lower[leaves, col], upper[leaves, col])
            return _numeric_cells(param, splits, bounds, leaf_tree, nodes.n_trees)

        # The parameters are independent, and numpy's sorts and searches release the
        # GIL: threads share the work between cores.
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            params = list(pool.map(cells_of, space.params))
        volume = np.prod([p.fraction for p in params], axis=0) if params else np.ones(len(leaves))
        value = nodes.value[leaves]
        mean = np.bincount(leaf_tree, volume * value, minlength=nodes.n_trees)
        centered = value - mean[leaf_tree]
        variance = np.bincount(leaf_tree, volume * centered**2, minlength=nodes.n_trees)
        return cls(
            nodes.n_trees, leaf_tree, value, volume, tuple(params), mean, variance, centered
        )


@dataclass(frozen=True)
class _ForestNodes:
    """The node arrays of all trees, concatenated, with child indices made global."""

    n_trees: int
    tree: np.ndarray
    roots: np.ndarray
    left: np.ndarray
    right: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    value: np.ndarray

    @classmethod
    def concatenate(cls, forest: RandomForestRegressor) -> _ForestNodes:
        trees = [estimator.tree_ for estimator in forest.estimators_]
        counts = np.array([t.node_count for t in trees])
        roots = np.concatenate([[0], np.cumsum(counts)[:-1]])
        tree = np.repeat(np.arange(len(trees)), counts)
        left = np.concatenate([t.children_left for t in trees]).astype(np.int64)
        right = np.concatenate([t.children_right for t in trees]).astype(np.int64)
        internal = left >= 0
        left[internal] += roots[tree[internal]]
        right[internal] += roots[tree[internal]]
        return cls(
            n_trees=len(trees),
            tree=tree,
            roots=roots,
            left=left,
            right=right,
            feature=np.concatenate([t.feature for t in trees]).astype(np.int64),
            threshold=np.concatenate([t.threshold for t in trees]),
            value=np.concatenate([t.value.reshape(-1) for t in trees]),
        )


def _domain_splits(nodes: _ForestNodes, space: EncodedSpace) -> np.ndarray:
    """The split thresholds, snapped for discrete parameters and kept inside the domain."""
    threshold = nodes.threshold.copy()
    for param in space.params:
        if param.categorical:
            continue
        on_col = (nodes.left >= 0) & (nodes.feature == param.columns[0])
        snapped = param.snap_splits(threshold[on_col])
        # Float32 rounding inside scikit-learn may put a split a hair outside the domain.
        threshold[on_col] = np.clip(snapped, param.low, param.high)
    return threshold


def _node_boxes(
    nodes: _ForestNodes, threshold: np.ndarray, col_low: np.ndarray, col_high: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bound per node and column, one vectorised step per tree level."""
    n_nodes = len(nodes.left)
    lower = np.empty((n_nodes, len(col_low)))
    upper = np.empty((n_nodes, len(col_low)))
    lower[nodes.roots] = col_low
    upper[nodes.roots] = col_high
    frontier = nodes.roots
    while frontier.size:
        parents = frontier[nodes.left[frontier] >= 0]
        left, right = nodes.left[parents], nodes.right[parents]
        feature, cut = nodes.feature[parents], threshold[parents]
        for child in (left, right):
            lower[child] = lower[parents]
            upper[child] = upper[parents]
        upper[left, feature] = np.minimum(upper[parents, feature], cut)
        lower[right, feature] = np.maximum(lower[parents, feature], cut)
        frontier = np.concatenate([left, right])
    return lower, upper


def _numeric_cells(
    param: EncodedParam,
    splits: tuple[np.ndarray, np.ndarray],
    bounds: tuple[np.ndarray, np.ndarray],
    leaf_tree: np.ndarray,
    n_trees: int,
) -> ParamCells:
    """Cells of a numeric parameter per tree, and each leaf's run of cells."""
    split_tree, split_value = splits
    every_tree = np.arange(n_trees)
    # Rank every edge value once, then key edges by (tree, rank) as exact integers.
    uniq = np.unique(np.concatenate([split_value, [param.low, param.high]]))
    n_uniq = len(uniq)
    rank = np.searchsorted(uniq, split_value)
    edge_keys = np.unique(
        np.concatenate(
            [split_tree * n_uniq + rank, every_tree * n_uniq, every_tree * n_uniq + n_uniq - 1]
        )
    )
    start = np.searchsorted(edge_keys, every_tree * n_uniq)
    n_edges = np.diff(np.append(start, len(edge_keys)))
    edge_tree = edge_keys // n_uniq
    local = np.arange(len(edge_keys)) - start[edge_tree]
    edges = np.full((n_trees, n_edges.max()), param.high)
    edges[edge_tree, local] = uniq[edge_keys % n_uniq]

    def cell_index(values: np.ndarray) -> np.ndarray:
        keys = leaf_tree * n_uniq + np.searchsorted(uniq, values)
        return np.searchsorted(edge_keys, keys) - start[leaf_tree]

    low, high = bounds
    width = param.high - param.low
    return ParamCells(
        cumulative=True,
        entry_cell=np.stack([cell_index(low), cell_index(high)], axis=1),
        entry_weight=np.broadcast_to(np.array([1.0, -1.0]), (len(low), 2)),
        fraction=(high - low) / width,
        cell_size=np.diff(edges, axis=1, append=param.high) / width,
        edges=edges,
        n_cells=n_edges - 1,
    )


def _categorical_cells(lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Which choices each leaf admits, from its bounds on the one-hot columns."""
    required = lower >= 0.5  # the leaf lies on the "is this choice" side of a split
    excluded = upper <= 0.5  # the leaf lies on the "is not this choice" side
    unconstrained = ~required.any(axis=1, keepdims=True)
    return ~excluded & (required | unconstrained)


def _with_tree_sizes(admits: np.ndarray, n_trees: int, n_choices: int) -> ParamCells:
    n_leaves = admits.shape[0]
    return ParamCells(
        cumulative=False,
        entry_cell=np.broadcast_to(np.arange(n_choices), (n_leaves, n_choices)),
        entry_weight=admits.astype(float),
        fraction=admits.sum(axis=1) / n_choices,
        cell_size=np.repeat([[1.0 / n_choices] * n_choices + [0.0]], n_trees, axis=0),
        edges=None,
        n_cells=np.full(n_trees, n_choices),
    )
