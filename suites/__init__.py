"""Suites: *what* is compared — benchmark problems and the TOML suite files.

Problems (the Optuna paper's 56 black-box test cases, classic functions, ML tasks on
scikit-learn's datasets, learning curves for pruners, multi-objective problems) and
suite files that name problems × samplers × pruners × repeats live here. This layer
imports only ``hpobench``.
"""
