"""Reusable conformance cases for storages and samplers.

Each backend's or sampler's test module subclasses the shared case class of the matching
submodule (for example :class:`hpobench.testing.storages.StorageTests`) and provides the
fixture it needs. The submodules import pytest and hypothesis, so this package imports none
of them itself.
"""
