from __future__ import annotations

import logging
import threading

import numpy as np
import pytest

import hpobench
from hpobench.distributions import FloatDistribution, IntDistribution
from hpobench.samplers import TPESampler, default_sampler
from hpobench.samplers._tpe import _group
from hpobench.samplers._tpe._history import TrialHistory
from hpobench.samplers._tpe._hypervolume import hypervolume
from hpobench.testing.samplers import SamplerTests
from hpobench.trial import TrialState, create_trial


def setup_module():
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)


VARIANTS = {
    "default": {},
    "multivariate": {"multivariate": True, "group": False},
    "independent": {"multivariate": False},
    "group": {"multivariate": True, "group": True, "n_startup_trials": 5},
    "no_liar": {"constant_liar": False, "n_startup_trials": 5},
}


class TestTPESamplerCommon(SamplerTests):
    @pytest.fixture(params=sorted(VARIANTS))
    def make_sampler(self, request):
        kwargs = VARIANTS[request.param]
        return lambda seed: TPESampler(seed=seed, warn_independent_sampling=False, **kwargs)


@pytest.fixture
def propagated_logs():
    verbosity = hpobench.logging.get_verbosity()
    hpobench.logging.enable_propagation()
    try:
        yield
    finally:
        hpobench.logging.disable_propagation()
        hpobench.logging.set_verbosity(verbosity)


def _warnings(caplog):
    return [r for r in caplog.records if r.name.startswith("hpobench") and r.levelno >= 30]


class _Recorder:
    """Records the observations each Parzen estimator of a TPE step is built from."""

    def __init__(self, monkeypatch):
        self.calls = []
        original = _group.ParzenEstimator

        def record(space, observations, weights, parameters):
            self.calls.append((observations.copy(), np.asarray(weights).copy()))
            return original(space, observations, weights, parameters)

        def fit_uncached(cache, key, space, data, weights, parameters):
            x, w = _group._thin(data.below, data.below_numbers, weights)
            return _group.ParzenEstimator(space, x, w, parameters)

        monkeypatch.setattr(_group, "ParzenEstimator", record)
        # Every step builds both estimators: no reuse of an earlier step's "below" one.
        monkeypatch.setattr(_group.EstimatorCache, "fit", fit_uncached)


def _study_with_values(values, sampler, states=None):
    study = hpobench.create_study(sampler=sampler)
    dist = FloatDistribution(0.0, 1000.0)
    for i, v in enumerate(values):
        state = states[i] if states else TrialState.COMPLETE
        study.add_trial(
            create_trial(
                params={"x": float(i)},
                distributions={"x": dist},
                value=v if state == TrialState.COMPLETE else None,
                state=state,
            )
        )
    return study


# --------------------------------------------------------------------------- the split


def test_split_sizes_follow_gamma(monkeypatch):
    recorder = _Recorder(monkeypatch)
    sampler = TPESampler(seed=0, n_startup_trials=0, gamma=lambda n: 3)
    study = _study_with_values([float(v) for v in range(20, 0, -1)], sampler)
    study.ask().suggest_float("x", 0.0, 1000.0)
    (below, _), (above, _) = recorder.calls
    assert len(below) == 3 and len(above) == 17
    # The three best values belong to trials 17, 18, 19 (x = 17, 18, 19).
    assert sorted(below[:, 0]) == [17.0, 18.0, 19.0]


def test_default_gamma_split_with_many_trials(monkeypatch):
    recorder = _Recorder(monkeypatch)
    study = _study_with_values(list(np.linspace(1, 0, 300)), TPESampler(seed=0))
    study.ask().suggest_float("x", 0.0, 1000.0)
    (below, below_w), (above, above_w) = recorder.calls
    assert len(below) == 25 and len(above) == 275
    assert below_w.tolist() == [1.0] * 25
    # Older "above" trials weigh less: the ramp of default_weights.
    assert above_w[0] < above_w[100] < above_w[-1] == 1.0


def test_pruned_trials_rank_by_last_step_then_value(monkeypatch):
    recorder = _Recorder(monkeypatch)
    sampler = TPESampler(seed=0, n_startup_trials=0, gamma=lambda n: 3)
    study = hpobench.create_study(sampler=sampler)
    dist = FloatDistribution(0.0, 1000.0)
    study.add_trial(create_trial(params={"x": 0.0}, distributions={"x": dist}, value=5.0))
    for x, steps in [(1.0, {1: 0.1}), (2.0, {1: 0.5, 4: 0.9}), (3.0, {1: 0.2, 4: 0.3})]:
        study.add_trial(
            create_trial(
                params={"x": x},
                distributions={"x": dist},
                state=TrialState.PRUNED,
                intermediate_values=steps,
            )
        )
    study.ask().suggest_float("x", 0.0, 1000.0)
    (below, _), (above, _) = recorder.calls
    # The COMPLETE trial first, then the two pruned at step 4 (0.3 before 0.9).
    assert sorted(below[:, 0]) == [0.0, 2.0, 3.0]
    assert above[:, 0].tolist() == [1.0]


def test_failed_trials_are_ignored():
    study = hpobench.create_study(sampler=TPESampler(seed=0, n_startup_trials=3))

    def objective(trial):
        x = trial.suggest_float("x", -1, 1)
        if trial.number % 2:
            raise RuntimeError("fail")
        return x

    study.optimize(objective, n_trials=16, catch=(RuntimeError,))
    snap = TrialHistory().refresh(study, exclude=-1)
    assert snap.n == 8
    assert sorted(snap.observations.numbers.tolist()) == list(range(0, 16, 2))


def test_history_appends_out_of_order_completions():
    study = hpobench.create_study(sampler=TPESampler(seed=1, n_startup_trials=2))
    history = TrialHistory()
    trials = [study.ask() for _ in range(5)]
    for t in trials:
        t.suggest_float("x", 0, 1)
    for t in reversed(trials[1:]):
        study.tell(t, t.params["x"])
        snap = history.refresh(study, exclude=-1)
        assert [r.number for r in snap.running] == [
            x.number for x in trials if x.number < t.number
        ]
    study.tell(trials[0], state=TrialState.PRUNED)
    snap = history.refresh(study, exclude=-1)
    assert sorted(snap.observations.numbers.tolist()) == [0, 1, 2, 3, 4]
    assert snap.n == 5 and snap.running == []


# --------------------------------------------------------------------------- behaviour


def test_acquisition_goes_to_the_good_region():
    def late_distances(sampler):
        study = hpobench.create_study(sampler=sampler)
        study.optimize(lambda t: (t.suggest_float("x", -10, 10) - 2) ** 2, n_trials=40)
        late = np.array([t.params["x"] for t in study.trials[20:]])
        return np.median(np.abs(late - 2)), abs(study.best_params["x"] - 2)

    tpe_spread, tpe_best = late_distances(TPESampler(seed=0))
    random_spread, _ = late_distances(hpobench.samplers.RandomSampler(seed=0))
    assert tpe_spread < 3.0 < random_spread
    assert tpe_best < 0.3


def test_candidates_with_the_best_ratio_win(monkeypatch):
    # Below: x near 2; above: spread elsewhere. The chosen point has the best l/g of
    # the candidates drawn, so it lands in the good region.
    sampler = TPESampler(seed=0, n_startup_trials=0, gamma=lambda n: 5, constant_liar=False)
    xs = [2.0, 2.1, 1.9, 2.05, 1.95] + [float(v) for v in np.linspace(-10, 10, 40)]
    values = [0.0] * 5 + [1.0 + i for i in range(40)]
    study = hpobench.create_study(sampler=sampler)
    dist = FloatDistribution(-10.0, 10.0)
    for x, v in zip(xs, values):
        study.add_trial(create_trial(params={"x": x}, distributions={"x": dist}, value=v))
    picks = [study.ask().suggest_float("x", -10.0, 10.0) for _ in range(10)]
    assert np.median(np.abs(np.array(picks) - 2.0)) < 0.5


def _concurrent_batches(constant_liar):
    """Suggestions of trials that ran four at a time (a barrier holds each batch)."""
    barrier = threading.Barrier(4, timeout=30)
    lock = threading.Lock()

    def objective(trial):
        with lock:  # one worker samples at a time; the others of its batch are running
            x = trial.suggest_int("x", 0, 40)
        barrier.wait()
        return abs(x - 20)

    sampler = TPESampler(seed=3, n_startup_trials=8, constant_liar=constant_liar)
    study = hpobench.create_study(sampler=sampler)
    study.optimize(objective, n_trials=32, n_jobs=4)
    xs = [t.params["x"] for t in sorted(study.trials, key=lambda t: t.number)[8:]]
    return [xs[i : i + 4] for i in range(0, len(xs), 4)]


def test_constant_liar_spreads_parallel_workers():
    # A worker sees the points the other running workers hold as "above", so the four
    # suggestions of a batch are distinct; without the liar they pile onto the best one.
    # (Thread timing changes the order trials finish in, hence the history: the counts
    # below hold for every order seen, with a margin.)
    distinct = sum(len(set(batch)) for batch in _concurrent_batches(constant_liar=True))
    distinct_without = sum(len(set(b)) for b in _concurrent_batches(constant_liar=False))
    assert distinct >= 22  # of 24
    assert distinct_without < distinct


def test_constant_liar_counts_running_trials_as_above(monkeypatch):
    recorder = _Recorder(monkeypatch)
    sampler = TPESampler(seed=0, n_startup_trials=0, gamma=lambda n: 1)
    study = _study_with_values([3.0, 1.0, 2.0], sampler)
    running = study.ask()
    running.suggest_float("x", 0.0, 1000.0)
    recorder.calls.clear()
    study.ask().suggest_float("x", 0.0, 1000.0)
    (below, _), (above, _) = recorder.calls
    assert below[:, 0].tolist() == [1.0]
    assert sorted(above[:, 0].tolist()) == sorted([0.0, 2.0, running.params["x"]])


def test_group_decomposition_on_a_conditional_space(propagated_logs, caplog):
    def objective(trial):
        kind = trial.suggest_categorical("kind", ["svc", "rf"])
        if kind == "svc":
            c = trial.suggest_float("C", 1e-3, 1e3, log=True)
            g = trial.suggest_float("gamma", 1e-4, 1.0, log=True)
            return (np.log10(c) - 1) ** 2 + (np.log10(g) + 2) ** 2
        depth = trial.suggest_int("depth", 1, 32)
        trees = trial.suggest_int("trees", 10, 500, log=True)
        return 0.5 + (depth - 8) ** 2 / 50 + (np.log(trees) - 4) ** 2

    sampler = TPESampler(seed=0)
    study = hpobench.create_study(sampler=sampler)
    study.optimize(objective, n_trials=40)
    snap = sampler._history.refresh(study, exclude=-1)
    groups = {frozenset(g) for g in sampler._relative_groups(snap)}
    assert groups == {
        frozenset({"kind"}),
        frozenset({"C", "gamma"}),
        frozenset({"depth", "trees"}),
    }
    trial = study.ask()
    space = sampler.infer_relative_search_space(study, trial)
    assert set(space) == {"kind", "C", "gamma", "depth", "trees"}
    assert set(trial.relative_params) == set(space)
    assert not _warnings(caplog)  # nothing fell back to one-parameter sampling
    assert study.best_value < 1.0


def test_a_branch_group_is_chosen_given_the_groups_above_it():
    # Good trials have x1 next to x0, at either end; bad ones have them apart. x1 only
    # exists at depth 2, so it is a group of its own, chosen given depth and x0.
    gaps = []
    for seed in range(5):
        gaps += _branch_gaps(seed)
    assert len(gaps) >= 50
    # x1 follows x0 to the same end (chosen on its own, about a quarter do not).
    assert np.mean(np.array(gaps) < 0.5) > 0.82


def _branch_gaps(seed: int) -> list[float]:
    depth = IntDistribution(1, 2)
    unit = FloatDistribution(0.0, 1.0)
    rng = np.random.default_rng(0)
    study = hpobench.create_study(sampler=TPESampler(seed=seed))
    for k in range(60):
        end = float(k % 2)
        x0 = abs(end - rng.uniform(0.0, 0.1))
        if k % 3 == 2:
            params, dists, value = {"depth": 1, "x0": x0}, {"depth": depth, "x0": unit}, 3.0
        else:
            good = k % 3 == 0
            x1 = abs((end if good else 1.0 - end) - rng.uniform(0.0, 0.1))
            params = {"depth": 2, "x0": x0, "x1": x1}
            dists = {"depth": depth, "x0": unit, "x1": unit}
            value = rng.uniform(0.0, 0.1) if good else 2.0
        study.add_trial(create_trial(params=params, distributions=dists, value=value))
    gaps = []
    for _ in range(20):
        trial = study.ask()
        x0 = trial.suggest_float("x0", 0.0, 1.0)
        if trial.suggest_int("depth", 1, 2) == 2:
            gaps.append(abs(trial.suggest_float("x1", 0.0, 1.0) - x0))
        study.tell(trial, 5.0)
    return gaps


def test_intersection_multivariate_warns_once_per_parameter(propagated_logs, caplog):
    def objective(trial):
        if trial.suggest_categorical("branch", ["a", "b"]) == "a":
            return trial.suggest_float("x", 0, 1)
        return trial.suggest_float("y", 0, 1)

    study = hpobench.create_study(
        sampler=TPESampler(seed=0, multivariate=True, group=False, n_startup_trials=4)
    )
    study.optimize(objective, n_trials=20)
    messages = [r.getMessage() for r in _warnings(caplog)]
    assert sum("'x'" in m for m in messages) == 1
    assert sum("'y'" in m for m in messages) == 1
    assert all("warn_independent_sampling=False" in m for m in messages)


def test_independent_sampling_warning_can_be_turned_off(propagated_logs, caplog):
    def objective(trial):
        return trial.suggest_float("x", 0.0, 1.0 + trial.number)

    sampler = TPESampler(seed=0, n_startup_trials=3, warn_independent_sampling=False)
    hpobench.create_study(sampler=sampler).optimize(objective, n_trials=10)
    assert not _warnings(caplog)
    caplog.clear()
    hpobench.create_study(sampler=TPESampler(seed=0, n_startup_trials=3)).optimize(
        objective, n_trials=10
    )
    assert len(_warnings(caplog)) == 1


@pytest.mark.parametrize("style", ["constraints_func", "set_constraint"])
def test_constraints_keep_trials_out_of_the_infeasible_region(style):
    def constraint(x):
        return 3.0 - abs(x)  # infeasible when |x| < 3, where the objective is best

    def run(constrained):
        kwargs = {}
        if constrained and style == "constraints_func":
            kwargs["constraints_func"] = lambda t: [constraint(t.params["x"])]

        def objective(trial):
            x = trial.suggest_float("x", -10, 10)
            if constrained and style == "set_constraint":
                trial.set_constraint("c", constraint(x))
            return x * x

        study = hpobench.create_study(sampler=TPESampler(seed=0, **kwargs))
        study.optimize(objective, n_trials=50)
        deep = np.mean([abs(t.params["x"]) < 2 for t in study.trials[20:]])
        return study, deep

    study, deep = run(constrained=True)
    _, deep_unconstrained = run(constrained=False)
    assert deep <= 0.35 < deep_unconstrained
    feasible = [t for t in study.trials if t.constraints[0] <= 0]
    assert min(t.value for t in feasible) < 10.5
    assert study.best_value == min(t.value for t in feasible)
    if style == "constraints_func":
        x0 = study.trials[0].params["x"]
        assert study.trials[0].system_attrs["constraints"] == [constraint(x0)]


def test_constraints_func_must_return_numbers():
    sampler = TPESampler(seed=0, constraints_func=lambda t: [float("nan")])
    study = hpobench.create_study(sampler=sampler)
    with pytest.raises(ValueError, match="constraints_func must not return NaN"):
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)


def _zdt1(trial):
    x = [trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(3)]
    g = 1 + 9 * sum(x[1:]) / 2
    return x[0], g * (1 - np.sqrt(x[0] / g))


def _front_hypervolume(study):
    points = np.array([t.values for t in study.best_trials])
    return hypervolume(points, np.array([1.1, 11.0]))


def test_multi_objective_tpe_beats_random_on_hypervolume():
    tpe, rnd = [], []
    for seed in range(3):
        for sampler, out in (
            (TPESampler(seed=seed), tpe),
            (hpobench.samplers.RandomSampler(seed=seed), rnd),
        ):
            study = hpobench.create_study(directions=["minimize", "minimize"], sampler=sampler)
            study.optimize(_zdt1, n_trials=60)
            out.append(_front_hypervolume(study))
    assert np.mean(tpe) > np.mean(rnd)
    assert sum(a > b for a, b in zip(tpe, rnd)) >= 2


def test_same_seed_same_trials_on_conditional_and_multi_objective_studies():
    def run(seed):
        study = hpobench.create_study(
            directions=["minimize", "maximize"], sampler=TPESampler(seed=seed)
        )

        def objective(trial):
            if trial.suggest_categorical("k", ["a", "b"]) == "a":
                x = trial.suggest_float("x", 0, 1)
            else:
                x = trial.suggest_int("n", 0, 5) / 5
            return x, x * x

        study.optimize(objective, n_trials=30)
        return [t.params for t in study.trials]

    assert run(5) == run(5)
    assert run(5) != run(6)


def test_same_completion_order_gives_same_trials_with_interleaved_asks():
    def run():
        study = hpobench.create_study(sampler=TPESampler(seed=7, n_startup_trials=4))
        for _ in range(6):
            a, b = study.ask(), study.ask()
            xa, xb = a.suggest_float("x", -3, 3), b.suggest_float("x", -3, 3)
            study.tell(b, xb**2)
            study.tell(a, xa**2)
        return [t.params for t in study.trials]

    assert run() == run()


def test_default_sampler_is_tpe():
    assert isinstance(default_sampler(1), TPESampler)
    assert isinstance(default_sampler(2), TPESampler)
    assert isinstance(hpobench.create_study().sampler, TPESampler)


def test_hyperopt_parameters_build_a_sampler():
    params = TPESampler.hyperopt_parameters()
    sampler = TPESampler(**params, seed=0)
    study = hpobench.create_study(sampler=sampler)
    study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=25)
    assert params["n_startup_trials"] == 20
    assert params["gamma"](100) == 3


def test_positional_arguments_as_in_optuna_2():
    sampler = TPESampler(True, 2.0, False, True, 5, 12)
    assert sampler._n_startup_trials == 5 and sampler._n_ei_candidates == 12
    assert sampler._parzen.prior_weight == 2.0
    assert not sampler._parzen.consider_magic_clip and sampler._parzen.consider_endpoints


def test_user_gamma_and_weights_are_checked():
    study = _study_with_values(
        [1.0, 2.0, 3.0], TPESampler(n_startup_trials=0, gamma=lambda n: 0.5)
    )
    with pytest.raises(
        ValueError, match=r"gamma must return an int >= 0; gamma\(3\) returned 0.5"
    ):
        study.ask().suggest_float("x", 0.0, 1000.0)
    study = _study_with_values(
        [1.0, 2.0, 3.0], TPESampler(n_startup_trials=0, weights=lambda n: np.ones(n + 1))
    )
    with pytest.raises(ValueError, match="weights must return an array of n values"):
        study.ask().suggest_float("x", 0.0, 1000.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_startup_trials": -1}, ValueError, r"n_startup_trials must be an int >= 0; got -1\."),
        ({"n_startup_trials": 2.5}, ValueError, "n_startup_trials must be an int >= 0"),
        ({"n_ei_candidates": 0}, ValueError, r"n_ei_candidates must be an int >= 1; got 0\."),
        ({"prior_weight": 0.0}, ValueError, r"prior_weight must be a finite float > 0; got 0\.0"),
        ({"prior_weight": float("inf")}, ValueError, "prior_weight must be a finite float > 0"),
        ({"consider_prior": 1}, TypeError, r"consider_prior must be a bool; got 1\."),
        ({"consider_endpoints": None}, TypeError, "consider_endpoints must be a bool"),
        ({"constant_liar": "yes"}, TypeError, "constant_liar must be a bool"),
        ({"multivariate": "yes"}, TypeError, "multivariate must be a bool or None"),
        ({"group": 1}, TypeError, "group must be a bool or None"),
        ({"group": True, "multivariate": False}, ValueError, "group=True needs multivariate"),
        ({"gamma": 3}, TypeError, "gamma must be callable; got 3"),
        ({"weights": "w"}, TypeError, "weights must be callable"),
        ({"constraints_func": 1}, TypeError, "constraints_func must be callable"),
        ({"seed": -1}, ValueError, "seed must be None or an int >= 0"),
    ],
)
def test_arguments_are_validated(kwargs, error, match):
    with pytest.raises(error, match=match):
        TPESampler(**kwargs)


def test_dynamic_int_range_uses_compatible_observations():
    sampler = TPESampler(seed=0, n_startup_trials=5, warn_independent_sampling=False)
    study = hpobench.create_study(sampler=sampler)
    study.optimize(lambda t: abs(t.suggest_int("n", 0, 10 + t.number) - 3), n_trials=30)
    assert all(0 <= t.params["n"] <= 10 + t.number for t in study.trials)
    assert study.best_value <= 1


def test_thinning_bounds_the_kernels_and_keeps_recent_trials():
    n = 5000
    x = np.arange(n, dtype=float)[:, None]
    kept, weights = _group._thin(x, np.arange(n), np.ones(n))
    assert len(kept) <= _group.MAX_KERNELS
    recent = _group.MAX_KERNELS // 2
    assert kept[-recent:, 0].tolist() == list(range(n - recent, n))
    old = kept[:-recent, 0]
    stride = weights[0]
    assert np.all(old % stride == 0) and weights[-1] == 1.0
    # The older trials keep (about) their share of the total weight.
    assert abs(weights[:-recent].sum() - (n - recent)) <= stride


def test_many_trials_stay_fast_and_in_range(monkeypatch):
    monkeypatch.setattr(_group, "MAX_KERNELS", 64)
    study = hpobench.create_study(sampler=TPESampler(seed=0))
    study.optimize(
        lambda t: t.suggest_float("x", -1, 1) ** 2 + t.suggest_int("k", 0, 3), n_trials=200
    )
    assert study.best_value < 0.01
    dist = IntDistribution(0, 3)
    assert all(dist._contains(t.params["k"]) for t in study.trials)


def test_trials_are_logged_at_warning_level_only(caplog):
    caplog.set_level(logging.WARNING)
    hpobench.create_study(sampler=TPESampler(seed=0)).optimize(
        lambda t: t.suggest_float("x", 0, 1), n_trials=12
    )
    assert not _warnings(caplog)
