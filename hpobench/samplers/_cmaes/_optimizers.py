"""Building the ``cmaes`` optimizers over the unit cube, and the WS-CMA-ES warm start."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from hpobench.samplers._cmaes._space import UnitCubeSpace
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

_WARM_START_GAMMA = 0.1
_WARM_START_ALPHA = 0.1
MIN_WARM_START_TRIALS = math.ceil(1 / _WARM_START_GAMMA)


def _cmaes() -> Any:
    # Imported on first use: cmaes pulls in scipy.stats, which would otherwise cost
    # every ``import hpobench`` (and every worker process) about a second.
    try:
        import cmaes
    except ImportError as exc:  # pragma: no cover - cmaes is a core dependency
        raise ImportError(
            "CmaEsSampler needs the 'cmaes' package (a dependency of hpobench): pip install cmaes"
        ) from exc
    return cmaes


def make_optimizer(
    kind: str,
    space: UnitCubeSpace,
    mean: np.ndarray,
    sigma: float,
    popsize: int,
    cov: np.ndarray | None,
    lr_adapt: bool,
) -> Any:
    """Return a ``cmaes`` optimizer of ``kind`` ("full", "sep" or "margin") on the cube."""
    bounds = np.tile([0.0, 1.0], (space.dim, 1))
    mean = np.clip(np.asarray(mean, dtype=float), 0.0, 1.0)
    common = {"seed": 0, "population_size": popsize}
    if kind == "margin":
        sizes = space.grid_sizes()
        discrete = sizes > 0
        steps = np.where(discrete, 1.0 / np.where(discrete, sizes, 1.0), 0.0)
        # Grid value k of n sits at (k + 1/2) / n, the centre of its share of the cube.
        bounds[discrete, 0] = steps[discrete] / 2
        bounds[discrete, 1] = 1.0 - steps[discrete] / 2
        return _cmaes().CMAwM(mean, sigma, bounds, steps, cov=cov, **common)
    if kind == "sep" and space.dim > 1:
        return _cmaes().SepCMA(mean, sigma, bounds, **common)
    return _cmaes().CMA(mean, sigma, bounds, cov=cov, lr_adapt=lr_adapt, **common)


def warm_start(
    source_trials: list[FrozenTrial], space: UnitCubeSpace, sign: float
) -> tuple[np.ndarray, float, np.ndarray]:
    """Fit the initial mean, step size and covariance to the best source trials."""
    solutions = [
        (space.encode(t.params), sign * float(t.value))
        for t in source_trials
        if t.state == TrialState.COMPLETE
        and t.value is not None
        and not math.isnan(t.value)
        and all(n in t.params for n in space.names)
    ]
    needed = MIN_WARM_START_TRIALS
    if len(solutions) < needed:
        raise ValueError(
            f"source_trials must hold at least {needed} COMPLETE trials with parameters "
            f"{space.names}; got {len(solutions)}."
        )
    mean, sigma, cov = _cmaes().get_warm_start_mgd(
        solutions, gamma=_WARM_START_GAMMA, alpha=_WARM_START_ALPHA
    )
    return mean, float(sigma), cov
