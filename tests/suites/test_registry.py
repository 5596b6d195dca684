"""The problem registry: case ids, look-ups, problem suites and tag filters."""

from __future__ import annotations

import pytest

import suites
from suites._classic import Branin, Rosenbrock


@pytest.mark.parametrize(
    ("case_id", "family", "params"),
    [
        ("Branin", "Branin", {}),
        ("McCourt16(dim=4,res=10)", "McCourt16", {"dim": 4, "res": 10}),
        ("Alpine02(dim=2,int_dims=[0])", "Alpine02", {"dim": 2, "int_dims": [0]}),
        ("SVM-digits(kernel=rbf, C=1.5)", "SVM-digits", {"kernel": "rbf", "C": 1.5}),
        (" Rastrigin(dim=8,res=0.1) ", "Rastrigin", {"dim": 8, "res": 0.1}),
    ],
)
def test_parse_case_id(case_id, family, params):
    assert suites.parse_case_id(case_id) == (family, params)


@pytest.mark.parametrize("case_id", ["F(1,2)", "F(dim=)", "(dim=2)", "F(a=b.c)"])
def test_parse_case_id_refuses_malformed_ids(case_id):
    with pytest.raises(ValueError, match="malformed|not a literal"):
        suites.parse_case_id(case_id)


def test_case_ids_round_trip():
    for case_id in suites.list_problems():
        assert suites.get_problem(case_id).case_id == case_id


def test_unknown_family_lists_close_matches():
    with pytest.raises(ValueError, match=r"unknown family 'McCourt1'\. Did you mean \["):
        suites.get_problem("McCourt1(dim=7)")


def test_invalid_parameters_name_the_case():
    with pytest.raises(ValueError, match=r"case id 'Branin\(size=3\)' has invalid parameters"):
        suites.get_problem("Branin(size=3)")
    with pytest.raises(ValueError, match=r"dim of McCourt16 must be 4"):
        suites.get_problem("McCourt16(dim=5)")
    with pytest.raises(ValueError, match=r"res of Ackley must be a number > 0; got -1"):
        suites.get_problem("Ackley(dim=2,res=-1)")
    with pytest.raises(ValueError, match=r"int_dims of Ackley must be distinct indices in 0\.\.1"):
        suites.get_problem("Ackley(dim=2,int_dims=[2])")


def test_unlisted_cases_of_a_family_can_be_built():
    problem = suites.get_problem("Rosenbrock(dim=7)", seed=3)
    assert (problem.dim, problem.seed, problem.f_star) == (7, 3, 0.0)


def test_problem_suites_have_their_sizes():
    sizes = {name: len(suites.list_problems(name)) for name in suites.list_problem_suites()}
    assert sizes["evalset56"] == 56
    assert sizes["evalset-auc42"] == 42
    assert sizes["evalset"] == 76  # 22 AUC cases are also among the 56
    assert sizes["classic"] == 10
    assert sizes["constrained"] == 7


def test_evalset56_keeps_the_papers_order():
    ids = suites.list_problems("evalset56")
    assert ids[:3] == ["Ackley(dim=11)", "Ackley(dim=3,res=1)", "Adjiman(dim=2)"]
    assert ids[-1] == "Xor(dim=9)"


def test_tag_filter_keeps_problems_with_every_tag():
    ids = suites.list_problems("evalset56", tags=["unimodal", "nonsmooth"])
    assert ids == ["Schwefel20(dim=2)", "Schwefel20(dim=2,int_dims=[0])"]
    assert suites.list_problems("classic", tags="dim=2") == [
        "Branin",
        "Rosenbrock(dim=2)",
        "AckleyClassic(dim=2)",
        "RastriginClassic(dim=2)",
        "StyblinskiTang(dim=2)",
    ]


def test_evalset56_tag_counts_match_the_reference():
    def count(tag):
        return len(suites.list_problems("evalset56", tags=[tag]))

    counts = {t: count(t) for t in ("unimodal", "boring", "nonsmooth", "bound_min", "noisy")}
    assert counts == {"unimodal": 19, "boring": 16, "nonsmooth": 13, "bound_min": 11, "noisy": 2}
    assert count("mixed_int") == 8
    # 6 cases discretised with res, plus Plateau whose function is discrete itself
    assert count("discrete") == 7


def test_unknown_suite_lists_the_suites():
    with pytest.raises(ValueError, match=r"unknown problem suite 'evalset57'\. Did you mean"):
        suites.list_problems("evalset57")


def test_registering_a_family_twice_with_another_factory_fails():
    class Other(Branin):
        pass

    with pytest.raises(ValueError, match="family 'Branin' is already registered"):
        suites.register(Other)


def test_registering_more_cases_of_a_family_is_allowed():
    ids = suites.register(Rosenbrock, cases=[{"dim": 2}], suites=["classic"])
    assert ids == ["Rosenbrock(dim=2)"]
    assert suites.list_problems("classic").count("Rosenbrock(dim=2)") == 1


def test_register_needs_a_family_name():
    with pytest.raises(ValueError, match="family must be a non-empty str"):
        suites.register(lambda **kw: None)
