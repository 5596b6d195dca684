"""Verdicts broken down by problem class (a tag, the dimension), with a test per class.

Win/tie/loss counts of a :class:`ComparisonResult` are split by stratum. Within a stratum,
a two-sided sign test (binomial, p = 1/2) on wins against losses says whether the
reference is better than the rival on that class of problems more often than chance;
p-values are Holm-corrected over the strata of each rival. A problem with several tags
counts in each of their strata.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from scipy import stats

from analysis import _multitest
from analysis._compare import OUTCOMES, ComparisonResult

KINDS = ("tags", "dimension")


def problem_strata(problems: Iterable[str], kind: str = "tags") -> pd.DataFrame:
    """Return the strata of each problem from the suites' metadata.

    Parameters
    ----------
    problems : iterable of str
        Case ids.
    kind : {"tags", "dimension"}
        One row per tag of a problem, or its dimension (``"dim=4"``).

    Returns
    -------
    pandas.DataFrame
        ``problem``, ``stratum``; problems the suites do not know get ``"unknown"``.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}; got {kind!r}.")
    rows = []
    for problem in problems:
        try:
            import suites

            instance = suites.get_problem(problem)
        except (ImportError, ValueError, TypeError):
            rows.append((problem, "unknown"))
            continue
        if kind == "dimension":
            rows.append((problem, f"dim={instance.dim}"))
        else:
            tags = sorted(t for t in instance.tags if not t.startswith("dim=")) or ["untagged"]
            rows.extend((problem, t) for t in tags)
    return pd.DataFrame(rows, columns=["problem", "stratum"])


def verdicts_by_stratum(
    result: ComparisonResult,
    strata: pd.DataFrame | Mapping[str, str],
    *,
    alpha: float = 0.05,
    correction: str | None = "holm",
) -> pd.DataFrame:
    """Count outcomes per (stratum, rival) and sign-test wins against losses.

    Parameters
    ----------
    result : ComparisonResult
    strata : pandas.DataFrame or mapping
        ``problem``/``stratum`` rows (from :func:`problem_strata`) or problem -> stratum.
    alpha : float, default=0.05
    correction : str or None, default="holm"

    Returns
    -------
    pandas.DataFrame
        ``stratum``, ``rival``, ``n_problems``, ``win``, ``tie``, ``loss``, ``n/a``,
        ``pvalue``, ``pvalue_adjusted``, ``verdict`` (``"reference better"``, ``"rival
        better"`` or ``"no clear difference"``).

    Examples
    --------
    >>> verdicts_by_stratum(result, problem_strata(data.problems))  # doctest: +SKIP
    """
    _multitest.check_correction(correction)
    if isinstance(strata, Mapping):
        strata = pd.DataFrame(list(strata.items()), columns=["problem", "stratum"])
    frame = result.to_frame().merge(strata, on="problem", how="left")
    frame["stratum"] = frame["stratum"].fillna("unknown")
    counts = frame.groupby(["stratum", "rival"])["outcome"].value_counts().unstack(fill_value=0)
    counts = counts.reindex(columns=list(OUTCOMES), fill_value=0).astype(int)
    counts.insert(0, "n_problems", counts.sum(axis=1))
    counts = counts.reset_index()
    counts["pvalue"] = [
        stats.binomtest(int(won), int(won + lost), 0.5).pvalue if won + lost else np.nan
        for won, lost in zip(counts["win"], counts["loss"])
    ]
    counts["pvalue_adjusted"] = np.nan
    for _, idx in counts.groupby("rival").groups.items():
        counts.loc[idx, "pvalue_adjusted"] = _multitest.adjust_pvalues(
            counts.loc[idx, "pvalue"], correction
        )
    counts["verdict"] = [
        "no clear difference"
        if not p < alpha
        else "reference better"
        if won > lost
        else "rival better"
        for p, won, lost in zip(counts["pvalue_adjusted"], counts["win"], counts["loss"])
    ]
    return counts
