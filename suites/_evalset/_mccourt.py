"""McCourt01–28 (the ones in the paper's case lists): radial kernel sums on ``[0, 1]^d``.

``f(x) = Σ_i c_i k(r_i(x))`` with one of three scaled distances to centre ``z_i``:

* ``"sq"``: ``r_i² = Σ_j e_ij (x_j - z_ij)²`` (the kernel receives ``r²``);
* ``"l1"``: ``r_i = Σ_j √e_ij |x_j - z_ij|``;
* ``"inf"``: ``r_i = max_j √e_ij |x_j - z_ij|``.

Kernels: inverse multiquadric ``1/√(1+r²)``, multiquadric ``√(1+r²)``, Gaussian
``exp(-r²)``, Matérn-like ``(1+r)e^{-r}`` and ``(1+r+0.333r²)e^{-r}``, exponential
``e^{-r}``, Bessel ``J0(r)``, the oscillating Gaussian ``cos(π r) e^{-r²}`` and the
plain distance ``r``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

import numpy as np
from scipy.special import j0

from suites._box import BoxProblem
from suites._evalset._mccourt_data import mccourt_arrays

__all__ = ["MCCOURT_CLASSES", "McCourt"]


def _scaled_distance(X: np.ndarray, z: np.ndarray, e: np.ndarray, kind: str) -> np.ndarray:
    """Return the ``(n, m)`` distances of rows of ``X`` to the ``m`` centres."""
    diff = X[:, None, :] - z[None, :, :]
    if kind == "sq":
        return np.einsum("nmd,md->nm", diff**2, e)
    weighted = np.abs(diff) * np.sqrt(e)[None, :, :]
    return weighted.sum(axis=2) if kind == "l1" else weighted.max(axis=2)


def _sqrt_nonneg(r2: np.ndarray) -> np.ndarray:
    return np.sqrt(np.maximum(r2, 0.0))


# kernel name -> (distance kind, kernel of that distance)
_KERNELS: dict[str, tuple[str, Callable[[np.ndarray], np.ndarray]]] = {
    "inverse_multiquadric": ("sq", lambda r2: 1.0 / np.sqrt(1.0 + r2)),
    "multiquadric": ("sq", lambda r2: np.sqrt(1.0 + r2)),
    "gaussian": ("sq", lambda r2: np.exp(-r2)),
    "cos_gaussian": ("sq", lambda r2: np.cos(np.pi * _sqrt_nonneg(r2)) * np.exp(-r2)),
    "matern3": ("sq", lambda r2: (1 + _sqrt_nonneg(r2)) * np.exp(-_sqrt_nonneg(r2))),
    "matern5": (
        "sq",
        lambda r2: (1 + _sqrt_nonneg(r2) + 0.333 * r2) * np.exp(-_sqrt_nonneg(r2)),
    ),
    "exponential": ("sq", lambda r2: np.exp(-_sqrt_nonneg(r2))),
    "bessel": ("sq", lambda r2: j0(_sqrt_nonneg(r2))),
    "l1": ("l1", lambda r: r),
    "l1_exponential": ("l1", lambda r: np.exp(-r)),
    "inf_exponential": ("inf", lambda r: np.exp(-r)),
    "inf_bessel": ("inf", lambda r: j0(r)),
}


class McCourt(BoxProblem):
    """Base of the McCourt functions: a kernel sum on the unit cube.

    Subclasses set ``family`` (which names the parameter table), ``fixed_dim`` and
    ``kernel`` (a key of the kernel table above).
    """

    kernel: ClassVar[str]

    @classmethod
    def bounds(cls, dim: int) -> tuple[Sequence[float], Sequence[float]]:
        return [0.0] * dim, [1.0] * dim

    def _f(self, X: np.ndarray) -> np.ndarray:
        z, e, c = mccourt_arrays(self.family)
        kind, kernel = _KERNELS[self.kernel]
        return kernel(_scaled_distance(X, z, e, kind)) @ c


def _mccourt_class(name: str, dim: int, kernel: str, tags: Sequence[str]) -> type[McCourt]:
    doc = (
        f"{name}: {kernel.replace('_', ' ')} kernel sum on ``[0, 1]^{dim}`` (evalset).\n\n"
        "Examples\n--------\n"
        f">>> from suites import get_problem\n>>> get_problem('{name}').dim\n{dim}\n"
    )
    attrs = {
        "family": name,
        "fixed_dim": dim,
        "kernel": kernel,
        "base_tags": frozenset(tags),
        "__doc__": doc,
        "__module__": __name__,
        "__qualname__": name,
    }
    return type(name, (McCourt,), attrs)


# name, dimension, kernel, evalset's classifiers
_SPECS: list[tuple[str, int, str, tuple[str, ...]]] = [
    ("McCourt01", 7, "inverse_multiquadric", ()),
    ("McCourt02", 7, "inverse_multiquadric", ()),
    ("McCourt03", 9, "gaussian", ()),
    ("McCourt06", 5, "multiquadric", ("bound_min",)),
    ("McCourt07", 6, "matern3", ("bound_min", "nonsmooth")),
    ("McCourt08", 4, "matern5", ("bound_min", "nonsmooth")),
    ("McCourt09", 3, "cos_gaussian", ("bound_min",)),
    ("McCourt10", 8, "inverse_multiquadric", ("bound_min",)),
    ("McCourt11", 8, "exponential", ("bound_min", "nonsmooth")),
    ("McCourt12", 7, "bessel", ("bound_min", "oscillatory")),
    ("McCourt13", 3, "gaussian", ("bound_min",)),
    ("McCourt14", 3, "gaussian", ("boring", "unimodal")),
    ("McCourt16", 4, "inverse_multiquadric", ("boring", "unimodal")),
    ("McCourt17", 7, "inverse_multiquadric", ("boring", "unimodal")),
    ("McCourt18", 8, "matern3", ("boring", "nonsmooth")),
    ("McCourt19", 2, "l1", ("nonsmooth",)),
    ("McCourt20", 2, "l1_exponential", ("nonsmooth",)),
    ("McCourt22", 5, "inf_exponential", ("nonsmooth",)),
    ("McCourt23", 6, "inf_bessel", ("nonsmooth", "bound_min")),
    ("McCourt26", 3, "l1_exponential", ("nonsmooth",)),
    ("McCourt27", 3, "l1_exponential", ("nonsmooth", "unimodal")),
    ("McCourt28", 4, "gaussian", ("unimodal",)),
]

MCCOURT_CLASSES: dict[str, type[McCourt]] = {
    name: _mccourt_class(name, dim, kernel, tags) for name, dim, kernel, tags in _SPECS
}
# Module attributes too, so that instances pickle (process pools) and doctest finds them.
globals().update(MCCOURT_CLASSES)
