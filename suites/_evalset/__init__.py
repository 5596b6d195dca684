"""The evalset test functions and the Optuna paper's 56 test cases (problem suites).

Registers the functions of sigopt/evalset used by Dewancker et al. (2016) and the
Optuna paper (§5.1) as problem families, and three problem suites:

* ``"evalset56"``: the 56 cases of Table 2 (``tests_for_nonparametric``);
* ``"evalset-auc42"``: the 42 cases of Table 3 (``tests_for_auc``);
* ``"evalset"``: the union of both.

A case id reads ``McCourt16(dim=4,res=10)`` or ``Alpine02(dim=2,int_dims=[0])``:
``int_dims`` are integer coordinates, ``res`` discretises the output
(``floor(res * f) / res``). Optima are re-derived (see :mod:`._optima`); evalset's stated
values stay available as ``problem.stated_f_min``.

Examples
--------
>>> import suites
>>> p = suites.get_problem("McCourt17(dim=7)")
>>> round(p.f_star, 5), p.stated_f_min
(0.47089, -0.47089199032)
"""

from __future__ import annotations

import numpy as np

from suites._box import BoxProblem, Optimum
from suites._classic import Hartmann6, StyblinskiTang
from suites._evalset._cases import EVALSET56, EVALSET_AUC42, case_params
from suites._evalset._functions import AMPGO_CLASSES
from suites._evalset._mccourt import MCCOURT_CLASSES
from suites._evalset._optima import NUMERIC_OPTIMA, STATED
from suites._registry import register

__all__ = ["EVALSET56", "EVALSET_AUC42", "EVALSET_CLASSES"]

EVALSET_CLASSES: dict[str, type[BoxProblem]] = {
    **AMPGO_CLASSES,
    **MCCOURT_CLASSES,
    "Hartmann6": Hartmann6,
    "StyblinskiTang": StyblinskiTang,
}

_NUMERIC_SOURCE = (
    "numeric: differential evolution + Nelder-Mead/L-BFGS-B/Powell polish "
    "(benchmarks/problems_optima.py)"
)


def _attach_optima() -> None:
    for (name, dim, int_dims), (f, x) in NUMERIC_OPTIMA.items():
        cls = EVALSET_CLASSES[name]
        if "optima" not in vars(cls):
            cls.optima = {}
        source = _NUMERIC_SOURCE + ("; integer coordinates enumerated" if int_dims else "")
        cls.optima[(dim, int_dims)] = Optimum(f, np.asarray(x), source)
    for cls in EVALSET_CLASSES.values():
        cls.stated_f_min_table = {d: f for (n, d), (f, _) in STATED.items() if n == cls.family}


def _register_cases() -> None:
    for suite, cases in (("evalset56", EVALSET56), ("evalset-auc42", EVALSET_AUC42)):
        for case in cases:
            register(
                EVALSET_CLASSES[case[0]], cases=[case_params(case)], suites=["evalset", suite]
            )


_attach_optima()
_register_cases()
