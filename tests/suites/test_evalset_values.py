"""Evalset functions at fixed points (values derived by hand) and the corrected optima."""

from __future__ import annotations

import math

import numpy as np
import pytest

import suites
from suites._evalset._optima import STATED


def _value(case_id: str, x) -> float:
    return float(suites.get_problem(case_id).evaluate(np.array([x], dtype=float))[0])


_HAND = [
    # Branin-type quadratic: (-6)² + 10(1 - 1/(8π)) + 10 at the origin.
    ("Branin", [0.0, 0.0], 56 - 10 / (8 * math.pi)),
    ("Branin02(dim=2)", [0.0, 0.0], 56 - 10 / (8 * math.pi)),
    ("Adjiman(dim=2)", [0.0, math.pi / 2], 1.0),
    ("Alpine02(dim=2)", [math.pi / 2, math.pi / 2], math.pi / 2),
    ("Ackley(dim=2)", [1.0, 1.0], 20 * (1 - math.exp(-0.2))),
    ("Easom(dim=2)", [1.0, 1.0], 20 * (1 - math.exp(-0.2))),  # evalset's Easom is Ackley
    ("Bukin06(dim=2)", [-15.0, 0.0], 150.05),
    ("CarromTable(dim=2)", [0.0, 0.0], -(math.e**2) / 30),
    ("Csendes(dim=2)", [1.0, 1.0], 4 + 2 * math.sin(1)),
    ("Deb02(dim=1)", [0.15 ** (4 / 3)], -1.0),
    ("DeflectedCorrugatedSpring(dim=1)", [5.2], -math.cos(1.0) + 0.004),
    ("Exponential(dim=2)", [1.0, 1.0], -math.exp(-1)),
    ("HelicalValley(dim=3)", [0.0, 1.0, 0.0], 625.0),
    ("Michalewicz(dim=1)", [math.pi / 2], -(2**-10)),
    ("Ned01(dim=2)", [0.0, 0.0], 1.0),
    ("OddSquare(dim=2)", [1.0, 1.3], -1.0),
    ("Parsopoulos(dim=2)", [0.0, 0.0], 1.0),
    ("Plateau(dim=2)", [1.5, -2.2], 33.0),
    ("Problem03(dim=1)", [0.0], -sum(k * math.sin(k) for k in range(1, 6))),
    ("RosenbrockLog(dim=11)", [0.0] * 11, math.log(11)),
    ("Sargan(dim=2)", [1.0, 1.0], 5.6),
    ("Sargan(dim=5)", [-2.0, 4.0, -2.0, 4.0, -2.0], -100.0),
    ("Schwefel20(dim=2)", [1.0, -2.0], 3.0),
    ("Schwefel36(dim=2)", [12.0, 12.0], -3456.0),
    ("Shekel05(dim=4)", [4.0] * 4, -(10 + 1 / 36.2 + 1 / 64.2 + 1 / 16.4 + 1 / 20.6)),
    ("Trid(dim=6)", [0.0] * 6, 6.0),
    ("Tripod(dim=2)", [0.0, 0.0], 102.0),
    ("Weierstrass(dim=1)", [0.0], 0.0),
    ("Xor(dim=9)", [0.0] * 9, 1.0),
    ("YaoLiu(dim=1)", [0.5], 20.25),
    ("McCourt14(dim=3)", [0.1, 0.8, 0.3], -5.0),
    ("McCourt16(dim=4)", [0.3, 0.8, 0.3, 0.6], -5 + 5 / math.sqrt(1.2)),
    # Its deepest well: -5 + 5/√(1 + 4·1.45) + 5/√(1 + 4·0.13) > 0.
    ("McCourt17(dim=7)", [0.3, 0.8, 0.3, 0.6, 0.2, 0.8, 0.5], -5 + 5 / 6.8**0.5 + 5 / 1.52**0.5),
    ("Hartmann6(dim=6,res=10)", [0.0] * 6, -0.1),
]


@pytest.mark.parametrize(("case_id", "x", "expected"), _HAND)
def test_value_at_a_fixed_point(case_id, x, expected):
    assert _value(case_id, x) == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_lennard_jones_pair_at_unit_distance():
    assert _value("LennardJones6(dim=6)", [0, 0, 0, 1, 0, 0]) == pytest.approx(-1.0, abs=1e-7)


def test_discretisation_floors_the_output():
    plain = _value("McCourt16(dim=4)", [0.3, 0.8, 0.3, 0.6])  # -0.4357
    assert _value("McCourt16(dim=4,res=10)", [0.3, 0.8, 0.3, 0.6]) == pytest.approx(-0.5)
    assert plain == pytest.approx(-0.43565, abs=1e-5)
    assert _value("Rastrigin(dim=8,res=0.1)", [0.5] * 8) == 160.0  # floor(0.1·160.x)/0.1


def test_integer_dimensions_become_int_distributions():
    problem = suites.get_problem("Sphere(dim=7,int_dims=[0,1,2,3,4])")
    dists = list(problem.space.values())
    assert [(d.low, d.high) for d in dists[:5]] == [(-5, 2)] * 5  # ceil/floor of [-5.12, 2.12]
    assert type(dists[5]).__name__ == "FloatDistribution"


@pytest.mark.parametrize(("family", "dim"), sorted(STATED))
def test_evalset_stated_location_reproduces_its_value(family, dim):
    """Transcription check: our function at evalset's min_loc gives evalset's fmin."""
    fmin, loc = STATED[(family, dim)]
    value = _value(f"{family}(dim={dim})", loc)
    if family == "McCourt17":  # evalset's fmin has the wrong sign
        assert value == pytest.approx(-fmin, rel=1e-6)
    else:
        assert value == pytest.approx(fmin, rel=2e-3, abs=1e-6)


@pytest.mark.parametrize(("family", "dim"), sorted(STATED))
def test_our_optimum_is_at_least_as_good_as_evalsets_location(family, dim):
    problem = suites.get_problem(f"{family}(dim={dim})")
    loc = np.clip(STATED[(family, dim)][1], problem.lows, problem.highs)
    assert problem.f_star <= problem.evaluate(loc[None])[0] + 1e-12


# case id -> (evalset's fmin, our f_star)
_CORRECTED = {
    "McCourt17(dim=7)": (-0.47089199032, 0.470891990318),
    "McCourt08(dim=4)": (-3.45224058874, -3.451876357394),
    "Sargan(dim=5)": (0.0, -100.0),
    "Ned01(dim=2)": (-0.178945093477, -0.184666993497),
    "Shekel05(dim=4)": (-10.1527199325, -10.1527236936),
    "Shekel07(dim=4)": (-10.3999, -10.4029405668),
    "Alpine02(dim=2,int_dims=[0])": (-6.12950389113, -6.10810515302),
    "CarromTable(dim=2,int_dims=[0])": (-24.1568155165, -20.9847893943),
    "Hartmann3(dim=3,int_dims=[0])": (-3.86278214782, -3.85490061671),
    "Parsopoulos(dim=2,int_dims=[0])": (0.0, math.cos(5) ** 2),
    "Branin02(dim=2,int_dims=[0])": (5.559037, 5.92685621363),
    "McCourt07(dim=6,res=12)": (-0.36321372933, -5 / 12),
    "Hartmann6(dim=6,res=10)": (-3.32236801141551, -3.4),
}


@pytest.mark.parametrize("case_id", sorted(_CORRECTED))
def test_corrected_optima(case_id):
    stated, ours = _CORRECTED[case_id]
    problem = suites.get_problem(case_id)
    assert problem.f_star == pytest.approx(ours, rel=1e-9)
    assert problem.f_star != pytest.approx(stated, rel=1e-7)
    assert problem.stated_f_min == pytest.approx(stated, rel=1e-9)
