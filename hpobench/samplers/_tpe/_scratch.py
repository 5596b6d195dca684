"""Reusable work arrays for TPE's large temporaries, one set per thread.

A TPE step makes a few temporaries of a few hundred kilobytes (kernel terms, the
points-by-kernels matrix of log densities). Fresh arrays of that size come from the
operating system page by page, and the page faults cost as much as the arithmetic;
a buffer kept per thread and name is reused instead.
"""

from __future__ import annotations

import threading

import numpy as np

# Larger requests get a fresh array: a thread should not keep megabytes for ever.
_MAX_KEPT = 1 << 19
_local = threading.local()


def scratch(name: str, shape: tuple[int, ...]) -> np.ndarray:
    """Return an uninitialised C-contiguous float64 array of ``shape``.

    The array is only valid until the next call with the same ``name`` in this thread;
    different names never share memory.

    Examples
    --------
    >>> a = scratch("example", (2, 3))
    >>> a.shape, a.flags.c_contiguous
    ((2, 3), True)
    >>> scratch("example", (3, 2)).base is a.base
    True
    """
    size = 1
    for n in shape:
        size *= n
    if size > _MAX_KEPT:
        return np.empty(shape)
    buffers = getattr(_local, "buffers", None)
    if buffers is None:
        buffers = _local.buffers = {}
    buffer = buffers.get(name)
    if buffer is None or len(buffer) < size:
        buffer = buffers[name] = np.empty(max(size, 1024))
    return buffer[:size].reshape(shape)
