"""Average ranks per problem class, dimension buckets, and multi-objective summaries."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import hpobench
from analysis import (
    MultiObjectiveQuality,
    dimension_buckets,
    hypervolume_anytime,
    load_benchmark,
    multiobjective_table,
    ranks_by_stratum,
)
from analysis._breakdowns import dimension_bucket


def _three_problems(make_run):
    storage = hpobench.storages.InMemoryStorage()
    # Final bests per (problem, method): A beats B on P1 and P2, B beats A on P3.
    finals = {"P1": (1.0, 2.0), "P2": (1.0, 3.0), "P3": (5.0, 4.0)}
    for problem, (a, b) in finals.items():
        for repeat in range(2):
            make_run(storage, problem=problem, method="A", repeat=repeat, values=[a])
            make_run(storage, problem=problem, method="B", repeat=repeat, values=[b])
    return load_benchmark(storage)


def test_ranks_by_stratum_average_the_ranks_of_each_class(make_run):
    data = _three_problems(make_run)
    strata = {"P1": "easy", "P2": "easy", "P3": "hard"}
    table = ranks_by_stratum(data, strata).set_index(["stratum", "method"])
    assert table.loc[("easy", "A"), "average_rank"] == 1.0
    assert table.loc[("easy", "B"), "average_rank"] == 2.0
    assert table.loc[("hard", "B"), "average_rank"] == 1.0
    assert table.loc[("easy", "A"), "n_problems"] == 2
    assert table.loc[("hard", "A"), "share"] == pytest.approx(1 / 3)
    # Strata keep their first-seen order; the best method comes first within each.
    assert list(table.index) == [("easy", "A"), ("easy", "B"), ("hard", "B"), ("hard", "A")]


def test_ranks_by_stratum_names_the_missing_columns(make_run):
    data = _three_problems(make_run)
    with pytest.raises(ValueError, match="'problem' and 'stratum'"):
        ranks_by_stratum(data, pd.DataFrame({"problem": ["P1"], "class": ["x"]}))


@pytest.mark.parametrize(
    ("dim", "bucket"),
    [(1, "dim 1-2"), (2, "dim 1-2"), (3, "dim 3-4"), (6, "dim 5-8"), (16, "dim 9-16")],
)
def test_dimension_bucket(dim, bucket):
    assert dimension_bucket(dim) == bucket


@pytest.mark.parametrize("dim", [0, -1, 2.5, True])
def test_dimension_bucket_rejects_what_is_not_a_dimension(dim):
    with pytest.raises(ValueError, match="dim must be an int >= 1"):
        dimension_bucket(dim)


def test_dimension_buckets_sorts_by_dimension_and_keeps_unknown_problems_last():
    frame = dimension_buckets(["Hartmann6", "NoSuchProblem", "Branin"])
    assert frame.values.tolist() == [
        ["Branin", "dim 1-2"],
        ["Hartmann6", "dim 5-8"],
        ["NoSuchProblem", "unknown"],
    ]


def test_multiobjective_table_summarises_the_runs_of_each_cell():
    runs = pd.DataFrame(
        {
            "problem": ["Z"] * 4,
            "method": ["m"] * 4,
            "n_front": [3, 5, 4, 6],
            "hypervolume": [1.0, 2.0, 3.0, 4.0],
            "igd_plus": [0.4, 0.3, np.nan, 0.1],
        }
    )
    quality = MultiObjectiveQuality(runs=runs, reference_points={}, notes=())
    row = multiobjective_table(quality).iloc[0]
    assert (row["n_runs"], row["median_n_front"]) == (4, 4.5)
    assert row["median_hypervolume"] == 2.5
    assert row["q25_hypervolume"] == pytest.approx(1.75)
    assert row["q75_hypervolume"] == pytest.approx(3.25)
    assert row["median_igd_plus"] == pytest.approx(0.3)  # NaN left out


def test_hypervolume_anytime_carries_a_short_run_forward():
    curves = pd.DataFrame(
        {
            "run_id": ["a", "a", "a", "b"],
            "problem": "P",
            "method": "m",
            "repeat": [0, 0, 0, 1],
            "trial": [1, 2, 3, 1],
            "hypervolume": [1.0, 2.0, 4.0, 3.0],
        }
    )
    table = hypervolume_anytime(curves, quantiles=(0.0, 1.0))
    assert table["x"].tolist() == [1.0, 2.0, 3.0]
    assert table["median"].tolist() == [2.0, 2.5, 3.5]
    assert table["lower"].tolist() == [1.0, 2.0, 3.0]
    assert table["upper"].tolist() == [3.0, 3.0, 4.0]


def test_hypervolume_anytime_checks_the_quantiles():
    with pytest.raises(ValueError, match="quantiles"):
        hypervolume_anytime(pd.DataFrame(), quantiles=(0.8, 0.2))
