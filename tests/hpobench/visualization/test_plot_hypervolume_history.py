"""get_hypervolume_history_info: incremental hypervolume of the feasible trials."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hpobench
from hpobench.multi_objective import hypervolume
from hpobench.trial import TrialState
from hpobench.visualization import get_hypervolume_history_info


def _study(make_study, points, directions=("minimize", "minimize"), constraints=None):
    specs = []
    for i, values in enumerate(points):
        spec = {"params": {"x": 0.0}, "values": list(values)}
        if constraints is not None:
            spec["constraints"] = {"c": constraints[i]}
        specs.append(spec)
    return make_study(specs, directions=list(directions))


def test_each_trial_adds_its_uncovered_volume(make_study):
    points = [(0.5, 0.5), (0.25, 0.75), (0.6, 0.6), (0.1, 0.1), (1.5, 0.0), (0.2, 0.2)]
    study = _study(make_study, points, constraints=[0, 0, 0, 1, 0, 0])
    info = get_hypervolume_history_info(study, [1.0, 1.0])
    assert info.trial_numbers.tolist() == [0, 1, 2, 3, 4, 5]
    np.testing.assert_allclose(info.values, [0.25, 0.3125, 0.3125, 0.3125, 0.3125, 0.64])
    assert info.reference_point == (1.0, 1.0)


def test_maximized_objectives_use_the_reference_in_their_direction(make_study):
    study = _study(make_study, [(0.5, 0.5)], directions=("minimize", "maximize"))
    info = get_hypervolume_history_info(study, [1.0, 0.0])
    assert info.values.tolist() == [0.25]


def test_incomplete_trials_are_skipped(make_study):
    study = make_study(
        [
            {"params": {"x": 0.0}, "values": [0.5, 0.5]},
            {"params": {"x": 0.0}, "state": TrialState.FAIL},
            {"params": {"x": 0.0}, "values": [0.4, 0.4]},
        ],
        directions=["minimize", "minimize"],
    )
    info = get_hypervolume_history_info(study, [1, 1])
    assert info.trial_numbers.tolist() == [0, 2]
    np.testing.assert_allclose(info.values, [0.25, 0.36])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**16), n=st.integers(1, 25), m=st.integers(2, 3))
def test_history_matches_the_hypervolume_of_each_prefix(seed, n, m):
    rng = np.random.default_rng(seed)
    values = rng.random((n, m)).round(2)
    study = hpobench.create_study(directions=["minimize"] * m)
    dist = {"x": hpobench.distributions.FloatDistribution(0, 1)}
    study.add_trials(
        [
            hpobench.trial.create_trial(params={"x": 0.5}, distributions=dist, values=list(v))
            for v in values
        ]
    )
    ref = np.full(m, 0.9)
    info = get_hypervolume_history_info(study, ref)
    expected = [hypervolume(values[: i + 1], ref) for i in range(n)]
    np.testing.assert_allclose(info.values, expected, atol=1e-12)
    assert (np.diff(info.values) >= -1e-12).all()


def test_errors(make_study):
    single = make_study([{"params": {"x": 0.0}, "value": 1.0}])
    with pytest.raises(ValueError, match="needs a multi-objective study"):
        get_hypervolume_history_info(single, [1.0])
    study = _study(make_study, [(0.5, 0.5)])
    with pytest.raises(ValueError, match="reference_point must be 2 finite numbers"):
        get_hypervolume_history_info(study, [1.0])
    with pytest.raises(ValueError, match="reference_point must be 2 finite numbers"):
        get_hypervolume_history_info(study, [1.0, float("inf")])


def test_empty_study_has_an_empty_history(make_study):
    info = get_hypervolume_history_info(make_study([], directions=["minimize"] * 2), [1, 1])
    assert info.trial_numbers.size == 0 and info.values.size == 0
