"""Quality of the paper's TPE→CMA-ES mixture against its two parts alone.

Runs TPESampler, CmaEsSampler and TPECmaEsSampler (and any ``--extra`` presets) on the
six classic functions of ``../shared/bench/test_functions.py`` for ``--n-trials`` (80)
trials and ``--seeds`` (10) seeds, and prints per function the median final regret of
each sampler and the two-sided Mann–Whitney U p-value of the mixture against each part.

Usage::

    python benchmarks/switching_quality.py [--functions ackley10,rastrigin5] [--seeds 10]
        [--shift 0.3]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.stats import mannwhitneyu

import hpobench

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"


def _functions() -> dict:
    sys.path.insert(0, str(BENCH))
    from test_functions import FUNCTIONS

    return FUNCTIONS


SAMPLERS: dict[str, Callable[[int], hpobench.samplers.BaseSampler]] = {
    "tpe": lambda seed: hpobench.samplers.TPESampler(seed=seed),
    "cmaes": lambda seed: hpobench.samplers.CmaEsSampler(seed=seed),
    "tpe_cmaes": lambda seed: hpobench.samplers.TPECmaEsSampler(seed=seed),
}


def final_regret(fn, make_sampler, seed: int, n_trials: int, shift: float = 0.0) -> float:
    """The best value of one study minus the function's optimum.

    With ``shift`` > 0 the function is translated by ``shift`` times each dimension's
    half-width (the domain grows by the same amount), so that an optimum at the centre
    of the domain is no longer where CMA-ES starts.
    """
    study = hpobench.create_study(sampler=make_sampler(seed))
    offsets = [shift * (hi - lo) / 2 for lo, hi in fn.bounds]

    def objective(trial: hpobench.Trial) -> float:
        x = [
            trial.suggest_float(f"x{i}", lo, hi + d) - d
            for i, ((lo, hi), d) in enumerate(zip(fn.bounds, offsets))
        ]
        return fn(x)

    study.optimize(objective, n_trials=n_trials)
    return study.best_value - fn.f_opt


def main() -> None:
    functions = _functions()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--functions", default=",".join(functions))
    parser.add_argument("--samplers", default=",".join(SAMPLERS))
    parser.add_argument("--n-trials", type=int, default=80)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--shift", type=float, default=0.0, help="translate the optimum")
    args = parser.parse_args()
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    names = args.samplers.split(",")
    print(f"{'function':<16}" + "".join(f"{n:>14}" for n in names) + "   p(mix vs part)")
    for fname in args.functions.split(","):
        fn = functions[fname]
        regrets, started = {}, time.perf_counter()
        for name in names:
            regrets[name] = np.array(
                [
                    final_regret(fn, SAMPLERS[name], s, args.n_trials, args.shift)
                    for s in range(args.seeds)
                ]
            )
        row = f"{fname:<16}" + "".join(f"{np.median(regrets[n]):>14.4g}" for n in names)
        if "tpe_cmaes" in regrets:
            tests = [
                f"{part}: {mannwhitneyu(regrets['tpe_cmaes'], regrets[part]).pvalue:.3f}"
                for part in names
                if part != "tpe_cmaes"
            ]
            row += "   " + ", ".join(tests)
        print(row + f"   ({time.perf_counter() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
