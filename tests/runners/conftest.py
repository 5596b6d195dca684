"""Shared helpers of the runner tests: tiny problems registered for this process only."""

from __future__ import annotations

import os
from collections.abc import Iterator

import numpy as np
import pytest

import hpobench
import suites
from hpobench.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from runners import Budget, ComponentSpec, iter_runs, make_plan


class RunnersCrashy(suites.Problem):
    """Raises for x0 > 0.5 and returns NaN for x0 < 0.1: objective failures."""

    family = "RunnersCrashy"

    def __init__(self, *, seed: int | None = None) -> None:
        super().__init__({}, seed=seed)

    @property
    def space(self) -> dict:
        return {"x0": FloatDistribution(0.0, 1.0)}

    def evaluate(self, X: np.ndarray) -> np.ndarray:
        X = self._check_X(X)
        if X[0, 0] > 0.5:
            raise ZeroDivisionError("the objective divided by zero")
        return np.where(X[:, 0] < 0.1, np.nan, X[:, 0])


class RunnersSteps(suites.Problem):
    """A multi-fidelity problem: value (x0 - 0.3)^2 + 1 / step over 8 steps."""

    family = "RunnersSteps"
    n_steps = 8
    tags = frozenset({"multi_fidelity"})

    def __init__(self, *, seed: int | None = None) -> None:
        super().__init__({}, seed=seed)

    @property
    def space(self) -> dict:
        return {"x0": FloatDistribution(0.0, 1.0)}

    def evaluate(self, X: np.ndarray) -> np.ndarray:
        return (self._check_X(X)[:, 0] - 0.3) ** 2 + 1 / self.n_steps

    def iter_steps(self, x: np.ndarray) -> Iterator[tuple[int, float]]:
        for step in range(1, self.n_steps + 1):
            yield step, float((x[0] - 0.3) ** 2 + 1 / step)


class RunnersTwoObjectives(suites.Problem):
    """Two objectives: x0 and 1 - x0."""

    family = "RunnersTwoObjectives"
    directions = ("minimize", "maximize")

    def __init__(self, *, seed: int | None = None) -> None:
        super().__init__({}, seed=seed)

    @property
    def space(self) -> dict:
        return {"x0": FloatDistribution(0.0, 1.0)}

    def evaluate(self, X: np.ndarray) -> np.ndarray:
        x = self._check_X(X)[:, 0]
        return np.column_stack([x, 1 - x])


class RunnersMixed(suites.Problem):
    """A log float, a stepped int and a categorical: every conversion of the adapters."""

    family = "RunnersMixed"

    def __init__(self, *, seed: int | None = None) -> None:
        super().__init__({}, seed=seed)

    @property
    def space(self) -> dict:
        return {
            "x0": FloatDistribution(1e-3, 10.0, log=True),
            "x1": IntDistribution(0, 8, step=2),
            "x2": CategoricalDistribution(["a", "b", "c"]),
        }

    def evaluate(self, X: np.ndarray) -> np.ndarray:
        X = self._check_X(X)
        return np.log(X[:, 0]) ** 2 + (X[:, 1] - 4) ** 2 + (X[:, 2] != 1)


suites.register(RunnersMixed)
suites.register(RunnersTwoObjectives)
suites.register(RunnersCrashy)
suites.register(RunnersSteps)


def _tiny_plan(benchmark: str = "tiny", *, repeats: int = 2, trials: int = 8, **kwargs):
    """Two cheap problems × random and TPE × ``repeats``."""
    samplers = kwargs.pop("samplers", [ComponentSpec("random"), ComponentSpec("tpe")])
    problems = kwargs.pop("problems", ["Branin", "Hartmann6"])
    return make_plan(
        benchmark,
        problems,
        samplers,
        repeats=repeats,
        budget=Budget(trials=trials),
        seed=3,
        **kwargs,
    )


def _stored_trials(storage, benchmark: str) -> dict[str, list[tuple]]:
    """Run key → (number, state, params, values, intermediate values) of each trial."""
    found = {}
    for run in iter_runs(storage, benchmark):
        study = hpobench.load_study(study_name=run.study_name, storage=storage)
        found[run.run_key] = [
            (t.number, t.state.name, t.params, t.values, t.intermediate_values)
            for t in study.get_trials(deepcopy=False)
        ]
    return found


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'bench.db'}"


@pytest.fixture
def tiny_plan():
    """Build a tiny plan: ``tiny_plan(benchmark, repeats=2, trials=8, **make_plan kwargs)``."""
    return _tiny_plan


@pytest.fixture
def stored_trials():
    """``stored_trials(storage, benchmark)`` → run key → list of trial tuples."""
    return _stored_trials


POSTGRES_URL = os.environ.get(
    "HPOBENCH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
_SCHEMA = "hpobench_runners_test"


@pytest.fixture
def postgres_url():
    """A URL whose tables live in an emptied scratch schema of the test PostgreSQL server."""
    import sqlalchemy

    from hpobench.storages._rdb._engine import parse_url

    try:
        admin = sqlalchemy.create_engine(parse_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sqlalchemy.text(f'DROP SCHEMA IF EXISTS "{_SCHEMA}" CASCADE'))
            conn.execute(sqlalchemy.text(f'CREATE SCHEMA "{_SCHEMA}"'))
    except Exception as err:  # no server, no driver, no rights
        pytest.skip(f"no PostgreSQL at {POSTGRES_URL}: {type(err).__name__}")
    url = parse_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={_SCHEMA}"})
    yield url.render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f'DROP SCHEMA IF EXISTS "{_SCHEMA}" CASCADE'))
    admin.dispose()
