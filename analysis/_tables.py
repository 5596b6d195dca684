"""From raw reader output to the tidy tables: one row per run, one row per trial.

Every metric of a run is computed here, once, so that all statistics agree on it:

- ``final_best``: the best feasible COMPLETE value (NaN for a run without one, and for
  multi-objective runs, whose quality is their hypervolume); a trial is feasible when
  none of its constraint values is above 0 (unconstrained trials always are);
- ``regret``: how far ``final_best`` is from ``f_star`` in the run's direction
  (``final_best - f_star`` when minimising; negative only if ``f_star`` is wrong);
- ``normalized_regret``: ``regret`` divided by the regret of ``f_ref``, the median over
  every run of the problem (all methods) of its first feasible COMPLETE value -- so 1 means "no
  better than a typical first trial" and 0 means "at the optimum";
- ``auc``: the mean of the best-so-far curve over the budget (kurobako's AUC): from the
  first COMPLETE trial to ``max(budget, n_trials)``, the last best carried to the end.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis import _format
from analysis._raw import RawTables

Describer = Callable[[str, Mapping[str, Any]], Mapping[str, Any]]


@dataclass(frozen=True)
class BenchmarkData:
    """The tidy tables of a benchmark (or of any set of studies).

    Attributes
    ----------
    runs : pandas.DataFrame
        One row per run (study), keyed by ``run_id`` (the study name): ``problem``,
        ``method``, ``repeat``, ``status``, ``direction``, ``f_star``, ``final_best``,
        ``regret``, ``normalized_regret``, ``auc``, trial counts, steps, timings.
    trials : pandas.DataFrame
        One row per trial: ``run_id``, ``problem``, ``method``, ``repeat``, ``number``,
        ``state``, ``feasible``, ``value`` (first objective; ``value_1`` … for more),
        ``best_so_far`` (over feasible COMPLETE trials),
        ``n_steps``, ``ask_s``, ``objective_s``, ``tell_s``, ``worker``, ``wall_t``,
        ``elapsed_s``.
    steps : pandas.DataFrame
        One row per intermediate value: ``run_id``, ``number``, ``step``, ``value``.
    params : pandas.DataFrame or None
        One row per parameter of a trial: ``run_id``, ``number``, ``param``, ``value``
        (internal float), ``distribution`` (JSON); None unless loaded with ``params=True``.
    source : str
        Where it was read from.
    benchmark : str or None
        The benchmark it was restricted to.
    """

    runs: pd.DataFrame
    trials: pd.DataFrame
    steps: pd.DataFrame
    params: pd.DataFrame | None
    source: str
    benchmark: str | None

    @property
    def methods(self) -> list[str]:
        """The methods present, sorted."""
        return sorted(self.runs["method"].unique())

    @property
    def problems(self) -> list[str]:
        """The problems present, sorted."""
        return sorted(self.runs["problem"].unique())


def generic_describer(
    *, problem: str | Describer | None = None, method: str | Describer | None = None
) -> Describer:
    """Return how studies without the runner's attribute become runs.

    ``problem`` and ``method`` are each a user-attribute key, a callable
    ``(study_name, user_attrs) -> value``, or None: the problem is then ``"study"``
    (one problem for all) and the method the study name.
    """

    def pick(spec: str | Describer | None, name: str, attrs: Mapping[str, Any], dflt: str) -> Any:
        if spec is None:
            return dflt
        if callable(spec):
            return spec(name, attrs)
        if spec not in attrs:
            raise ValueError(
                f"study {name!r} has no user attribute {spec!r}; its attributes are "
                f"{sorted(attrs)}. Pass another key or a callable (study_name, user_attrs)."
            )
        return attrs[spec]

    def describe(name: str, attrs: Mapping[str, Any]) -> Mapping[str, Any]:
        return {
            "problem": str(pick(problem, name, attrs, "study")),
            "method": str(pick(method, name, attrs, name)),
        }

    return describe


def build_tables(
    raw: RawTables, *, benchmark: str | None, describe: Describer | None = None
) -> BenchmarkData:
    """Compute the runs and trials tables from a reader's :class:`RawTables`."""
    describe = describe or generic_describer()
    runs = _describe_runs(raw.studies, describe)
    trials, run_of = _trials_table(raw, runs)
    steps = _steps_table(raw, trials, run_of)
    runs = _run_metrics(runs, trials, run_of)
    params = None
    if raw.params is not None:
        params = _attach_keys(raw.params, trials, run_of)
    return BenchmarkData(runs, trials, steps, params, raw.source, benchmark)


def _describe_runs(studies: pd.DataFrame, describe: Describer) -> pd.DataFrame:
    rows = []
    for sid, name, directions, attrs in studies[
        ["study_id", "study_name", "directions", "user_attrs"]
    ].itertuples(index=False):
        stored = _format.decode_run_attr(attrs.get(_format.RUN_ATTR))
        if stored is None:
            stored = _format.attr_from_run_key(name)  # a runner's run killed mid-commit
        if stored is not None:
            row = _format.run_columns(_format.parse_run_attr(stored, study_name=name))
        else:
            row = _generic_row(name, attrs, describe)
        row.update(study_id=sid, run_id=name, directions=tuple(directions))
        row["direction"] = directions[0] if directions else "minimize"
        row["n_objectives"] = len(directions)
        rows.append(row)
    columns = [
        "run_id",
        "study_id",
        *_format.RUN_COLUMNS,
        "directions",
        "direction",
        "n_objectives",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("run_id", kind="stable").reset_index(drop=True)


def _generic_row(name: str, attrs: Mapping[str, Any], describe: Describer) -> dict[str, Any]:
    info = _format.parse_run_attr({}, study_name=name)
    row = _format.run_columns(info)
    row.update(benchmark="", run_key=name, sampler=None, status=None)
    described = dict(describe(name, attrs))
    row.update(described)
    if isinstance(row.get("f_star"), (int, float)):
        row["f_star"] = float(row["f_star"])
    return row


def _trials_table(raw: RawTables, runs: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the trials sorted by run and number, and each trial's row in ``runs``.

    ``runs`` is sorted by ``run_id``, so sorting by that row number sorts by ``run_id``;
    every per-run aggregate groups by it (integers group far faster than names).
    """
    row = pd.Index(runs["study_id"]).get_indexer(raw.trials["study_id"])
    kept = np.flatnonzero(row >= 0)
    order = kept[np.lexsort((raw.trials["number"].to_numpy()[kept], row[kept]))]
    run_of = row[order]
    keys = runs[["run_id", "problem", "method", "repeat", "direction"]].iloc[run_of]
    trials = pd.concat(
        [raw.trials.iloc[order].reset_index(drop=True), keys.reset_index(drop=True)], axis=1
    )
    trials["value"] = trials["value_0"].astype(float)
    if "feasible" not in trials:
        trials["feasible"] = True
    trials["feasible"] = trials["feasible"].fillna(True).astype(bool)
    counts = raw.steps.groupby("trial_id")["step"].agg(["size", "max"])
    # A trial that reported nothing is one full evaluation: one step, as the runners count.
    reports = trials["trial_id"].map(counts["size"]).fillna(0).astype(int)
    trials["n_steps"] = np.maximum(reports, 1)
    trials["last_step"] = trials["trial_id"].map(counts["max"]).astype(float)
    start, end = _datetimes(trials["datetime_start"]), _datetimes(trials["datetime_complete"])
    trials["datetime_start"], trials["datetime_complete"] = start, end
    trials["elapsed_s"] = (end - start).dt.total_seconds()
    trials["best_so_far"] = _best_so_far(trials, run_of)
    extra_values = sorted(c for c in trials if c.startswith("value_") and c != "value_0")
    ordered = [
        "run_id",
        "problem",
        "method",
        "repeat",
        "number",
        "state",
        "feasible",
        "value",
        *extra_values,
        "best_so_far",
        "n_steps",
        "last_step",
        *_format.TRIAL_NUMERIC_ATTRS,
        "elapsed_s",
        "datetime_start",
        "datetime_complete",
        "direction",
        "trial_id",
    ]
    return trials[ordered], run_of


def _datetimes(column: pd.Series) -> pd.Series:
    """Parse stored datetimes: ISO text (SQLite, journals) or datetime objects."""
    try:
        return pd.to_datetime(column, errors="coerce", format="ISO8601")
    except (TypeError, ValueError):  # a mix that one format does not cover
        return pd.to_datetime(column, errors="coerce", format="mixed")


def _best_so_far(trials: pd.DataFrame, run_of: np.ndarray) -> np.ndarray:
    """The best feasible COMPLETE value up to each trial (minimum, or maximum if maximising).

    Infeasible trials are skipped however good their value: a constrained optimum is
    the best among trials that satisfy every constraint.
    """
    sign = np.where(trials["direction"].to_numpy() == "maximize", -1.0, 1.0)
    complete = _feasible_complete(trials).to_numpy()
    loss = np.where(complete, trials["value"].to_numpy(dtype=float) * sign, np.nan)
    loss = np.where(np.isnan(loss), np.inf, loss)
    best = pd.Series(loss).groupby(run_of, sort=False).cummin().to_numpy()
    best = np.where(np.isinf(best) & (best > 0), np.nan, best)
    return best * sign


def _feasible_complete(trials: pd.DataFrame) -> pd.Series:
    return (trials["state"] == "COMPLETE") & trials["feasible"]


def _steps_table(raw: RawTables, trials: pd.DataFrame, run_of: np.ndarray) -> pd.DataFrame:
    steps = _attach_keys(raw.steps, trials, run_of, raw.steps["step"].to_numpy())
    return steps[["run_id", "number", "step", "value"]]


def _attach_keys(
    frame: pd.DataFrame, trials: pd.DataFrame, run_of: np.ndarray, *within: np.ndarray
) -> pd.DataFrame:
    """Replace ``trial_id`` by ``run_id`` and ``number``; sort by them (then ``within``).

    Rows whose trial is not in ``trials`` are dropped; the sort is stable.
    """
    position = pd.Index(trials["trial_id"]).get_indexer(frame["trial_id"])
    kept = np.flatnonzero(position >= 0)
    at = position[kept]
    number = trials["number"].to_numpy()[at]
    order = kept[np.lexsort((*(w[kept] for w in reversed(within)), number, run_of[at]))]
    at = position[order]
    out = frame.iloc[order].drop(columns="trial_id").reset_index(drop=True)
    out.insert(0, "number", trials["number"].iloc[at].to_numpy())
    out.insert(0, "run_id", trials["run_id"].iloc[at].reset_index(drop=True))
    return out


def _run_metrics(runs: pd.DataFrame, trials: pd.DataFrame, run_of: np.ndarray) -> pd.DataFrame:
    n = len(runs)
    by_run = trials.groupby(run_of, sort=False)
    out = runs.copy()
    out["n_trials"] = np.bincount(run_of, minlength=n)
    state = trials["state"].to_numpy()
    for name, column in (("COMPLETE", "n_complete"), ("PRUNED", "n_pruned"), ("FAIL", "n_failed")):
        out[column] = np.bincount(run_of, weights=state == name, minlength=n).astype(int)
    out["steps_consumed"] = _per_run(by_run["n_steps"].sum(), n).fillna(0).astype(int)
    for name in _format.TIMING_ATTRS:
        out[name] = _per_run(by_run[name].sum(min_count=1), n)
    out["final_best"] = _per_run(by_run["best_so_far"].last(), n)
    out.loc[out["n_objectives"] > 1, "final_best"] = math.nan
    out["auc"] = _auc(by_run, out)
    sign = np.where(out["direction"] == "maximize", -1.0, 1.0)
    out["regret"] = (out["final_best"] - out["f_star"]) * sign
    out["f_ref"] = _reference_values(trials, run_of, out)
    span = (out["f_ref"] - out["f_star"]) * sign
    out["normalized_regret"] = out["regret"] / span.where(span > 0)
    out["wall_s"] = out["wall_s"].fillna(_span_seconds(by_run, n))
    # Studies not written by the runners carry no status: finished unless a trial still runs.
    open_trials = np.isin(state, ["RUNNING", "WAITING"])
    still_open = np.bincount(run_of, weights=open_trials, minlength=n) > 0
    unknown = out["status"].isna().to_numpy()
    out.loc[unknown, "status"] = np.where(
        still_open[unknown], _format.STATUS_INCOMPLETE, _format.STATUS_DONE
    )
    return out


def _per_run(values: pd.Series, n: int) -> pd.Series:
    """A per-run aggregate (indexed by row in ``runs``) for every run, NaN where absent."""
    return values.reindex(pd.RangeIndex(n))


def _auc(by_run: Any, runs: pd.DataFrame) -> pd.Series:
    best = by_run["best_so_far"]
    n = len(runs)
    total = _per_run(best.sum(min_count=1), n)
    defined = _per_run(best.count(), n)
    last = _per_run(best.last(), n)
    n_rows = runs["n_trials"]
    budget = pd.to_numeric(runs["budget"], errors="coerce").fillna(n_rows)
    tail = np.maximum(budget - n_rows, 0)
    auc = (total + tail * last) / (defined + tail)
    return auc.where(runs["n_objectives"] == 1)


def _reference_values(trials: pd.DataFrame, run_of: np.ndarray, runs: pd.DataFrame) -> pd.Series:
    complete = _feasible_complete(trials).to_numpy()
    values = trials["value"][complete]
    first = values.groupby(run_of[complete], sort=False).first()
    per_run = _per_run(first, len(runs))
    return per_run.groupby(runs["problem"]).transform("median")


def _span_seconds(by_run: Any, n: int) -> pd.Series:
    span = by_run["datetime_complete"].max() - by_run["datetime_start"].min()
    return _per_run(span.dt.total_seconds(), n)
