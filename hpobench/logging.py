"""The ``hpobench`` logger: verbosity and handler control, as in Optuna.

Examples
--------
>>> import hpobench
>>> hpobench.logging.set_verbosity(hpobench.logging.WARNING)
>>> hpobench.logging.get_verbosity() == hpobench.logging.WARNING
True
>>> hpobench.logging.set_verbosity(hpobench.logging.INFO)
"""

from __future__ import annotations

import logging
import sys
import threading
from logging import CRITICAL, DEBUG, ERROR, FATAL, INFO, WARN, WARNING

__all__ = [
    "CRITICAL",
    "DEBUG",
    "ERROR",
    "FATAL",
    "INFO",
    "WARN",
    "WARNING",
    "disable_default_handler",
    "disable_propagation",
    "enable_default_handler",
    "enable_propagation",
    "get_logger",
    "get_verbosity",
    "set_verbosity",
]

_LIBRARY_NAME = "hpobench"


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record is emitted (it may be replaced)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


_lock = threading.Lock()
_default_handler: logging.Handler | None = None


def _root_logger() -> logging.Logger:
    return logging.getLogger(_LIBRARY_NAME)


def _configure_root_logger() -> None:
    global _default_handler
    with _lock:
        if _default_handler is not None:
            return
        _default_handler = _StderrHandler()
        _default_handler.setFormatter(
            logging.Formatter("[%(levelname)1.1s %(asctime)s] %(message)s")
        )
        root = _root_logger()
        root.addHandler(_default_handler)
        root.setLevel(logging.INFO)
        root.propagate = False


def get_logger(name: str) -> logging.Logger:
    """Return a logger below the library's root logger.

    Parameters
    ----------
    name : str
        A dotted module name; names outside ``hpobench`` are nested under it.
    """
    _configure_root_logger()
    if name != _LIBRARY_NAME and not name.startswith(_LIBRARY_NAME + "."):
        name = f"{_LIBRARY_NAME}.{name}"
    return logging.getLogger(name)


def get_verbosity() -> int:
    """Return the level of the library's root logger (``hpobench.logging.INFO`` by default)."""
    _configure_root_logger()
    return _root_logger().getEffectiveLevel()


def set_verbosity(verbosity: int) -> None:
    """Set the level of the library's root logger.

    Parameters
    ----------
    verbosity : int
        One of the level constants, e.g. ``hpobench.logging.WARNING``.
    """
    if not isinstance(verbosity, int) or isinstance(verbosity, bool):
        raise TypeError(f"verbosity must be a logging level (int); got {verbosity!r}.")
    _configure_root_logger()
    _root_logger().setLevel(verbosity)


def disable_default_handler() -> None:
    """Remove the handler that writes the library's log lines to stderr."""
    _configure_root_logger()
    assert _default_handler is not None
    _root_logger().removeHandler(_default_handler)


def enable_default_handler() -> None:
    """Add back the handler that writes the library's log lines to stderr."""
    _configure_root_logger()
    assert _default_handler is not None
    _root_logger().addHandler(_default_handler)


def disable_propagation() -> None:
    """Stop the library's log records from reaching the root logger (the default)."""
    _configure_root_logger()
    _root_logger().propagate = False


def enable_propagation() -> None:
    """Let the library's log records reach the root logger (e.g. for ``caplog``)."""
    _configure_root_logger()
    _root_logger().propagate = True
