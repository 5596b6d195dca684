"""Behaviour every evaluator shares, through the public functions, on hand-made studies."""

from __future__ import annotations

import math

import numpy as np
import pytest

import hpobench
from hpobench.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from hpobench.importance import (
    BaseImportanceEvaluator,
    FanovaImportanceEvaluator,
    ImportanceResult,
    MeanDecreaseImpurityImportanceEvaluator,
    PedAnovaImportanceEvaluator,
    get_importance_result,
    get_param_importances,
    get_param_interaction_importances,
)

UNIT = FloatDistribution(0.0, 1.0)
EVALUATORS = {
    "fanova": lambda: FanovaImportanceEvaluator(n_trees=8, seed=0),
    "mdi": lambda: MeanDecreaseImpurityImportanceEvaluator(n_trees=8, seed=0),
    "ped_anova": lambda: PedAnovaImportanceEvaluator(),
}
# PED-ANOVA measures a histogram difference: an unused parameter keeps some noise.
UNUSED_MAX = {"fanova": 0.02, "mdi": 0.02, "ped_anova": 0.15}


def _xy_rows(n: int, seed: int = 0) -> list[dict[str, float]]:
    rng = np.random.default_rng(seed)
    return [{"x": float(a), "y": float(b)} for a, b in rng.random((n, 2))]


@pytest.fixture(params=list(EVALUATORS))
def evaluator_name(request: pytest.FixtureRequest) -> str:
    return request.param


def test_decisive_parameter_gets_nearly_all(study_from, evaluator_name) -> None:
    rows = _xy_rows(200)
    study = study_from(rows, {"x": UNIT, "y": UNIT}, [r["x"] for r in rows])
    importances = get_param_importances(study, evaluator=EVALUATORS[evaluator_name]())
    assert list(importances) == ["x", "y"]
    assert importances["y"] <= UNUSED_MAX[evaluator_name]
    assert sum(importances.values()) == pytest.approx(1.0)


def test_categorical_parameter_that_decides(study_from, evaluator_name) -> None:
    rng = np.random.default_rng(1)
    rows = [{"kind": "abc"[rng.integers(3)], "x": float(rng.random())} for _ in range(200)]
    dists = {"kind": CategoricalDistribution(["a", "b", "c"]), "x": UNIT}
    study = study_from(rows, dists, [{"a": 0.0, "b": 1.0, "c": 5.0}[r["kind"]] for r in rows])
    importances = get_param_importances(study, evaluator=EVALUATORS[evaluator_name]())
    assert list(importances) == ["kind", "x"]
    assert importances["x"] <= UNUSED_MAX[evaluator_name]


def test_single_value_parameters_get_zero(study_from, evaluator_name) -> None:
    rows = [{**r, "fixed": 3, "one": "only"} for r in _xy_rows(60)]
    dists = {
        "x": UNIT,
        "y": UNIT,
        "fixed": IntDistribution(3, 3),
        "one": CategoricalDistribution(["only"]),
    }
    study = study_from(rows, dists, [r["x"] + r["y"] for r in rows])
    importances = get_param_importances(
        study, evaluator=EVALUATORS[evaluator_name](), normalize=False
    )
    assert set(importances) == {"x", "y", "fixed", "one"}
    assert importances["fixed"] == 0.0 and importances["one"] == 0.0
    assert list(importances)[-2:] in (["fixed", "one"], ["one", "fixed"])


def test_only_single_value_parameters(study_from, evaluator_name) -> None:
    study = study_from([{"c": 1.0}] * 3, {"c": FloatDistribution(1.0, 1.0)}, [1.0, 2.0, 3.0])
    evaluator = EVALUATORS[evaluator_name]()
    assert get_param_importances(study, evaluator=evaluator, normalize=False) == {"c": 0.0}
    # Normalising all-zero importances gives equal shares, as in Optuna.
    assert get_param_importances(study, evaluator=evaluator) == {"c": 1.0}


@pytest.mark.parametrize("n_trials", [0, 1])
def test_fewer_than_two_complete_trials_is_an_error(study_from, evaluator_name, n_trials) -> None:
    study = study_from(_xy_rows(n_trials), {"x": UNIT, "y": UNIT}, [0.5] * n_trials)
    study.add_trial(hpobench.create_trial(state=hpobench.trial.TrialState.FAIL))
    with pytest.raises(ValueError, match=f"at least 2 COMPLETE trials.*got {n_trials}"):
        get_param_importances(study, evaluator=EVALUATORS[evaluator_name]())


def test_non_finite_values_are_dropped_with_a_warning(study_from, evaluator_name) -> None:
    rows = _xy_rows(80)
    values = [r["x"] for r in rows]
    clean = get_param_importances(
        study_from(rows, {"x": UNIT, "y": UNIT}, values), evaluator=EVALUATORS[evaluator_name]()
    )
    extra = [{"x": 0.5, "y": 0.5}, {"x": 0.1, "y": 0.9}]
    study = study_from(rows + extra, {"x": UNIT, "y": UNIT}, [*values, math.inf, -math.inf])
    with pytest.warns(UserWarning, match="ignore 2 of 82 COMPLETE trials"):
        dirty = get_param_importances(study, evaluator=EVALUATORS[evaluator_name]())
    assert dirty == pytest.approx(clean)


def test_nan_target_values_are_dropped(study_from, evaluator_name) -> None:
    rows = _xy_rows(80)
    study = study_from(rows, {"x": UNIT, "y": UNIT}, [r["x"] for r in rows])
    drop_first = lambda t: math.nan if t.number < 5 else t.value  # noqa: E731
    with pytest.warns(UserWarning, match="ignore 5 of 80"):
        importances = get_param_importances(
            study, evaluator=EVALUATORS[evaluator_name](), target=drop_first
        )
    assert list(importances) == ["x", "y"]


def test_all_but_one_value_non_finite_is_an_error(study_from, evaluator_name) -> None:
    study = study_from(_xy_rows(3), {"x": UNIT, "y": UNIT}, [1.0, math.inf, math.inf])
    with (
        pytest.warns(UserWarning, match="not finite"),
        pytest.raises(ValueError, match="finite target value; got 1"),
    ):
        get_param_importances(study, evaluator=EVALUATORS[evaluator_name]())


def test_multi_objective_needs_target(study_from, evaluator_name) -> None:
    rows = _xy_rows(120)
    values = [(r["x"], r["y"]) for r in rows]
    study = study_from(rows, {"x": UNIT, "y": UNIT}, values, directions=("minimize", "minimize"))
    evaluator = EVALUATORS[evaluator_name]()
    with pytest.raises(ValueError, match="target is required for a multi-objective study"):
        get_param_importances(study, evaluator=evaluator)
    first = get_param_importances(study, evaluator=evaluator, target=lambda t: t.values[0])
    second = get_param_importances(study, evaluator=evaluator, target=lambda t: t.values[1])
    assert list(first) == ["x", "y"] and list(second) == ["y", "x"]


def test_params_subset_and_unknown_names(study_from, evaluator_name) -> None:
    rows = [{**r, "z": r["x"]} for r in _xy_rows(60)]
    study = study_from(rows, {"x": UNIT, "y": UNIT, "z": UNIT}, [r["x"] for r in rows])
    evaluator = EVALUATORS[evaluator_name]()
    assert set(get_param_importances(study, evaluator=evaluator, params=["y", "z"])) == {"y", "z"}
    assert get_param_importances(study, evaluator=evaluator, params=[]) == {}
    with pytest.raises(ValueError, match=r"no COMPLETE trial.*\['nope'\].*known parameters"):
        get_param_importances(study, evaluator=evaluator, params=["x", "nope"])
    with pytest.raises(TypeError, match="params must be None or a list"):
        get_param_importances(study, evaluator=evaluator, params="x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must not repeat"):
        get_param_importances(study, evaluator=evaluator, params=["x", "x"])


def test_same_seed_same_result(study_from, evaluator_name) -> None:
    rows = _xy_rows(100, seed=3)
    study = study_from(rows, {"x": UNIT, "y": UNIT}, [r["x"] * r["y"] for r in rows])
    first = get_importance_result(study, evaluator=EVALUATORS[evaluator_name]())
    second = get_importance_result(study, evaluator=EVALUATORS[evaluator_name]())
    assert first == second


def test_conditional_parameters_by_intersection(study_from) -> None:
    # "depth" exists only when kind == "tree"; it decides the value of those trials.
    rng = np.random.default_rng(4)
    rows, dists, values = [], [], []
    kind_dist = CategoricalDistribution(["tree", "linear"])
    for _ in range(120):
        kind = ["tree", "linear"][rng.integers(2)]
        row, dist = {"kind": kind, "x": float(rng.random())}, {"kind": kind_dist, "x": UNIT}
        if kind == "tree":
            row["depth"], dist["depth"] = int(rng.integers(1, 9)), IntDistribution(1, 8)
        rows.append(row)
        dists.append(dist)
        values.append(row.get("depth", 4) + 0.1 * row["x"])
    study = study_from(rows, dists, values)
    forest = FanovaImportanceEvaluator(n_trees=8, seed=0)
    assert set(get_param_importances(study, evaluator=forest)) == {"kind", "x"}
    only_trees = get_param_importances(study, evaluator=forest, params=["depth", "x"])
    assert list(only_trees) == ["depth", "x"] and only_trees["depth"] > 0.9
    # PED-ANOVA assesses conditional parameters too (per distribution).
    ped = get_param_importances(study, evaluator=PedAnovaImportanceEvaluator())
    assert set(ped) == {"kind", "x", "depth"}


def test_changing_distribution_of_a_named_parameter_is_an_error(study_from) -> None:
    rows = _xy_rows(20)
    dists = [{"x": UNIT if k % 2 else FloatDistribution(0, 2), "y": UNIT} for k in range(20)]
    study = study_from(rows, dists, [r["x"] for r in rows])
    assert set(get_param_importances(study)) == {"y"}  # the intersection leaves x out
    with pytest.raises(ValueError, match="'x' has different distributions"):
        get_param_importances(study, params=["x", "y"])


def test_normalize_false_keeps_raw_fanova_fractions(study_from) -> None:
    rows = _xy_rows(200)
    study = study_from(rows, {"x": UNIT, "y": UNIT}, [r["x"] * r["y"] for r in rows])
    evaluator = FanovaImportanceEvaluator(n_trees=8, seed=0)
    raw = get_importance_result(study, evaluator=evaluator, normalize=False, interactions=True)
    scaled = get_importance_result(study, evaluator=evaluator, interactions=True)
    total = sum(raw.importances.values())
    assert total < 1.0  # the rest of the variance is the x * y interaction
    assert scaled.importances == pytest.approx({k: v / total for k, v in raw.importances.items()})
    assert scaled.std == pytest.approx({k: v / total for k, v in raw.std.items()})
    assert scaled.interactions == pytest.approx(
        {k: v / total for k, v in raw.interactions.items()}
    )


def test_result_fields_per_evaluator(study_from) -> None:
    rows = _xy_rows(60)
    study = study_from(rows, {"x": UNIT, "y": UNIT}, [r["x"] for r in rows])
    fanova = get_importance_result(study, evaluator=EVALUATORS["fanova"](), interactions=True)
    assert set(fanova.std) == {"x", "y"} and list(fanova.interactions) == [("x", "y")]
    assert set(fanova.interaction_std) == {("x", "y")}
    mdi = get_importance_result(study, evaluator=EVALUATORS["mdi"](), interactions=True)
    assert mdi.std is not None and mdi.interactions is None and mdi.interaction_std is None
    ped = get_importance_result(study, evaluator=EVALUATORS["ped_anova"]())
    assert ped.std is None and ped.interactions is None


def test_default_evaluator_is_fanova(study_from) -> None:
    rows = _xy_rows(60)
    study = study_from(rows, {"x": UNIT, "y": UNIT}, [r["x"] for r in rows])
    assert get_importance_result(study).std is not None  # fANOVA reports a spread
    assert list(get_param_interaction_importances(study)) == [("x", "y")]


def test_custom_evaluator_through_the_public_functions(study_from) -> None:
    class Fixed(BaseImportanceEvaluator):
        def evaluate(self, study, params=None, *, target=None):
            return {"y": 3.0, "x": 1.0}

    study = study_from(_xy_rows(3), {"x": UNIT, "y": UNIT}, [1.0, 2.0, 3.0])
    assert get_param_importances(study, evaluator=Fixed()) == {"y": 0.75, "x": 0.25}
    result = get_importance_result(study, evaluator=Fixed(), interactions=True)
    assert result == ImportanceResult({"y": 0.75, "x": 0.25}, None, None, None)


def test_bad_arguments(study_from) -> None:
    study = study_from(_xy_rows(3), {"x": UNIT, "y": UNIT}, [1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="evaluator must be a BaseImportanceEvaluator"):
        get_param_importances(study, evaluator="fanova")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="evaluator must be a FanovaImportanceEvaluator"):
        get_param_interaction_importances(study, evaluator=PedAnovaImportanceEvaluator())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="interactions must be a bool"):
        get_importance_result(study, interactions="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="target must return a real number"):
        get_param_importances(study, target=lambda t: "high")
