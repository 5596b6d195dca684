"""Make the Optuna fixture files of tests/analysis (run with a Python that has Optuna).

    /root/venvs/bench/bin/python tests/analysis/data/make_optuna_fixtures.py

Writes ``optuna_studies.sqlite3`` (Optuna's RDB schema, SQLite) and ``optuna_journal.jsonl``
(Optuna's journal file format) next to this script, with the same studies in both:

- ``quadratic-tpe`` and ``quadratic-random``: minimise (x - 2)^2 + y over 12 trials,
  reporting 3 intermediate values per trial with a MedianPruner, one trial that raises
  (FAIL), user attributes ``problem`` and ``method``;
- ``two-objectives``: a 2-objective study of 6 trials;
- ``deleted``: created, given a trial, then deleted (readers must not show it).

The files are small; regenerate them only when the fixtures change (datetimes differ).
"""

from __future__ import annotations

import os
from pathlib import Path

import optuna
from optuna.storages import JournalStorage, RDBStorage
from optuna.storages.journal import JournalFileBackend

HERE = Path(__file__).resolve().parent


def quadratic(trial: optuna.Trial) -> float:
    x = trial.suggest_float("x", -5.0, 5.0)
    y = trial.suggest_int("y", 0, 3)
    kind = trial.suggest_categorical("kind", ["a", "b"])
    if trial.number == 5:
        raise RuntimeError("a failing trial, on purpose")
    value = (x - 2.0) ** 2 + y + (0.5 if kind == "b" else 0.0)
    for step in range(3):
        trial.report(value * (3 - step), step)
        if trial.should_prune():
            raise optuna.TrialPruned()
    return value


def two_objectives(trial: optuna.Trial) -> tuple[float, float]:
    x = trial.suggest_float("x", 0.0, 1.0)
    return x, (1.0 - x) ** 2


def fill(storage: optuna.storages.BaseStorage) -> None:
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    for name, sampler in (
        ("quadratic-tpe", optuna.samplers.TPESampler(seed=1, n_startup_trials=4)),
        ("quadratic-random", optuna.samplers.RandomSampler(seed=2)),
    ):
        study = optuna.create_study(
            study_name=name,
            storage=storage,
            sampler=sampler,
            pruner=optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=0),
        )
        study.set_user_attr("problem", "quadratic")
        study.set_user_attr("method", name.split("-")[1])
        study.optimize(quadratic, n_trials=12, catch=(RuntimeError,))
    mo = optuna.create_study(
        study_name="two-objectives",
        storage=storage,
        directions=["minimize", "minimize"],
        sampler=optuna.samplers.RandomSampler(seed=3),
    )
    mo.optimize(two_objectives, n_trials=6)
    gone = optuna.create_study(study_name="deleted", storage=storage)
    gone.optimize(lambda t: t.suggest_float("z", 0, 1), n_trials=1)
    optuna.delete_study(study_name="deleted", storage=storage)


def main() -> None:
    db, log = HERE / "optuna_studies.sqlite3", HERE / "optuna_journal.jsonl"
    for path in (db, log):
        if path.exists():
            os.remove(path)
    fill(RDBStorage(f"sqlite:///{db}"))
    fill(JournalStorage(JournalFileBackend(str(log))))
    print(f"wrote {db.name} ({db.stat().st_size} bytes), {log.name} ({log.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
