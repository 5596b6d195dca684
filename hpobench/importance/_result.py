"""The named result of an importance evaluation, and its normalisation."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", str, tuple[str, str])


@dataclass(frozen=True)
class ImportanceResult:
    """Parameter importances with their spread and, for fANOVA, pairwise interactions.

    Attributes
    ----------
    importances : dict of str to float
        One number per parameter, sorted descending.
    std : dict of str to float or None
        The spread of each importance over the trees of the forest (a standard deviation,
        on the same scale as ``importances``); None for an evaluator without trees.
    interactions : dict of (str, str) to float or None
        fANOVA's pairwise interaction importances, sorted descending; None unless they
        were asked for from a :class:`FanovaImportanceEvaluator`.
    interaction_std : dict of (str, str) to float or None
        The spread of each interaction over the trees; None when ``interactions`` is.

    Examples
    --------
    >>> result = ImportanceResult({"x": 0.75, "y": 0.25}, None, None, None)
    >>> result.importances["x"]
    0.75
    """

    importances: dict[str, float]
    std: dict[str, float] | None
    interactions: dict[tuple[str, str], float] | None
    interaction_std: dict[tuple[str, str], float] | None


def sort_descending(values: Mapping[K, float]) -> dict[K, float]:
    """Return ``values`` as a dict sorted by value, largest first (ties keep their order)."""
    return dict(sorted(values.items(), key=lambda item: -item[1]))


def normalize_result(result: ImportanceResult) -> ImportanceResult:
    """Scale a result so that the main-effect importances sum to 1.

    Every number (importances, spreads, interactions) is divided by the sum of the
    main-effect importances, so an interaction stays comparable with a main effect. When
    that sum is 0 (for example a constant objective) the importances become equal shares,
    as in Optuna, and spreads and interactions become 0.
    """
    total = math.fsum(result.importances.values())
    if total > 0.0:
        scale = 1.0 / total
        importances = {name: value * scale for name, value in result.importances.items()}
    else:
        scale = 0.0
        share = 1.0 / len(result.importances) if result.importances else 0.0
        importances = dict.fromkeys(result.importances, share)
    return ImportanceResult(
        importances=sort_descending(importances),
        std=_scaled(result.std, scale),
        interactions=_scaled(result.interactions, scale),
        interaction_std=_scaled(result.interaction_std, scale),
    )


def _scaled(values: dict[K, float] | None, scale: float) -> dict[K, float] | None:
    if values is None:
        return None
    return {key: value * scale for key, value in values.items()}
