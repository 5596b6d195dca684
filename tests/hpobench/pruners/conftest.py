"""Quiet logs and a random default sampler for pruner tests."""

from __future__ import annotations

import pytest

import hpobench
from hpobench.samplers import RandomSampler


@pytest.fixture(autouse=True)
def quiet():
    verbosity = hpobench.logging.get_verbosity()
    hpobench.logging.set_verbosity(hpobench.logging.ERROR)
    yield
    hpobench.logging.set_verbosity(verbosity)


@pytest.fixture(autouse=True)
def random_default_sampler(monkeypatch):
    """Studies created without a sampler sample at random: these tests are about pruning."""
    monkeypatch.setattr(
        hpobench.samplers, "default_sampler", lambda n_objectives: RandomSampler(seed=0)
    )
