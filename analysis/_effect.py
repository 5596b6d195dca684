"""Effect sizes of two samples of losses: Vargha–Delaney A and the rank-biserial r."""

from __future__ import annotations

import numpy as np

# Vargha & Delaney (2000): |A - 0.5| below 0.056, 0.138, 0.214 is negligible, small, medium.
_THRESHOLDS = ((0.056, "negligible"), (0.138, "small"), (0.214, "medium"))
EFFECTS = ("a12", "rank_biserial")


def vargha_delaney(loss_a: np.ndarray, loss_b: np.ndarray) -> float:
    """Return A12: the probability that a run of A beats (has a lower loss than) one of B.

    Ties count one half. 0.5 means no difference, 1 that A always wins.

    Examples
    --------
    >>> vargha_delaney(np.array([1.0, 2.0]), np.array([3.0, 2.0]))
    0.875
    """
    a, b = np.asarray(loss_a, float)[:, None], np.asarray(loss_b, float)[None, :]
    if a.size == 0 or b.size == 0:
        return float("nan")
    return float(((a < b).sum() + 0.5 * (a == b).sum()) / (a.size * b.size))


def rank_biserial(a12: float) -> float:
    """Return the rank-biserial correlation ``2 * A12 - 1`` (in [-1, 1], positive: A better)."""
    return 2.0 * a12 - 1.0


def magnitude(a12: float) -> str:
    """Label |A12 - 0.5| as negligible, small, medium or large (Vargha & Delaney's scale)."""
    if np.isnan(a12):
        return "n/a"
    gap = abs(a12 - 0.5)
    for limit, label in _THRESHOLDS:
        if gap < limit:
            return label
    return "large"


def check_rope(rope: float) -> float:
    """Validate a region of practical equivalence, a half-width on the A12 scale.

    Raises
    ------
    ValueError
        Unless ``0 <= rope < 0.5``.
    """
    if isinstance(rope, bool) or not isinstance(rope, (int, float)) or not 0 <= rope < 0.5:
        raise ValueError(f"rope must be a number in [0, 0.5) on the A12 scale; got {rope!r}.")
    return float(rope)
