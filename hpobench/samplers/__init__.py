"""Samplers: how each trial's parameter values are chosen."""

from hpobench.samplers import nsgaii
from hpobench.samplers._base import BaseSampler, default_sampler
from hpobench.samplers._brute_force import BruteForceSampler
from hpobench.samplers._cmaes import CmaEsSampler
from hpobench.samplers._gp import GPSampler
from hpobench.samplers._grid import GridSampler
from hpobench.samplers._nsga import NSGAIIISampler, NSGAIISampler
from hpobench.samplers._partial_fixed import PartialFixedSampler
from hpobench.samplers._qmc import QMCSampler
from hpobench.samplers._random import RandomSampler
from hpobench.samplers._search_space import IntersectionSearchSpace, intersection_search_space
from hpobench.samplers._switching import SwitchingSampler, TPECmaEsSampler
from hpobench.samplers._tpe import TPESampler

__all__ = [
    "BaseSampler",
    "BruteForceSampler",
    "CmaEsSampler",
    "GPSampler",
    "GridSampler",
    "IntersectionSearchSpace",
    "NSGAIIISampler",
    "NSGAIISampler",
    "PartialFixedSampler",
    "QMCSampler",
    "RandomSampler",
    "SwitchingSampler",
    "TPECmaEsSampler",
    "TPESampler",
    "default_sampler",
    "intersection_search_space",
    "nsgaii",
]
