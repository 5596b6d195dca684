"""The benchmark problem: a search space, directions and a vectorised objective.

Every family (evalset functions, classic functions, ML tasks, learning curves,
multi-objective and constrained problems) subclasses :class:`Problem`. A problem is
evaluated two ways that must agree:

* ``problem.evaluate(X)`` on an ``(n, d)`` array, for fast offline work (benchmarks of the
  problems themselves, property tests, optimum checks);
* ``study.optimize(problem)``, where :meth:`Problem.__call__` suggests every parameter,
  sets the constraints, reports the steps of multi-fidelity problems and returns the value.

Subclass contract: a class is built as ``Cls(**case_params, seed=seed)`` (the registry
and :meth:`Problem.with_seed` rely on it), its ``__init__`` calls
``super().__init__(case_params, seed=seed)``, and it sets the class or instance attributes
below that differ from the defaults.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

import numpy as np

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.exceptions import TrialPruned

__all__ = ["Problem", "format_case_id", "suggest_param"]


def format_case_id(family: str, case_params: Mapping[str, Any]) -> str:
    """Return the case id ``"Family(k=v,...)"``, or ``"Family"`` without parameters.

    Values are written with ``repr`` for strings and ``str`` otherwise, so that
    :func:`suites.get_problem` parses the id back to the same parameters.

    Examples
    --------
    >>> format_case_id("McCourt16", {"dim": 4, "res": 10})
    'McCourt16(dim=4,res=10)'
    >>> format_case_id("Alpine02", {"dim": 2, "int_dims": [0, 1]})
    'Alpine02(dim=2,int_dims=[0,1])'
    >>> format_case_id("Branin", {})
    'Branin'
    """
    if not case_params:
        return family
    parts = [f"{k}={_format_value(v)}" for k, v in case_params.items()]
    return f"{family}({','.join(parts)})"


def _format_value(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_format_value(v) for v in value) + "]"
    return str(value)


class Problem(abc.ABC):
    """A benchmark problem: a search space, directions and an objective.

    Attributes
    ----------
    family : str
        The problem's family, e.g. ``"McCourt16"``, ``"ZDT1"``, ``"SVM-digits"``.
    case_params : dict
        The parameters that make this case of the family, e.g. ``{"dim": 4, "res": 10}``.
    seed : int or None
        The seed of the problem's random elements (noise, data split, model seed).
    directions : tuple of str
        ``("minimize",)`` or one direction per objective.
    f_star : float or None
        The known optimum of a single-objective problem; None when unknown.
    f_star_source : str
        Where ``f_star`` comes from: ``"analytic"``, ``"literature: <ref>"``,
        ``"numeric: <how>"`` or ``"unknown"``.
    x_star : numpy.ndarray or None
        A location of ``f_star`` in space order: ``evaluate(x_star[None]) == f_star``.
    tags : frozenset of str
        Evalset's vocabulary (``"unimodal"``, ``"boundary_min"``, ...) plus ``"mixed_int"``,
        ``"discrete"``, ``"noisy"``, ``"multi_objective"``, ``"constrained"``, ``"ml"``,
        ``"multi_fidelity"`` and ``"dim=<d>"``.
    n_steps : int or None
        The number of steps a multi-fidelity problem reports; None otherwise.
    n_constraints : int
        The number of constraints (feasible when all are ``<= 0``); 0 when unconstrained.

    Examples
    --------
    >>> import numpy as np
    >>> from hpobench.distributions import FloatDistribution
    >>> class Sphere(Problem):
    ...     family = "Sphere"
    ...     f_star, f_star_source = 0.0, "analytic"
    ...     def __init__(self, dim=2, *, seed=None):
    ...         super().__init__({"dim": dim}, seed=seed)
    ...         self.x_star = np.zeros(dim)
    ...     @property
    ...     def space(self):
    ...         d = self.case_params["dim"]
    ...         return {f"x{i}": FloatDistribution(-1.0, 1.0) for i in range(d)}
    ...     def evaluate(self, X):
    ...         return np.sum(self._check_X(X) ** 2, axis=1)
    >>> p = Sphere(dim=3)
    >>> p.case_id
    'Sphere(dim=3)'
    >>> float(p.evaluate(np.ones((1, 3)))[0])
    3.0
    """

    family: ClassVar[str]
    directions: tuple[str, ...] = ("minimize",)
    f_star: float | None = None
    f_star_source: str = "unknown"
    x_star: np.ndarray | None = None
    tags: frozenset[str] = frozenset()
    n_steps: int | None = None
    n_constraints: int = 0

    def __init__(self, case_params: Mapping[str, Any] | None = None, *, seed: int | None = None):
        if seed is not None and (
            isinstance(seed, bool) or not isinstance(seed, (int, np.integer))
        ):
            raise TypeError(f"seed of {type(self).__name__} must be an int or None; got {seed!r}.")
        self.case_params: dict[str, Any] = dict(case_params or {})
        self.seed: int | None = None if seed is None else int(seed)

    # -- identity ------------------------------------------------------------------------
    @property
    def case_id(self) -> str:
        """``"Family(k=v,...)"``; just ``"Family"`` for a case without parameters."""
        return format_case_id(self.family, self.case_params)

    @property
    def n_objectives(self) -> int:
        """The number of objectives, ``len(directions)``."""
        return len(self.directions)

    @property
    def dim(self) -> int:
        """The number of parameters, ``len(space)``."""
        return len(self.space)

    def __repr__(self) -> str:
        seed = "" if self.seed is None else f", seed={self.seed}"
        return f"<Problem {self.case_id}{seed}>"

    def with_seed(self, seed: int | None) -> Problem:
        """Return the same case with another seed.

        Examples
        --------
        >>> import suites
        >>> suites.get_problem("Branin").with_seed(3).seed
        3
        """
        return type(self)(**self.case_params, seed=seed)

    # -- the search space and objective ---------------------------------------------------
    @property
    @abc.abstractmethod
    def space(self) -> dict[str, BaseDistribution]:
        """The ordered search space; numeric parameters are named ``x0``, ``x1``, ..."""

    @abc.abstractmethod
    def evaluate(self, X: np.ndarray) -> np.ndarray:
        """Evaluate the rows of ``X``.

        Parameters
        ----------
        X : numpy.ndarray
            ``(n, d)`` floats in space order: categoricals as the choice index, log
            parameters in their own units (not their logarithm).

        Returns
        -------
        numpy.ndarray
            ``(n,)`` for one objective, ``(n, n_objectives)`` otherwise. For a
            multi-fidelity problem, the value at the last step.
        """

    def evaluate_constraints(self, X: np.ndarray) -> np.ndarray:
        """Return the ``(n, n_constraints)`` constraint values; feasible when all ``<= 0``.

        Unconstrained problems return an ``(n, 0)`` array.
        """
        X = self._check_X(X)
        if self.n_constraints:
            raise NotImplementedError(
                f"{type(self).__name__} declares n_constraints={self.n_constraints} but does "
                "not override evaluate_constraints."
            )
        return np.empty((X.shape[0], 0))

    def iter_steps(self, x: np.ndarray) -> Iterator[tuple[int, float]]:
        """Yield ``(step, value)`` for steps ``1..n_steps``, lazily (multi-fidelity only)."""
        raise TypeError(
            f"{self.case_id} is not a multi-fidelity problem (n_steps is None); "
            "iter_steps needs a problem with the 'multi_fidelity' tag."
        )

    # -- define-by-run adapter ----------------------------------------------------------
    def __call__(self, trial: Any) -> float | tuple[float, ...]:
        """Suggest the space, set the constraints, report steps and return the value.

        Examples
        --------
        >>> import hpobench, suites
        >>> study = hpobench.create_study(sampler=hpobench.samplers.RandomSampler(seed=0))
        >>> study.optimize(suites.get_problem("Branin"), n_trials=5)
        >>> len(study.trials)
        5
        """
        params = {name: suggest_param(trial, name, dist) for name, dist in self.space.items()}
        x = self.params_to_array(params)
        if self.n_constraints:
            for i, value in enumerate(self.evaluate_constraints(x[None, :])[0]):
                trial.set_constraint(f"c{i}", float(value))
        if self.n_steps is not None:
            return self._run_steps(trial, x)
        y = np.asarray(self.evaluate(x[None, :]))[0]
        return float(y) if self.n_objectives == 1 else tuple(float(v) for v in y)

    def _run_steps(self, trial: Any, x: np.ndarray) -> float | tuple[float, ...]:
        last: Any = None
        for step, value in self.iter_steps(x):
            last = value
            trial.report(value, step)
            if trial.should_prune():
                raise TrialPruned(f"{self.case_id} pruned at step {step}.")
        if last is None:
            raise RuntimeError(f"{self.case_id}.iter_steps yielded no step.")
        if self.n_objectives == 1:
            return float(last)
        return tuple(float(v) for v in last)

    # -- conversions ---------------------------------------------------------------------
    def params_to_array(self, params: Mapping[str, Any]) -> np.ndarray:
        """Return the ``(d,)`` array of ``params`` in space order (categoricals as index).

        Examples
        --------
        >>> import suites
        >>> suites.get_problem("Branin").params_to_array({"x0": 1.0, "x1": 2.0})
        array([1., 2.])
        """
        space = self.space
        missing = [name for name in space if name not in params]
        if missing:
            raise ValueError(
                f"params of {self.case_id} miss {missing}; expected every one of {list(space)}."
            )
        return np.array([dist.to_internal_repr(params[n]) for n, dist in space.items()], float)

    def array_to_params(self, x: np.ndarray) -> dict[str, Any]:
        """Return the parameter dict of one ``(d,)`` row, the inverse of ``params_to_array``.

        Examples
        --------
        >>> import numpy as np, suites
        >>> suites.get_problem("Branin").array_to_params(np.array([1.0, 2.0]))
        {'x0': 1.0, 'x1': 2.0}
        """
        x = np.asarray(x, dtype=float).reshape(-1)
        space = self.space
        if x.shape[0] != len(space):
            raise ValueError(
                f"x of {self.case_id} must have {len(space)} entries; got shape {x.shape}."
            )
        return {n: dist.to_external_repr(v) for (n, dist), v in zip(space.items(), x)}

    def sample(self, n: int, *, seed: int | None = None) -> np.ndarray:
        """Draw ``n`` uniform points of the space (log-uniform for log parameters).

        Examples
        --------
        >>> import suites
        >>> suites.get_problem("Branin").sample(4, seed=0).shape
        (4, 2)
        """
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
            raise ValueError(f"n must be an int >= 0; got {n!r}.")
        rng = np.random.default_rng(seed)
        columns = [_sample_column(dist, int(n), rng) for dist in self.space.values()]
        return np.column_stack(columns) if columns else np.empty((int(n), 0))

    def _check_X(self, X: np.ndarray) -> np.ndarray:
        """Return ``X`` as a 2-D float array of ``dim`` columns, or raise ValueError."""
        X = np.asarray(X, dtype=float)
        d = self.dim
        if X.ndim != 2 or X.shape[1] != d:
            raise ValueError(
                f"X of {self.case_id} must be an (n, {d}) array; got shape {X.shape}. "
                "Use X[None, :] for one point."
            )
        return X


def suggest_param(trial: Any, name: str, dist: BaseDistribution) -> Any:
    """Suggest parameter ``name`` from ``dist`` with the trial's public ``suggest_*`` methods.

    Going through ``suggest_float``/``suggest_int``/``suggest_categorical`` (not the
    internal API) makes problems work with Optuna's trials too.

    Raises
    ------
    TypeError
        For a distribution other than float, int or categorical.

    Examples
    --------
    >>> import hpobench
    >>> from hpobench.distributions import IntDistribution
    >>> trial = hpobench.create_study().ask()
    >>> 1 <= suggest_param(trial, "n", IntDistribution(1, 3)) <= 3
    True
    """
    if isinstance(dist, FloatDistribution):
        return trial.suggest_float(name, dist.low, dist.high, step=dist.step, log=dist.log)
    if isinstance(dist, IntDistribution):
        return trial.suggest_int(name, dist.low, dist.high, step=dist.step, log=dist.log)
    if isinstance(dist, CategoricalDistribution):
        return trial.suggest_categorical(name, dist.choices)
    raise TypeError(f"parameter {name!r} has an unsupported distribution {dist!r}.")


def _sample_column(dist: BaseDistribution, n: int, rng: np.random.Generator) -> np.ndarray:
    if isinstance(dist, CategoricalDistribution):
        return rng.integers(0, len(dist.choices), size=n).astype(float)
    if isinstance(dist, IntDistribution):
        if dist.log:
            u = np.exp(rng.uniform(np.log(dist.low - 0.5), np.log(dist.high + 0.5), size=n))
            return np.clip(np.round(u), dist.low, dist.high)
        k = rng.integers(0, (dist.high - dist.low) // dist.step + 1, size=n)
        return (dist.low + k * dist.step).astype(float)
    if isinstance(dist, FloatDistribution):
        if dist.step is not None:
            k = rng.integers(0, round((dist.high - dist.low) / dist.step) + 1, size=n)
            return np.minimum(dist.low + k * dist.step, dist.high)
        if dist.log:
            return np.exp(rng.uniform(np.log(dist.low), np.log(dist.high), size=n))
        return rng.uniform(dist.low, dist.high, size=n)
    raise TypeError(f"unsupported distribution {dist!r}.")
