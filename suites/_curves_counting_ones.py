"""Counting Ones (Falkner, Klein & Hutter, 2018, BOHB): a mixed categorical/continuous problem
whose fidelity is the number of Monte-Carlo samples.

With ``n_cat`` binary categorical and ``n_cont`` continuous parameters in ``[0, 1]``, the
objective is ``-(sum of the categorical values + sum_j mean of m Bernoulli(x_j) draws)``,
minimised; its expectation is ``-(sum x)`` and the optimum ``-(n_cat + n_cont)`` at all ones.
Step ``s`` uses ``m = s * samples_per_step`` draws. The draws are common random numbers:
``Bernoulli(x_j)`` is ``U_jk < x_j`` for uniforms ``U`` fixed by the seed, so the estimate at
a step is a deterministic, monotone function of ``x`` and later steps reuse earlier draws.
"""

from __future__ import annotations

import numpy as np

from hpobench.distributions import BaseDistribution, CategoricalDistribution, FloatDistribution
from suites._curves_base import StepProblem, check_count
from suites._registry import register


class CountingOnes(StepProblem):
    """Counting Ones with ``n_cat`` binary and ``n_cont`` continuous parameters.

    Parameters
    ----------
    n_cat, n_cont : int, default=4
        The numbers of categorical (choices 0 and 1) and continuous parameters; their sum
        must be at least 1. The space lists the categorical ones first (``x0``, ...).
    n_steps : int, default=27
        The number of steps.
    samples_per_step : int, default=27
        Draws added per step; the last step uses ``n_steps * samples_per_step`` (729 by
        default, BOHB's largest budget).
    seed : int or None
        Fixes the uniforms behind the Bernoulli draws.

    Examples
    --------
    >>> p = CountingOnes(n_cat=2, n_cont=2, n_steps=3, samples_per_step=9, seed=0)
    >>> p.f_star, float(p.evaluate(p.x_star[None, :])[0])
    (-4.0, -4.0)
    """

    family = "CountingOnes"
    f_star_source = "analytic: every parameter at 1"

    def __init__(
        self,
        n_cat: int = 4,
        n_cont: int = 4,
        n_steps: int = 27,
        samples_per_step: int = 27,
        *,
        seed: int | None = None,
    ) -> None:
        n_cat = check_count(self.family, "n_cat", n_cat, 0)
        n_cont = check_count(self.family, "n_cont", n_cont, 0)
        if n_cat + n_cont < 1:
            raise ValueError(
                f"n_cat + n_cont of {self.family} must be at least 1; got n_cat={n_cat}, "
                f"n_cont={n_cont}."
            )
        samples = check_count(self.family, "samples_per_step", samples_per_step, 1)
        tags = {f"dim={n_cat + n_cont}", "unimodal", "noisy"}
        if n_cat and n_cont:
            tags.add("mixed_int")
        super().__init__(
            {"n_cat": n_cat, "n_cont": n_cont, "n_steps": n_steps, "samples_per_step": samples},
            n_steps=n_steps,
            tags=frozenset(tags),
            seed=seed,
        )
        self.n_cat, self.n_cont, self.samples_per_step = n_cat, n_cont, samples
        self.f_star = -float(n_cat + n_cont)
        self.x_star = np.ones(n_cat + n_cont)
        rng = np.random.default_rng(self.entropy)
        self._uniforms = rng.random((n_cont, self.n_steps * samples))

    @property
    def space(self) -> dict[str, BaseDistribution]:
        space: dict[str, BaseDistribution] = {
            f"x{i}": CategoricalDistribution([0, 1]) for i in range(self.n_cat)
        }
        for i in range(self.n_cat, self.n_cat + self.n_cont):
            space[f"x{i}"] = FloatDistribution(0.0, 1.0)
        return space

    def _curves(self, X: np.ndarray) -> np.ndarray:
        categorical = X[:, : self.n_cat].sum(axis=1)
        # successes[i, j, k]: draw k of parameter j succeeds for row i.
        successes = self._uniforms[None, :, :] < X[:, self.n_cat :, None]
        cumulative = np.cumsum(successes.sum(axis=1), axis=1)  # (n, total draws)
        draws = self.samples_per_step * np.arange(1, self.n_steps + 1)
        means = cumulative[:, draws - 1] / draws
        return -(categorical[:, None] + means)


register(
    CountingOnes,
    cases=[
        {"n_cat": 4, "n_cont": 4, "n_steps": 27, "samples_per_step": 27},
        {"n_cat": 8, "n_cont": 8, "n_steps": 27, "samples_per_step": 27},
    ],
    suites=["learning-curves"],
)
