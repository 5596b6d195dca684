"""Analysis: *what the results mean* -- pure functions from stored studies to tidy tables
and small named results. It writes no files and draws nothing.

Read (the only reader): :func:`load_benchmark` (an hpobench benchmark in the runners'
format, any hpobench storage, read in bulk with SQL for databases) and :func:`load_optuna`
(Optuna's RDB schema and journal file, read-only, intermediate values included) give a
:class:`BenchmarkData`: one row per run (final best, regret, normalised regret, AUC,
steps, failures, timings) and one per trial (best-so-far, steps, seconds).

Then:

- per problem against a reference: :func:`compare_to_reference` (Mann–Whitney U, effect
  size with a region of practical equivalence, Holm/Bonferroni/Šidák/BH, a warning when
  α is out of reach, failure policies), win/tie/loss as in the Optuna paper's Figure 9,
  broken down by problem class with :func:`verdicts_by_stratum` (strata from
  :func:`problem_strata` or :func:`dimension_buckets`) and :func:`ranks_by_stratum`;
- across problems: :func:`friedman_test` (average ranks, Nemenyi critical difference),
  :func:`wilcoxon_pairwise` (signed-rank + Holm), :func:`kurobako_ranking` (Borda,
  Firsts), :func:`normalized_scores` (bayesmark);
- anytime: :func:`anytime_curves`, :func:`runtime_ecdf`, :func:`expected_running_time`,
  :func:`anytime_significance` (intervals where A beats B, crossovers);
- cost: :func:`timing_summary`, :func:`sampler_cost_growth`, :func:`worker_scaling`;
  pruners: :func:`pruning_efficiency`, :func:`false_prune_rate`;
- multi-objective: :func:`multiobjective_quality` (hypervolume, IGD+),
  :func:`hypervolume_curves`, :func:`attainment_surfaces`, summarised over repeats by
  :func:`multiobjective_table` and :func:`hypervolume_anytime`;
- importance: :func:`importance_over_repeats`, :func:`factor_importance`;
- portfolios and versions: :func:`portfolio_contributions`, :func:`regression_diff`;
- everything ``hpobench analyze`` prints: :func:`summary_tables`.

Examples
--------
>>> import hpobench, analysis
>>> storage = hpobench.storages.InMemoryStorage()
>>> for method, values in (("a", [3.0, 1.0]), ("b", [3.0, 2.0])):
...     study = hpobench.create_study(study_name=f"demo::{method}", storage=storage)
...     for v in values:
...         study.add_trial(hpobench.create_trial(value=v))
>>> data = analysis.load_benchmark(storage, "demo")
>>> data.runs["method"].tolist(), data.runs["final_best"].tolist(), data.runs["auc"].tolist()
(['demo::a', 'demo::b'], [1.0, 2.0], [2.0, 2.5])
"""

from typing import TYPE_CHECKING

from hpobench._lazy import lazy_exports

if TYPE_CHECKING:
    from analysis._anytime import anytime_curves
    from analysis._anytime_significance import AnytimeSignificance, anytime_significance
    from analysis._breakdowns import dimension_buckets, ranks_by_stratum
    from analysis._compare import (
        PAPER_ALPHA,
        AnalysisWarning,
        ComparisonResult,
        PairComparison,
        compare_to_reference,
    )
    from analysis._curves import RunTrajectories, trajectories
    from analysis._ecdf import RuntimeECDF, expected_running_time, log_targets, runtime_ecdf
    from analysis._importance import (
        ImportanceSummary,
        factor_importance,
        importance_over_repeats,
        study_of_run,
    )
    from analysis._kurobako import KurobakoRanking, kurobako_alpha, kurobako_ranking
    from analysis._load import load_benchmark, load_optuna
    from analysis._multiobjective import (
        MultiObjectiveQuality,
        attainment_surface,
        attainment_surfaces,
        hypervolume_curves,
        igd_plus,
        multiobjective_quality,
    )
    from analysis._multiobjective_summary import hypervolume_anytime, multiobjective_table
    from analysis._multitest import adjust_pvalues, min_pvalue
    from analysis._portfolio import PortfolioResult, portfolio_contributions
    from analysis._pruning import FalsePrunes, false_prune_rate, pruning_efficiency
    from analysis._rank import (
        FriedmanResult,
        critical_difference,
        friedman_test,
        nemenyi_q,
        wilcoxon_pairwise,
    )
    from analysis._regression import RegressionReport, regression_diff
    from analysis._score import NormalizedScores, normalized_scores
    from analysis._strata import problem_strata, verdicts_by_stratum
    from analysis._summary import SummaryTables, summary_tables
    from analysis._tables import BenchmarkData
    from analysis._timing import sampler_cost_growth, timing_summary, worker_scaling

# Loaded on first use, so that `hpobench`'s command line, which imports this package to
# register its commands, does not pay for pandas, scipy.stats and plotting up front.
_EXPORTS = {
    "AnalysisWarning": "analysis._compare",
    "AnytimeSignificance": "analysis._anytime_significance",
    "BenchmarkData": "analysis._tables",
    "ComparisonResult": "analysis._compare",
    "FalsePrunes": "analysis._pruning",
    "FriedmanResult": "analysis._rank",
    "ImportanceSummary": "analysis._importance",
    "KurobakoRanking": "analysis._kurobako",
    "MultiObjectiveQuality": "analysis._multiobjective",
    "NormalizedScores": "analysis._score",
    "PAPER_ALPHA": "analysis._compare",
    "PairComparison": "analysis._compare",
    "PortfolioResult": "analysis._portfolio",
    "RegressionReport": "analysis._regression",
    "RunTrajectories": "analysis._curves",
    "RuntimeECDF": "analysis._ecdf",
    "SummaryTables": "analysis._summary",
    "adjust_pvalues": "analysis._multitest",
    "anytime_curves": "analysis._anytime",
    "anytime_significance": "analysis._anytime_significance",
    "attainment_surface": "analysis._multiobjective",
    "attainment_surfaces": "analysis._multiobjective",
    "compare_to_reference": "analysis._compare",
    "critical_difference": "analysis._rank",
    "dimension_buckets": "analysis._breakdowns",
    "expected_running_time": "analysis._ecdf",
    "factor_importance": "analysis._importance",
    "false_prune_rate": "analysis._pruning",
    "friedman_test": "analysis._rank",
    "hypervolume_anytime": "analysis._multiobjective_summary",
    "hypervolume_curves": "analysis._multiobjective",
    "igd_plus": "analysis._multiobjective",
    "importance_over_repeats": "analysis._importance",
    "kurobako_alpha": "analysis._kurobako",
    "kurobako_ranking": "analysis._kurobako",
    "load_benchmark": "analysis._load",
    "load_optuna": "analysis._load",
    "log_targets": "analysis._ecdf",
    "min_pvalue": "analysis._multitest",
    "multiobjective_quality": "analysis._multiobjective",
    "multiobjective_table": "analysis._multiobjective_summary",
    "nemenyi_q": "analysis._rank",
    "normalized_scores": "analysis._score",
    "portfolio_contributions": "analysis._portfolio",
    "problem_strata": "analysis._strata",
    "pruning_efficiency": "analysis._pruning",
    "ranks_by_stratum": "analysis._breakdowns",
    "regression_diff": "analysis._regression",
    "runtime_ecdf": "analysis._ecdf",
    "sampler_cost_growth": "analysis._timing",
    "study_of_run": "analysis._importance",
    "summary_tables": "analysis._summary",
    "timing_summary": "analysis._timing",
    "trajectories": "analysis._curves",
    "verdicts_by_stratum": "analysis._strata",
    "wilcoxon_pairwise": "analysis._rank",
    "worker_scaling": "analysis._timing",
}


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "PAPER_ALPHA",
    "AnalysisWarning",
    "AnytimeSignificance",
    "BenchmarkData",
    "ComparisonResult",
    "FalsePrunes",
    "FriedmanResult",
    "ImportanceSummary",
    "KurobakoRanking",
    "MultiObjectiveQuality",
    "NormalizedScores",
    "PairComparison",
    "PortfolioResult",
    "RegressionReport",
    "RunTrajectories",
    "RuntimeECDF",
    "SummaryTables",
    "adjust_pvalues",
    "anytime_curves",
    "anytime_significance",
    "attainment_surface",
    "attainment_surfaces",
    "compare_to_reference",
    "critical_difference",
    "dimension_buckets",
    "expected_running_time",
    "factor_importance",
    "false_prune_rate",
    "friedman_test",
    "hypervolume_anytime",
    "hypervolume_curves",
    "igd_plus",
    "importance_over_repeats",
    "kurobako_alpha",
    "kurobako_ranking",
    "load_benchmark",
    "load_optuna",
    "log_targets",
    "min_pvalue",
    "multiobjective_quality",
    "multiobjective_table",
    "nemenyi_q",
    "normalized_scores",
    "portfolio_contributions",
    "problem_strata",
    "pruning_efficiency",
    "ranks_by_stratum",
    "regression_diff",
    "runtime_ecdf",
    "sampler_cost_growth",
    "study_of_run",
    "summary_tables",
    "timing_summary",
    "trajectories",
    "verdicts_by_stratum",
    "wilcoxon_pairwise",
    "worker_scaling",
]
