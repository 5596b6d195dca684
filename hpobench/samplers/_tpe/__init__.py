"""The Tree-structured Parzen Estimator sampler (see :class:`TPESampler`)."""

from hpobench.samplers._tpe._defaults import (
    default_gamma,
    default_weights,
    hyperopt_default_gamma,
)
from hpobench.samplers._tpe.sampler import TPESampler

__all__ = ["TPESampler", "default_gamma", "default_weights", "hyperopt_default_gamma"]
