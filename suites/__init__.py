"""Suites: *what* is compared — benchmark problems and the TOML suite files.

Problems (the Optuna paper's 56 black-box test cases, classic functions, ML tasks on
scikit-learn's datasets, learning curves for pruners, multi-objective problems) and
suite files that name problems × samplers × pruners × repeats live here. This layer
imports only ``hpobench``.

Examples
--------
>>> import suites
>>> problem = suites.get_problem("Branin")
>>> problem.case_id, problem.dim, round(problem.f_star, 6)
('Branin', 2, 0.397887)
"""

from suites._problem import Problem, format_case_id, suggest_param
from suites._registry import (
    get_problem,
    list_families,
    list_problem_suites,
    list_problems,
    parse_case_id,
    register,
)
from suites._suite import Budget, OptimizerSpec, Suite, SuiteError, SuiteFileError
from suites._suite_file import list_suite_files, load_suite, parse_suite

# Family modules register their problems at import; the order sets the listing order.
from suites import _classic, _constrained, _evalset  # noqa: F401  isort: skip

# The ML tasks, learning curves and multi-objective problems (helper "suites-families").
from suites import (  # noqa: F401  isort: skip
    _curves,
    _curves_counting_ones,
    _curves_hartmann,
    _ml,
    _multiobjective,
)

# COCO's bbob functions; listed only when coco-experiment is installed.
from suites import _bbob  # noqa: F401  isort: skip

__all__ = [
    "Budget",
    "OptimizerSpec",
    "Problem",
    "Suite",
    "SuiteError",
    "SuiteFileError",
    "format_case_id",
    "get_problem",
    "list_families",
    "list_problem_suites",
    "list_problems",
    "list_suite_files",
    "load_suite",
    "parse_case_id",
    "parse_suite",
    "register",
    "suggest_param",
]
