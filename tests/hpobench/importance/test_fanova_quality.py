"""fANOVA against variance decompositions computed by hand.

For f = sum_i g_i(x_i) + h(x_a, x_b) on a box with the uniform measure, where every
g_i and h has mean zero along each of its arguments, the share of parameter i is
Var(g_i) / Var(f) and that of the pair is Var(h) / Var(f).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from hpobench.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from hpobench.importance import FanovaImportanceEvaluator, get_importance_result

TOLERANCE = 0.05


def _check(result, expected_main, expected_pairs) -> None:
    assert result.interactions is not None
    for name, share in expected_main.items():
        assert result.importances[name] == pytest.approx(share, abs=TOLERANCE), name
    for pair, share in result.interactions.items():
        assert share == pytest.approx(expected_pairs.get(pair, 0.0), abs=TOLERANCE), pair


def test_additive_plus_product_on_unit_cube(uniform_study) -> None:
    # f = 2 x0 + sin(2 pi x1) + 0.5 x2^2 + 3 (x0 - 1/2)(x1 - 1/2); x3 is unused.
    def f(x: np.ndarray) -> np.ndarray:
        product = 3 * (x[:, 0] - 0.5) * (x[:, 1] - 0.5)
        return 2 * x[:, 0] + np.sin(2 * np.pi * x[:, 1]) + 0.5 * x[:, 2] ** 2 + product

    variance = {"x0": 4 / 12, "x1": 1 / 2, "x2": 0.25 * (1 / 5 - 1 / 9), "x3": 0.0}
    interaction = 9 * (1 / 12) ** 2
    total = sum(variance.values()) + interaction
    study = uniform_study(f, n=1000, d=4, seed=0)
    result = get_importance_result(
        study,
        evaluator=FanovaImportanceEvaluator(n_trees=16, seed=0),
        normalize=False,
        interactions=True,
    )
    _check(
        result,
        {name: v / total for name, v in variance.items()},
        {("x0", "x1"): interaction / total},
    )
    # The analytic decomposition is complete: main effects plus the pair explain it all.
    assert sum(result.importances.values()) + sum(result.interactions.values()) == (
        pytest.approx(1.0, abs=TOLERANCE)
    )


def test_log_float_categorical_and_int(study_from) -> None:
    # u = log10(lr) is uniform on [-3, 0]; g(kind) = {a: 1, b: 0, c: -1};
    # f = u + g + 0.25 n + g (u + 1.5); the last term is a kind x lr interaction.
    effect = {"a": 1.0, "b": 0.0, "c": -1.0}
    rng = np.random.default_rng(1)
    rows, values = [], []
    for _ in range(1500):
        row = {
            "lr": float(10 ** rng.uniform(-3, 0)),
            "kind": "abc"[rng.integers(3)],
            "n": int(rng.integers(1, 7)),
        }
        u, g = math.log10(row["lr"]), effect[row["kind"]]
        rows.append(row)
        values.append(u + g + 0.25 * row["n"] + g * (u + 1.5))
    dists = {
        "lr": FloatDistribution(1e-3, 1.0, log=True),
        "kind": CategoricalDistribution(["a", "b", "c"]),
        "n": IntDistribution(1, 6),
    }
    study = study_from(rows, dists, values)
    var_u, var_g = 9 / 12, 2 / 3
    variance = {"lr": var_u, "kind": var_g, "n": 0.0625 * 35 / 12}
    interaction = var_g * var_u
    total = sum(variance.values()) + interaction
    result = get_importance_result(
        study,
        evaluator=FanovaImportanceEvaluator(n_trees=16, seed=0),
        normalize=False,
        interactions=True,
    )
    _check(
        result,
        {name: v / total for name, v in variance.items()},
        {("kind", "lr"): interaction / total, ("lr", "kind"): interaction / total},
    )
