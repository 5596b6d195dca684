"""Re-derive the optima of the evalset cases numerically (provenance of ``f_star``).

For every case of the ``evalset56`` and ``evalset-auc42`` problem suites this runs a
global search — SciPy's differential evolution (vectorised, fixed seed) followed by
Nelder–Mead and L-BFGS-B polishing from the best point and from evalset's stated
location — and enumerates integer coordinates (``int_dims``) one value at a time. It
prints, per case, evalset's stated minimum, the closed-form optimum if any, the numeric
one, and a Python table of the numeric optima for ``suites/_evalset/_optima.py``.

Usage::

    python benchmarks/problems_optima.py            # all cases (a few minutes)
    python benchmarks/problems_optima.py McCourt17  # cases of one function
    python benchmarks/problems_optima.py --check-closed  # also search closed-form cases
"""

from __future__ import annotations

import itertools
import sys
import time

import numpy as np
from scipy.optimize import differential_evolution, minimize

import suites
from suites._box import BoxProblem
from suites._evalset._optima import STATED


def _restricted(problem: BoxProblem, fixed: dict[int, float]):
    """The raw function of the free coordinates, with ``fixed`` coordinates set."""
    free = [i for i in range(problem.dim) if i not in fixed]

    def f(Z: np.ndarray) -> np.ndarray:
        Z = np.atleast_2d(Z)
        X = np.empty((Z.shape[0], problem.dim))
        X[:, free] = Z
        for i, v in fixed.items():
            X[:, i] = v
        with np.errstate(all="ignore"):
            out = problem._f(X)
        return np.where(np.isfinite(out), out, np.inf)

    return f, free


def _polish(f, x0: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[float, np.ndarray]:
    best_x, best_f = np.clip(x0, lo, hi), float(f(np.clip(x0, lo, hi))[0])
    for method in ("Nelder-Mead", "L-BFGS-B", "Powell", "Nelder-Mead"):
        res = minimize(
            lambda z: float(f(np.clip(z, lo, hi))[0]),
            best_x,
            method=method,
            bounds=list(zip(lo, hi)),
            options={"maxiter": 4000, "xatol": 1e-11, "fatol": 1e-14}
            if method == "Nelder-Mead"
            else {"maxiter": 4000},
        )
        x = np.clip(res.x, lo, hi)
        fx = float(f(x)[0])
        if fx < best_f:
            best_f, best_x = fx, x
    return _snap(f, best_f, best_x, lo, hi)


def _snap(f, best_f: float, best_x: np.ndarray, lo: np.ndarray, hi: np.ndarray):
    """Put coordinates within 1e-7 of a bound on it unless that worsens the value."""
    snapped = best_x.copy()
    snapped[np.abs(snapped - lo) < 1e-7] = lo[np.abs(snapped - lo) < 1e-7]
    snapped[np.abs(snapped - hi) < 1e-7] = hi[np.abs(snapped - hi) < 1e-7]
    f_snapped = float(f(snapped)[0])
    tolerance = 1e-12 * max(1.0, abs(best_f))  # rounding noise only
    return (f_snapped, snapped) if f_snapped <= best_f + tolerance else (best_f, best_x)


def _search_continuous(f, lo, hi, starts, seed):
    if len(lo) == 0:
        return float(f(np.empty((1, 0)))[0]), np.empty(0)
    results = [
        differential_evolution(
            lambda Z: f(Z.T),
            list(zip(lo, hi)),
            seed=seed + k,
            popsize=20,
            maxiter=1500,
            tol=1e-12,
            mutation=(0.5, 1.0),
            recombination=0.7,
            polish=False,
            vectorized=True,
            updating="deferred",
        )
        for k in range(2)
    ]
    best = (np.inf, None)
    for x0 in [*(r.x for r in results), *starts]:
        cand = _polish(f, np.asarray(x0, float), lo, hi)
        if cand[0] < best[0]:
            best = cand
    return best


def derive(problem: BoxProblem, seed: int = 0) -> tuple[float, np.ndarray]:
    """Return the best ``(f, x)`` found for ``problem``'s undiscretised function."""
    ints = list(problem.int_dims)
    grids = [
        range(int(np.ceil(problem.lows[i])), int(np.floor(problem.highs[i])) + 1) for i in ints
    ]
    best_f, best_x = np.inf, None
    for values in itertools.product(*grids):
        fixed = dict(zip(ints, map(float, values)))
        f, free = _restricted(problem, fixed)
        lo, hi = problem.lows[free], problem.highs[free]
        stated = STATED.get((problem.family, problem.dim))
        starts = [] if stated is None else [np.asarray(stated[1], float)[free]]
        fz, z = _search_continuous(f, lo, hi, starts, seed)
        if fz < best_f:
            best_f = fz
            best_x = np.empty(problem.dim)
            best_x[free] = z
            for i, v in fixed.items():
                best_x[i] = v
    return best_f, best_x


def main(names: list[str], check_closed: bool = False) -> None:
    ids = dict.fromkeys(suites.list_problems("evalset56") + suites.list_problems("evalset-auc42"))
    for case_id in list(ids):  # the plain function of integer-restricted cases, too
        problem = suites.get_problem(case_id)
        if problem.int_dims:
            ids.setdefault(f"{problem.family}(dim={problem.dim})")
    rows, table = [], {}
    for case_id in ids:
        problem = suites.get_problem(case_id)
        if names and problem.family not in names:
            continue
        plain = (
            suites.get_problem(case_id.replace(f",res={problem.res}", ""))
            if problem.res
            else problem
        )
        stated = STATED.get((problem.family, problem.dim), (None,))[0]
        # Cases with a closed form (or a separable 1-D search) are only re-checked on demand.
        tabulated = plain.f_star_source.startswith("numeric: differential evolution")
        closed = None if tabulated else plain.f_star
        if closed is not None and not check_closed:
            print(f"{case_id:45s} stated={stated!s:>22} closed={closed!r}")
            continue
        t0 = time.perf_counter()
        f_num, x_num = derive(plain)
        rows.append((case_id, stated, closed, f_num, time.perf_counter() - t0))
        print(
            f"{case_id:45s} stated={stated!s:>22} closed={closed!s:>22} numeric={f_num!r}",
            flush=True,
        )
        if closed is None:
            key = (plain.family, plain.dim, plain.int_dims)
            table[key] = (f_num, x_num.tolist())
            print(f"    ROW {key!r}: ({f_num!r}, {[float(v) for v in x_num]!r}),", flush=True)
    print("\nNUMERIC_OPTIMA = {")
    for key, (f, x) in table.items():
        print(f"    {key!r}: ({f!r}, {[float(v) for v in x]!r}),")
    print("}")


if __name__ == "__main__":
    args = sys.argv[1:]
    main([a for a in args if a != "--check-closed"], check_closed="--check-closed" in args)
