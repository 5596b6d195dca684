"""COCO's ``bbob`` functions through ``coco-experiment`` (optional; problem suite ``"bbob"``).

``bbob(function=f,dim=d,instance=i)`` wraps function ``f`` (1–24) of the noiseless
BBOB testbed (Hansen et al., 2009) in ``d`` dimensions, instance ``i``, on
``[-5, 5]^d``. The functions come from the ``cocoex`` package (PyPI ``coco-experiment``);
without it the family still exists but building a case raises an ImportError saying
how to install it, and the ``"bbob"`` problem suite is empty.

``x_star`` is COCO's optimal parameter (read through ``cocoex``'s ``_best_parameter``)
and ``f_star`` the function's value there, i.e. the instance's ``f_opt``.
"""

from __future__ import annotations

import contextlib
import importlib
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from hpobench.distributions import BaseDistribution, FloatDistribution
from suites._problem import Problem
from suites._registry import register

__all__ = ["BBOB", "BBOB_GROUPS"]

# function -> the testbed's group (Hansen et al., 2009, "Real-parameter black-box
# optimization benchmarking 2009: noiseless functions definitions")
BBOB_GROUPS: dict[range, tuple[str, ...]] = {
    range(1, 6): ("separable",),
    range(6, 10): ("unimodal", "moderate_conditioning"),
    range(10, 15): ("unimodal", "ill_conditioned"),
    range(15, 20): ("multimodal", "global_structure"),
    range(20, 25): ("multimodal", "weak_structure"),
}
_DIMENSIONS = (2, 3, 5, 10, 20, 40)


def _cocoex() -> Any:
    try:
        return importlib.import_module("cocoex")
    except ImportError as exc:
        raise ImportError(
            "the bbob problems need COCO's Python package; install it with "
            "'pip install coco-experiment' (the 'bbob' extra)."
        ) from exc


class BBOB(Problem):
    """One function instance of COCO's noiseless ``bbob`` testbed.

    Examples
    --------
    >>> import suites  # doctest: +SKIP
    >>> p = suites.get_problem("bbob(function=1,dim=2,instance=1)")  # doctest: +SKIP
    >>> bool(np.isclose(p.evaluate(p.x_star[None])[0], p.f_star))  # doctest: +SKIP
    True
    """

    family = "bbob"

    def __init__(
        self, function: int, dim: int, instance: int = 1, *, seed: int | None = None
    ) -> None:
        for name, value, valid in (
            ("function", function, range(1, 25)),
            ("dim", dim, _DIMENSIONS),
            ("instance", instance, range(1, 10_000)),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or value not in valid:
                raise ValueError(
                    f"{name} of bbob must be one of {_describe(valid)}; got {value!r}."
                )
        super().__init__({"function": function, "dim": dim, "instance": instance}, seed=seed)
        group = next(tags for span, tags in BBOB_GROUPS.items() if function in span)
        self.tags = frozenset({"bbob", f"dim={dim}", *group})
        self._coco: Any = None
        self.x_star = self._read_x_star()
        self.f_star = float(self.evaluate(self.x_star[None, :])[0])
        self.f_star_source = "literature: COCO's f_opt, the value at its optimal parameter"

    @property
    def space(self) -> dict[str, BaseDistribution]:
        d = self.case_params["dim"]
        return {f"x{i}": FloatDistribution(-5.0, 5.0) for i in range(d)}

    def evaluate(self, X: np.ndarray) -> np.ndarray:
        X = self._check_X(X)
        problem = self._problem()
        return np.array([problem(x) for x in X], dtype=float)

    def _problem(self) -> Any:
        if self._coco is None:
            p = self.case_params
            suite = _cocoex().Suite("bbob", "", f"dimensions: {p['dim']}")
            self._coco = suite.get_problem_by_function_dimension_instance(
                p["function"], p["dim"], p["instance"]
            )
        return self._coco

    def _read_x_star(self) -> np.ndarray:
        # cocoex writes the optimal parameter to a file in the working directory only.
        with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
            self._problem()._best_parameter("print")
            text = (Path(tmp) / "._bbob_problem_best_parameter.txt").read_text()
        return np.array([float(v) for v in text.split()], dtype=float)

    def __getstate__(self) -> dict[str, Any]:
        # The C problem handle cannot be pickled; it is rebuilt on first use.
        return {**self.__dict__, "_coco": None}


def _describe(valid: range | tuple[int, ...]) -> str:
    return f"{valid.start}..{valid.stop - 1}" if isinstance(valid, range) else str(valid)


def _register() -> None:
    try:
        _cocoex()
    except ImportError:
        register(BBOB, cases=())  # the family exists; building a case says what to install
        return
    cases = [{"function": f, "dim": d, "instance": 1} for d in (2, 5, 10) for f in range(1, 25)]
    register(BBOB, cases=cases, suites=["bbob"])


_register()
