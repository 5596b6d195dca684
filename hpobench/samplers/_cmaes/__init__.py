from hpobench.samplers._cmaes.sampler import CmaEsSampler

__all__ = ["CmaEsSampler"]
