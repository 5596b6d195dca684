from __future__ import annotations

import bisect

import numpy as np

from hpobench.multi_objective._sorting import as_losses, non_dominated_mask


def hypervolume(
    losses: np.ndarray | list, reference_point: np.ndarray | list, *, assume_pareto: bool = False
) -> float:
    """Return the volume dominated by ``losses`` and bounded by ``reference_point``.

    Smaller is better in every column. Points that do not dominate the reference
    point strictly contribute nothing. Two objectives take a sort and a sweep, three
    a sweep over the third objective keeping a 2-D staircase (about O(n log n) for
    fronts of moderate size), more the WFG algorithm of While et al. (2012), whose
    cost grows quickly with the number of objectives.

    Parameters
    ----------
    losses : array of shape (n, m)
    reference_point : array of shape (m,)
    assume_pareto : bool, default=False
        Skip the non-dominated filtering (the rows are already mutually non-dominated).

    Returns
    -------
    float

    Examples
    --------
    >>> hypervolume([[1, 2], [2, 1]], [3, 3])
    3.0
    """
    points, ref = _prepare(losses, reference_point)
    if len(points) == 0:
        return 0.0
    if not assume_pareto:
        points = np.unique(points, axis=0)
        points = points[non_dominated_mask(points)]
    return _hv(points, ref)


def hypervolume_contributions(
    losses: np.ndarray | list, reference_point: np.ndarray | list
) -> np.ndarray:
    """Return how much the hypervolume shrinks when each row alone is removed.

    A dominated row, a row that does not strictly dominate the reference point, and
    a row that has an exact duplicate all contribute 0.

    Examples
    --------
    >>> hypervolume_contributions([[1, 2], [2, 1], [2, 2]], [3, 3]).tolist()
    [1.0, 1.0, 0.0]
    """
    losses = as_losses(losses)
    ref = _as_reference(reference_point, losses.shape[1])
    out = np.zeros(len(losses))
    inside = np.flatnonzero(np.all(losses < ref, axis=1))
    if inside.size == 0:
        return out
    points = losses[inside]
    _, inverse, counts = np.unique(points, axis=0, return_inverse=True, return_counts=True)
    single = counts[inverse.reshape(-1)] == 1
    candidates = np.flatnonzero(non_dominated_mask(points) & single)
    for i in candidates:
        others = np.delete(points, i, axis=0)
        limited = np.maximum(others, points[i])
        out[inside[i]] = np.prod(ref - points[i]) - hypervolume(limited, ref)
    return out


def _as_reference(reference_point: np.ndarray | list, m: int) -> np.ndarray:
    ref = np.asarray(reference_point, dtype=float).reshape(-1)
    if ref.shape != (m,):
        raise ValueError(
            f"reference_point must have one value per objective ({m}); got shape {ref.shape}."
        )
    if np.isnan(ref).any():
        raise ValueError(f"reference_point must not contain NaN; got {ref.tolist()}.")
    return ref


def _prepare(
    losses: np.ndarray | list, reference_point: np.ndarray | list
) -> tuple[np.ndarray, np.ndarray]:
    points = as_losses(losses)
    ref = _as_reference(reference_point, points.shape[1])
    return points[np.all(points < ref, axis=1)], ref


def _hv(points: np.ndarray, ref: np.ndarray) -> float:
    """Hypervolume of mutually non-dominated points that all dominate ``ref`` strictly."""
    n, m = points.shape
    if n == 0:
        return 0.0
    if n == 1:
        return float(np.prod(ref - points[0]))
    if m == 1:
        return float(ref[0] - points[:, 0].min())
    if m == 2:
        return _hv_2d(points, ref)
    if m == 3:
        return _hv_3d(points, ref)
    return _hv_wfg(points, ref)


def _hv_2d(points: np.ndarray, ref: np.ndarray) -> float:
    # Non-dominated points sorted by the first objective descend in the second.
    order = np.argsort(points[:, 0], kind="stable")
    x = points[order, 0]
    y = points[order, 1]
    widths = np.diff(np.append(x, ref[0]))
    return float(np.sum(widths * (ref[1] - y)))


def _hv_3d(points: np.ndarray, ref: np.ndarray) -> float:
    # Sweep upwards in z. The (x, y) shadow of the points seen so far is a staircase
    # kept as x ascending / y descending lists; each insertion updates its area by the
    # part it newly covers, removing the steps it hides.
    order = np.argsort(points[:, 2], kind="stable")
    pts = points[order].tolist()
    rx, ry, rz = ref.tolist()
    xs: list[float] = []
    ys: list[float] = []
    area = 0.0
    volume = 0.0
    z_prev = pts[0][2]
    for px, py, pz in pts:
        volume += area * (pz - z_prev)
        z_prev = pz
        i = bisect.bisect_left(xs, px)
        if i > 0 and ys[i - 1] <= py:
            continue
        if i < len(xs) and xs[i] == px and ys[i] <= py:
            continue
        level = ys[i - 1] if i > 0 else ry
        left = px
        j = i
        while j < len(xs) and ys[j] >= py:
            area += (xs[j] - left) * (level - py)
            left, level = xs[j], ys[j]
            j += 1
        right = xs[j] if j < len(xs) else rx
        area += (right - left) * (level - py)
        xs[i:j] = [px]
        ys[i:j] = [py]
    volume += area * (rz - z_prev)
    return volume


def _hv_wfg(points: np.ndarray, ref: np.ndarray) -> float:
    # WFG: the volume is the sum of each point's exclusive volume against the points
    # after it: its box minus the volume of those points limited (component-wise max)
    # to the box. With the points in descending order of the last objective, every
    # limited point shares the current point's last value, so that volume is a slab
    # of height ref - last over an (m-1)-objective hypervolume.
    points = points[np.argsort(-points[:, -1], kind="stable")]
    head = points[:, :-1]
    ref_head = ref[:-1]
    total = 0.0
    for i in range(len(points)):
        height = ref[-1] - points[i, -1]
        box = float(np.prod(ref_head - head[i]))
        rest = head[i + 1 :]
        shadow = 0.0
        if len(rest):
            limited = np.unique(np.maximum(rest, head[i]), axis=0)
            limited = limited[np.all(limited < ref_head, axis=1)]
            if len(limited):
                shadow = _hv(limited[non_dominated_mask(limited)], ref_head)
        total += height * (box - shadow)
    return total
