"""Parameter-importance speed and agreement: hpobench against Optuna, side by side.

Builds random studies (1,000 and 5,000 trials by default) of one objective with 10
parameters -- 8 floats (one log-scaled), one categorical, one int -- whose variance
decomposition is known in closed form, then times every registered case for each
installed implementation (``hpobench`` always, ``optuna`` when importable) with the
same forest settings (64 trees, depth 64, seed 0). It prints:

* the timing table: seconds per case, implementation and study size, and the ratio;
* the fANOVA main effects of both implementations next to the analytic shares, and how
  their rankings agree (Spearman's rho and the top-5 order).

Cases live in ``CASES``, a registry of ``name -> (implementation -> runnable)``; a plot
timing section adds its own entries (e.g. ``"plot_param_importances"``) the same way.
Every case runs once on a small study first (imports and first calls are not timed);
wall-clock and CPU seconds are both reported, CPU time being the steadier one on a
shared machine.

Usage (Optuna's side needs a venv with optuna and hpobench installed)::

    python3.11 -m venv /root/venvs/bench
    /root/venvs/bench/bin/pip install optuna && /root/venvs/bench/bin/pip install -e .
    /root/venvs/bench/bin/python benchmarks/importance.py --sizes 1000,5000

Optuna's fANOVA needs minutes at 5,000 trials; ``--max-seconds 600`` stops any case
after 10 minutes and reports a lower bound.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import math
import multiprocessing
import resource
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import spearmanr

N_TREES, MAX_DEPTH, SEED = 64, 64, 0
CHOICES = ("a", "b", "c", "d")
CHOICE_EFFECT = {"a": 0.0, "b": 1.0, "c": 2.0, "d": -1.0}

# Variance of each additive term on the search space (log10 scale for the log float):
# 5 x0; 1.5 sin(2 pi x1); 0.3 x2 on [-5, 5]; 0.8 log10(x3) on [1e-3, 1]; x4^2; 0.5 x5;
# 0.2 x6; x7 unused; the categorical's effects; 0.2 n on 1..10; 6 (x0 - .5)(x4 - .5).
ANALYTIC_VARIANCE = {
    "x0": 25 / 12,
    "x1": 1.5**2 / 2,
    "x2": 0.09 * 100 / 12,
    "x3": 0.64 * 9 / 12,
    "x4": 1 / 5 - 1 / 9,
    "x5": 0.25 / 12,
    "x6": 0.04 / 12,
    "x7": 0.0,
    "cat": float(np.var(list(CHOICE_EFFECT.values()))),
    "n": 0.04 * (10**2 - 1) / 12,
}
INTERACTION_VARIANCE = 36 / 144
LOG_PARAMS = {"x3"}
TOTAL_VARIANCE = sum(ANALYTIC_VARIANCE.values()) + INTERACTION_VARIANCE


def objective_value(p: dict[str, Any]) -> float:
    """The benchmark objective of one parameter set."""
    return (
        5 * p["x0"]
        + 1.5 * math.sin(2 * math.pi * p["x1"])
        + 0.3 * p["x2"]
        + 0.8 * math.log10(p["x3"])
        + p["x4"] ** 2
        + 0.5 * p["x5"]
        + 0.2 * p["x6"]
        + CHOICE_EFFECT[p["cat"]]
        + 0.2 * p["n"]
        + 6 * (p["x0"] - 0.5) * (p["x4"] - 0.5)
    )


def sample_params(n_trials: int, seed: int) -> list[dict[str, Any]]:
    """Random parameter sets (log-uniform for x3), shared by both implementations."""
    rng = np.random.default_rng(seed)
    unit = rng.random((n_trials, 8))
    rows = []
    for k in range(n_trials):
        p: dict[str, Any] = {f"x{i}": float(unit[k, i]) for i in range(8)}
        p["x2"] = 10 * p["x2"] - 5
        p["x3"] = float(10 ** (3 * p["x3"] - 3))
        p["cat"] = CHOICES[int(rng.integers(len(CHOICES)))]
        p["n"] = int(rng.integers(1, 11))
        rows.append(p)
    return rows


def build_study(mod: Any, rows: list[dict[str, Any]]) -> Any:
    """A study of ``mod`` (hpobench or optuna) holding ``rows`` as COMPLETE trials."""
    d = mod.distributions
    dists = {f"x{i}": d.FloatDistribution(0.0, 1.0) for i in range(8)}
    dists["x2"] = d.FloatDistribution(-5.0, 5.0)
    dists["x3"] = d.FloatDistribution(1e-3, 1.0, log=True)
    dists["cat"] = d.CategoricalDistribution(CHOICES)
    dists["n"] = d.IntDistribution(1, 10)
    study = mod.create_study(study_name="importance-bench")
    study.add_trials(
        mod.trial.create_trial(params=p, distributions=dists, value=objective_value(p))
        for p in rows
    )
    return study


@dataclass
class Context:
    """What a case may use: the implementation module and its study."""

    mod: Any
    study: Any


def _evaluate(evaluator_name: str, **kwargs: Any) -> Callable[[Context], dict[str, float]]:
    def run(ctx: Context) -> dict[str, float]:
        evaluator = getattr(ctx.mod.importance, evaluator_name)(**kwargs)
        return ctx.mod.importance.get_param_importances(
            ctx.study, evaluator=evaluator, normalize=False
        )

    return run


FOREST = {"n_trees": N_TREES, "max_depth": MAX_DEPTH, "seed": SEED}
# name -> implementation -> runnable; a missing implementation is shown as "-".
CASES: dict[str, dict[str, Callable[[Context], Any]]] = {
    "fanova": {
        impl: _evaluate("FanovaImportanceEvaluator", **FOREST) for impl in ("hpobench", "optuna")
    },
    "mdi": {
        impl: _evaluate("MeanDecreaseImpurityImportanceEvaluator", **FOREST)
        for impl in ("hpobench", "optuna")
    },
    "ped_anova": {
        impl: _evaluate("PedAnovaImportanceEvaluator") for impl in ("hpobench", "optuna")
    },
    "fanova+interactions": {
        "hpobench": lambda ctx: ctx.mod.importance.get_importance_result(
            ctx.study,
            evaluator=ctx.mod.importance.FanovaImportanceEvaluator(**FOREST),
            interactions=True,
        )
    },
    "marginal_curves": {
        "hpobench": lambda ctx: ctx.mod.importance.get_marginal_curves(ctx.study, seed=SEED)
    },
}


def load_implementations(names: list[str]) -> dict[str, Any]:
    """Import the implementations that are installed; silence their logging."""
    mods = {}
    for name in names:
        try:
            mod = importlib.import_module(name)
            importlib.import_module(f"{name}.importance")
        except ImportError:
            print(f"[{name} is not installed: its column is left empty]")
            continue
        mod.logging.set_verbosity(mod.logging.ERROR)
        logging.getLogger(name).setLevel(logging.ERROR)
        mods[name] = mod
    return mods


@dataclass(frozen=True)
class Timing:
    """Best wall-clock and CPU seconds of a case (CPU time resists a busy machine).

    ``timed_out`` marks a case stopped at ``--max-seconds``: its numbers are lower bounds.
    """

    wall: float
    cpu: float
    timed_out: bool = False

    def show(self, seconds: float) -> str:
        return f"{'>' if self.timed_out else ''}{seconds:.3f}"


def time_case(run: Callable[[Context], Any], ctx: Context, repeats: int) -> tuple[Timing, Any]:
    """Best wall and CPU time of ``repeats`` runs, and the last result."""
    wall, cpu, result = math.inf, math.inf, None
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = run(ctx)
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return Timing(wall, cpu), result


def _child(run: Callable[[Context], Any], ctx: Context, repeats: int, conn: Any) -> None:
    conn.send(time_case(run, ctx, repeats))


def time_case_limited(
    run: Callable[[Context], Any], ctx: Context, repeats: int, max_seconds: float
) -> tuple[Timing, Any]:
    """:func:`time_case` in a forked child, stopped after ``max_seconds`` of wall time."""
    fork = multiprocessing.get_context("fork")
    receive, send = fork.Pipe(duplex=False)
    child = fork.Process(target=_child, args=(run, ctx, repeats, send))
    cpu_before = _children_cpu()
    started = time.perf_counter()
    child.start()
    if receive.poll(max_seconds):
        timing, result = receive.recv()
        child.join()
        return timing, result
    child.terminate()
    child.join()
    return Timing(time.perf_counter() - started, _children_cpu() - cpu_before, True), None


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def warm_up(mods: dict[str, Any], cases: list[str]) -> None:
    """Run every case once on a small study, so imports and first calls are not timed."""
    rows = sample_params(60, SEED + 1)
    for name, mod in mods.items():
        ctx = Context(mod, build_study(mod, rows))
        for case in cases:
            if name in CASES[case]:
                CASES[case][name](ctx)


def agreement(ours: dict[str, float], theirs: dict[str, float]) -> str:
    """Spearman's rho of two importance dicts and whether their top 5 order matches."""
    names = sorted(ours)
    rho = spearmanr([ours[n] for n in names], [theirs[n] for n in names]).statistic
    same_top = list(ours)[:5] == list(theirs)[:5]
    return f"Spearman rho {rho:.3f}; same top-5 order: {same_top}"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument("--sizes", default="1000,5000", help="comma-separated trial counts")
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated case names")
    ap.add_argument("--impls", default="hpobench,optuna")
    ap.add_argument(
        "--repeats", type=int, default=3, help="runs per hpobench case; the best is kept"
    )
    ap.add_argument("--optuna-repeats", type=int, default=1, help="runs per Optuna case")
    ap.add_argument(
        "--max-seconds",
        type=float,
        default=None,
        help="stop a case after this many wall seconds (it then runs in a forked child) "
        "and report its time as a lower bound",
    )
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    mods = load_implementations(args.impls.split(","))
    cases = args.cases.split(",")
    unknown = [c for c in cases if c not in CASES]
    if unknown:
        ap.error(f"unknown cases {unknown}; choose from {list(CASES)}")
    warm_up(mods, cases)
    timings: list[tuple[str, int, dict[str, Timing]]] = []
    fanova: dict[tuple[int, str], dict[str, float]] = {}
    for n_trials in (int(s) for s in args.sizes.split(",")):
        rows = sample_params(n_trials, SEED)
        contexts = {name: Context(mod, build_study(mod, rows)) for name, mod in mods.items()}
        for case in cases:
            seconds = {}
            for impl, run in CASES[case].items():
                if impl in contexts:
                    repeats = args.optuna_repeats if impl == "optuna" else args.repeats
                    if args.max_seconds is None:
                        timed = time_case(run, contexts[impl], repeats)
                    else:
                        timed = time_case_limited(run, contexts[impl], repeats, args.max_seconds)
                    seconds[impl], result = timed
                    if case == "fanova" and result is not None:
                        fanova[(n_trials, impl)] = result
                    took = seconds[impl]
                    print(
                        f"  {case:<22} {n_trials:>6} {impl:<9} "
                        f"wall {took.show(took.wall):>9} s  cpu {took.show(took.cpu):>9} s",
                        flush=True,
                    )
            timings.append((case, n_trials, seconds))
    print_table(timings, list(mods))
    print_quality(fanova, list(mods))


def print_table(timings: list[tuple[str, int, dict[str, Timing]]], impls: list[str]) -> None:
    """Wall (and CPU) seconds per case and size, and Optuna's time over hpobench's."""
    heads = " | ".join(f"{i} wall s (cpu s)" for i in impls)
    print(f"\n| case | trials | {heads} | optuna / hpobench wall (cpu) |")
    print("|---|---:|" + "---:|" * len(impls) + "---:|")
    for case, n_trials, seconds in timings:
        cells = [
            f"{seconds[i].show(seconds[i].wall)} ({seconds[i].show(seconds[i].cpu)})"
            if i in seconds
            else "-"
            for i in impls
        ]
        ratio = "-"
        if "optuna" in seconds and "hpobench" in seconds:
            theirs, ours = seconds["optuna"], seconds["hpobench"]
            at_least = ">" if theirs.timed_out else ""
            ratio = (
                f"{at_least}{theirs.wall / ours.wall:.1f}x "
                f"({at_least}{theirs.cpu / ours.cpu:.1f}x)"
            )
        print(f"| {case} | {n_trials} | " + " | ".join(cells) + f" | {ratio} |")


def print_quality(fanova: dict[tuple[int, str], dict[str, float]], impls: list[str]) -> None:
    """fANOVA main effects next to the analytic shares, and the rank agreement."""
    sizes = sorted({n for n, _ in fanova})
    for n_trials in sizes:
        print(f"\nfANOVA main effects, {n_trials} trials (fractions of the total variance)")
        print("| param | analytic | " + " | ".join(impls) + " |")
        print("|---|---:|" + "---:|" * len(impls))
        for name in sorted(ANALYTIC_VARIANCE, key=lambda n: -ANALYTIC_VARIANCE[n]):
            cells = [
                f"{fanova[(n_trials, i)][name]:.3f}" if (n_trials, i) in fanova else "-"
                for i in impls
            ]
            analytic = ANALYTIC_VARIANCE[name] / TOTAL_VARIANCE
            print(f"| {name} | {analytic:.3f} | " + " | ".join(cells) + " |")
        analytic_dict = dict(sorted(ANALYTIC_VARIANCE.items(), key=lambda kv: -kv[1]))
        for impl in impls:
            if (n_trials, impl) in fanova:
                print(f"{impl} vs analytic: {agreement(fanova[(n_trials, impl)], analytic_dict)}")
        if (n_trials, "optuna") in fanova and (n_trials, "hpobench") in fanova:
            ours, theirs = fanova[(n_trials, "hpobench")], fanova[(n_trials, "optuna")]
            print(f"hpobench vs optuna: {agreement(ours, theirs)}")
            # Optuna measures log parameters on the raw scale, hpobench on the log scale.
            linear = [n for n in ours if n not in LOG_PARAMS]
            print(
                "hpobench vs optuna without the log-scaled parameters: "
                + agreement({n: ours[n] for n in linear}, {n: theirs[n] for n in linear})
            )


if __name__ == "__main__":
    main()
