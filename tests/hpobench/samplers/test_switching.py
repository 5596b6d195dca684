from __future__ import annotations

import pytest

import hpobench
from hpobench.samplers import (
    CmaEsSampler,
    RandomSampler,
    SwitchingSampler,
    TPECmaEsSampler,
    TPESampler,
)
from hpobench.samplers._cmaes._state import GENERATION_ATTR
from hpobench.testing.samplers import SamplerTests


def setup_module():
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)


class TestSwitchingSamplerCommon(SamplerTests):
    multi_objective = False

    @pytest.fixture
    def make_sampler(self):
        return lambda seed: SwitchingSampler(
            [
                (RandomSampler(seed=seed), 5),
                CmaEsSampler(seed=seed, warn_independent_sampling=False),
            ]
        )


class TestTPECmaEsSamplerCommon(SamplerTests):
    multi_objective = False

    @pytest.fixture
    def make_sampler(self):
        return lambda seed: TPECmaEsSampler(switch_after=10, seed=seed)


class SpySampler(RandomSampler):
    def __init__(self, seed):
        super().__init__(seed)
        self.seen = {"before": set(), "independent": set(), "after": set()}

    def before_trial(self, study, trial):
        self.seen["before"].add(trial.number)

    def sample_independent(self, study, trial, name, dist):
        self.seen["independent"].add(trial.number)
        return super().sample_independent(study, trial, name, dist)

    def after_trial(self, study, trial, state, values):
        self.seen["after"].add(trial.number)
        super().after_trial(study, trial, state, values)


def test_switches_at_the_given_trial_counts():
    a, b, c = SpySampler(0), SpySampler(1), SpySampler(2)
    study = hpobench.create_study(sampler=SwitchingSampler([(a, 3), (b, 2), c]))
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=9)
    for spy, numbers in ((a, {0, 1, 2}), (b, {3, 4}), (c, {5, 6, 7, 8})):
        assert spy.seen == {"before": numbers, "independent": numbers, "after": numbers}


def test_tpe_cmaes_switches_and_keeps_categoricals_on_tpe():
    sampler = TPECmaEsSampler(switch_after=12, seed=0)
    tpe, cma = sampler.samplers
    assert isinstance(tpe, TPESampler) and isinstance(cma, CmaEsSampler)
    categorical_calls = []
    original = tpe.sample_independent

    def spy(study, trial, name, dist):
        if name == "kind":
            categorical_calls.append(trial.number)
        return original(study, trial, name, dist)

    tpe.sample_independent = spy

    def objective(trial):
        kind = trial.suggest_categorical("kind", ["a", "b", "c"])
        x = trial.suggest_float("x", -3, 3)
        y = trial.suggest_int("y", -3, 3)
        return x**2 + y**2 + (kind != "b")

    study = hpobench.create_study(sampler=sampler)
    study.optimize(objective, n_trials=40)
    cma_trials = [t.number for t in study.trials if GENERATION_ATTR in t.system_attrs]
    assert cma_trials == list(range(12, 40))  # CMA-ES samples x and y from the switch on
    assert set(range(12, 40)) <= set(categorical_calls)  # TPE still samples "kind"
    assert study.best_value < 1.5


def test_tpe_cmaes_seed_reproduces():
    def objective(trial):
        return trial.suggest_float("x", -3, 3) ** 2 + trial.suggest_float("y", -3, 3) ** 2

    runs = []
    for seed in (1, 1, 2):
        study = hpobench.create_study(sampler=TPECmaEsSampler(switch_after=8, seed=seed))
        study.optimize(objective, n_trials=30)
        runs.append([t.params for t in study.trials])
    assert runs[0] == runs[1] != runs[2]


def test_str_shows_the_phases():
    sampler = SwitchingSampler([(RandomSampler(), 3), CmaEsSampler()])
    assert str(sampler) == "SwitchingSampler([(RandomSampler, 3), CmaEsSampler])"


@pytest.mark.parametrize(
    ("phases", "error", "match"),
    [
        ([], TypeError, "phases must be"),
        ("abc", TypeError, "phases must be"),
        ([(RandomSampler(), 3)], TypeError, "the last item must be a sampler"),
        ([RandomSampler(), RandomSampler()], TypeError, "expected \\(sampler, n_trials\\)"),
        ([(RandomSampler(), 0), RandomSampler()], ValueError, "n_trials must be an int >= 1"),
        ([(RandomSampler(), 2.5), RandomSampler()], ValueError, "n_trials must be an int >= 1"),
        ([(RandomSampler(), True), RandomSampler()], ValueError, "n_trials must be an int >= 1"),
    ],
)
def test_invalid_phases(phases, error, match):
    with pytest.raises(error, match=match):
        SwitchingSampler(phases)


@pytest.mark.parametrize("switch_after", [0, -1, 1.5, None])
def test_invalid_switch_after(switch_after):
    with pytest.raises(ValueError, match="switch_after must be an int >= 1"):
        TPECmaEsSampler(switch_after=switch_after)


def test_tpe_cmaes_starts_cma_at_the_best_tpe_trial():
    from hpobench.samplers._cmaes._space import UnitCubeSpace
    from hpobench.samplers._cmaes._state import STATE_ATTR_PREFIX, load_state

    def objective(trial):
        return (trial.suggest_float("x", -3, 3) - 1) ** 2 + trial.suggest_int("n", 0, 9)

    study = hpobench.create_study(sampler=TPECmaEsSampler(switch_after=15, seed=0))
    study.optimize(objective, n_trials=16)
    attrs = study._storage.get_study_system_attrs(study._study_id)
    (value,) = [v for k, v in attrs.items() if k.startswith(STATE_ATTR_PREFIX)]
    optimizer = load_state(value).optimizer
    best = min(study.trials[:15], key=lambda t: t.value)
    space = UnitCubeSpace(dict(sorted(best.distributions.items())))
    assert optimizer.mean == pytest.approx(space.encode(best.params))
