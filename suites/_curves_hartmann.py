"""Multi-fidelity Hartmann functions: Hartmann3/6 with a fidelity-dependent bias and noise.

Step ``s`` of ``n_steps`` has fidelity ``u = log(s) / log(n_steps)`` (0 at the first step, 1 at
the last). Low fidelities flatten the function by lowering its weights,
``alpha' = alpha - bias (1 - u)`` (the fidelity bias of the multi-fidelity Hartmann functions
in the MF-GP-UCB/BOCA papers of Kandasamy et al.), and add keyed Gaussian noise of standard
deviation ``noise (1 - u)``; the log-scaled fidelity and the decaying noise follow
mf-prior-bench's MF-Hartmann. The last step is the exact Hartmann function, so ``f_star``
is the classic optimum.
"""

from __future__ import annotations

import numpy as np

from hpobench.distributions import BaseDistribution, FloatDistribution
from suites._curves_base import StepProblem, check_count, check_number, log_progress
from suites._registry import register

_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
_A3 = np.array([[3.0, 10, 30], [0.1, 10, 35], [3.0, 10, 30], [0.1, 10, 35]])
_P3 = 1e-4 * np.array(
    [[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]]
)
_A6 = np.array(
    [
        [10, 3, 17, 3.5, 1.7, 8],
        [0.05, 10, 17, 0.1, 8, 14],
        [3, 3.5, 1.7, 10, 17, 8],
        [17, 8, 0.05, 10, 0.1, 14],
    ]
)
_P6 = 1e-4 * np.array(
    [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ]
)
_SOURCE = "literature: Dixon & Szegő (1978), location refined numerically (BFGS, gtol 1e-12)"


class MFHartmann(StepProblem):
    """Hartmann on ``[0, 1]^d`` observed at ``n_steps`` fidelities (see the module docstring).

    Parameters
    ----------
    bias : float, default=0.5
        How much the lowest fidelity flattens the function, in ``[0, 1]`` (at 1 the
        smallest weight reaches 0).
    noise : float, default=0.1
        The noise standard deviation at the first step, in ``[0, 10]``; it shrinks to 0 at
        the last step.
    n_steps : int, default=27
        The number of fidelities (steps), at least 2.
    seed : int or None
        Keys the noise.

    Examples
    --------
    >>> p = MFHartmann3(bias=0.5, noise=0.0, n_steps=5)
    >>> float(p.evaluate(p.x_star[None, :])[0]) == p.f_star
    True
    """

    _a: np.ndarray
    _p: np.ndarray

    def __init__(
        self,
        bias: float = 0.5,
        noise: float = 0.1,
        n_steps: int = 27,
        *,
        seed: int | None = None,
    ) -> None:
        bias = check_number(self.family, "bias", bias, 0.0, 1.0)
        noise = check_number(self.family, "noise", noise, 0.0, 10.0)
        n_steps = check_count(self.family, "n_steps", n_steps, 2)
        tags = {f"dim={self._a.shape[1]}", "multi_min"} | ({"noisy"} if noise > 0 else set())
        super().__init__(
            {"bias": bias, "noise": noise, "n_steps": n_steps},
            n_steps=n_steps,
            tags=frozenset(tags),
            seed=seed,
        )
        self.bias, self.noise = bias, noise
        self.f_star_source = _SOURCE
        self.x_star = type(self).x_star.copy()

    @property
    def space(self) -> dict[str, BaseDistribution]:
        return {f"x{i}": FloatDistribution(0.0, 1.0) for i in range(self._a.shape[1])}

    def _curves(self, X: np.ndarray) -> np.ndarray:
        kernels = np.exp(-np.sum(self._a * (X[:, None, :] - self._p) ** 2, axis=2))  # (n, 4)
        progress = log_progress(self.n_steps)
        alphas = _ALPHA - self.bias * (1.0 - progress)[:, None]  # (n_steps, 4)
        values = -kernels @ alphas.T
        if self.noise > 0:
            values = values + self._noise(X, self.noise * (1.0 - progress))
        return values


class MFHartmann3(MFHartmann):
    """Multi-fidelity Hartmann3: minimum -3.86278 at (0.1146, 0.5556, 0.8525)."""

    family = "MFHartmann3"
    _a, _p = _A3, _P3
    f_star = -3.862779787332663
    x_star = np.array([0.11458888122541287, 0.5556488954739371, 0.8525469842172746])


class MFHartmann6(MFHartmann):
    """Multi-fidelity Hartmann6: minimum -3.32237 at (0.2017, 0.1500, 0.4769, ...)."""

    family = "MFHartmann6"
    _a, _p = _A6, _P6
    f_star = -3.3223680114155147
    x_star = np.array(
        [
            0.20168950909365746,
            0.15001069354111374,
            0.4768739729250998,
            0.2753324275220782,
            0.3116516172395686,
            0.6573005345536702,
        ]
    )


_CASES = [
    {"bias": 0.5, "noise": 0.1, "n_steps": 27},  # faithful low fidelities
    {"bias": 1.0, "noise": 0.4, "n_steps": 27},  # misleading low fidelities
]
register(MFHartmann3, cases=_CASES, suites=["learning-curves"])
register(MFHartmann6, cases=_CASES, suites=["learning-curves"])
