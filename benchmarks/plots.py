"""Plot construction time: hpobench.visualization against Optuna's, side by side.

Builds the same random studies for every implementation from one seeded numpy
generator -- one objective and 10 parameters (8 floats, two of them log-scaled, one
categorical, one int), and a two-objective study for the Pareto-front and hypervolume
plots -- added with ``create_trial``/``add_trials`` so both engines hold identical
trials. Then times each ``plot_*`` call (figure construction, not rendering to an
image) for ``hpobench`` and, when importable, ``optuna``, with plotly and with
matplotlib. Every function is called once on a tiny study first so that one-off
imports are not counted.

The param-importance plot uses each library's default evaluator (hpobench: fANOVA;
Optuna 5: PED-ANOVA), which is what a user gets.

Usage (Optuna's side needs a venv with optuna and hpobench installed)::

    python3.11 -m venv /root/venvs/bench
    /root/venvs/bench/bin/pip install optuna && /root/venvs/bench/bin/pip install -e .
    /root/venvs/bench/bin/python benchmarks/plots.py --sizes 1000,5000
    /root/venvs/bench/bin/python benchmarks/plots.py --skip optuna:plotly:contour:5000
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

N_FLOATS, CHOICES, SEED = 8, ("a", "b", "c"), 0
LOG_FLOATS = (6, 7)
REFERENCE_POINT = (1.5, 1.5)

PLOTS: dict[str, Callable[[Any, Any, Any], Any]] = {
    "optimization_history": lambda v, s, m: v.plot_optimization_history(s),
    "intermediate_values": lambda v, s, m: v.plot_intermediate_values(s),
    "parallel_coordinate": lambda v, s, m: v.plot_parallel_coordinate(s),
    "contour": lambda v, s, m: v.plot_contour(s),
    "slice": lambda v, s, m: v.plot_slice(s),
    "param_importances": lambda v, s, m: v.plot_param_importances(s),
    "edf": lambda v, s, m: v.plot_edf(s),
    "rank": lambda v, s, m: v.plot_rank(s),
    "pareto_front": lambda v, s, m: v.plot_pareto_front(m),
    "hypervolume_history": lambda v, s, m: v.plot_hypervolume_history(m, REFERENCE_POINT),
    "timeline": lambda v, s, m: v.plot_timeline(s),
}


def make_rows(n_trials: int, seed: int = SEED) -> list[dict[str, Any]]:
    """Return ``n_trials`` random parameter sets with their two objective values."""
    rng = np.random.default_rng(seed)
    floats = rng.uniform(-5.0, 5.0, (n_trials, N_FLOATS))
    for j in LOG_FLOATS:
        floats[:, j] = 10.0 ** rng.uniform(-4.0, 0.0, n_trials)
    choice = rng.integers(0, len(CHOICES), n_trials)
    ints = rng.integers(1, 11, n_trials)
    # Four reported steps per trial, so that the intermediate-value plot has curves.
    noise = rng.normal(0.0, 0.1, (n_trials, 4))
    rows = []
    for i in range(n_trials):
        params = {f"x{j}": float(floats[i, j]) for j in range(N_FLOATS)}
        params["cat"] = CHOICES[choice[i]]
        params["n"] = int(ints[i])
        value = float(np.sum(floats[i, :6] ** 2) + choice[i] + 0.1 * ints[i])
        second = float(np.abs(floats[i, 0] - 1.0) + floats[i, 6])
        curve = {step: value * (1.0 + 1.0 / (step + 1)) + noise[i, step] for step in range(4)}
        rows.append({"params": params, "values": (value, second), "curve": curve})
    return rows


def build(mod: Any, rows: list[dict[str, Any]], name: str) -> tuple[Any, Any]:
    """Return a single- and a two-objective study of ``mod`` holding ``rows``."""
    dists = mod.distributions
    space: dict[str, Any] = {
        f"x{j}": dists.FloatDistribution(1e-4, 1.0, log=True)
        if j in LOG_FLOATS
        else dists.FloatDistribution(-5.0, 5.0)
        for j in range(N_FLOATS)
    }
    space["cat"] = dists.CategoricalDistribution(CHOICES)
    space["n"] = dists.IntDistribution(1, 10)
    single = mod.create_study(study_name=f"{name}-single")
    multi = mod.create_study(study_name=f"{name}-multi", directions=["minimize", "minimize"])
    single.add_trials(
        [
            mod.trial.create_trial(
                params=r["params"],
                distributions=space,
                value=r["values"][0],
                intermediate_values=r["curve"],
            )
            for r in rows
        ]
    )
    scale = max(r["values"][0] for r in rows)
    multi.add_trials(
        [
            mod.trial.create_trial(
                params=r["params"],
                distributions=space,
                values=[r["values"][0] / scale, r["values"][1] / 10.0],
            )
            for r in rows
        ]
    )
    return single, multi


Timing = tuple[float, float]  # (wall seconds, CPU seconds of this process)
Row = tuple[str, str, int, str, Timing | None]  # plot, backend, trials, impl, timing


def time_call(call: Callable[[], Any]) -> Timing:
    """Return the wall and CPU seconds ``call`` takes; matplotlib figures are released.

    CPU time is the fairer figure on a shared machine: other processes stretch the wall
    time but not it.
    """
    # A collection of the previous plot's garbage must not land inside this timing.
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    out = call()
    elapsed = (time.perf_counter() - wall, time.process_time() - cpu)
    _close(out)
    return elapsed


def _close(out: Any) -> None:
    # Optuna's matplotlib plots live in pyplot's figure list; release them.
    axes = out.flat[0] if isinstance(out, np.ndarray) else out
    figure = getattr(axes, "figure", None)
    if figure is not None and "matplotlib.pyplot" in sys.modules:
        importlib.import_module("matplotlib.pyplot").close(figure)


def backends(mod: Any, which: list[str]) -> dict[str, Any]:
    """Return the visualization modules of ``mod`` to time, by backend name."""
    found = {}
    if "plotly" in which:
        found["plotly"] = importlib.import_module(f"{mod.__name__}.visualization")
    if "matplotlib" in which:
        found["matplotlib"] = importlib.import_module(f"{mod.__name__}.visualization.matplotlib")
    return found


def run(args: argparse.Namespace) -> list[Row]:
    """Time every plot; return rows (plot, backend, n_trials, impl, timing or None)."""
    results = []
    impls = [importlib.import_module(name) for name in _importable(args.impls.split(","))]
    for mod in impls:
        mod.logging.set_verbosity(mod.logging.ERROR)
    tiny = make_rows(20)
    for n in [int(size) for size in args.sizes.split(",")]:
        rows = make_rows(n)
        for mod in impls:
            studies = build(mod, rows, f"n{n}")
            warm = build(mod, tiny, f"warm{n}")
            for backend, vis in backends(mod, args.backends.split(",")).items():
                for plot, call in PLOTS.items():
                    if plot not in args.plots.split(",") and args.plots != "all":
                        continue
                    key = f"{mod.__name__}:{backend}:{plot}:{n}"
                    if key in args.skip.split(","):
                        results.append((plot, backend, n, mod.__name__, None))
                        continue
                    time_call(lambda c=call, v=vis, w=warm: c(v, *w))
                    timing = time_call(lambda c=call, v=vis, s=studies: c(v, *s))
                    results.append((plot, backend, n, mod.__name__, timing))
                    print(f"{key:55s} wall {timing[0]:8.3f} s  cpu {timing[1]:8.3f} s", flush=True)
    return results


def _importable(names: list[str]) -> list[str]:
    found = []
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            print(f"{name} is not importable; its column is left out.")
        else:
            found.append(name)
    return found


def table(results: list[Row]) -> str:
    """Return the results as a markdown table, one row per plot, backend and size."""
    cells: dict[tuple[str, str, int], dict[str, Timing | None]] = {}
    for plot, backend, n, impl, timing in results:
        cells.setdefault((plot, backend, n), {})[impl] = timing
    lines = [
        "| plot | backend | trials | hpobench wall s | hpobench cpu s | optuna wall s "
        "| optuna cpu s | optuna / hpobench (cpu) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for (plot, backend, n), by_impl in cells.items():
        ours, theirs = by_impl.get("hpobench", ()), by_impl.get("optuna", ())
        ratio = f"{theirs[1] / ours[1]:.1f}" if ours and theirs and ours[1] > 0 else "-"
        lines.append(f"| {plot} | {backend} | {n} | {_fmt(ours)} | {_fmt(theirs)} | {ratio} |")
    return "\n".join(lines)


def _fmt(timing: Timing | tuple[()] | None) -> str:
    # None: skipped with --skip; (): that implementation was not run.
    if timing is None:
        return "skipped | skipped"
    if not timing:
        return "- | -"
    return f"{timing[0]:.3f} | {timing[1]:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,5000", help="comma-separated trial counts")
    parser.add_argument("--impls", default="hpobench,optuna")
    parser.add_argument("--backends", default="plotly,matplotlib")
    parser.add_argument("--plots", default="all", help="comma-separated plot names or all")
    parser.add_argument(
        "--skip", default="", help="comma-separated impl:backend:plot:n keys not to run"
    )
    args = parser.parse_args()
    logging.getLogger("optuna").setLevel(logging.ERROR)
    warnings.simplefilter("ignore")
    print(table(run(args)))


if __name__ == "__main__":
    main()
