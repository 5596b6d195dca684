"""Marginal curves and surfaces: grids, values, one forest per call, errors."""

from __future__ import annotations

import numpy as np
import pytest

from hpobench.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from hpobench.importance import (
    FanovaImportanceEvaluator,
    MarginalCurve,
    MarginalSurface,
    _decomposition,
    get_importance_result,
    get_marginal_curves,
    get_marginal_surface,
)

DISTS = {
    "lr": FloatDistribution(1e-4, 1.0, log=True),
    "units": IntDistribution(8, 512, log=True),
    "layers": IntDistribution(1, 4),
    "kind": CategoricalDistribution(["sgd", "adam", None]),
    "drop": FloatDistribution(0.0, 0.5, step=0.1),
    "const": FloatDistribution(2.0, 2.0),
}
KIND_EFFECT = {"sgd": 1.0, "adam": 0.0, None: 0.5}


@pytest.fixture(scope="module")
def mixed_study(study_from):
    rng = np.random.default_rng(0)
    rows, values = [], []
    for _ in range(300):
        row = {
            "lr": float(10 ** rng.uniform(-4, 0)),
            "units": round(2 ** rng.uniform(3, 9)),
            "layers": int(rng.integers(1, 5)),
            "kind": ["sgd", "adam", None][rng.integers(3)],
            "drop": float(round(rng.integers(6) * 0.1, 1)),
            "const": 2.0,
        }
        rows.append(row)
        values.append(
            (np.log10(row["lr"]) + 2) ** 2 + KIND_EFFECT[row["kind"]] + 0.1 * row["layers"]
        )
    return study_from(rows, DISTS, values)


def test_grids_follow_each_distribution(mixed_study) -> None:
    curves = get_marginal_curves(mixed_study, n_points=20, seed=0, n_trees=8)
    assert list(curves) == sorted(DISTS)
    lr = curves["lr"]
    assert lr.log and not lr.categorical and len(lr.grid) == 20
    np.testing.assert_allclose(np.diff(np.log(lr.grid)), np.log(1e4) / 19)
    assert lr.grid[0] == pytest.approx(1e-4) and lr.grid[-1] == pytest.approx(1.0)
    assert curves["layers"].grid.tolist() == [1, 2, 3, 4]
    units = curves["units"].grid
    assert units.dtype.kind == "i" and units[0] == 8 and units[-1] == 512
    assert np.all(np.diff(units) > 0) and len(units) <= 20
    assert curves["drop"].grid.tolist() == pytest.approx([0.0, 0.1, 0.2, 0.3, 0.4, 0.5])
    kind = curves["kind"]
    assert kind.categorical and kind.grid.dtype == object
    assert kind.grid.tolist() == ["sgd", "adam", None]
    assert curves["const"].grid.tolist() == [2.0]
    for curve in curves.values():
        assert isinstance(curve, MarginalCurve)
        assert curve.mean.shape == curve.std.shape == curve.grid.shape
        assert np.all(curve.std >= 0)


def test_curves_follow_the_objective(mixed_study) -> None:
    curves = get_marginal_curves(mixed_study, params=["lr", "kind"], n_points=41, seed=0)
    assert list(curves) == ["lr", "kind"]
    lr = curves["lr"]
    best = np.log10(lr.grid[int(np.argmin(lr.mean))])
    assert best == pytest.approx(-2.0, abs=0.5)
    # The choices keep the order of their true effects (sgd 1, None 0.5, adam 0); a forest
    # on 300 trials shrinks the differences somewhat.
    kind = dict(zip(curves["kind"].grid, curves["kind"].mean))
    assert kind["sgd"] > kind[None] > kind["adam"]
    assert 0.5 < kind["sgd"] - kind["adam"] < 1.2


def test_single_value_curve_is_the_mean_prediction(mixed_study) -> None:
    curves = get_marginal_curves(mixed_study, params=["const", "layers"], seed=0, n_trees=8)
    const = curves["const"]
    # The mean over the domain is also the average of any other marginal over its cells.
    assert const.mean[0] == pytest.approx(curves["layers"].mean.mean(), rel=1e-9)


def test_surface_shape_and_orientation(mixed_study) -> None:
    surface = get_marginal_surface(mixed_study, "lr", "kind", n_points=15, seed=0, n_trees=8)
    assert isinstance(surface, MarginalSurface)
    assert surface.params == ("lr", "kind")
    assert surface.mean.shape == surface.std.shape == (3, 15)
    swapped = get_marginal_surface(mixed_study, "kind", "lr", n_points=15, seed=0, n_trees=8)
    np.testing.assert_allclose(swapped.mean, surface.mean.T)
    np.testing.assert_allclose(swapped.std, surface.std.T)


def test_surface_of_a_product(uniform_study) -> None:
    study = uniform_study(lambda x: 4 * (x[:, 0] - 0.5) * (x[:, 1] - 0.5), n=800, d=3)
    surface = get_marginal_surface(study, "x0", "x1", n_points=9, seed=0, n_trees=16)
    truth = 4 * np.outer(surface.grid_y - 0.5, surface.grid_x - 0.5)
    # Away from the edges, where a forest cannot extrapolate, it follows the product.
    inner = slice(2, 7)
    np.testing.assert_allclose(surface.mean[inner, inner], truth[inner, inner], atol=0.15)
    assert np.corrcoef(surface.mean.ravel(), truth.ravel())[0, 1] > 0.95


def test_surface_with_a_single_value_parameter(mixed_study) -> None:
    surface = get_marginal_surface(mixed_study, "const", "layers", seed=0, n_trees=8)
    curve = get_marginal_curves(mixed_study, params=["layers"], seed=0, n_trees=8)["layers"]
    assert surface.mean.shape == (4, 1)
    np.testing.assert_allclose(surface.mean[:, 0], curve.mean)


def test_one_forest_per_call(mixed_study, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    original = _decomposition.fit_forest

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(_decomposition, "fit_forest", counting)
    get_marginal_curves(mixed_study, seed=0, n_trees=4)
    get_marginal_surface(mixed_study, "lr", "units", seed=0, n_trees=4)
    get_importance_result(
        mixed_study,
        evaluator=FanovaImportanceEvaluator(n_trees=4, seed=0),
        interactions=True,
    )
    assert len(calls) == 3


def test_seeds_reproduce(mixed_study) -> None:
    a = get_marginal_curves(mixed_study, params=["lr"], seed=3, n_trees=4)["lr"]
    b = get_marginal_curves(mixed_study, params=["lr"], seed=3, n_trees=4)["lr"]
    np.testing.assert_array_equal(a.mean, b.mean)
    np.testing.assert_array_equal(a.std, b.std)


def test_bad_arguments(mixed_study) -> None:
    with pytest.raises(ValueError, match="n_points must be an int >= 2; got 1"):
        get_marginal_curves(mixed_study, n_points=1)
    with pytest.raises(TypeError, match="n_points must be an int >= 2; got 2.5"):
        get_marginal_surface(mixed_study, "lr", "kind", n_points=2.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must not repeat"):
        get_marginal_surface(mixed_study, "lr", "lr")
    with pytest.raises(ValueError, match=r"\['nope'\]"):
        get_marginal_surface(mixed_study, "lr", "nope")
    with pytest.raises(ValueError, match="n_trees must be an int >= 1"):
        get_marginal_curves(mixed_study, n_trees=0)
    with pytest.raises(TypeError, match="params must be None or a list"):
        get_marginal_curves(mixed_study, params="lr")  # type: ignore[arg-type]
