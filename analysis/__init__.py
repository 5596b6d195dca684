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
