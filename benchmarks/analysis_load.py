"""How long ``analysis.load_benchmark`` takes to read a large benchmark, and the analyses after.

Writes a SQLite benchmark of R runs x T trials in the runners' stored format straight
into hpobench's schema (the tables are created by ``RDBStorage``; rows are inserted with
``sqlite3`` so that building is quick), then times in fresh objects:

- ``load_benchmark(url, name)``: the bulk SQL reader (a few queries, joined in pandas);
- the same with ``params=True``;
- for comparison, ``hpobench.load_study(...).trials`` for a sample of studies,
  extrapolated to all of them (what a per-study reader would cost);
- the main analyses on the loaded tables.

Usage (``--keep`` builds the database once and reuses it in later runs)::

    python benchmarks/analysis_load.py --runs 10000 --trials 80 --keep /tmp/big.db --repeat 3
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np

import hpobench
from analysis import (
    anytime_curves,
    compare_to_reference,
    friedman_test,
    kurobako_ranking,
    load_benchmark,
    runtime_ecdf,
)

T = TypeVar("T")
BENCHMARK = "big"
METHODS = ("random", "tpe", "cmaes", "gp")


def build(path: str, n_runs: int, n_trials: int, seed: int = 0) -> float:
    """Write the benchmark; return the seconds it took."""
    started = time.perf_counter()
    hpobench.storages.RDBStorage(f"sqlite:///{path}")  # creates the schema
    rng = np.random.default_rng(seed)
    conn = sqlite3.connect(path)
    n_problems = max(1, n_runs // (len(METHODS) * 10))
    stamp = datetime.datetime(2026, 1, 1).strftime("%Y-%m-%d %H:%M:%S.%f")
    trial_id = 0
    for run in range(n_runs):
        method = METHODS[run % len(METHODS)]
        problem = f"F{(run // len(METHODS)) % n_problems}"
        repeat = run // (len(METHODS) * n_problems)
        name = f"{BENCHMARK}::{problem}|{method}|-|{repeat}"
        study_id = run + 1
        record = {
            "format_version": 1,
            "benchmark": BENCHMARK,
            "run_key": name.split("::")[1],
            "problem": problem,
            "sampler": {"name": method, "kwargs": {}, "label": method},
            "pruner": None,
            "repeat": repeat,
            "budget": {"trials": n_trials},
            "workers": 1,
            "directions": ["minimize"],
            "f_star": 0.0,
            "status": "done",
            "error": None,
            "totals": {"wall_s": 1.0},
        }
        conn.execute("INSERT INTO studies VALUES (?, ?, ?)", (study_id, name, n_trials))
        conn.execute("INSERT INTO study_directions VALUES (?, 0, 1)", (study_id,))
        conn.execute(
            "INSERT INTO study_attrs VALUES (?, 0, 'hpobench.run', ?)",
            (study_id, json.dumps(record)),
        )
        ids = np.arange(trial_id + 1, trial_id + n_trials + 1)
        trial_id += n_trials
        values = rng.exponential(1.0 + METHODS.index(method), n_trials)
        conn.executemany(
            "INSERT INTO trials (trial_id, study_id, number, state, datetime_start, "
            "datetime_complete) VALUES (?, ?, ?, 1, ?, ?)",
            [(int(i), study_id, n, stamp, stamp) for n, i in enumerate(ids)],
        )
        conn.executemany(
            "INSERT INTO trial_values VALUES (?, 0, ?, 0)",
            [(int(i), float(v)) for i, v in zip(ids, values)],
        )
        conn.executemany(
            "INSERT INTO trial_attrs VALUES (?, 0, ?, ?)",
            [
                (int(i), key, repr(float(v)))
                for i in ids
                for key, v in (
                    ("ask_s", 0.01),
                    ("objective_s", 0.1),
                    ("tell_s", 0.001),
                    ("wall_t", 0.2),
                )
            ],
        )
        conn.executemany(
            "INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) "
            "VALUES (?, ?, ?, ?)",
            [
                (
                    int(i),
                    p,
                    float(rng.uniform()),
                    '{"name": "FloatDistribution", "attributes": '
                    '{"low": 0.0, "high": 1.0, "log": false, "step": null}}',
                )
                for i in ids
                for p in ("x0", "x1")
            ],
        )
    conn.commit()
    conn.close()
    return time.perf_counter() - started


def timed(
    label: str, action: Callable[[], T], results: dict[str, tuple[float, float]], repeat: int = 1
) -> T:
    """Run ``action`` ``repeat`` times; record the least (wall s, CPU s of this process).

    On a shared machine the least of a few runs is the steadiest measure; CPU seconds
    count only this process's work.
    """
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        out = action()
        took = (time.perf_counter() - wall, time.process_time() - cpu)
        best = (min(best[0], took[0]), min(best[1], took[1]))
    results[label] = best
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--trials", type=int, default=80)
    parser.add_argument(
        "--sample",
        type=int,
        default=100,
        help="studies read one by one with load_study (extrapolated)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="time each load this many times and report the least (steadier when shared)",
    )
    parser.add_argument(
        "--keep",
        metavar="PATH",
        help="reuse (or create) the database at PATH instead of a temporary one",
    )
    args = parser.parse_args()
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or os.path.join(folder, "big.db")
        url = f"sqlite:///{path}"
        results: dict[str, tuple[float, float]] = {}
        if not os.path.exists(path):
            timed("build_s", lambda: build(path, args.runs, args.trials), results)
        data = timed(
            "load_benchmark_s", lambda: load_benchmark(url, BENCHMARK), results, args.repeat
        )
        timed(
            "load_benchmark_params_s",
            lambda: load_benchmark(url, BENCHMARK, params=True),
            results,
            args.repeat,
        )
        names = list(data.runs["run_id"][: args.sample])
        timed(
            "load_study_sample_s",
            lambda: [hpobench.load_study(study_name=n, storage=url).trials for n in names],
            results,
        )
        scale = args.runs / max(len(names), 1)
        results["load_study_extrapolated_s"] = tuple(
            t * scale for t in results["load_study_sample_s"]
        )
        timed("compare_to_reference_s", lambda: compare_to_reference(data, "tpe"), results)
        timed("friedman_test_s", lambda: friedman_test(data), results)
        timed("kurobako_ranking_s", lambda: kurobako_ranking(data), results)
        timed("anytime_curves_s", lambda: anytime_curves(data), results)
        timed("runtime_ecdf_s", lambda: runtime_ecdf(data), results)
        size_mb = os.path.getsize(path) / 2**20
    print(
        f"{args.runs} runs x {args.trials} trials ({args.runs * args.trials:,} trials, "
        f"{size_mb:.0f} MiB SQLite)"
    )
    print(f"  {'step':28s} {'wall s':>9s} {'CPU s':>9s}")
    for key, (wall, cpu) in results.items():
        print(f"  {key:28s} {wall:9.2f} {cpu:9.2f}")


if __name__ == "__main__":
    main()
