"""Both renderers draw every plot to a file, for rich and for empty studies.

Also: Optuna's call forms through ``import hpobench as optuna``, ``is_available`` of both
backends, and that the matplotlib renderer leaves pyplot's figure list alone.
"""

from __future__ import annotations

import sys

import matplotlib
import numpy as np
import pytest

import hpobench
import hpobench as optuna
from hpobench.importance import FanovaImportanceEvaluator
from hpobench.trial import TrialState

matplotlib.use("Agg")

V = hpobench.visualization
M = hpobench.visualization.matplotlib


def _evaluator():
    return FanovaImportanceEvaluator(n_trees=4, max_depth=6, seed=0)


@pytest.fixture(scope="module")
def rich():
    """A single- and a three-objective study with log, categorical, conditional params,
    pruned trials with intermediate values, a failure and constraints."""

    def objective(trial):
        x = trial.suggest_float("x", -2, 2)
        lr = trial.suggest_float("lr", 1e-4, 1, log=True)
        kind = trial.suggest_categorical("kind", ["tree", "linear"])
        if kind == "tree":
            trial.suggest_int("depth", 1, 8)
        trial.set_constraint("c", x - 1.5)
        for step in range(3):
            trial.report(x**2 + step * lr, step)
        if trial.number % 7 == 3:
            raise hpobench.TrialPruned()
        if trial.number == 5:
            raise RuntimeError("a failed trial")
        return x**2 + lr

    sampler = hpobench.samplers.RandomSampler(seed=0)
    single = hpobench.create_study(study_name="rich", sampler=sampler)
    single.optimize(objective, n_trials=30, catch=(RuntimeError,))

    def three(trial):
        x = trial.suggest_float("x", 0, 1)
        y = trial.suggest_float("y", 0, 1)
        trial.set_constraint("c", x - 0.9)
        return x, 1 - x + y, y * x

    multi = hpobench.create_study(
        study_name="rich3",
        directions=["minimize"] * 3,
        sampler=hpobench.samplers.RandomSampler(seed=1),
    )
    multi.optimize(three, n_trials=30)
    return single, multi


def _cases(single, multi):
    def pareto2(v):
        return v.plot_pareto_front(
            multi,
            target_names=["a", "b"],
            include_dominated_trials=True,
            axis_order=[1, 0],
            constraints_func=lambda t: [t.values[0] - 0.8],
            targets=lambda t: (t.values[0], t.values[1]),
        )

    return {
        "optimization_history": lambda v: v.plot_optimization_history(
            [single, single], error_bar=True
        ),
        "intermediate_values": lambda v: v.plot_intermediate_values(single),
        "parallel_coordinate": lambda v: v.plot_parallel_coordinate(single),
        "parallel_coordinate_multi": lambda v: v.plot_parallel_coordinate(multi),
        "contour": lambda v: v.plot_contour(single),
        "contour_pair": lambda v: v.plot_contour(single, params=["lr", "x"]),
        "slice": lambda v: v.plot_slice(single),
        "param_importances": lambda v: v.plot_param_importances(
            single, evaluator=_evaluator(), params=None, target=None, target_name="Objective Value"
        ),
        "param_interactions": lambda v: v.plot_param_importances(
            multi, evaluator=_evaluator(), interactions=True
        ),
        "edf": lambda v: v.plot_edf([single, single]),
        "rank": lambda v: v.plot_rank(single),
        "rank_pair": lambda v: v.plot_rank(single, params=["x", "lr"]),
        "pareto_front_2d": pareto2,
        "pareto_front_3d": lambda v: v.plot_pareto_front(multi),
        "hypervolume_history": lambda v: v.plot_hypervolume_history(multi, [1.0, 2.0, 1.0]),
        "timeline": lambda v: v.plot_timeline(single, n_recent_trials=20),
    }


CASE_NAMES = list(_cases(None, None))


def _save_matplotlib(out, path):
    first = out.flat[0] if isinstance(out, np.ndarray) else out
    # A low resolution: rendering a grid of panels is the slow part of these tests.
    first.figure.savefig(path, dpi=30)


@pytest.mark.parametrize("case", CASE_NAMES)
def test_plotly_writes_html(rich, case, tmp_path):
    figure = _cases(*rich)[case](V)
    figure.write_html(tmp_path / f"{case}.html", include_plotlyjs=False)
    assert (tmp_path / f"{case}.html").stat().st_size > 0
    assert len(figure.data) > 0


@pytest.mark.parametrize("case", CASE_NAMES)
def test_matplotlib_writes_png_without_pyplot(rich, case, tmp_path):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    out = _cases(*rich)[case](M)
    _save_matplotlib(out, tmp_path / f"{case}.png")
    assert (tmp_path / f"{case}.png").stat().st_size > 0
    assert plt.get_fignums() == before


def _empty_cases(empty, empty_multi):
    return {
        "optimization_history": lambda v: v.plot_optimization_history(empty),
        "intermediate_values": lambda v: v.plot_intermediate_values(empty),
        "parallel_coordinate": lambda v: v.plot_parallel_coordinate(empty),
        "contour": lambda v: v.plot_contour(empty),
        "slice": lambda v: v.plot_slice(empty),
        "param_importances": lambda v: v.plot_param_importances(empty),
        "edf": lambda v: v.plot_edf(empty),
        "rank": lambda v: v.plot_rank(empty),
        "pareto_front": lambda v: v.plot_pareto_front(empty_multi),
        "hypervolume_history": lambda v: v.plot_hypervolume_history(empty_multi, [1, 1]),
        "timeline": lambda v: v.plot_timeline(empty),
    }


@pytest.mark.parametrize("case", list(_empty_cases(None, None)))
def test_all_failed_studies_draw_empty_figures(make_study, case, tmp_path):
    failed = [{"params": {"x": 0.0}, "state": TrialState.FAIL}] * 2
    empty = make_study(failed)
    empty_multi = make_study(failed, directions=["minimize", "minimize"], name="m")
    call = _empty_cases(empty, empty_multi)[case]
    call(V).write_html(tmp_path / "empty.html", include_plotlyjs=False)
    _save_matplotlib(call(M), tmp_path / "empty.png")


def test_optuna_call_forms_run_unchanged(rich):
    single, multi = rich
    fig = optuna.visualization.plot_contour(single, params=["x", "lr"])
    assert fig.layout.title.text == "Contour Plot"
    fig = optuna.visualization.plot_pareto_front(
        multi, target_names=["f1", "f2", "f3"], include_dominated_trials=False
    )
    assert fig.data[0].type == "scatter3d"
    ax = optuna.visualization.matplotlib.plot_optimization_history(single)
    assert ax.get_title() == "Optimization History Plot"
    assert ax.get_ylabel() == "Objective Value"


def test_contour_draws_one_contour_per_ordered_pair(rich):
    single, _ = rich
    figure = V.plot_contour(single)
    n = len(V.get_contour_info(single).params)
    assert sum(trace.type == "contour" for trace in figure.data) == n * (n - 1)


def test_is_available_reports_each_backend(monkeypatch):
    assert V.is_available() and M.is_available()
    monkeypatch.setitem(sys.modules, "plotly", None)
    monkeypatch.setitem(sys.modules, "plotly.graph_objects", None)
    assert not V.is_available()
    with pytest.raises(ImportError, match="needs the plotly package.*pip install plotly"):
        V.draw_edf(V.EdfInfo(np.zeros(0), (), "v"))
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert not M.is_available()
