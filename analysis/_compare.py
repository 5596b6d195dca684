"""Per-problem Mann–Whitney comparisons of a reference method against each rival.

This is the Optuna paper's protocol (its Figure 9): on each problem, the final best values
of the reference's repeats and a rival's repeats are compared with a Mann–Whitney U test;
a significant difference is a win or a loss, anything else a tie. Next to every test sits
its effect size (Vargha–Delaney A12, or the rank-biserial r) and whether the difference is
inside a region of practical equivalence (``rope``). P-values are corrected across the
problems of each rival (Holm by default); the paper used no correction and α = 0.0005
(``PAPER_ALPHA``).
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis import _effect, _metrics, _multitest
from analysis._mwu import mannwhitney_many
from analysis._tables import BenchmarkData

PAPER_ALPHA = 0.0005
ALTERNATIVES = ("two-sided", "better", "worse")
OUTCOMES = ("win", "tie", "loss", "n/a")
MIN_REPEATS = 2


class AnalysisWarning(UserWarning):
    """A statistic cannot say what was asked (e.g. α is out of reach with these repeats)."""


@dataclass(frozen=True)
class PairComparison:
    """The comparison of the reference with one rival on one problem.

    Attributes
    ----------
    problem, reference, rival, metric : str
    n_reference, n_rival : int
        The runs that entered the test.
    median_reference, median_rival : float
        Medians of the metric as stored (not turned into losses).
    statistic : float
        Mann–Whitney U of the reference's sample (scipy's ``statistic`` with the
        reference's losses first).
    pvalue, pvalue_adjusted : float
        Raw and corrected p-values (NaN when no test was possible).
    effect_size : float
        A12 (probability that a reference run beats a rival run), or the rank-biserial r.
    magnitude : str
        negligible, small, medium or large (Vargha–Delaney's scale on A12).
    equivalent : bool
        Whether A12 lies within ``0.5 ± rope`` (a practically irrelevant difference).
    outcome : str
        ``"win"``, ``"tie"``, ``"loss"`` (for the reference) or ``"n/a"``.
    reason : str
        Why the outcome is ``"n/a"``, or a note ("all values equal"); empty otherwise.
    """

    problem: str
    reference: str
    rival: str
    metric: str
    n_reference: int
    n_rival: int
    median_reference: float
    median_rival: float
    statistic: float
    pvalue: float
    pvalue_adjusted: float
    effect_size: float
    magnitude: str
    equivalent: bool
    outcome: str
    reason: str


@dataclass(frozen=True)
class ComparisonResult:
    """All comparisons of a reference against its rivals, with the settings used.

    Attributes
    ----------
    reference, metric, alternative, correction, effect, failures : str
    alpha, rope : float
    comparisons : tuple of PairComparison
    notes : tuple of str
        Warnings (α out of reach) and exclusions (failed or incomplete runs).
    """

    reference: str
    metric: str
    alternative: str
    alpha: float
    correction: str | None
    effect: str
    rope: float
    failures: str
    comparisons: tuple[PairComparison, ...]
    notes: tuple[str, ...] = field(default=())

    def to_frame(self) -> pd.DataFrame:
        """One row per (problem, rival)."""
        columns = list(PairComparison.__dataclass_fields__)
        return pd.DataFrame([vars(c) for c in self.comparisons], columns=columns)

    def win_tie_loss(self, by: pd.Series | None = None) -> pd.DataFrame:
        """Count outcomes per rival (the layout of the paper's Figure 9).

        Parameters
        ----------
        by : pandas.Series or None
            Maps each problem to a stratum (a tag, a dimension); the counts are then per
            (stratum, rival).

        Returns
        -------
        pandas.DataFrame
            Columns ``win``, ``tie``, ``loss``, ``n/a``, indexed by rival (and stratum).
        """
        frame = self.to_frame()
        keys = ["rival"]
        if by is not None:
            frame["stratum"] = frame["problem"].map(by)
            keys = ["stratum", "rival"]
        counts = frame.groupby(keys)["outcome"].value_counts().unstack(fill_value=0)
        return counts.reindex(columns=list(OUTCOMES), fill_value=0).astype(int)


def compare_to_reference(
    data: BenchmarkData | pd.DataFrame,
    reference: str,
    *,
    rivals: Sequence[str] | None = None,
    metric: str = "final_best",
    alternative: str = "two-sided",
    alpha: float = 0.05,
    correction: str | None = "holm",
    effect: str = "a12",
    rope: float = 0.056,
    failures: str = "drop",
) -> ComparisonResult:
    """Compare ``reference`` with each rival on every problem (Mann–Whitney U).

    Parameters
    ----------
    data : BenchmarkData or pandas.DataFrame
        The loaded benchmark, or its runs table.
    reference : str
        The method compared with all others.
    rivals : sequence of str or None
        The rivals; None for every other method.
    metric : str, default="final_best"
        A numeric column of the runs table (``"auc"``, ``"regret"``, ...).
    alternative : {"two-sided", "better", "worse"}
        Two-sided: wins and losses both possible. "better" tests only whether the
        reference is better (no losses); "worse" only whether it is worse (no wins).
    alpha : float, default=0.05
        Significance level for the adjusted p-values (``PAPER_ALPHA`` = 0.0005 and
        ``correction=None`` reproduce the paper).
    correction : str or None, default="holm"
        Across the problems of each rival: "holm", "bonferroni", "sidak", "fdr_bh", None.
    effect : {"a12", "rank_biserial"}
    rope : float, default=0.056
        Half-width of the region of practical equivalence on the A12 scale (the
        default is Vargha–Delaney's "negligible" bound).
    failures : str, default="drop"
        How failed runs enter: "drop", "worst" or "par<k>" (see :mod:`analysis._metrics`).

    Returns
    -------
    ComparisonResult

    Raises
    ------
    ValueError
        For an unknown method (the message lists those present), metric, alternative,
        correction, effect, failure policy, or an alpha outside (0, 1).

    Warns
    -----
    AnalysisWarning
        When the repeats are too few for any p-value to fall below ``alpha``.

    Examples
    --------
    >>> runs = pd.DataFrame({"problem": "P", "method": ["A"] * 5 + ["B"] * 5,
    ...     "repeat": list(range(5)) * 2, "run_id": [str(i) for i in range(10)],
    ...     "status": "done", "direction": "minimize", "n_objectives": 1,
    ...     "final_best": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10.0]})
    >>> result = compare_to_reference(runs, "A", correction=None)
    >>> result.comparisons[0].outcome, round(result.comparisons[0].pvalue, 4)
    ('win', 0.0079)
    """
    runs = data.runs if isinstance(data, BenchmarkData) else data
    _check_settings(alternative, alpha, effect)
    _multitest.check_correction(correction)
    rope = _effect.check_rope(rope)
    samples = _metrics.collect(runs, metric, failures)
    methods = runs["method"].unique()
    _metrics.check_methods(methods, [reference], "reference")
    rivals = [m for m in sorted(methods) if m != reference] if rivals is None else list(rivals)
    _metrics.check_methods(methods, rivals, "rival")
    problems = sorted(runs["problem"].unique())
    groups = {key: g for key, g in samples.frame.groupby(["problem", "method"])}
    notes = list(samples.notes)
    comparisons: list[PairComparison] = []
    scipy_alt = {"two-sided": "two-sided", "better": "less", "worse": "greater"}[alternative]
    for rival in rivals:
        found = [
            _compare_one(groups, samples, problem, reference, rival, metric, effect, rope)
            for problem in problems
        ]
        rows = _run_tests(found, scipy_alt)
        adjusted = _multitest.adjust_pvalues([r.pvalue for r in rows], correction)
        rows = [_decide(r, p, alpha, alternative) for r, p in zip(rows, adjusted)]
        notes.extend(_floor_warnings(rows, rival, alpha, correction, alternative))
        comparisons.extend(rows)
    return ComparisonResult(
        reference,
        metric,
        alternative,
        float(alpha),
        correction,
        effect,
        rope,
        failures,
        tuple(comparisons),
        tuple(notes),
    )


def _check_settings(alternative: str, alpha: float, effect: str) -> None:
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative must be one of {ALTERNATIVES}; got {alternative!r}.")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be a number in (0, 1); got {alpha!r}.")
    if effect not in _effect.EFFECTS:
        raise ValueError(f"effect must be one of {_effect.EFFECTS}; got {effect!r}.")


def _compare_one(
    groups: dict,
    samples: _metrics.Samples,
    problem: str,
    reference: str,
    rival: str,
    metric: str,
    effect: str,
    rope: float,
) -> tuple[PairComparison, tuple[np.ndarray, np.ndarray] | None]:
    """The comparison without its test, and the two samples when a test is due."""
    a = _losses(groups, problem, reference)
    b = _losses(groups, problem, rival)
    s = float(samples.sign.get(problem, 1.0))
    base = dict(
        problem=problem,
        reference=reference,
        rival=rival,
        metric=metric,
        n_reference=len(a),
        n_rival=len(b),
        median_reference=float(np.median(a)) * s if len(a) else np.nan,
        median_rival=float(np.median(b)) * s if len(b) else np.nan,
        pvalue_adjusted=np.nan,
        outcome="n/a",
    )
    short = [m for m, x in ((reference, a), (rival, b)) if len(x) < MIN_REPEATS]
    if short:
        reason = "; ".join(
            _why_short(samples, problem, m, len(x))
            for m, x in ((reference, a), (rival, b))
            if len(x) < MIN_REPEATS
        )
        return PairComparison(
            **base,
            statistic=np.nan,
            pvalue=np.nan,
            effect_size=np.nan,
            magnitude="n/a",
            equivalent=False,
            reason=reason,
        ), None
    a12 = _effect.vargha_delaney(a, b)
    size = a12 if effect == "a12" else _effect.rank_biserial(a12)
    common = dict(
        effect_size=size, magnitude=_effect.magnitude(a12), equivalent=abs(a12 - 0.5) <= rope
    )
    if np.all(np.concatenate([a, b]) == a[0]):
        return PairComparison(
            **base, **common, statistic=len(a) * len(b) / 2, pvalue=1.0, reason="all values equal"
        ), None
    return PairComparison(**base, **common, statistic=np.nan, pvalue=np.nan, reason=""), (a, b)


def _run_tests(
    found: list[tuple[PairComparison, tuple[np.ndarray, np.ndarray] | None]], alternative: str
) -> list[PairComparison]:
    """Fill in the Mann–Whitney statistics and p-values of the comparisons that need one."""
    due = [i for i, (_, pair) in enumerate(found) if pair is not None]
    u, p = mannwhitney_many([found[i][1] for i in due], alternative)
    rows = [row for row, _ in found]
    for k, i in enumerate(due):
        rows[i] = dataclasses.replace(rows[i], statistic=float(u[k]), pvalue=float(p[k]))
    return rows


def _why_short(samples: _metrics.Samples, problem: str, method: str, n: int) -> str:
    """Say why ``method`` has fewer than two usable runs on ``problem``."""
    prefix = f"{problem} / {method}: "
    found = [note[len(prefix) :] for note in samples.notes if note.startswith(prefix)]
    if n == 0 and not found:
        return f"{method} has no runs on {problem}"
    return f"{method} has {n} usable run(s) on {problem}" + (
        f" ({'; '.join(found)})" if found else f"; a rank test needs {MIN_REPEATS}"
    )


def _losses(groups: dict, problem: str, method: str) -> np.ndarray:
    group = groups.get((problem, method))
    return np.empty(0) if group is None else group["loss"].to_numpy(dtype=float)


def _decide(
    row: PairComparison, adjusted: float, alpha: float, alternative: str
) -> PairComparison:
    if np.isnan(row.pvalue):
        return row
    outcome = "tie"
    if adjusted < alpha:
        better = _a12_of(row) > 0.5
        if alternative == "two-sided":
            outcome = "win" if better else "loss"
        else:
            outcome = "win" if alternative == "better" else "loss"
    return PairComparison(**{**vars(row), "pvalue_adjusted": float(adjusted), "outcome": outcome})


def _a12_of(row: PairComparison) -> float:
    n = row.n_reference * row.n_rival
    # U counts the pairs where the reference's loss is the larger: A12 = 1 - U / n.
    return 1.0 - row.statistic / n


def _floor_warnings(
    rows: list[PairComparison],
    rival: str,
    alpha: float,
    correction: str | None,
    alternative: str,
) -> list[str]:
    tested = [r for r in rows if not np.isnan(r.pvalue)]
    if not tested:
        return []
    two_sided = alternative == "two-sided"
    n_a = max(r.n_reference for r in tested)
    n_b = max(r.n_rival for r in tested)
    floor = _multitest.corrected_floor(
        _multitest.min_pvalue(n_a, n_b, two_sided=two_sided), len(tested), correction
    )
    if floor < alpha:
        return []
    need = _multitest.repeats_needed(alpha, len(tested), correction, two_sided=two_sided)
    message = (
        f"{rival}: with {n_a} vs {n_b} runs the smallest reachable p-value is {floor:.3g}"
        f"{'' if correction is None else f' after {correction} over {len(tested)} problems'}"
        f", not below alpha={alpha:g}, so no difference can be significant; use at least "
        f"{need} repeats per method or a larger alpha."
    )
    warnings.warn(message, AnalysisWarning, stacklevel=3)
    return [message]
