"""Crossovers for :class:`~hpobench.samplers.NSGAIISampler` and ``NSGAIIISampler``.

Generations are recorded in the storage: each trial's ``nsga2:generation`` (or
``nsga3:…``) and ``…:parents`` system attributes, and each population's trial
numbers in the study system attribute ``…:population:<generation>``.
"""

from hpobench.samplers._nsga._crossovers import (
    BaseCrossover,
    BaseMutation,
    BLXAlphaCrossover,
    PolynomialMutation,
    SBXCrossover,
    SPXCrossover,
    UNDXCrossover,
    UniformCrossover,
    VSBXCrossover,
)

__all__ = [
    "BLXAlphaCrossover",
    "BaseCrossover",
    "BaseMutation",
    "PolynomialMutation",
    "SBXCrossover",
    "SPXCrossover",
    "UNDXCrossover",
    "UniformCrossover",
    "VSBXCrossover",
]
