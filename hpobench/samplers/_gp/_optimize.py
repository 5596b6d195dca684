"""Maximise an acquisition function over the GP input space.

Start points are scrambled-Sobol candidates plus given points (the best observed
ones); the best few are refined by local search. Local search alternates batched
L-BFGS-B over the continuous columns (or, without gradients, shrinking random
perturbations) with coordinate-wise search over the discrete and categorical
columns: every grid value of a small grid (a neighbourhood of a large one) and every
choice of a categorical.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.optimize

from hpobench.samplers._gp._space import GPSpace

_N_ROUNDS = 2


def optimize_acquisition(
    acq: Any,
    space: GPSpace,
    seeds: np.ndarray,
    rng: np.random.Generator,
    n_candidates: int = 1024,
    n_local: int = 10,
) -> np.ndarray:
    """Return the GP input with the largest acquisition value found."""
    from scipy.stats import qmc  # scipy.stats is slow to import: pay it only here

    sobol = qmc.Sobol(space.dim, scramble=True, seed=rng)
    u = sobol.random(n_candidates)
    candidates = np.vstack([seeds, space.sobol_to_inputs(u)])
    values = acq(candidates)
    order = np.argsort(-values, kind="stable")
    starts = _distinct(candidates[order], n_local)
    xs, fs = starts, acq(starts)
    # Coordinate search can move a start into another basin of the continuous part.
    n_rounds = _N_ROUNDS if not space.is_continuous.all() else 1
    for _ in range(n_rounds):
        new_xs = _continuous_search(acq, space, xs, rng)
        new_xs = _coordinate_search(acq, space, new_xs)
        new_fs = acq(new_xs)
        better = new_fs > fs
        if not better.any():
            break
        xs[better], fs[better] = new_xs[better], new_fs[better]
    return xs[int(np.argmax(fs))]


def _distinct(sorted_points: np.ndarray, n: int) -> np.ndarray:
    _, first = np.unique(sorted_points, axis=0, return_index=True)
    return sorted_points[np.sort(first)[:n]].copy()


def _continuous_search(
    acq: Any, space: GPSpace, xs: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    cols = np.flatnonzero(space.is_continuous)
    if cols.size == 0:
        return xs.copy()
    if not acq.has_grad:
        return _perturbation_search(acq, xs, cols, rng)
    m = len(xs)

    # The starts are independent, so one L-BFGS-B run on their sum refines them all.
    def negative(z: np.ndarray) -> tuple[float, np.ndarray]:
        points = xs.copy()
        points[:, cols] = z.reshape(m, cols.size)
        value, grad = acq.value_and_grad(points, cols)
        return -float(value.sum()), -grad.ravel()

    result = scipy.optimize.minimize(
        negative,
        xs[:, cols].ravel(),
        jac=True,
        method="L-BFGS-B",
        bounds=[(0.0, 1.0)] * (m * cols.size),
        options={"maxiter": 40, "ftol": 1e-7},
    )
    out = xs.copy()
    out[:, cols] = np.clip(result.x.reshape(m, cols.size), 0.0, 1.0)
    return out


def _perturbation_search(
    acq: Any, xs: np.ndarray, cols: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    out, best = xs.copy(), acq(xs)
    for sd in (0.1, 0.03, 0.01):
        trial = np.repeat(out, 16, axis=0)
        trial[:, cols] = np.clip(
            trial[:, cols] + sd * rng.standard_normal((len(trial), cols.size)), 0, 1
        )
        values = acq(trial).reshape(len(out), 16)
        pick = values.argmax(1)
        improved = values[np.arange(len(out)), pick] > best
        chosen = trial.reshape(len(out), 16, -1)[np.arange(len(out)), pick]
        out[improved], best[improved] = (
            chosen[improved],
            values[np.arange(len(out)), pick][improved],
        )
    return out


def _coordinate_search(acq: Any, space: GPSpace, xs: np.ndarray) -> np.ndarray:
    xs = xs.copy()
    for j in np.flatnonzero(~space.is_continuous):
        for i in range(len(xs)):
            if space.is_cat[j]:
                options = np.arange(space.n_choices(j), dtype=float)
            else:
                options = np.append(space.discrete_options(j, xs[i, j]), xs[i, j])
            trial = np.repeat(xs[i : i + 1], len(options), axis=0)
            trial[:, j] = options
            xs[i] = trial[int(np.argmax(acq(trial)))]
    return xs
