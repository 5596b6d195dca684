"""Search spaces inferred from a study's trials (also under ``hpobench.samplers``)."""

from hpobench.samplers._search_space import IntersectionSearchSpace, intersection_search_space

__all__ = ["IntersectionSearchSpace", "intersection_search_space"]
