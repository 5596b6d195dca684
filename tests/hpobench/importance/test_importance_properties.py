"""Properties that hold for any small study: shares are proper, fANOVA's parts fit in 1."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hpobench
from hpobench.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from hpobench.importance import (
    FanovaImportanceEvaluator,
    MeanDecreaseImpurityImportanceEvaluator,
    PedAnovaImportanceEvaluator,
    get_importance_result,
    get_param_importances,
)

SPACE = {
    "f": FloatDistribution(-1.0, 1.0),
    "g": FloatDistribution(1e-2, 1e2, log=True),
    "i": IntDistribution(0, 5),
    "c": CategoricalDistribution(["u", "v", "w"]),
}


@st.composite
def studies(draw: st.DrawFn) -> hpobench.Study:
    names = draw(st.lists(st.sampled_from(sorted(SPACE)), min_size=1, max_size=4, unique=True))
    n_trials = draw(st.integers(2, 25))
    unit = st.floats(0.0, 1.0)
    rows: list[dict[str, Any]] = []
    for _ in range(n_trials):
        row: dict[str, Any] = {}
        for name in names:
            dist = SPACE[name]
            if isinstance(dist, CategoricalDistribution):
                row[name] = draw(st.sampled_from(dist.choices))
            elif isinstance(dist, IntDistribution):
                row[name] = draw(st.integers(dist.low, dist.high))
            else:
                row[name] = (
                    dist.low * (dist.high / dist.low) ** draw(unit)
                    if dist.log
                    else (dist.low + (dist.high - dist.low) * draw(unit))
                )
        rows.append(row)
    values = draw(st.lists(st.floats(-1e3, 1e3), min_size=n_trials, max_size=n_trials))
    study = hpobench.create_study(study_name="property")
    study.add_trials(
        hpobench.create_trial(params=row, distributions={n: SPACE[n] for n in row}, value=value)
        for row, value in zip(rows, values)
    )
    return study


EVALUATORS = [
    lambda: FanovaImportanceEvaluator(n_trees=2, max_depth=8, seed=0),
    lambda: MeanDecreaseImpurityImportanceEvaluator(n_trees=2, max_depth=8, seed=0),
    PedAnovaImportanceEvaluator,
]
# Degenerate draws (all values equal, tiny regimes) warn; the properties hold regardless.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
PROPERTY_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.parametrize("make", EVALUATORS)
@PROPERTY_SETTINGS
@given(study=studies())
def test_normalised_importances_are_shares(make, study: hpobench.Study) -> None:
    importances = get_param_importances(study, evaluator=make())
    assert set(importances) == set(study.trials[0].params)
    assert all(v >= 0.0 for v in importances.values())
    assert sum(importances.values()) == pytest.approx(1.0)
    assert list(importances.values()) == sorted(importances.values(), reverse=True)


@PROPERTY_SETTINGS
@given(study=studies())
def test_fanova_main_effects_and_pairs_fit_in_the_total(study: hpobench.Study) -> None:
    result = get_importance_result(
        study,
        evaluator=FanovaImportanceEvaluator(n_trees=2, max_depth=8, seed=0),
        normalize=False,
        interactions=True,
    )
    assert result.interactions is not None
    parts = list(result.importances.values()) + list(result.interactions.values())
    assert all(v >= 0.0 for v in parts)
    assert sum(parts) <= 1.0 + 1e-9
