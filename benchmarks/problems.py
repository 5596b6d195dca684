"""How long do the benchmark problems take to evaluate? (every registered problem suite)

For each problem (ML tasks excepted unless ``--include-ml``), draw 1,000 uniform points
and time (a) one vectorised ``evaluate`` call on all of them, and (b) the define-by-run
path, ``problem(FixedTrial(params))`` per point (this includes suggesting every parameter,
constraints and step reporting). Multi-fidelity problems are timed through ``evaluate``
(the last step) in (a) and through all their steps in (b).

Usage::

    python benchmarks/problems.py [--points 1000] [--include-ml] [--seed 0]
"""

from __future__ import annotations

import argparse
import time
import zlib

import suites
from hpobench.trial import FixedTrial


def _time_problem(case_id: str, n: int, seed: int) -> tuple[float, float]:
    problem = suites.get_problem(case_id, seed=seed)
    X = problem.sample(n, seed=zlib.crc32(case_id.encode()) + seed)
    t0 = time.perf_counter()
    problem.evaluate(X)
    batch = time.perf_counter() - t0
    params = [problem.array_to_params(x) for x in X]
    t0 = time.perf_counter()
    for p in params:
        problem(FixedTrial(p))
    return batch, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--include-ml", action="store_true")
    args = parser.parse_args()

    seen: set[str] = set()
    rows = []
    t_start = time.perf_counter()
    for suite in suites.list_problem_suites():
        ids = [c for c in suites.list_problems(suite) if c not in seen]
        if not args.include_ml:
            ids = [c for c in ids if "ml" not in suites.get_problem(c).tags]
        if not ids:
            continue
        seen.update(ids)
        times = {c: _time_problem(c, args.points, args.seed) for c in ids}
        batch = sum(b for b, _ in times.values())
        single = sum(s for _, s in times.values())
        slowest = max(times, key=lambda c: times[c][1])
        rows.append((suite, len(ids), batch, single, slowest, times[slowest][1]))
    total = time.perf_counter() - t_start

    print(f"{args.points} uniform points per problem; each problem counted once (first suite).")
    print("| suite | problems | batch evaluate [s] | per-point trial calls [s] | slowest (s) |")
    print("|---|---:|---:|---:|---|")
    for suite, n, batch, single, slowest, slow_t in rows:
        print(f"| {suite} | {n} | {batch:.3f} | {single:.2f} | {slowest} ({slow_t:.2f}) |")
    n_total = sum(r[1] for r in rows)
    print(
        f"| **all** | {n_total} | {sum(r[2] for r in rows):.3f} | "
        f"{sum(r[3] for r in rows):.2f} | wall time {total:.1f} s |"
    )


if __name__ == "__main__":
    main()
