"""``--sampler NAME --sampler-kwargs JSON``: a sampler of ``hpobench.samplers`` by name."""

from __future__ import annotations

import argparse
import inspect
import json
from typing import TYPE_CHECKING, Any

from hpobench.exceptions import CLIUsageError

if TYPE_CHECKING:
    from hpobench.samplers import BaseSampler


def add_sampler_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--sampler`` and ``--sampler-kwargs`` to a command."""
    parser.add_argument(
        "--sampler",
        metavar="NAME",
        help="a class of hpobench.samplers, e.g. RandomSampler (default: the study's default)",
    )
    parser.add_argument(
        "--sampler-kwargs",
        metavar="JSON",
        help="its keyword arguments as a JSON object, e.g. '{\"seed\": 0}'",
    )


def sampler_classes() -> dict[str, type[BaseSampler]]:
    """Return the concrete sampler classes of ``hpobench.samplers``, by name."""
    from hpobench import samplers

    found = {}
    for name in getattr(samplers, "__all__", dir(samplers)):
        cls = getattr(samplers, name, None)
        if (
            inspect.isclass(cls)
            and issubclass(cls, samplers.BaseSampler)
            and not inspect.isabstract(cls)
        ):
            found[name] = cls
    return found


def sampler_from(args: argparse.Namespace) -> BaseSampler | None:
    """Build the sampler that ``--sampler`` and ``--sampler-kwargs`` describe (None if none).

    Raises
    ------
    CLIUsageError
        For an unknown name (the message lists the known ones), kwargs that are not a
        JSON object, or kwargs the class rejects.
    """
    kwargs = parse_json_object(args.sampler_kwargs, "--sampler-kwargs")
    if args.sampler is None:
        if kwargs:
            raise CLIUsageError("--sampler-kwargs needs --sampler NAME")
        return None
    cls = _find_class(args.sampler)
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as err:
        raise CLIUsageError(f"{cls.__name__} rejected --sampler-kwargs {kwargs}: {err}") from err


def _find_class(name: str) -> type[BaseSampler]:
    classes = sampler_classes()
    by_lower = {key.lower(): cls for key, cls in classes.items()}
    cls = classes.get(name) or by_lower.get(name.lower())
    if cls is None:
        raise CLIUsageError(f"unknown sampler {name!r}; available: {', '.join(sorted(classes))}")
    return cls


def parse_json_object(text: str | None, option: str) -> dict[str, Any]:
    """Read ``text`` (the value of ``option``) as a JSON object; None gives ``{}``.

    Raises
    ------
    CLIUsageError
        When ``text`` is not JSON or not an object.
    """
    if text is None:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise CLIUsageError(f"{option} is not valid JSON ({err}); got {text!r}") from err
    if not isinstance(value, dict):
        raise CLIUsageError(f"{option} must be a JSON object {{...}}; got {text!r}")
    return value
