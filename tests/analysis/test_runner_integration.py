"""The analysis of a real runner result (quickstart.toml) agrees with scipy by hand."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import hpobench
from analysis import compare_to_reference, load_benchmark

runners = pytest.importorskip("runners", reason="the runners package is not available")

ALPHA = 0.2  # three repeats: the smallest two-sided p-value is 0.1
PROBLEMS = ("Branin", "McCourt16(dim=4,res=10)")
REFERENCE, RIVALS = "tpe-cmaes", ("random", "tpe")


@pytest.fixture(scope="module")
def quickstart_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('quickstart') / 'results.db'}"
    load_plan = getattr(runners, "load_plan", None)
    if load_plan is None:  # not re-exported by runners yet
        from runners._suite import load_plan
    patterns = [f"{p}|{s}|*" for p in PROBLEMS for s in (REFERENCE, *RIVALS)]
    plan = load_plan("quickstart").select(patterns)
    summary = runners.run_plan(plan, url)
    assert summary.failed == 0
    return url, plan.benchmark


def _best_by_hand(url, benchmark):
    """(problem, sampler) -> final best values, read study by study with the engine."""
    found = {}
    for name in hpobench.get_all_study_names(url):
        study = hpobench.load_study(study_name=name, storage=url)
        record = study.user_attrs["hpobench.run"]
        assert name.startswith(f"{benchmark}::")
        key = (record["problem"], record["sampler"]["label"])
        found.setdefault(key, []).append((record["repeat"], study.best_value))
    return {k: np.array([v for _, v in sorted(vals)]) for k, vals in found.items()}


def test_win_tie_loss_equals_a_hand_computation(quickstart_url):
    url, benchmark = quickstart_url
    data = load_benchmark(url, benchmark)
    result = compare_to_reference(data, REFERENCE, alpha=ALPHA, correction=None)
    best = _best_by_hand(url, benchmark)
    expected = {}
    for problem in sorted({p for p, _ in best}):
        ref = best[(problem, REFERENCE)]
        for rival in RIVALS:
            other = best[(problem, rival)]
            p = stats.mannwhitneyu(ref, other).pvalue
            outcome = "tie"
            if p < ALPHA:
                outcome = "win" if np.median(ref) < np.median(other) else "loss"
            expected.setdefault(rival, []).append(outcome)
    table = result.win_tie_loss()
    for rival, outcomes in expected.items():
        assert [table.loc[rival, o] for o in ("win", "tie", "loss")] == [
            outcomes.count(o) for o in ("win", "tie", "loss")
        ]


def test_loaded_tables_match_the_stored_runs(quickstart_url):
    url, benchmark = quickstart_url
    data = load_benchmark(url, benchmark)
    assert len(data.runs) == len(PROBLEMS) * 3 * 3 and (data.runs["status"] == "done").all()
    assert (data.runs["n_trials"] == 40).all()
    assert data.runs["regret"].min() >= -1e-9
    assert data.trials["ask_s"].notna().all() and data.trials["wall_t"].notna().all()
