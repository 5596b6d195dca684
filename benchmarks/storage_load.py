"""How long a fresh process takes to read a large finished study back.

Builds a study of N COMPLETE trials (5 float parameters, one value, a user attribute)
in a SQLite file, then times, with a new storage object: ``load_study``,
``study.trials`` and ``study.trials_dataframe()``. Users of large studies complain
that these take minutes (optuna #763, #3053).

Usage::

    python benchmarks/storage_load.py --impl hpobench --n-trials 100000
    python benchmarks/storage_load.py --impl optuna --n-trials 10000
"""

from __future__ import annotations

import argparse
import importlib
import os
import tempfile
import time
from typing import Any


def build(mod: Any, url: str, n_trials: int, batch: int) -> float:
    """Create the study; return the seconds it took."""
    dist = mod.distributions.FloatDistribution(-5.0, 5.0)
    study = mod.create_study(study_name="big", storage=url)
    started = time.perf_counter()
    for first in range(0, n_trials, batch):
        trials = [
            mod.trial.create_trial(
                params={f"x{i}": ((n * 7 + i) % 100) / 10 - 5 for i in range(5)},
                distributions={f"x{i}": dist for i in range(5)},
                value=float(n),
                user_attrs={"fold": n % 5},
            )
            for n in range(first, min(first + batch, n_trials))
        ]
        study.add_trials(trials)
    return time.perf_counter() - started


def time_reads(mod: Any, url: str) -> dict[str, float]:
    """Time the reads of a fresh process-like storage object."""
    started = time.perf_counter()
    study = mod.load_study(study_name="big", storage=url)
    loaded = time.perf_counter()
    trials = study.trials
    read = time.perf_counter()
    frame = study.trials_dataframe()
    framed = time.perf_counter()
    assert len(trials) == len(frame)
    return {
        "load_study_s": loaded - started,
        "trials_s": read - loaded,
        "trials_dataframe_s": framed - read,
        "n_trials": len(trials),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--impl", default="hpobench")
    parser.add_argument("--n-trials", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=10_000)
    args = parser.parse_args()
    mod = importlib.import_module(args.impl)
    mod.logging.set_verbosity(mod.logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{os.path.join(tmp, 'big.db')}"
        built = build(mod, url, args.n_trials, args.batch)
        reads = time_reads(mod, url)
    print(f"impl={args.impl} n_trials={reads['n_trials']} build={built:.1f}s")
    for key in ("load_study_s", "trials_s", "trials_dataframe_s"):
        print(f"  {key:20s} {reads[key]:8.2f}")


if __name__ == "__main__":
    main()
