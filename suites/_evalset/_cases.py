"""The evalset case lists of Dewancker et al. (2016), as used by the Optuna paper.

``EVALSET56`` is ``tests_for_nonparametric`` (Table 2: the 56 cases of the Optuna
paper's §5.1); ``EVALSET_AUC42`` is ``tests_for_auc`` (Table 3) of sigopt/evalset's
``icml2016_tests.py``. A case is ``(function, dim, int_dims, res)``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["EVALSET56", "EVALSET_AUC42", "case_params"]

Case = tuple[str, int, tuple[int, ...], float | None]

EVALSET56: list[Case] = [
    ("Ackley", 11, (), None),
    ("Ackley", 3, (), 1),
    ("Adjiman", 2, (), None),
    ("Alpine02", 2, (0,), None),
    ("CarromTable", 2, (0,), None),
    ("Csendes", 2, (), None),
    ("DeflectedCorrugatedSpring", 4, (), None),
    ("DeflectedCorrugatedSpring", 7, (), None),
    ("Easom", 2, (), None),
    ("Easom", 4, (), None),
    ("Easom", 5, (), None),
    ("Hartmann3", 3, (0,), None),
    ("Hartmann6", 6, (), 10),
    ("HelicalValley", 3, (), None),
    ("LennardJones6", 6, (), None),
    ("McCourt01", 7, (), 10),
    ("McCourt03", 9, (), None),
    ("McCourt06", 5, (), None),
    ("McCourt07", 6, (), 12),
    ("McCourt08", 4, (), None),
    ("McCourt09", 3, (), None),
    ("McCourt10", 8, (), None),
    ("McCourt11", 8, (), None),
    ("McCourt12", 7, (), None),
    ("McCourt13", 3, (), None),
    ("McCourt14", 3, (), None),
    ("McCourt16", 4, (), None),
    ("McCourt16", 4, (), 10),
    ("McCourt17", 7, (), None),
    ("McCourt18", 8, (), None),
    ("McCourt19", 2, (), None),
    ("McCourt20", 2, (), None),
    ("McCourt23", 6, (), None),
    ("McCourt26", 3, (), None),
    ("McCourt28", 4, (), None),
    ("Michalewicz", 4, (), None),
    ("Michalewicz", 4, (), 20),
    ("Michalewicz", 8, (), None),
    ("Mishra06", 2, (), None),
    ("Ned01", 2, (), None),
    ("OddSquare", 2, (), None),
    ("Parsopoulos", 2, (0,), None),
    ("Pinter", 2, (0, 1), None),
    ("Plateau", 2, (), None),
    ("Problem03", 1, (), None),
    ("RosenbrockLog", 11, (), None),
    ("Sargan", 5, (), None),
    ("Sargan", 2, (0,), None),
    ("Schwefel20", 2, (), None),
    ("Schwefel20", 2, (0,), None),
    ("Schwefel36", 2, (), None),
    ("Shekel05", 4, (), None),
    ("Sphere", 7, (0, 1, 2, 3, 4), None),
    ("StyblinskiTang", 5, (), None),
    ("Tripod", 2, (), None),
    ("Xor", 9, (), None),
]

EVALSET_AUC42: list[Case] = [
    ("Ackley", 3, (), None),
    ("Ackley", 5, (), None),
    ("Ackley", 11, (), None),
    ("Ackley", 3, (), 1),
    ("Ackley", 11, (0, 1, 2), None),
    ("Branin02", 2, (0,), None),
    ("Bukin06", 2, (0,), None),
    ("CarromTable", 2, (), None),
    ("CarromTable", 2, (0,), None),
    ("Deb02", 6, (), None),
    ("DeflectedCorrugatedSpring", 4, (), None),
    ("Easom", 4, (), None),
    ("Easom", 5, (), None),
    ("Exponential", 6, (), None),
    ("Hartmann3", 3, (), None),
    ("LennardJones6", 6, (), None),
    ("McCourt01", 7, (), 10),
    ("McCourt02", 7, (), None),
    ("McCourt06", 5, (), 12),
    ("McCourt07", 6, (), 12),
    ("McCourt19", 2, (), None),
    ("McCourt22", 5, (), None),
    ("McCourt27", 3, (), None),
    ("Michalewicz", 4, (), None),
    ("Mishra06", 2, (), None),
    ("Ned01", 2, (), None),
    ("Plateau", 2, (), None),
    ("Rastrigin", 8, (), None),
    ("Rastrigin", 8, (), 0.1),
    ("Sargan", 2, (0,), None),
    ("Schwefel20", 2, (), None),
    ("Schwefel20", 2, (0,), None),
    ("Shekel05", 4, (), None),
    ("Shekel07", 4, (), None),
    ("Sphere", 7, (), None),
    ("Sphere", 7, (0, 1, 2, 3, 4), None),
    ("StyblinskiTang", 5, (), None),
    ("Trid", 6, (), None),
    ("Tripod", 2, (), None),
    ("Weierstrass", 3, (), None),
    ("Xor", 9, (), None),
    ("YaoLiu", 5, (), None),
]


def case_params(case: Case) -> dict[str, Any]:
    """Return a case's parameters as used in its case id (dim, then int_dims and res).

    Examples
    --------
    >>> case_params(("McCourt16", 4, (), 10))
    {'dim': 4, 'res': 10}
    """
    _, dim, int_dims, res = case
    params: dict[str, Any] = {"dim": dim}
    if int_dims:
        params["int_dims"] = list(int_dims)
    if res is not None:
        params["res"] = res
    return params
