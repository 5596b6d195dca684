"""The runner's own cost, its parallel throughput, and the time of a whole paper suite.

Four measurements (each prints a table; ``--json PATH`` also writes the numbers):

``overhead``
    ``quickstart.toml`` serially on a fresh SQLite file, in a fresh process (the plan
    loaded, so imports of the storage backend count), ``--repeats`` times. The runs'
    trial loops take ``loops`` seconds (the records' ``wall_s``); everything else —
    opening the storage, building problems and samplers, the resume scan, committing,
    bookkeeping — is the runner's overhead, ``(wall - loops) / wall``. Also timed: the
    whole ``hpobench bench run`` command in a fresh process (interpreter start and
    imports included). Prints each measurement and the medians.
``scaling``
    Runs per minute of a suite (``--suite``, default quickstart) with ``--n-jobs 1``,
    ``--n-jobs 2`` and the Dask backend on a 2-worker LocalCluster: each measurement in a
    fresh process (pool start-up included, imports not), interleaved, median of
    ``--repeats``.
``kdd``
    ``optuna-kdd2019.toml`` without SMAC3 and GP, whole, with ``--n-jobs N``; SMAC3 and GP
    are timed on ``--subset`` problems × 1 repeat and extrapolated to 56 × 30 runs.

The machine's load average is printed before and after: the numbers mean little on a
machine busy with other work.

Usage::

    python benchmarks/runner_overhead.py overhead --repeats 3
    python benchmarks/runner_overhead.py scaling --repeats 3
    python benchmarks/runner_overhead.py scaling --suite my-slice.toml
    python benchmarks/runner_overhead.py scaling --suite benchmarks/workloads/kdd-slice12.toml
    python benchmarks/runner_overhead.py kdd --n-jobs 2 --subset 8
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import runners
import suites
from runners import _driver

SUITES = Path(suites.__file__).parent / "files"


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def _timed_commits() -> list[float]:
    """Wrap the driver's commit to time it (this benchmark only)."""
    times: list[float] = []
    commit = _driver.commit_run

    def timed(store: Any, result: Any) -> bool:
        start = time.perf_counter()
        try:
            return commit(store, result)
        finally:
            times.append(time.perf_counter() - start)

    _driver.commit_run = timed
    return times


def _loops(url: str, benchmark: str) -> float:
    return sum(r.record["totals"]["wall_s"] for r in runners.iter_runs(url, benchmark))


def _fresh_url(folder: str, name: str) -> str:
    return f"sqlite:///{Path(folder) / name}.db"


def _overhead_one(args: argparse.Namespace) -> dict[str, Any]:
    """In a fresh process: quickstart serially; print wall, loop and commit seconds."""
    plan = runners.load_plan(SUITES / "quickstart.toml")
    commits = _timed_commits()
    start = time.perf_counter()
    summary = runners.run_plan(plan, args.storage)
    wall = time.perf_counter() - start
    loops = _loops(args.storage, plan.benchmark)
    print(json.dumps({"runs": summary.done, "wall_s": wall, "loops_s": loops,
                      "commit_s": sum(commits), "n_commits": len(commits)}))  # fmt: skip
    return {}


def _overhead_once(folder: str, index: int) -> dict[str, Any]:
    url = _fresh_url(folder, f"serial-{index}")
    out = subprocess.run(
        [sys.executable, __file__, "_overhead_one", "--storage", url],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    data = json.loads(out.stdout.strip().splitlines()[-1])
    cli_url = _fresh_url(folder, f"cli-{index}")
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "runners", "run", str(SUITES / "quickstart.toml"),
         "--storage", cli_url, "-q"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    cli_wall = time.perf_counter() - start
    cli_loops = _loops(cli_url, "quickstart")
    return {
        **data,
        "overhead": (data["wall_s"] - data["loops_s"]) / data["wall_s"],
        "commit_ms_per_run": 1000 * data["commit_s"] / max(1, data["n_commits"]),
        "cli_wall_s": cli_wall,
        "cli_overhead": (cli_wall - cli_loops) / cli_wall,
    }


def overhead(args: argparse.Namespace) -> dict[str, Any]:
    """Serial quickstart, each time in a fresh process: trial loops against the wall time."""
    with tempfile.TemporaryDirectory() as folder:
        measured = [_overhead_once(folder, i) for i in range(args.repeats)]
    for m in measured:
        print(f"quickstart, serial: {m['runs']} runs in {m['wall_s']:.1f} s; trial loops "
              f"{m['loops_s']:.1f} s; runner overhead {100 * m['overhead']:.1f} % (commits "
              f"{m['commit_s']:.2f} s, {m['commit_ms_per_run']:.1f} ms per run)")  # fmt: skip
        print(f"  whole CLI command {m['cli_wall_s']:.1f} s, "
              f"overhead {100 * m['cli_overhead']:.1f} %")  # fmt: skip
    keys = ("overhead", "cli_overhead", "wall_s", "loops_s", "commit_ms_per_run", "cli_wall_s")
    medians = {key: statistics.median(m[key] for m in measured) for key in keys}
    print(f"median of {args.repeats}: runner overhead {100 * medians['overhead']:.1f} %, "
          f"whole CLI command {100 * medians['cli_overhead']:.1f} %, "
          f"{medians['commit_ms_per_run']:.1f} ms per commit")  # fmt: skip
    return {"runs": measured, "median": medians}


_CONFIGS: dict[str, dict[str, Any]] = {
    "n_jobs=1": {},
    "n_jobs=2": {"n_jobs": 2},
    "dask, 2 workers": {"backend": "dask", "n_jobs": 2},
}


def _one_run(args: argparse.Namespace) -> dict[str, Any]:
    """In a fresh process: run the suite with one configuration; print the wall time."""
    plan = runners.load_plan(args.suite)
    start = time.perf_counter()
    summary = runners.run_plan(plan, args.storage, **_CONFIGS[args.config])
    wall = time.perf_counter() - start
    if summary.done + summary.failed != len(plan):
        raise RuntimeError(f"{args.config}: {summary.lines()}")
    print(json.dumps({"wall_s": wall, "runs": len(plan)}))
    return {}


def _measure(config: str, suite: Path, folder: str, index: int) -> tuple[float, int]:
    """Wall time of ``run_plan`` in a fresh process (imports excluded, pools included)."""
    url = _fresh_url(folder, f"{index}-{config.split(',')[0].replace('=', '')}")
    out = subprocess.run(
        [sys.executable, __file__, "_one", "--config", config, "--suite", str(suite),
         "--storage", url],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return data["wall_s"], data["runs"]


def _burn(n: int) -> float:
    total = 0
    for i in range(n):
        total += i * i
    return float(total)


def _machine_ceiling() -> float:
    """Speed-up of two CPU-bound processes over one, on this machine now (at most ~2)."""
    import concurrent.futures

    work = 10_000_000
    start = time.perf_counter()
    _burn(work)
    _burn(work)
    serial = time.perf_counter() - start
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        list(pool.map(_burn, [1, 1]))  # start the processes first
        start = time.perf_counter()
        list(pool.map(_burn, [work, work]))
        parallel = time.perf_counter() - start
    return serial / parallel


def scaling(args: argparse.Namespace) -> dict[str, Any]:
    """Runs per minute: serial, two local processes, two Dask workers (medians)."""
    suite = Path(args.suite)
    ceilings = [_machine_ceiling()]
    walls: dict[str, list[float]] = {name: [] for name in _CONFIGS}
    runs = 0
    with tempfile.TemporaryDirectory() as folder:
        for repeat in range(args.repeats):  # interleaved, so that load changes hit all alike
            for config in _CONFIGS:
                wall, runs = _measure(config, suite, folder, repeat)
                walls[config].append(wall)
            ceilings.append(_machine_ceiling())
    rates = {name: 60 * runs / statistics.median(w) for name, w in walls.items()}
    base = rates["n_jobs=1"]
    ceiling = statistics.median(ceilings)
    print(f"machine ceiling: two busy-loop processes run {ceiling:.2f}x one (2.00 when idle)")
    print(f"{suite.name} ({runs} runs), median of {args.repeats}: runs per minute, speed-up")
    for name, rate in rates.items():
        shown = " ".join(f"{w:.1f}" for w in walls[name])
        print(f"  {name:16s} {rate:8.1f} runs/min  {rate / base:5.2f}x   (walls: {shown} s)")
    result: dict[str, Any] = {"machine_ceiling": ceiling}
    for name in _CONFIGS:
        result[name] = {
            "runs_per_min": rates[name],
            "speedup": rates[name] / base,
            "walls_s": walls[name],
        }
    return result


def _subset_plan(plan: runners.Plan, labels: set[str], n_problems: int) -> runners.Plan:
    problems = sorted({run.problem for run in plan})[:n_problems]
    runs = tuple(
        run for run in plan
        if run.sampler.label in labels and run.problem in problems and run.repeat == 0
    )  # fmt: skip
    return replace(plan, runs=runs)


def _measure_fast(
    fast: runners.Plan, folder: str, args: argparse.Namespace, result: dict[str, Any]
) -> float:
    url = _fresh_url(folder, "kdd")
    start = time.perf_counter()
    summary = runners.run_plan(fast, url, n_jobs=args.n_jobs, progress=True)
    wall = time.perf_counter() - start
    by_sampler: dict[str, float] = {}
    for run in runners.iter_runs(url, fast.benchmark):
        label = run.record["sampler"]["label"]
        by_sampler[label] = by_sampler.get(label, 0.0) + run.record["totals"]["wall_s"]
    result["measured"] = {
        "runs": len(fast), "done": summary.done, "failed": summary.failed,
        "wall_s": wall, "runs_per_min": 60 * len(fast) / wall,
        "loop_s_by_sampler": by_sampler,
    }  # fmt: skip
    print(f"optuna-kdd2019 without SMAC3/GP: {len(fast)} runs in {wall / 60:.1f} min "
          f"with n_jobs={args.n_jobs} ({60 * len(fast) / wall:.0f} runs/min; "
          f"{summary.failed} failed)")  # fmt: skip
    return wall


def kdd(args: argparse.Namespace) -> dict[str, Any]:
    """optuna-kdd2019 without SMAC3/GP, whole; SMAC3/GP on a subset, extrapolated."""
    plan = runners.load_plan(SUITES / "optuna-kdd2019.toml")
    slow = {"smac", "gp"}
    fast = replace(plan, runs=tuple(r for r in plan if r.sampler.label not in slow))
    n_problems = len({run.problem for run in plan})
    n_repeats = 1 + max(run.repeat for run in plan)
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        wall = args.fast_wall
        if wall is None:
            wall = _measure_fast(fast, folder, args, result)
        sub = _subset_plan(plan, slow, args.subset)
        sub_url = _fresh_url(folder, "slow")
        start = time.perf_counter()
        runners.run_plan(sub, sub_url, n_jobs=args.n_jobs, progress=True)
        sub_wall = time.perf_counter() - start
        failed = [r.run_key for r in runners.iter_runs(sub_url) if r.status == "failed"]
        if failed:
            raise RuntimeError(f"SMAC3/GP runs failed: {failed}")
        per_run = {}
        for label in sorted(slow):
            loops = [r.record["totals"]["wall_s"] for r in runners.iter_runs(sub_url)
                     if r.record["sampler"]["label"] == label]  # fmt: skip
            per_run[label] = sum(loops) / max(1, len(loops))
    full = {label: per_run[label] * n_problems * n_repeats / args.n_jobs for label in slow}
    total = wall + sum(full.values())
    result["extrapolated"] = {
        "subset_runs": len(sub), "subset_wall_s": sub_wall,
        "mean_run_s": per_run, "full_wall_s": full, "whole_suite_wall_s": total,
        "whole_suite_runs_per_min": 60 * len(plan) / total,
    }  # fmt: skip
    for label in sorted(slow):
        print(f"  {label}: {per_run[label]:.1f} s per run on {args.subset} problems; "
              f"{n_problems * n_repeats} runs ≈ {full[label] / 3600:.1f} h with "
              f"n_jobs={args.n_jobs}")  # fmt: skip
    print(f"  whole suite ({len(plan)} runs) ≈ {total / 3600:.1f} h, "
          f"{60 * len(plan) / total:.1f} runs/min")  # fmt: skip
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("overhead", "scaling", "kdd", "_one", "_overhead_one"))
    parser.add_argument(
        "--suite", default=str(SUITES / "quickstart.toml"), help="suite file (scaling)"
    )
    parser.add_argument("--repeats", type=int, default=3, help="measurements per configuration")
    parser.add_argument("--config", choices=list(_CONFIGS), help=argparse.SUPPRESS)
    parser.add_argument("--storage", help=argparse.SUPPRESS)
    parser.add_argument("--n-jobs", type=int, default=2, help="processes for kdd (default 2)")
    parser.add_argument("--subset", type=int, default=8, help="problems for SMAC3/GP (kdd)")
    parser.add_argument(
        "--fast-wall",
        type=float,
        help="kdd: skip the runs without SMAC3/GP and use this measured wall time (seconds)",
    )
    parser.add_argument("--json", help="also write the numbers to this file")
    args = parser.parse_args(argv)
    if args.what in ("_one", "_overhead_one"):
        (_one_run if args.what == "_one" else _overhead_one)(args)
        return 0
    print(f"before: {_load()}")
    result = {"overhead": overhead, "scaling": scaling, "kdd": kdd}[args.what](args)
    print(f"after: {_load()}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
