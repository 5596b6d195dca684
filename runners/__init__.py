"""Runners: *how* a suite is run — repeated studies across problems × samplers × pruners ×
seeds, resumable, in parallel locally (joblib) or on a Dask cluster, with peer optimizers
through adapters. This layer imports ``hpobench`` and ``suites``.
"""
