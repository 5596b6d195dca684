"""Runners: *how* a suite is run — repeated studies across problems × samplers × pruners ×
repeats, resumable, in parallel locally (joblib) or on a Dask cluster, with peer
optimizers through adapters. This layer imports ``hpobench`` and ``suites``.

Flow: suite file → :func:`load_plan` → :class:`Plan` of :class:`RunSpec` (seeds derived
from the suite's seed) → :func:`run_plan` executes each run in memory and commits it to
the results storage as one study → :func:`iter_runs` / :func:`status_table` read them.

Stored format (the contract with ``analysis``; details in ``runners/FORMAT.md``)
--------------------------------------------------------------------------------------
* One hpobench study per run, named ``"{benchmark}::{run_key}"`` with
  ``run_key = "{problem}|{sampler label}|{pruner label or -}|{repeat}"``.
* The study's user attribute ``"hpobench.run"`` holds the run's record (a JSON dict:
  format_version, benchmark, run_key, problem, problem_seed, sampler {name, kwargs,
  label}, sampler_seed, pruner, repeat, budget, workers, directions, f_star, status
  ``"done"``/``"failed"``, error, totals, versions, suite {name, sha256}, host,
  warnings, started, finished). It is written last: a study without it is incomplete.
* Each trial's user attributes ``ask_s``, ``objective_s``, ``tell_s`` (seconds) and
  ``wall_t`` (seconds since the run's start); ``prune_s`` when the run has a pruner;
  ``worker`` when several workers share the study; ``error`` when the objective raised.

Examples
--------
>>> import hpobench, runners
>>> plan = runners.make_plan("demo", ["Branin"], [runners.ComponentSpec("tpe")],
...                          repeats=2, budget=runners.Budget(trials=10), seed=0)
>>> storage = hpobench.storages.InMemoryStorage()
>>> runners.run_plan(plan, storage).done
2
>>> [run.record["status"] for run in runners.iter_runs(storage, "demo")]
['done', 'done']
"""

from runners._components import Budget, ComponentSpec
from runners._driver import RunnerError, RunSummary, run_plan
from runners._execute import RunResult, execute_run
from runners._format import (
    FORMAT_VERSION,
    RUN_ATTR,
    SEPARATOR,
    StoredRun,
    iter_runs,
    split_study_name,
)
from runners._peers import PeerOptimizer
from runners._plan import Plan, RunSpec, make_plan
from runners._seeds import problem_seed, sampler_seed, stable_hash
from runners._status import status_table
from runners._store import StorageError, default_storage_url, open_storage
from runners._suite import load_plan, plan_from_suite

__all__ = [
    "FORMAT_VERSION",
    "RUN_ATTR",
    "SEPARATOR",
    "Budget",
    "ComponentSpec",
    "PeerOptimizer",
    "Plan",
    "RunResult",
    "RunSpec",
    "RunSummary",
    "RunnerError",
    "StorageError",
    "StoredRun",
    "default_storage_url",
    "execute_run",
    "iter_runs",
    "load_plan",
    "make_plan",
    "open_storage",
    "plan_from_suite",
    "problem_seed",
    "run_plan",
    "sampler_seed",
    "split_study_name",
    "stable_hash",
    "status_table",
]
