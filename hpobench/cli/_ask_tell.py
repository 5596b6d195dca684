"""``ask`` starts a trial and prints its parameters; ``tell`` finishes it."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from hpobench import logging
from hpobench.cli._errors import CommandError
from hpobench.cli._output import add_format_options, emit
from hpobench.cli._parser import Commands
from hpobench.cli._samplers import add_sampler_options, parse_json_object, sampler_from
from hpobench.cli._storage import load_study
from hpobench.exceptions import CLIUsageError, UpdateFinishedTrialError

if TYPE_CHECKING:
    from hpobench.distributions import BaseDistribution

_logger = logging.get_logger("hpobench.cli")
_STATES = ("complete", "pruned", "fail")
_SPACE_EXAMPLE = '{"x": {"name": "FloatDistribution", "attributes": {"low": 0, "high": 1}}}'


def register(commands: Commands) -> None:
    """Add ``ask`` and ``tell``."""
    ask = commands.add("ask", _ask, help="start a trial and print its number and parameters")
    ask.add_argument("--study-name", required=True, help="the study")
    add_sampler_options(ask)
    ask.add_argument(
        "--search-space",
        metavar="JSON",
        help=f"parameters to suggest, name -> distribution JSON, e.g. '{_SPACE_EXAMPLE}'",
    )
    add_format_options(ask, default="json")

    tell = commands.add("tell", _tell, help="finish a trial started with ask")
    tell.add_argument("--study-name", required=True, help="the study")
    tell.add_argument("--trial-number", type=int, required=True, help="the trial's number")
    tell.add_argument("--values", type=float, nargs="+", metavar="V", help="objective value(s)")
    tell.add_argument(
        "--state",
        type=str.lower,
        choices=_STATES,
        help="complete (the default with --values), pruned or fail",
    )
    tell.add_argument(
        "--skip-if-finished",
        action="store_true",
        help="do nothing (instead of failing) when the trial has already finished",
    )


def _ask(args: argparse.Namespace) -> int:
    space = parse_search_space(args.search_space)
    study = load_study(args, sampler=sampler_from(args))
    trial = study.ask(fixed_distributions=space)
    emit({"number": trial.number, "params": trial.params}, args)
    return 0


def parse_search_space(text: str | None) -> dict[str, BaseDistribution]:
    """Read ``--search-space``: a JSON object of name -> distribution (as JSON or text).

    Raises
    ------
    CLIUsageError
        When the text is not such an object.
    """
    from hpobench.distributions import json_to_distribution

    space = {}
    for name, spec in parse_json_object(text, "--search-space").items():
        spec_text = spec if isinstance(spec, str) else json.dumps(spec)
        try:
            space[name] = json_to_distribution(spec_text)
        except (ValueError, TypeError) as err:
            raise CLIUsageError(
                f"--search-space: parameter {name!r}: {err} Expected e.g. {_SPACE_EXAMPLE}"
            ) from err
    return space


def _tell(args: argparse.Namespace) -> int:
    from hpobench.trial import TrialState

    state = _check_state(args.state, args.values)
    study = load_study(args)
    try:
        frozen = study.tell(
            args.trial_number,
            args.values,
            state=TrialState[state.upper()],
            skip_if_finished=args.skip_if_finished,
        )
    except UpdateFinishedTrialError as err:
        raise CommandError(
            f"trial {args.trial_number} of study {args.study_name!r} has already finished; "
            "pass --skip-if-finished to ignore this"
        ) from err
    if frozen.state != TrialState.COMPLETE:  # the study logs COMPLETE trials itself
        _logger.info(f"Trial {frozen.number} is {frozen.state.name}.")
    return 0


def _check_state(state: str | None, values: list[float] | None) -> str:
    """Return the state to tell; values go with COMPLETE only."""
    if state is None:
        state = "complete" if values else None
    if state is None:
        raise CLIUsageError("tell needs --values V [V ...], or --state pruned or --state fail")
    if state == "complete" and not values:
        raise CLIUsageError("--state complete needs --values V [V ...]")
    if state != "complete" and values:
        raise CLIUsageError(f"--values goes with --state complete, not --state {state}")
    return state
