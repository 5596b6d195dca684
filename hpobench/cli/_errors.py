"""The errors of the command line and the one line each becomes on stderr."""

from __future__ import annotations

from hpobench.exceptions import CLIUsageError, HpobenchError

USAGE_EXIT = 2
RUNTIME_EXIT = 1
INTERRUPT_EXIT = 130

# Errors whose message already says what went wrong; others get their type name in front.
_SELF_EXPLAINING = (HpobenchError, ValueError, KeyError, OSError, ImportError, RuntimeError)


class CommandError(HpobenchError):
    """A command could not do its work (exit status 1); the message says how to fix it."""


class ParserError(CLIUsageError):
    """The arguments do not parse; ``prog`` is the (sub)command whose parser complained."""

    def __init__(self, prog: str, message: str) -> None:
        super().__init__(message)
        self.prog = prog


def exit_status(error: BaseException) -> int:
    """Return the exit status for ``error``: 2 for usage, 130 for Ctrl+C, else 1."""
    if isinstance(error, CLIUsageError):
        return USAGE_EXIT
    if isinstance(error, KeyboardInterrupt):
        return INTERRUPT_EXIT
    return RUNTIME_EXIT


def error_line(error: BaseException) -> str:
    """Return the single line ``<prog>: error: <message>`` that reports ``error``.

    Examples
    --------
    >>> error_line(CommandError("no study named 'x'"))
    "hpobench: error: no study named 'x'"
    >>> error_line(ZeroDivisionError("division by zero"))
    'hpobench: error: ZeroDivisionError: division by zero (pass --debug for the traceback)'
    """
    prog = getattr(error, "prog", "hpobench")
    return f"{prog}: error: {_message(error)}"


def _message(error: BaseException) -> str:
    if isinstance(error, KeyboardInterrupt):
        return "interrupted"
    if isinstance(error, KeyError) and len(error.args) == 1 and isinstance(error.args[0], str):
        text = error.args[0]  # str(KeyError) would add quotes around the message.
    else:
        text = str(error)
    text = " ".join(text.split())
    if isinstance(error, _SELF_EXPLAINING) and text:
        return text
    prefix = type(error).__name__
    return f"{prefix}: {text} (pass --debug for the traceback)" if text else prefix
