"""ZDT1–4, 6: closed-form values, fronts and case validation."""

from __future__ import annotations

import numpy as np
import pytest

import suites
from suites._multiobjective import ZDT1, ZDT3, ZDT4, ZDT6
from suites._multiobjective._zdt import zdt6_x1_range, zdt_x1_intervals

#: Zitzler, Deb & Thiele (2000), as tabulated in later papers (10 digits).
ZDT3_LITERATURE = [
    (0.0, 0.0830015349),
    (0.1822287280, 0.2577623634),
    (0.4093136748, 0.4538821041),
    (0.6183967944, 0.6525117038),
    (0.8233317983, 0.8518328654),
]


def test_zdt1_hand_computed_value():
    # f1 = 0.5, g = 1 + 9 * (0.2 + 0.4) / 2 = 3.7, f2 = g (1 - sqrt(f1 / g)).
    f = ZDT1(dim=3).evaluate(np.array([[0.5, 0.2, 0.4]]))[0]
    np.testing.assert_allclose(f, [0.5, 3.7 * (1 - np.sqrt(0.5 / 3.7))])


@pytest.mark.parametrize(
    ("case_id", "h"),
    [
        ("ZDT1(dim=30)", lambda f: 1 - np.sqrt(f)),
        ("ZDT2(dim=30)", lambda f: 1 - f**2),
        ("ZDT3(dim=30)", lambda f: 1 - np.sqrt(f) - f * np.sin(10 * np.pi * f)),
        ("ZDT4(dim=10)", lambda f: 1 - np.sqrt(f)),
        ("ZDT6(dim=10)", lambda f: 1 - f**2),
    ],
)
def test_front_follows_the_closed_form(case_id, h):
    front = suites.get_problem(case_id).pareto_front(500)
    np.testing.assert_allclose(front[:, 1], h(front[:, 0]), atol=1e-12)


def test_zdt3_pieces_match_the_literature():
    found = zdt_x1_intervals("ZDT3")
    np.testing.assert_allclose(np.array(found), np.array(ZDT3_LITERATURE), atol=5e-10)


def test_zdt6_front_starts_at_the_smallest_f1():
    a, b = zdt6_x1_range()
    f1 = ZDT6(dim=2).evaluate(np.array([[a, 0.0], [b, 0.0]]))[:, 0]
    np.testing.assert_allclose(f1, [0.2807753191, 1.0], atol=1e-9)
    assert ZDT6().pareto_front(50)[:, 0].min() == pytest.approx(0.2807753191, abs=1e-9)


def test_zdt4_bounds_and_reference_point():
    space = ZDT4(dim=3).space
    assert (space["x0"].low, space["x0"].high) == (0.0, 1.0)
    assert (space["x2"].low, space["x2"].high) == (-5.0, 5.0)
    np.testing.assert_allclose(ZDT4(dim=3).reference_point, [1.1, 1.1])


def test_zdt3_reference_point_uses_the_front_extent():
    problem = ZDT3(dim=4)
    np.testing.assert_allclose(problem.ideal_point, [0.0, -0.7733690], atol=1e-6)
    np.testing.assert_allclose(problem.nadir_point, [0.8518328654, 1.0], atol=1e-9)


@pytest.mark.parametrize("dim", [1, 0, 2.5, True, "3"])
def test_bad_dim_is_refused(dim):
    with pytest.raises(ValueError, match=r"dim of ZDT1 must be an int >= 2; got"):
        ZDT1(dim=dim)


def test_default_dims_follow_the_literature():
    assert [suites.get_problem(f"ZDT{i}").dim for i in (1, 2, 3, 4, 6)] == [30, 30, 30, 10, 10]
