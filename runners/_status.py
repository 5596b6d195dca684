"""How far a benchmark is: done / failed / to do per problem, sampler and pruner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runners._format import iter_runs
from runners._plan import NO_PRUNER, Plan

if TYPE_CHECKING:
    import pandas as pd

    from hpobench.storages import BaseStorage

__all__ = ["status_table"]

_COLUMNS = ["problem", "sampler", "pruner", "done", "failed", "incomplete", "todo"]


def status_table(plan: Plan, storage: str | BaseStorage) -> pd.DataFrame:
    """Count the plan's runs by state, per (problem, sampler, pruner), in plan order.

    ``todo`` counts the runs not stored yet; ``incomplete`` those killed while being
    committed (resume reruns them, so they are counted in ``todo`` too).

    Examples
    --------
    >>> import hpobench
    >>> from runners import Budget, ComponentSpec, make_plan
    >>> plan = make_plan("demo", ["Branin"], [ComponentSpec("random")],
    ...                  repeats=3, budget=Budget(trials=5), seed=0)
    >>> int(status_table(plan, hpobench.storages.InMemoryStorage()).loc[0, "todo"])
    3
    """
    import pandas as pd

    from runners._store import open_storage

    store = open_storage(storage)
    stored = {
        run.run_key: run.status
        for run in iter_runs(store, plan.benchmark, include_incomplete=True)
    }
    rows: dict[tuple[str, str, str], dict[str, int]] = {}
    for spec in plan:
        pruner = NO_PRUNER if spec.pruner is None else spec.pruner.label
        key = (spec.problem, spec.sampler.label or "", pruner)
        counts = rows.setdefault(key, dict.fromkeys(_COLUMNS[3:], 0))
        state = stored.get(spec.run_key)
        if state in ("done", "failed"):
            counts[state] += 1
        else:
            counts["todo"] += 1
            counts["incomplete"] += state == "incomplete"
    return pd.DataFrame(
        [(*key, *counts.values()) for key, counts in rows.items()], columns=_COLUMNS
    )
