"""Multi-objective quality: hypervolume and IGD+ of each run's front, hypervolume over
trials, and empirical attainment surfaces (two objectives).

Objectives are turned into losses (maximised columns negated) before anything is measured;
hypervolumes come from the engine (:func:`hpobench.multi_objective.hypervolume`). The
reference point of a problem is, in this order: the one passed in, the suites problem's
``reference_point``, or the worst loss seen on the problem in each objective plus 10 % of
its observed range (noted in ``notes``). True fronts for IGD+ come from the suites
problem's ``pareto_front(n)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis._tables import BenchmarkData
from hpobench.multi_objective import hypervolume, non_dominated_mask


@dataclass(frozen=True)
class MultiObjectiveQuality:
    """The result of :func:`multiobjective_quality`.

    Attributes
    ----------
    runs : pandas.DataFrame
        Per run: ``run_id``, ``problem``, ``method``, ``repeat``, ``n_front`` (points on
        its front), ``hypervolume``, ``igd_plus`` (NaN without a true front).
    reference_points : dict of str to numpy.ndarray
        The reference point used per problem (in losses).
    notes : tuple of str
    """

    runs: pd.DataFrame
    reference_points: dict[str, np.ndarray]
    notes: tuple[str, ...]


def igd_plus(points: np.ndarray | Sequence, front: np.ndarray | Sequence) -> float:
    """Return IGD+ (Ishibuchi et al. 2015): the mean over the true ``front`` of the distance
    to the nearest point, counting only where the point is worse (losses).

    Examples
    --------
    >>> round(igd_plus([[1.0, 2.0], [2.0, 1.0]], [[0.5, 1.5], [1.5, 0.5]]), 6)
    0.707107
    """
    a = np.asarray(points, dtype=float)
    z = np.asarray(front, dtype=float)
    if a.ndim != 2 or z.ndim != 2 or a.shape[1] != z.shape[1] or not len(a) or not len(z):
        raise ValueError(
            f"points and front must be non-empty 2-D arrays with the same number "
            f"of columns; got shapes {a.shape} and {z.shape}."
        )
    gaps = np.maximum(a[None, :, :] - z[:, None, :], 0.0)
    return float(np.sqrt((gaps**2).sum(axis=2)).min(axis=1).mean())


def run_losses(data: BenchmarkData) -> dict[str, np.ndarray]:
    """Return each multi-objective run's COMPLETE values as losses, in trial order."""
    runs = data.runs[data.runs["n_objectives"] > 1].set_index("run_id")
    out = {}
    for run_id, block in data.trials[data.trials["run_id"].isin(runs.index)].groupby("run_id"):
        run = runs.loc[run_id]
        columns = ["value"] + [f"value_{i}" for i in range(1, int(run["n_objectives"]))]
        done = block[block["state"] == "COMPLETE"].sort_values("number")
        signs = np.array([-1.0 if d == "maximize" else 1.0 for d in run["directions"]])
        out[run_id] = done[columns].to_numpy(dtype=float) * signs
    return out


def reference_points(
    data: BenchmarkData,
    losses: Mapping[str, np.ndarray],
    given: Mapping[str, Sequence[float]] | None,
    notes: list[str],
) -> dict[str, np.ndarray]:
    """Resolve each problem's reference point (see the module docstring)."""
    given = dict(given or {})
    runs = data.runs.set_index("run_id")
    out = {}
    for problem in sorted({runs.loc[r, "problem"] for r in losses}):
        if problem in given:
            out[problem] = np.asarray(given[problem], dtype=float)
            continue
        suite_point = _suites_attribute(problem, "reference_point")
        if suite_point is not None:
            out[problem] = np.asarray(suite_point, dtype=float)
            continue
        seen = np.vstack(
            [v for r, v in losses.items() if runs.loc[r, "problem"] == problem and len(v)]
            or [np.zeros((0, 1))]
        )
        if not len(seen):
            continue
        worst, best = seen.max(axis=0), seen.min(axis=0)
        out[problem] = worst + 0.1 * np.where(worst > best, worst - best, 1.0)
        notes.append(
            f"{problem}: reference point {out[problem].round(6).tolist()} from the "
            "worst losses seen + 10 % of their range (no reference point known)"
        )
    return out


def multiobjective_quality(
    data: BenchmarkData,
    *,
    reference: Mapping[str, Sequence[float]] | None = None,
    fronts: Mapping[str, np.ndarray] | None = None,
    n_front: int = 1000,
) -> MultiObjectiveQuality:
    """Measure every multi-objective run's final front: hypervolume and IGD+.

    Parameters
    ----------
    data : BenchmarkData
    reference : mapping of problem to point, optional
        Reference points (in losses) that override the suites' ones.
    fronts : mapping of problem to array, optional
        True fronts (in losses); by default the suites problem's ``pareto_front(n_front)``.
    n_front : int, default=1000

    Returns
    -------
    MultiObjectiveQuality
    """
    notes: list[str] = []
    losses = run_losses(data)
    refs = reference_points(data, losses, reference, notes)
    runs = data.runs.set_index("run_id")
    true_fronts = {p: np.asarray(f, dtype=float) for p, f in (fronts or {}).items()}
    rows = []
    for run_id, points in losses.items():
        run = runs.loc[run_id]
        problem = run["problem"]
        if problem not in true_fronts:
            true_fronts[problem] = _suites_front(problem, n_front, notes)
        front = points[non_dominated_mask(points)] if len(points) else points
        hv = hypervolume(front, refs[problem]) if len(front) and problem in refs else math.nan
        truth = true_fronts[problem]
        igd = igd_plus(front, truth) if truth is not None and len(front) else math.nan
        rows.append(
            {
                "run_id": run_id,
                "problem": problem,
                "method": run["method"],
                "repeat": run["repeat"],
                "n_front": len(front),
                "hypervolume": hv,
                "igd_plus": igd,
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=["run_id", "problem", "method", "repeat", "n_front", "hypervolume", "igd_plus"],
    )
    return MultiObjectiveQuality(frame, refs, tuple(notes))


def hypervolume_curves(
    data: BenchmarkData, *, reference: Mapping[str, Sequence[float]] | None = None
) -> pd.DataFrame:
    """Return the hypervolume of each run's front after each COMPLETE trial.

    Returns
    -------
    pandas.DataFrame
        ``run_id``, ``problem``, ``method``, ``repeat``, ``trial`` (1-based count of
        COMPLETE trials), ``hypervolume``.
    """
    losses = run_losses(data)
    refs = reference_points(data, losses, reference, [])
    runs = data.runs.set_index("run_id")
    rows = []
    for run_id, points in losses.items():
        run = runs.loc[run_id]
        ref = refs.get(run["problem"])
        front = np.empty((0, points.shape[1]))
        hv = 0.0
        for i, point in enumerate(points, start=1):
            if ref is not None and not np.any(np.all(front <= point, axis=1)):
                front = np.vstack([front[~np.all(point <= front, axis=1)], point])
                hv = hypervolume(front, ref, assume_pareto=True)
            rows.append(
                (
                    run_id,
                    run["problem"],
                    run["method"],
                    run["repeat"],
                    i,
                    hv if ref is not None else math.nan,
                )
            )
    return pd.DataFrame(
        rows, columns=["run_id", "problem", "method", "repeat", "trial", "hypervolume"]
    )


def attainment_surface(fronts: Sequence[np.ndarray], k: int) -> np.ndarray:
    """Return the points of the ``k``-th empirical attainment surface of two-objective fronts.

    The surface bounds the region weakly dominated by at least ``k`` of the fronts; it is
    returned as its corner points, sorted by the first objective.

    Examples
    --------
    >>> attainment_surface([np.array([[1.0, 3.0], [3.0, 1.0]]), np.array([[2.0, 2.0]])], 2)
    array([[2., 3.],
           [3., 2.]])
    """
    fronts = [np.asarray(f, dtype=float).reshape(-1, 2) for f in fronts]
    if not 1 <= k <= len(fronts):
        raise ValueError(
            f"k must be between 1 and the number of fronts ({len(fronts)}); got {k!r}."
        )
    xs = np.unique(np.concatenate([f[:, 0] for f in fronts]))
    reach = np.full((len(fronts), len(xs)), np.inf)
    for i, f in enumerate(fronts):
        order = np.argsort(f[:, 0])
        running = np.minimum.accumulate(f[order, 1])
        idx = np.searchsorted(f[order, 0], xs, side="right") - 1
        reach[i, idx >= 0] = running[idx[idx >= 0]]
    level = np.sort(reach, axis=0)[k - 1]
    keep = np.isfinite(level) & np.concatenate([[True], level[1:] < level[:-1]])
    return np.column_stack([xs[keep], level[keep]])


def attainment_surfaces(
    data: BenchmarkData, *, percentiles: Sequence[float] = (0, 50, 100)
) -> pd.DataFrame:
    """Return the attainment surfaces of every two-objective (problem, method).

    A percentile ``p`` is the surface attained by at least ``max(1, ceil(p / 100 * n))`` of
    the ``n`` runs (0: the best, 50: the median, 100: the worst surface).

    Returns
    -------
    pandas.DataFrame
        ``problem``, ``method``, ``percentile``, ``f0``, ``f1`` (in losses).
    """
    losses = run_losses(data)
    runs = data.runs.set_index("run_id")
    frames = []
    groups: dict[tuple[str, str], list[np.ndarray]] = {}
    for run_id, points in losses.items():
        if points.shape[1] == 2:
            groups.setdefault(
                (runs.loc[run_id, "problem"], runs.loc[run_id, "method"]), []
            ).append(points)
    for (problem, method), fronts in sorted(groups.items()):
        fronts = [f for f in fronts if len(f)]
        for p in percentiles:
            if not fronts:
                continue
            k = max(1, math.ceil(p / 100.0 * len(fronts)))
            surface = attainment_surface(fronts, k)
            frames.append(
                pd.DataFrame(
                    {
                        "problem": problem,
                        "method": method,
                        "percentile": p,
                        "f0": surface[:, 0],
                        "f1": surface[:, 1],
                    }
                )
            )
    if not frames:
        return pd.DataFrame(columns=["problem", "method", "percentile", "f0", "f1"])
    return pd.concat(frames, ignore_index=True)


def _suites_attribute(problem: str, name: str) -> object:
    try:
        import suites

        return getattr(suites.get_problem(problem), name, None)
    except (ImportError, ValueError, TypeError):
        return None


def _suites_front(problem: str, n: int, notes: list[str]) -> np.ndarray | None:
    try:
        import suites

        instance = suites.get_problem(problem)
    except (ImportError, ValueError, TypeError):
        notes.append(f"{problem}: not a suites problem; no true front, IGD+ is NaN")
        return None
    if not hasattr(instance, "pareto_front"):
        notes.append(f"{problem}: the problem has no pareto_front(); IGD+ is NaN")
        return None
    return np.asarray(instance.pareto_front(n), dtype=float)
