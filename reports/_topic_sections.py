"""The report's topic sections: pruning efficiency, worker scaling, multi-objective quality,
hyperparameter importances of the ML tasks and breakdowns by problem class.

Each builder returns None when the benchmark has nothing for it (the reason is already a
note of :class:`reports._content.ReportContent`).
"""

from __future__ import annotations

import pandas as pd

from reports import _html
from reports._content import ReportContent
from reports._figures import FigureSpec
from reports._sections import Part, Section

EFFICIENCY_NOTE = (
    "Medians over repeats. steps_saved and seconds_saved: fractions of the same sampler's "
    "unpruned runs (NaN without such runs); regret_lost: median regret minus theirs "
    "(positive is worse); trials_ratio: trials explored within the same budget, relative "
    "to them."
)
VERDICT_CLASSES = {"reference better": "better", "rival better": "worse"}
KIND_TITLES = {"tag": "By problem tag", "dimension": "By dimension"}


def _curves(ident: str, curves: pd.DataFrame, title: str, y_title: str, **options) -> FigureSpec:
    return FigureSpec(ident, "curves", (curves,), {"title": title, "y_title": y_title, **options})


# The pruning table's columns: the method label already names sampler and pruner.
EFFICIENCY_COLUMNS = [
    "method",
    "n_runs",
    "steps_consumed",
    "n_trials",
    "pruned_fraction",
    "final_best",
    "regret",
    "wall_s",
    "steps_saved",
    "seconds_saved",
    "regret_lost",
    "trials_ratio",
]


def pruning_section(content: ReportContent) -> Section | None:
    """Per problem: best value against steps consumed and the efficiency table; then the
    false-prune rates."""
    results = content.pruning
    if results is None:
        return None
    parts: list[Part] = [f'<p class="note">{_html.text(EFFICIENCY_NOTE)}</p>']
    efficiency = results.efficiency
    for index, problem in enumerate(sorted(efficiency["problem"].unique())):
        parts.append(f'<h3 id="pruning-{index}">{_html.text(problem)}</h3>')
        curves = results.curves[results.curves["problem"] == problem]
        if not curves.empty:
            parts.append(
                _curves(
                    f"fig-pruning-{index}",
                    curves,
                    "Best value against steps consumed (median, quartile band)",
                    "best value",
                    log_y=False,
                    x_title="steps consumed",
                )
            )
        parts.append(
            _html.table(
                efficiency.loc[efficiency["problem"] == problem, EFFICIENCY_COLUMNS],
                caption="Pruning efficiency per method (medians over repeats)",
                table_id=f"pruning-table-{index}",
            )
        )
    if results.false_prunes is not None:
        parts.append(
            _html.table(
                results.false_prunes.summary,
                caption="False prunes: pruned trials that would have beaten the incumbent of "
                "their time (false_prune_rate) or the run's final best (lost_best_rate)",
                table_id="false-prunes",
            )
        )
    return Section("pruning", "Pruning efficiency", tuple(parts))


def scaling_section(content: ReportContent) -> Section | None:
    """Best value against wall seconds and against trials per number of workers."""
    results = content.scaling
    if results is None:
        return None
    parts: list[Part] = []
    for index, problem in enumerate(sorted(results.summary["problem"].unique())):
        parts.append(f'<h3 id="scaling-{index}">{_html.text(problem)}</h3>')
        for axis, curves, x_title in (
            ("seconds", results.by_seconds, "wall seconds"),
            ("trials", results.by_trials, "trials"),
        ):
            own = _labelled(curves[curves["problem"] == problem])
            if own.empty:
                continue
            parts.append(
                _curves(
                    f"fig-scaling-{index}-{axis}",
                    own,
                    f"Best value against {x_title} per number of workers (median, quartiles)",
                    "best value",
                    log_y=False,
                    x_title=x_title,
                    series="series",
                )
            )
    parts.append(
        _html.table(
            results.summary,
            caption="Worker scaling: median final best and wall seconds per number of workers "
            "(speedup: one worker's median wall seconds over these)",
            table_id="worker-scaling",
        )
    )
    return Section("scaling", "Worker scaling", tuple(parts))


def _labelled(curves: pd.DataFrame) -> pd.DataFrame:
    """One line per (method, workers): a ``series`` column naming both."""
    labels = [
        f"{m} × {int(w)} worker{'s' if w != 1 else ''}"
        for m, w in zip(curves["method"], curves["workers"])
    ]
    return curves.assign(series=labels)


def multiobjective_section(content: ReportContent) -> Section | None:
    """Fronts and hypervolume over trials per problem; hypervolume and IGD+ per method."""
    results = content.multiobjective
    if results is None:
        return None
    parts: list[Part] = []
    problems = sorted(results.quality.runs["problem"].unique())
    for index, problem in enumerate(problems):
        parts.append(f'<h3 id="mo-{index}">{_html.text(problem)}</h3>')
        fronts = results.fronts[results.fronts["problem"] == problem]
        if not fronts.empty:
            title = "Attainment surfaces of the runs' fronts (median solid, best dotted)"
            spec = FigureSpec(f"fig-mo-front-{index}", "fronts", (fronts,), {"title": title})
            parts.append(spec)
        curves = results.hypervolume[results.hypervolume["problem"] == problem]
        if not curves.empty:
            parts.append(
                _curves(
                    f"fig-mo-hv-{index}",
                    curves,
                    "Hypervolume over trials (median, quartile band)",
                    "hypervolume",
                    log_y=False,
                    x_title="complete trials",
                )
            )
    parts.append(
        _html.table(
            results.table,
            caption="Hypervolume (higher is better) and IGD+ (lower is better) of the runs' "
            "final fronts",
            table_id="mo-quality",
        )
    )
    points = pd.DataFrame(
        {
            "problem": list(results.quality.reference_points),
            "reference_point": [
                ", ".join(_html.number(float(v), 6) for v in point)
                for point in results.quality.reference_points.values()
            ],
        }
    )
    parts.append(
        _html.table(points, caption="Hypervolume reference points (losses)", table_id="mo-ref")
    )
    return Section("multiobjective", "Multi-objective quality", tuple(parts))


def importance_section(content: ReportContent) -> Section | None:
    """Per ML task: mean fANOVA importance of each hyperparameter over runs, with spread."""
    results = content.importance
    if results is None:
        return None
    summary = results.summary
    parts: list[Part] = [
        '<p class="note">fANOVA importance of each hyperparameter in every run of an ML task, '
        "averaged over its runs (all methods); std is the spread over runs, sem its standard "
        "error, top_share the share of runs where it ranked first.</p>"
    ]
    for index, problem in enumerate(sorted(summary["problem"].unique())):
        own = summary[summary["problem"] == problem].drop(columns="problem")
        n_runs = int(own["n_runs"].max())
        parts.append(f'<h3 id="importance-{index}">{_html.text(problem)}</h3>')
        parts.append(
            FigureSpec(
                f"fig-importance-{index}",
                "importances",
                (own,),
                {"title": f"Mean importance over {n_runs} runs (bars: ± std over runs)"},
            )
        )
        parts.append(
            _html.table(
                own[["param", "mean", "std", "sem", "n_runs", "mean_rank", "top_share"]],
                caption="Importance per hyperparameter",
                table_id=f"importance-table-{index}",
            )
        )
    return Section("importance", "Hyperparameter importance of the ML tasks", tuple(parts))


def breakdowns_section(content: ReportContent) -> Section | None:
    """Average ranks per problem tag and per dimension bucket, and the reference's verdicts."""
    results = content.breakdowns
    if results is None:
        return None
    parts: list[Part] = [
        '<p class="note">Average rank of each method over the problems of a class (1 = best; '
        "ranks within a problem from the median final best over repeats). A problem with "
        "several tags counts in each.</p>"
    ]
    for kind, ranks in results.ranks.items():
        parts.append(f'<h3 id="breakdown-{kind}">{_html.text(KIND_TITLES[kind])}</h3>')
        parts.append(
            FigureSpec(
                f"fig-ranks-by-{kind}",
                "rank_heatmap",
                (ranks,),
                {"title": f"Average rank per {kind} class (number of problems in brackets)"},
            )
        )
        parts.append(
            _html.table(
                rank_table(ranks),
                caption=f"Average rank per {kind} class",
                table_id=f"ranks-by-{kind}",
            )
        )
        verdicts = results.verdicts.get(kind)
        if verdicts is not None:
            parts.append(
                _html.table(
                    verdicts,
                    caption=f"{content.reference} against each rival per {kind} class: "
                    f"win/tie/loss and a sign test (Holm, alpha {content.alpha:g})",
                    table_id=f"verdicts-by-{kind}",
                    classes=VERDICT_CLASSES,
                )
            )
    return Section("breakdowns", "Breakdowns by problem tag and dimension", tuple(parts))


def rank_table(ranks: pd.DataFrame) -> pd.DataFrame:
    """:func:`analysis.ranks_by_stratum` as one row per class and one column per method.

    Examples
    --------
    >>> ranks = pd.DataFrame({"stratum": ["a", "a"], "method": ["x", "y"],
    ...     "n_problems": [2, 2], "average_rank": [1.25, 1.75]})
    >>> rank_table(ranks).values.tolist()
    [['a', 2, 1.25, 1.75]]
    """
    wide = ranks.pivot(index="stratum", columns="method", values="average_rank")
    strata = list(dict.fromkeys(ranks["stratum"]))
    wide = wide.loc[strata, list(dict.fromkeys(ranks["method"]))]
    counts = ranks.drop_duplicates("stratum").set_index("stratum")["n_problems"]
    wide.insert(0, "n_problems", counts.loc[strata].to_numpy())
    return wide.rename_axis(columns=None).reset_index()
