"""COCO's bbob functions through cocoex (skipped when coco-experiment is not installed)."""

from __future__ import annotations

import pickle
import sys

import numpy as np
import pytest

import suites

cocoex = pytest.importorskip(
    "cocoex", reason="coco-experiment is not installed; pip install coco-experiment"
)


def test_the_bbob_suite_lists_24_functions_in_three_dimensions():
    ids = suites.list_problems("bbob")
    assert len(ids) == 72
    assert ids[0] == "bbob(function=1,dim=2,instance=1)"


@pytest.mark.parametrize("function", [1, 3, 7, 12, 16, 21, 24])
def test_optimum_and_random_points(function):
    problem = suites.get_problem(f"bbob(function={function},dim=5,instance=1)")
    assert problem.evaluate(problem.x_star[None])[0] == pytest.approx(problem.f_star, rel=1e-12)
    values = problem.evaluate(problem.sample(2000, seed=function))
    assert values.min() >= problem.f_star


def test_sphere_is_a_shifted_square_norm():
    problem = suites.get_problem("bbob(function=1,dim=3,instance=2)")
    X = problem.sample(20, seed=0)
    expected = np.sum((X - problem.x_star) ** 2, axis=1) + problem.f_star
    np.testing.assert_allclose(problem.evaluate(X), expected, rtol=1e-10)


def test_f_opt_of_the_first_instance_matches_coco():
    # COCO's published f_opt for f1, instance 1
    assert suites.get_problem("bbob(function=1,dim=2,instance=1)").f_star == pytest.approx(79.48)


def test_tags_and_pickling():
    problem = suites.get_problem("bbob(function=17,dim=10,instance=1)")
    assert {"bbob", "multimodal", "global_structure", "dim=10"} <= problem.tags
    clone = pickle.loads(pickle.dumps(problem))
    assert clone.evaluate(problem.x_star[None])[0] == problem.f_star


@pytest.mark.parametrize(
    ("case_id", "message"),
    [
        ("bbob(function=25,dim=2)", r"function of bbob must be one of 1\.\.24; got 25"),
        ("bbob(function=1,dim=4)", r"dim of bbob must be one of \(2, 3, 5, 10, 20, 40\); got 4"),
    ],
)
def test_invalid_cases(case_id, message):
    with pytest.raises(ValueError, match=message):
        suites.get_problem(case_id)


def test_a_missing_cocoex_explains_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "cocoex", None)
    with pytest.raises(ImportError, match="pip install coco-experiment"):
        suites.get_problem("bbob(function=1,dim=2,instance=1)")
