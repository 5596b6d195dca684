"""Limit BLAS to one thread while a sampler computes (GP, TPE).

On matrices of a few hundred to a few thousand rows, multithreaded BLAS costs more
than it saves (TPE's kernel matrix product at 1,000 trials in 20 dimensions: several
times slower with two threads than with one), and it oversubscribes the cores when
trials run in parallel. ``threadpoolctl`` comes with scikit-learn; without it this is
a no-op.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

_lock = threading.Lock()
_state: dict[str, Any] = {"controller": None, "limiter": None, "depth": 0}


@contextlib.contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Run the block with BLAS limited to one thread; the last thread out restores it."""
    with _lock:
        if _state["controller"] is None:
            try:
                from threadpoolctl import ThreadpoolController
            except ImportError:  # pragma: no cover - scikit-learn brings it
                _state["controller"] = False
            else:
                _state["controller"] = ThreadpoolController()
        if _state["depth"] == 0 and _state["controller"]:
            _state["limiter"] = _state["controller"].limit(limits=1, user_api="blas")
        _state["depth"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["depth"] -= 1
            if _state["depth"] == 0 and _state["limiter"] is not None:
                _state["limiter"].restore_original_limits()
                _state["limiter"] = None
