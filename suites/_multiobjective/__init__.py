"""Multi-objective problems with known Pareto fronts, and ML trade-offs.

ZDT1–4, 6 (Zitzler, Deb & Thiele, 2000), DTLZ1–7 (Deb, Thiele, Laumanns & Zitzler, 2002)
and WFG1–9 (Huband, Hingston, Barone & While, 2006), written from their definitions and
vectorised; each offers ``pareto_front(n_points)``, ``pareto_set(n_points, seed=...)`` and a
hypervolume ``reference_point``. Every objective is minimised. The problem suite
``"multiobjective"`` lists the literature's standard sizes and four ML trade-offs.
"""

from __future__ import annotations

from suites._multiobjective._base import ParetoProblem
from suites._multiobjective._dtlz import (
    DTLZ1,
    DTLZ2,
    DTLZ3,
    DTLZ4,
    DTLZ5,
    DTLZ6,
    DTLZ7,
    DTLZProblem,
)
from suites._multiobjective._ml_tradeoff import MLTradeoff
from suites._multiobjective._wfg import (
    WFG1,
    WFG2,
    WFG3,
    WFG4,
    WFG5,
    WFG6,
    WFG7,
    WFG8,
    WFG9,
    WFGProblem,
)
from suites._multiobjective._zdt import ZDT1, ZDT2, ZDT3, ZDT4, ZDT6, ZDTProblem

__all__ = [
    "DTLZ1",
    "DTLZ2",
    "DTLZ3",
    "DTLZ4",
    "DTLZ5",
    "DTLZ6",
    "DTLZ7",
    "WFG1",
    "WFG2",
    "WFG3",
    "WFG4",
    "WFG5",
    "WFG6",
    "WFG7",
    "WFG8",
    "WFG9",
    "ZDT1",
    "ZDT2",
    "ZDT3",
    "ZDT4",
    "ZDT6",
    "DTLZProblem",
    "MLTradeoff",
    "ParetoProblem",
    "WFGProblem",
    "ZDTProblem",
]
