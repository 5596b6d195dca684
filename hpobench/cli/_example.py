"""``example``: run Optuna's first tutorial on the embedded default storage (a SQLite file)."""

from __future__ import annotations

import argparse

from hpobench.cli._parser import Commands
from hpobench.cli._storage import open_storage
from hpobench.exceptions import CLIUsageError

DEFAULT_STORAGE = "sqlite:///hpobench-example.db"


def register(commands: Commands) -> None:
    """Add ``example``."""
    example = commands.add(
        "example",
        _run_example,
        help=(
            f"minimise (x - 2)^2 (Optuna's first tutorial) in the study 'example' of "
            f"{DEFAULT_STORAGE} (or --storage) and print the best trial"
        ),
    )
    example.add_argument("--n-trials", type=int, default=100, help="trials to run (default 100)")
    example.add_argument("--seed", type=int, default=0, help="sampler seed (default 0)")
    example.add_argument(
        "--sampler",
        choices=("random", "grid"),
        default="random",
        help="sampler to use (default random)",
    )


def _run_example(args: argparse.Namespace) -> int:
    import hpobench

    if args.n_trials < 1:
        raise CLIUsageError(f"--n-trials must be >= 1; got {args.n_trials}")
    if args.sampler == "grid":
        sampler: hpobench.samplers.BaseSampler = hpobench.samplers.GridSampler(
            {"x": [i / 2 for i in range(-20, 21)]}, seed=args.seed
        )
    else:
        sampler = hpobench.samplers.RandomSampler(seed=args.seed)
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    url = args.storage or DEFAULT_STORAGE
    study = hpobench.create_study(
        storage=open_storage(url), sampler=sampler, study_name="example", load_if_exists=True
    )
    n_before = len(study.trials)

    def objective(trial: hpobench.Trial) -> float:
        x = trial.suggest_float("x", -10, 10)
        return (x - 2) ** 2

    study.optimize(objective, n_trials=args.n_trials)
    best = study.best_trial
    n_run = len(study.trials) - n_before
    print(
        f"Ran {n_run} trials of (x - 2)^2 on x in [-10, 10]; study 'example' in {url} "
        f"has {len(study.trials)}."
    )
    print(f"Best trial: number {best.number}, value {best.value:.6g}, params {best.params}")
    return 0
