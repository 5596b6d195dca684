"""Limit BLAS to one thread while a sampler computes (GP, TPE).

On matrices of a few hundred to a few thousand rows, multithreaded BLAS costs more
than it saves (TPE's kernel matrix product at 1,000 trials in 20 dimensions: several
times slower with two threads than with one), and it oversubscribes the cores when
trials run in parallel. ``threadpoolctl`` comes with scikit-learn; without it this is
a no-op.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any

_lock = threading.Lock()
# The BLAS libraries (threadpoolctl's controllers, found once), the nesting depth, and
# the thread counts to restore when the outermost block ends.
_state: dict[str, Any] = {"libraries": None, "depth": 0, "saved": []}


class _SingleThreadedBlas:
    """The context manager of :func:`single_threaded_blas` (one, shared: depth is global)."""

    def __enter__(self) -> None:
        with _lock:
            if _state["depth"] == 0:
                saved = []
                for library in _blas_libraries():
                    threads = library.get_num_threads()
                    if threads is not None and threads != 1:
                        library.set_num_threads(1)
                        saved.append((library, threads))
                _state["saved"] = saved
            _state["depth"] += 1

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        with _lock:
            _state["depth"] -= 1
            if _state["depth"] == 0:
                for library, threads in _state["saved"]:
                    library.set_num_threads(threads)
                _state["saved"] = []


_SINGLE_THREADED = _SingleThreadedBlas()


def single_threaded_blas() -> _SingleThreadedBlas:
    """Return a context manager that runs its block with BLAS limited to one thread.

    Blocks may nest and run in several threads at once; the last one out restores the
    libraries' thread counts. Setting a thread count directly costs a microsecond,
    where ``threadpoolctl``'s ``limit`` inspects every library on each call.

    Examples
    --------
    >>> import numpy as np
    >>> with single_threaded_blas():
    ...     float((np.ones((3, 3)) @ np.ones(3))[0])
    3.0
    """
    return _SINGLE_THREADED


def _blas_libraries() -> list[Any]:
    """The BLAS libraries loaded in this process when first asked (threadpoolctl's)."""
    libraries = _state["libraries"]
    if libraries is None:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:  # pragma: no cover - scikit-learn brings it
            libraries = []
        else:
            libraries = ThreadpoolController().select(user_api="blas").lib_controllers
        _state["libraries"] = libraries
    return libraries
