"""Commands on studies: create-study, delete-study, studies, study-names, study set-user-attr."""

from __future__ import annotations

import argparse
import json

from hpobench import logging
from hpobench.cli._errors import CommandError
from hpobench.cli._output import add_format_options, emit, emit_names
from hpobench.cli._parser import Commands
from hpobench.cli._records import study_record
from hpobench.cli._storage import (
    display_url,
    find_study_name,
    load_study,
    open_storage,
    storage_url,
)
from hpobench.exceptions import CLIUsageError, DuplicatedStudyError

_logger = logging.get_logger("hpobench.cli")
_DIRECTIONS = ("minimize", "maximize")


def register(commands: Commands) -> None:
    """Add the study commands."""
    create = commands.add("create-study", _create_study, help="create a new study")
    create.add_argument("--study-name", help="its name (default: a generated one)")
    directions = create.add_mutually_exclusive_group()
    directions.add_argument(
        "--direction", type=str.lower, choices=_DIRECTIONS, help="minimize (default) or maximize"
    )
    directions.add_argument(
        "--directions",
        nargs="+",
        type=str.lower,
        choices=_DIRECTIONS,
        metavar="D",
        help="one direction per objective, for a multi-objective study",
    )
    create.add_argument(
        "--skip-if-exists", action="store_true", help="reuse a study of that name if it exists"
    )

    delete = commands.add("delete-study", _delete_study, help="delete a study and its trials")
    delete.add_argument("--study-name", required=True, help="the study to delete")

    add_format_options(commands.add("studies", _studies, help="list the studies"))
    add_format_options(commands.add("study-names", _study_names, help="list the study names"))

    commands.add_group("study", help="act on one study (set-user-attr, optimize)")
    attr = commands.add(
        "set-user-attr",
        _set_user_attr,
        help="set a user attribute of a study",
        group="study",
        reserved=("-v",),
    )
    attr.add_argument("--study-name", required=True, help="the study")
    attr.add_argument("-k", "--key", required=True, help="the attribute's name")
    attr.add_argument("-v", "--value", required=True, help="its value (a string, or see --json)")
    attr.add_argument(
        "--json", action="store_true", help="read VALUE as JSON, e.g. '[1, 2]' or '{\"a\": 1}'"
    )


def _create_study(args: argparse.Namespace) -> int:
    import hpobench

    url = storage_url(args)
    try:
        study = hpobench.create_study(
            storage=open_storage(url),
            study_name=args.study_name,
            direction=args.direction,
            directions=args.directions,
            load_if_exists=args.skip_if_exists,
        )
    except DuplicatedStudyError as err:
        raise CommandError(
            f"a study named {args.study_name!r} already exists in {display_url(url)}; pass "
            "--skip-if-exists to reuse it, or choose another --study-name"
        ) from err
    print(study.study_name)
    return 0


def _delete_study(args: argparse.Namespace) -> int:
    import hpobench

    url = storage_url(args)
    storage = open_storage(url)
    find_study_name(storage, url, args.study_name)
    hpobench.delete_study(study_name=args.study_name, storage=storage)
    _logger.info(f"Deleted study {args.study_name!r} from {display_url(url)}.")
    return 0


def _studies(args: argparse.Namespace) -> int:
    import hpobench

    storage = open_storage(storage_url(args))
    summaries = hpobench.get_all_study_summaries(storage, include_best_trial=False)
    emit([study_record(s) for s in summaries], args)
    return 0


def _study_names(args: argparse.Namespace) -> int:
    import hpobench

    emit_names(hpobench.get_all_study_names(open_storage(storage_url(args))), args)
    return 0


def _set_user_attr(args: argparse.Namespace) -> int:
    value: object = args.value
    if args.json:
        try:
            value = json.loads(args.value)
        except json.JSONDecodeError as err:
            raise CLIUsageError(f"--value is not valid JSON ({err}); got {args.value!r}") from err
    study = load_study(args)
    study.set_user_attr(args.key, value)
    _logger.info(f"Set user attribute {args.key!r} of study {args.study_name!r} to {value!r}.")
    return 0
