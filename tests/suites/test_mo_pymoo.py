"""Cross-check ZDT, DTLZ and WFG against pymoo, an independent implementation."""

from __future__ import annotations

import numpy as np
import pytest

import suites
from hpobench.multi_objective import non_dominated_mask

pymoo_problems = pytest.importorskip(
    "pymoo.problems", reason="pymoo (independent ZDT/DTLZ/WFG implementation) is not installed"
)


def _dominated_by(points: np.ndarray, others: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Rows of ``points`` that some row of ``others`` beats by more than ``eps`` everywhere."""
    return np.array([np.any(np.all(others <= p - eps, axis=1)) for p in points])


def _zdt_cases():
    for name in ("ZDT1", "ZDT2", "ZDT3", "ZDT4", "ZDT6"):
        for dim in (2, 10):
            yield f"{name}(dim={dim})", name.lower(), {"n_var": dim}


def _dtlz_cases():
    for m in (2, 3, 5):
        for i in range(1, 8):
            if i in (5, 6) and m > 3:
                continue
            dim = m - 1 + 4
            yield f"DTLZ{i}(n_obj={m},dim={dim})", f"dtlz{i}", {"n_var": dim, "n_obj": m}


def _wfg_cases():
    for m, k, l in ((2, 4, 4), (2, 4, 10), (3, 4, 6), (4, 6, 4)):  # noqa: E741
        for i in range(1, 10):
            if i == 3 and m > 2:
                continue
            case = f"WFG{i}(n_obj={m},k={k},l={l})"
            yield case, f"wfg{i}", {"n_var": k + l, "n_obj": m, "k": k}


@pytest.mark.parametrize(
    ("case_id", "name", "kwargs"), [*_zdt_cases(), *_dtlz_cases(), *_wfg_cases()]
)
def test_values_match_pymoo_at_random_points(case_id, name, kwargs):
    problem = suites.get_problem(case_id)
    X = problem.sample(200, seed=0)
    expected = pymoo_problems.get_problem(name, **kwargs).evaluate(X)
    np.testing.assert_allclose(problem.evaluate(X), expected, rtol=1e-9, atol=1e-9)


_FRONT_CASES = [
    ("ZDT1(dim=30)", "zdt1", {}),
    ("ZDT2(dim=30)", "zdt2", {}),
    ("ZDT3(dim=30)", "zdt3", {}),
    ("ZDT4(dim=10)", "zdt4", {}),
    ("ZDT6(dim=10)", "zdt6", {}),
    ("DTLZ1(n_obj=2,dim=6)", "dtlz1", {"n_obj": 2, "n_var": 6}),
    ("DTLZ2(n_obj=2,dim=11)", "dtlz2", {"n_obj": 2, "n_var": 11}),
    ("DTLZ1(n_obj=3,dim=7)", "dtlz1", {"n_obj": 3, "n_var": 7}),
    ("DTLZ2(n_obj=3,dim=12)", "dtlz2", {"n_obj": 3, "n_var": 12}),
    # pymoo's DTLZ7 sample also holds the dominated parts of g = 1; compare its front part.
    ("DTLZ7(n_obj=2,dim=21)", "dtlz7", {"n_obj": 2, "n_var": 21}),
    ("WFG3(n_obj=2,k=4,l=4)", "wfg3", {"n_var": 8, "n_obj": 2, "k": 4}),
    ("WFG4(n_obj=2,k=4,l=4)", "wfg4", {"n_var": 8, "n_obj": 2, "k": 4}),
    ("WFG8(n_obj=2,k=4,l=4)", "wfg8", {"n_var": 8, "n_obj": 2, "k": 4}),
    ("WFG9(n_obj=3,k=4,l=4)", "wfg9", {"n_var": 8, "n_obj": 3, "k": 4}),
]


@pytest.mark.parametrize(("case_id", "name", "kwargs"), _FRONT_CASES)
def test_true_front_matches_pymoo(case_id, name, kwargs):
    theirs = pymoo_problems.get_problem(name, **kwargs).pareto_front()
    theirs = theirs[non_dominated_mask(theirs)]
    ours = suites.get_problem(case_id).pareto_front(3000)
    # The same surface: neither sample beats any point of the other.
    assert not _dominated_by(theirs, ours).any()
    assert not _dominated_by(ours, theirs).any()


@pytest.mark.parametrize("n_obj", [2, 3])
def test_wfg2_front_is_never_beaten_by_pymoos(n_obj):
    # pymoo approximates WFG2's disconnected front by optimisation; some of its points lie
    # in dominated regions (beaten by ours by up to 0.18), never the other way round.
    theirs = pymoo_problems.get_problem("wfg2", n_var=8, n_obj=n_obj, k=4).pareto_front()
    ours = suites.get_problem(f"WFG2(n_obj={n_obj},k=4,l=4)").pareto_front(3000)
    assert not _dominated_by(ours, theirs).any()
