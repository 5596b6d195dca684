"""Commands that show trials: trials, best-trial, best-trials."""

from __future__ import annotations

import argparse

from hpobench.cli._errors import CommandError
from hpobench.cli._output import add_format_options, emit
from hpobench.cli._parser import Commands
from hpobench.cli._records import trial_record
from hpobench.cli._storage import load_study
from hpobench.trial import TrialState


def register(commands: Commands) -> None:
    """Add the trial listing commands."""
    for name, handler, text in (
        ("trials", _trials, "list the trials of a study"),
        ("best-trial", _best_trial, "show the best trial of a single-objective study"),
        ("best-trials", _best_trials, "list the Pareto-optimal trials of a study"),
    ):
        parser = commands.add(name, handler, help=text)
        parser.add_argument("--study-name", required=True, help="the study")
        add_format_options(parser)


def _trials(args: argparse.Namespace) -> int:
    study = load_study(args)
    n_objectives = len(study.directions)
    emit([trial_record(t, n_objectives) for t in study.get_trials(deepcopy=False)], args)
    return 0


def _best_trial(args: argparse.Namespace) -> int:
    study = load_study(args)
    if len(study.directions) > 1:
        raise CommandError(
            f"study {args.study_name!r} has {len(study.directions)} objectives and so no "
            "single best trial; use best-trials for its Pareto front"
        )
    if not study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
        raise CommandError(f"study {args.study_name!r} has no COMPLETE trial yet")
    emit(trial_record(study.best_trial, 1), args)
    return 0


def _best_trials(args: argparse.Namespace) -> int:
    study = load_study(args)
    n_objectives = len(study.directions)
    emit([trial_record(t, n_objectives) for t in study.best_trials], args)
    return 0
