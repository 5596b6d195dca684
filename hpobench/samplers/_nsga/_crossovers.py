"""Crossovers of NSGA-II/III: they mix the numerical parameters of parents.

Each works on the parents' parameters on the sampler's internal scale (log for
``log=True``; integers and steps as reals, rounded afterwards) and returns one child.
Categorical parameters are always mixed by uniform crossover.
"""

from __future__ import annotations

import abc
import math
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from hpobench.study._study import Study


class BaseCrossover(abc.ABC):
    """The interface of crossovers: ``n_parents`` parents in, one child out.

    ``crossover(parents_params, rng, study, search_space_bounds)`` receives the
    parents as an array of shape ``(n_parents, n_params)``, a ``numpy.random.Generator``,
    the study, and the ``(n_params, 2)`` lower and upper bounds; it returns an array
    of shape ``(n_params,)``. Values outside the bounds are clipped by the sampler.
    """

    def __str__(self) -> str:
        return type(self).__name__

    @property
    @abc.abstractmethod
    def n_parents(self) -> int:
        """How many parents one child needs."""

    @abc.abstractmethod
    def crossover(
        self,
        parents_params: np.ndarray,
        rng: np.random.Generator,
        study: Study,
        search_space_bounds: np.ndarray,
    ) -> np.ndarray:
        """Return one child, an array of shape ``(n_params,)``."""


class UniformCrossover(BaseCrossover):
    """Take each parameter from the second parent with probability ``swapping_prob``.

    Parameters
    ----------
    swapping_prob : float, default=0.5
        In [0, 1].

    Examples
    --------
    >>> import numpy as np
    >>> child = UniformCrossover(1.0).crossover(
    ...     np.array([[0.0, 0.0], [1.0, 1.0]]), np.random.default_rng(0), None, None)
    >>> child.tolist()
    [1.0, 1.0]
    """

    n_parents = 2  # type: ignore[assignment]

    def __init__(self, swapping_prob: float = 0.5) -> None:
        self._swapping_prob = check_probability("swapping_prob", swapping_prob)

    def crossover(
        self,
        parents_params: np.ndarray,
        rng: np.random.Generator,
        study: Study,
        search_space_bounds: np.ndarray,
    ) -> np.ndarray:
        swap = rng.random(parents_params.shape[1]) < self._swapping_prob
        return np.where(swap, parents_params[1], parents_params[0])


class BLXAlphaCrossover(BaseCrossover):
    """Blend crossover BLX-alpha (Eshelman & Schaffer, 1993).

    Each parameter is drawn uniformly from the parents' interval widened by ``alpha``
    times its length on both sides.

    Parameters
    ----------
    alpha : float, default=0.5
        Widening factor, >= 0.
    """

    n_parents = 2  # type: ignore[assignment]

    def __init__(self, alpha: float = 0.5) -> None:
        self._alpha = check_real("alpha", alpha, 0.0, strict=False)

    def crossover(
        self,
        parents_params: np.ndarray,
        rng: np.random.Generator,
        study: Study,
        search_space_bounds: np.ndarray,
    ) -> np.ndarray:
        low = parents_params.min(axis=0)
        high = parents_params.max(axis=0)
        spread = self._alpha * (high - low)
        return rng.uniform(low - spread, high + spread)


class SBXCrossover(BaseCrossover):
    """Simulated binary crossover with bounds (Deb & Agrawal, 1995; Deb & Goyal, 1996).

    Two children are spread around the parents with a polynomial distribution of
    index ``eta`` that respects the bounds; then, per parameter, the children swap
    values with probability ``uniform_crossover_prob``, and the first child keeps each
    value with probability ``use_child_gene_prob`` (else the first parent's value).

    Parameters
    ----------
    eta : float or None, default=None
        Distribution index (> 0); large values keep children near their parents.
        None means 2 for one objective and 20 for several.
    uniform_crossover_prob : float, default=0.5
        In [0, 1].
    use_child_gene_prob : float, default=0.5
        In [0, 1].
    """

    n_parents = 2  # type: ignore[assignment]

    def __init__(
        self,
        eta: float | None = None,
        uniform_crossover_prob: float = 0.5,
        use_child_gene_prob: float = 0.5,
    ) -> None:
        self._eta = None if eta is None else check_real("eta", eta, 0.0, strict=True)
        self._uniform_crossover_prob = check_probability(
            "uniform_crossover_prob", uniform_crossover_prob
        )
        self._use_child_gene_prob = check_probability("use_child_gene_prob", use_child_gene_prob)

    def _children(
        self,
        p1: np.ndarray,
        p2: np.ndarray,
        rng: np.random.Generator,
        bounds: np.ndarray,
        eta: float,
    ) -> tuple[np.ndarray, np.ndarray]:
        y1, y2 = np.minimum(p1, p2), np.maximum(p1, p2)
        gap = y2 - y1
        safe = np.where(gap > 1e-14, gap, 1.0)
        u = rng.random(len(p1))
        power = 1.0 / (eta + 1.0)

        def spread(beta: np.ndarray) -> np.ndarray:
            alpha = 2.0 - beta ** -(eta + 1.0)
            low_side = (u * alpha) ** power
            high_side = (1.0 / np.maximum(2.0 - u * alpha, 1e-300)) ** power
            return np.where(u <= 1.0 / alpha, low_side, high_side)

        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            beta_low = spread(1.0 + 2.0 * (y1 - bounds[:, 0]) / safe)
            beta_high = spread(1.0 + 2.0 * (bounds[:, 1] - y2) / safe)
        mid = 0.5 * (y1 + y2)
        c1 = np.where(gap > 1e-14, mid - 0.5 * beta_low * gap, p1)
        c2 = np.where(gap > 1e-14, mid + 0.5 * beta_high * gap, p2)
        return c1, c2

    def crossover(
        self,
        parents_params: np.ndarray,
        rng: np.random.Generator,
        study: Study,
        search_space_bounds: np.ndarray,
    ) -> np.ndarray:
        eta = self._eta if self._eta is not None else _default_eta(study)
        p1, p2 = parents_params[0], parents_params[1]
        c1, c2 = self._children(p1, p2, rng, search_space_bounds, eta)
        n = len(p1)
        swap = rng.random(n) < self._uniform_crossover_prob
        child = np.where(swap, c2, c1)
        keep = rng.random(n) < self._use_child_gene_prob
        return np.where(keep, child, p1)


class VSBXCrossover(SBXCrossover):
    """Vector-wise SBX (after Ballester & Carter, 2003): each child has its own spread.

    Unlike SBX, the two children are not placed symmetrically about the parents'
    mean: each draws its own spread factor, which may contract towards or expand
    beyond the parents, so no region around them is excluded. The swapping and
    child-gene probabilities act as in :class:`SBXCrossover`.

    Parameters
    ----------
    eta : float or None, default=None
        Distribution index (> 0). None means 2 for one objective and 20 for several.
    uniform_crossover_prob : float, default=0.5
    use_child_gene_prob : float, default=0.5
    """

    def _children(
        self,
        p1: np.ndarray,
        p2: np.ndarray,
        rng: np.random.Generator,
        bounds: np.ndarray,
        eta: float,
    ) -> tuple[np.ndarray, np.ndarray]:
        n = len(p1)
        power = 1.0 / (eta + 1.0)

        def beta(u: np.ndarray) -> np.ndarray:
            # u <= 0.5 contracts (beta in [0, 1]), u > 0.5 expands (beta >= 1).
            return np.where(u <= 0.5, (2.0 * u) ** power, (1.0 / (2.0 * (1.0 - u))) ** power)

        b1 = beta(rng.random(n))
        b2 = beta(rng.random(n))
        c1 = 0.5 * ((1.0 + b1) * p1 + (1.0 - b1) * p2)
        c2 = 0.5 * ((1.0 - b2) * p1 + (1.0 + b2) * p2)
        return c1, c2


class UNDXCrossover(BaseCrossover):
    """Unimodal normal distribution crossover (Ono & Kobayashi, 1997).

    The child is drawn around the midpoint of the first two parents: along the line
    joining them with standard deviation ``sigma_xi`` times its length, and across it
    with standard deviation ``sigma_eta`` times the distance of the third parent from
    that line.

    Parameters
    ----------
    sigma_xi : float, default=0.5
        > 0.
    sigma_eta : float or None, default=None
        > 0; None means 0.35 / sqrt(n_params).
    """

    n_parents = 3  # type: ignore[assignment]

    def __init__(self, sigma_xi: float = 0.5, sigma_eta: float | None = None) -> None:
        self._sigma_xi = check_real("sigma_xi", sigma_xi, 0.0, strict=True)
        self._sigma_eta = (
            None if sigma_eta is None else check_real("sigma_eta", sigma_eta, 0.0, strict=True)
        )

    def crossover(
        self,
        parents_params: np.ndarray,
        rng: np.random.Generator,
        study: Study,
        search_space_bounds: np.ndarray,
    ) -> np.ndarray:
        x1, x2, x3 = parents_params[0], parents_params[1], parents_params[2]
        n = len(x1)
        mid = 0.5 * (x1 + x2)
        d = x2 - x1
        length = float(np.linalg.norm(d))
        unit = d / length if length > 0 else np.zeros(n)
        # Distance of the third parent from the line through the first two.
        offset = x3 - x1
        distance = float(np.linalg.norm(offset - offset.dot(unit) * unit))
        sigma_eta = self._sigma_eta if self._sigma_eta is not None else 0.35 / math.sqrt(n)
        across = rng.normal(0.0, sigma_eta, n)
        across -= across.dot(unit) * unit
        return mid + rng.normal(0.0, self._sigma_xi) * d + distance * across


class SPXCrossover(BaseCrossover):
    """Simplex crossover (Tsutsui, Yamamura & Higuchi, 1999) on three parents.

    The parents' simplex is expanded about its centroid by ``epsilon`` and the child
    is drawn uniformly from it.

    Parameters
    ----------
    epsilon : float or None, default=None
        Expansion rate (> 0); None means sqrt(n_parents + 1) = 2, the rate that keeps
        the parents' covariance.
    """

    n_parents = 3  # type: ignore[assignment]

    def __init__(self, epsilon: float | None = None) -> None:
        self._epsilon = (
            None if epsilon is None else check_real("epsilon", epsilon, 0.0, strict=True)
        )

    def crossover(
        self,
        parents_params: np.ndarray,
        rng: np.random.Generator,
        study: Study,
        search_space_bounds: np.ndarray,
    ) -> np.ndarray:
        k = len(parents_params)
        epsilon = self._epsilon if self._epsilon is not None else math.sqrt(k + 1)
        centre = parents_params.mean(axis=0)
        y = centre + epsilon * (parents_params - centre)
        c = np.zeros(parents_params.shape[1])
        for i in range(1, k):
            r = rng.random() ** (1.0 / i)
            c = r * (y[i - 1] - y[i] + c)
        return y[k - 1] + c


class BaseMutation(abc.ABC):
    """The interface of mutations of one numerical parameter.

    ``mutation(param, rng, study, search_space_bounds)`` receives the value on the
    sampler's internal scale and its ``(low, high)`` bounds and returns the mutated
    value. Categorical parameters are always mutated by a fresh uniform draw.
    """

    def __str__(self) -> str:
        return type(self).__name__

    @abc.abstractmethod
    def mutation(
        self,
        param: float,
        rng: np.random.Generator,
        study: Study,
        search_space_bounds: np.ndarray,
    ) -> float:
        """Return the mutated value."""


class PolynomialMutation(BaseMutation):
    """Bounded polynomial mutation (Deb & Goyal, 1996).

    The value moves by a polynomially distributed fraction of the range, scaled so
    that it stays within the bounds; a large ``eta`` keeps it close.

    Parameters
    ----------
    eta : float, default=20.0
        Distribution index, > 0.

    Examples
    --------
    >>> import numpy as np
    >>> x = PolynomialMutation().mutation(0.5, np.random.default_rng(0), None, np.array([0, 1]))
    >>> 0.0 <= x <= 1.0
    True
    """

    def __init__(self, eta: float = 20.0) -> None:
        self._eta = check_real("eta", eta, 0.0, strict=True)

    def mutation(
        self,
        param: float,
        rng: np.random.Generator,
        study: Study,
        search_space_bounds: np.ndarray,
    ) -> float:
        low, high = float(search_space_bounds[0]), float(search_space_bounds[1])
        width = high - low
        if width <= 0:
            return param
        power = 1.0 / (self._eta + 1.0)
        u = rng.random()
        if u < 0.5:
            room = 1.0 - (param - low) / width
            value = 2.0 * u + (1.0 - 2.0 * u) * room ** (self._eta + 1.0)
            delta = value**power - 1.0
        else:
            room = 1.0 - (high - param) / width
            value = 2.0 * (1.0 - u) + 2.0 * (u - 0.5) * room ** (self._eta + 1.0)
            delta = 1.0 - value**power
        return min(max(param + delta * width, low), high)


def _default_eta(study: Study | None) -> float:
    if study is not None and len(study.directions) > 1:
        return 20.0
    return 2.0


def check_probability(name: str, value: Any) -> float:
    """Return ``value`` as a float in [0, 1] or raise a ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a float in [0, 1]; got {value!r}.")
    if not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{name} must be a float in [0, 1]; got {value!r}.")
    return float(value)


def check_real(name: str, value: Any, low: float, *, strict: bool) -> float:
    """Return ``value`` as a finite float > ``low`` (``strict``) or >= ``low``."""
    bound = f"> {low}" if strict else f">= {low}"
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a float {bound}; got {value!r}.")
    v = float(value)
    if not math.isfinite(v) or v < low or (strict and v == low):
        raise ValueError(f"{name} must be a finite float {bound}; got {value!r}.")
    return v
