"""The vectorised tree walk against a brute-force evaluation of every cell of each tree."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest

from hpobench.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from hpobench.importance import _marginals
from hpobench.importance._encoding import EncodedSpace
from hpobench.importance._forest import fit_forest
from hpobench.importance._partition import ForestPartition

DISTRIBUTIONS = {
    "lr": FloatDistribution(1e-3, 1.0, log=True),
    "kind": CategoricalDistribution(["a", "b", "c"]),
    "n": IntDistribution(1, 6),
    "w": FloatDistribution(-1.0, 1.0),
    "m": IntDistribution(1, 8, log=True),
    "s": FloatDistribution(0.0, 1.0, step=0.25),
}


class _Params:
    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params


def _fitted(seed: int) -> tuple[EncodedSpace, Any, ForestPartition]:
    rng = np.random.default_rng(seed)
    n = 40
    rows = [
        {
            "lr": float(10 ** rng.uniform(-3, 0)),
            "kind": "abc"[rng.integers(3)],
            "n": int(rng.integers(1, 7)),
            "w": float(rng.uniform(-1, 1)),
            "m": int(rng.integers(1, 9)),
            "s": float(rng.integers(5) / 4),
        }
        for _ in range(n)
    ]
    y = [
        np.log10(r["lr"]) ** 2
        + {"a": 0, "b": 2, "c": -1}[r["kind"]] * r["w"]
        + 0.3 * r["n"]
        + np.log(r["m"]) * r["s"]
        for r in rows
    ]
    space = EncodedSpace.build(DISTRIBUTIONS)
    forest = fit_forest(
        space.encode([_Params(r) for r in rows]), np.array(y), n_trees=3, max_depth=4, seed=seed
    )
    return space, forest, ForestPartition.from_forest(forest, space)


def _allowed(param: Any) -> np.ndarray:
    dist = param.distribution
    return np.arange(dist.low, dist.high + dist.step / 2, dist.step)


def _brute_force(space: EncodedSpace, tree: Any) -> tuple[np.ndarray, list[np.ndarray]]:
    """Predictions on a product grid that covers every cell of one tree, and its weights.

    Categorical parameters take each choice with equal weight. Discrete numeric ones take
    each allowed value, weighted by the width of its half-step neighbourhood in encoded
    units (equal weights, or log-uniform ones for a log int: the measure fANOVA should
    use). Continuous ones take the midpoint of each of the tree's cells, weighted by the
    cell's width.
    """
    t = tree.tree_
    axes, sizes = [], []
    for param in space.params:
        if param.categorical:
            k = len(param.columns)
            points = np.eye(k)
            sizes.append(np.full(k, 1.0 / k))
        elif param.step is not None:
            values = _allowed(param)
            points = param.to_encoded(values)[:, None]
            half = param.step / 2
            widths = param.to_encoded(values + half) - param.to_encoded(values - half)
            sizes.append(widths / (param.high - param.low))
        else:
            col = param.columns[0]
            cuts = t.threshold[(t.children_left >= 0) & (t.feature == col)]
            edges = np.unique(np.concatenate([[param.low, param.high], cuts]))
            points = ((edges[:-1] + edges[1:]) / 2)[:, None]
            sizes.append(np.diff(edges) / (param.high - param.low))
        axes.append(points)
    rows = [np.concatenate(combo) for combo in itertools.product(*axes)]
    shape = tuple(len(a) for a in axes)
    return tree.predict(np.array(rows)).reshape(shape), sizes


@pytest.mark.parametrize("seed", [0, 1])
def test_partition_matches_brute_force(seed: int) -> None:
    space, forest, partition = _fitted(seed)
    main = _marginals.main_variances(partition)
    pairs = _marginals.pair_variances(partition, main)
    n_params = len(space.params)
    for t, tree in enumerate(forest.estimators_):
        grid, sizes = _brute_force(space, tree)
        weight = np.ones(grid.shape)
        for axis, size in enumerate(sizes):
            weight = weight * np.expand_dims(size, [a for a in range(n_params) if a != axis])
        mean = np.sum(weight * grid)
        assert partition.tree_mean[t] == pytest.approx(mean)
        assert partition.tree_variance[t] == pytest.approx(np.sum(weight * (grid - mean) ** 2))
        marginals = []
        for i in range(n_params):
            others = tuple(a for a in range(n_params) if a != i)
            marginal = np.sum(weight * grid, axis=others) / sizes[i]
            marginals.append(marginal)
            assert main[t, i] == pytest.approx(np.sum(sizes[i] * (marginal - mean) ** 2))
            ours = _marginals.main_marginal(partition, i)[t]
            if space.params[i].step is not None:
                encoded = space.params[i].to_encoded(_allowed(space.params[i]))
                ours = ours[partition.params[i].cell_of(encoded)[t]]
            else:
                ours = ours[: partition.params[i].n_cells[t]]
            np.testing.assert_allclose(ours, marginal)
        for i, j in itertools.combinations(range(n_params), 2):
            others = tuple(a for a in range(n_params) if a not in (i, j))
            joint = np.sum(weight * grid, axis=others) / np.outer(sizes[i], sizes[j])
            total = np.sum(np.outer(sizes[i], sizes[j]) * (joint - mean) ** 2)
            expected = max(total - main[t, i] - main[t, j], 0.0)
            assert pairs[(i, j)][t] == pytest.approx(expected, abs=1e-12)


def test_leaf_volumes_sum_to_one_per_tree() -> None:
    _, _, partition = _fitted(2)
    volume = np.bincount(partition.leaf_tree, partition.leaf_volume)
    np.testing.assert_allclose(volume, 1.0)


def test_cell_of_follows_the_trees_split_rule() -> None:
    space, forest, partition = _fitted(3)
    lr = space.params[0]  # log10(lr)^2 dominates: every tree splits on it
    cells = partition.params[0]
    tree0 = forest.estimators_[0].tree_
    cuts = np.sort(tree0.threshold[(tree0.children_left >= 0) & (tree0.feature == lr.columns[0])])
    assert cuts.size > 0
    # A point on a split belongs to the lower cell, as scikit-learn's x <= threshold does.
    points = np.array([lr.low, cuts[0], np.nextafter(cuts[0], np.inf), lr.high])
    found = cells.cell_of(points)[0]
    assert found.tolist() == [0, 0, 1, cells.n_cells[0] - 1]


def test_pair_chunks_cover_every_tree_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, partition = _fitted(0)
    whole = np.concatenate([block for _, block in _marginals.pair_chunks(partition, 0, 3)])
    monkeypatch.setattr(_marginals, "_MAX_GRID_CELLS", 1)
    chunks = list(_marginals.pair_chunks(partition, 0, 3))
    assert len(chunks) == partition.n_trees
    np.testing.assert_allclose(np.concatenate([b for _, b in chunks]), whole)
