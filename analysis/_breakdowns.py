"""Results broken down by problem class: dimension buckets, and average ranks per stratum.

:func:`problem_strata` gives each problem's tags or exact dimension; a benchmark of many
dimensions reads better in buckets (1-2, 3-4, 5-8, 9-16, ...): :func:`dimension_buckets`.
:func:`ranks_by_stratum` then ranks the methods within each problem (as Friedman's test
does) and averages those ranks over the problems of each stratum -- the per-class reading
of the overall leaderboard, with or without a reference method.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd

from analysis._rank import complete_blocks
from analysis._strata import problem_strata
from analysis._tables import BenchmarkData


def dimension_bucket(dim: int) -> str:
    """Return the bucket of a dimension: ``"dim 1-2"``, then powers of two.

    Examples
    --------
    >>> [dimension_bucket(d) for d in (1, 2, 3, 4, 5, 8, 9, 30)]
    ['dim 1-2', 'dim 1-2', 'dim 3-4', 'dim 3-4', 'dim 5-8', 'dim 5-8', 'dim 9-16', 'dim 17-32']
    """
    if isinstance(dim, bool) or not isinstance(dim, int) or dim < 1:
        raise ValueError(f"dim must be an int >= 1; got {dim!r}.")
    if dim <= 2:
        return "dim 1-2"
    high = 2 ** math.ceil(math.log2(dim))
    return f"dim {high // 2 + 1}-{high}"


def dimension_buckets(problems: Iterable[str]) -> pd.DataFrame:
    """Return each problem's dimension bucket (see :func:`dimension_bucket`).

    Returns
    -------
    pandas.DataFrame
        ``problem``, ``stratum``, sorted by dimension; problems the suites do not know get
        ``"unknown"`` (last).

    Examples
    --------
    >>> dimension_buckets(["Hartmann6", "Branin"]).values.tolist()
    [['Branin', 'dim 1-2'], ['Hartmann6', 'dim 5-8']]
    """
    exact = problem_strata(problems, "dimension")
    dims = [_dimension(s) for s in exact["stratum"]]
    frame = pd.DataFrame(
        {
            "problem": exact["problem"],
            "stratum": [dimension_bucket(d) if d else "unknown" for d in dims],
            "dim": [d or math.inf for d in dims],
        }
    )
    frame = frame.sort_values(["dim", "problem"], kind="stable")
    return frame[["problem", "stratum"]].reset_index(drop=True)


def _dimension(stratum: str) -> int | None:
    prefix = "dim="
    if stratum.startswith(prefix) and stratum[len(prefix) :].isdigit():
        return int(stratum[len(prefix) :])
    return None


def ranks_by_stratum(
    data: BenchmarkData | pd.DataFrame,
    strata: pd.DataFrame | Mapping[str, str],
    *,
    metric: str = "final_best",
    statistic: str = "median",
    failures: str = "drop",
) -> pd.DataFrame:
    """Average each method's per-problem rank over the problems of each stratum.

    Each (problem, method) becomes one loss (the ``statistic`` over repeats); methods are
    ranked within every problem where all of them have a usable run (1 = best, ties
    averaged), and the ranks averaged within each stratum. A problem with several tags
    counts in each of their strata.

    Parameters
    ----------
    data : BenchmarkData or pandas.DataFrame
        The benchmark or its runs table.
    strata : pandas.DataFrame or mapping
        ``problem``/``stratum`` rows (:func:`problem_strata`, :func:`dimension_buckets`)
        or problem -> stratum.
    metric, statistic, failures
        As :func:`analysis.friedman_test`.

    Returns
    -------
    pandas.DataFrame
        ``stratum``, ``method``, ``n_problems`` (ranked problems of the stratum),
        ``share`` (its share of all ranked problems: 1 when the stratum holds them all),
        ``average_rank``; strata in the order they first appear in ``strata``, methods
        best first within each.

    Examples
    --------
    >>> ranks_by_stratum(data, dimension_buckets(data.problems))  # doctest: +SKIP
    """
    if isinstance(strata, Mapping):
        strata = pd.DataFrame(list(strata.items()), columns=["problem", "stratum"])
    missing = {"problem", "stratum"} - set(strata.columns)
    if missing:
        raise ValueError(
            f"strata must have the columns 'problem' and 'stratum'; {sorted(missing)} "
            "missing. Build it with problem_strata or dimension_buckets."
        )
    matrix, _ = complete_blocks(data, metric, statistic, failures)
    columns = ["stratum", "method", "n_problems", "share", "average_rank"]
    if matrix.empty:
        return pd.DataFrame(columns=columns)
    ranks = matrix.rank(axis=1, method="average")
    long = ranks.rename_axis(index="problem", columns="method").stack().rename("rank")
    frame = long.reset_index().merge(strata[["problem", "stratum"]], on="problem")
    grouped = frame.groupby(["stratum", "method"], sort=False)
    table = pd.DataFrame(
        {"n_problems": grouped["problem"].nunique(), "average_rank": grouped["rank"].mean()}
    ).reset_index()
    table["share"] = table["n_problems"] / len(matrix)
    order = {s: i for i, s in enumerate(dict.fromkeys(strata["stratum"]))}
    table["order"] = table["stratum"].map(order)
    table = table.sort_values(["order", "average_rank", "method"], kind="stable")
    return table[columns].reset_index(drop=True)
