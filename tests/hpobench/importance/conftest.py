"""Hand-made studies for the importance tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest

import hpobench
from hpobench.distributions import BaseDistribution, FloatDistribution

StudyFactory = Callable[..., hpobench.Study]


def _study_from(
    rows: Sequence[dict[str, Any]],
    distributions: dict[str, BaseDistribution] | Sequence[dict[str, BaseDistribution]],
    values: Sequence[float] | Sequence[Sequence[float]],
    *,
    directions: Sequence[str] = ("minimize",),
) -> hpobench.Study:
    """A study of COMPLETE trials with the given parameters, distributions and values."""
    study = hpobench.create_study(study_name="importance-test", directions=list(directions))
    per_trial = (
        [distributions] * len(rows) if isinstance(distributions, dict) else list(distributions)
    )
    trials = []
    for row, dists, value in zip(rows, per_trial, values):
        used = {name: dists[name] for name in row}
        if len(directions) > 1:
            trials.append(hpobench.create_trial(params=row, distributions=used, values=value))
        else:
            trials.append(hpobench.create_trial(params=row, distributions=used, value=value))
    study.add_trials(trials)
    return study


@pytest.fixture(scope="session")
def study_from() -> StudyFactory:
    """Build a study from rows of parameters, distributions and values."""
    return _study_from


@pytest.fixture(scope="session")
def uniform_study() -> Callable[..., hpobench.Study]:
    """A study of ``n`` uniform random points in ``[0, 1]^d`` scored by ``f(x)``."""

    def build(f: Callable[[np.ndarray], np.ndarray], n: int, d: int, seed: int = 0) -> Any:
        x = np.random.default_rng(seed).random((n, d))
        names = [f"x{i}" for i in range(d)]
        rows = [dict(zip(names, map(float, point))) for point in x]
        dists = dict.fromkeys(names, FloatDistribution(0.0, 1.0))
        return _study_from(rows, dists, f(x).tolist())

    return build
