"""What is particular to MeanDecreaseImpurityImportanceEvaluator."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.ensemble import RandomForestRegressor

from hpobench.distributions import CategoricalDistribution, FloatDistribution
from hpobench.importance import MeanDecreaseImpurityImportanceEvaluator, get_importance_result


def test_categorical_importance_is_the_sum_of_its_one_hot_columns(study_from) -> None:
    rng = np.random.default_rng(0)
    choices = ["a", "b", "c", "d"]
    rows = [{"kind": choices[rng.integers(4)], "x": float(rng.random())} for _ in range(120)]
    values = [choices.index(r["kind"]) * 0.3 + r["x"] for r in rows]
    dists = {"kind": CategoricalDistribution(choices), "x": FloatDistribution(0.0, 1.0)}
    study = study_from(rows, dists, values)
    ours = MeanDecreaseImpurityImportanceEvaluator(n_trees=8, seed=0).evaluate(study)
    # The same forest, fitted directly: columns are kind's one-hot block then x.
    x = np.zeros((len(rows), 5))
    x[np.arange(len(rows)), [choices.index(r["kind"]) for r in rows]] = 1.0
    x[:, 4] = [r["x"] for r in rows]
    forest = RandomForestRegressor(n_estimators=8, max_depth=64, random_state=0)
    columns = forest.fit(x, values).feature_importances_
    assert ours == pytest.approx({"kind": columns[:4].sum(), "x": columns[4]})


def test_spread_over_trees(uniform_study) -> None:
    study = uniform_study(lambda x: x[:, 0] + x[:, 1], n=80, d=2)
    result = get_importance_result(
        study, evaluator=MeanDecreaseImpurityImportanceEvaluator(n_trees=8, seed=0)
    )
    assert result.std is not None and all(s > 0 for s in result.std.values())
    assert result.interactions is None


def test_constant_objective_gives_zeros(uniform_study) -> None:
    study = uniform_study(lambda x: np.zeros(len(x)), n=10, d=2)
    evaluator = MeanDecreaseImpurityImportanceEvaluator(n_trees=2, seed=0)
    assert evaluator.evaluate(study) == {"x0": 0.0, "x1": 0.0}
