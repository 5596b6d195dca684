from hpobench.samplers._gp.sampler import GPSampler

__all__ = ["GPSampler"]
