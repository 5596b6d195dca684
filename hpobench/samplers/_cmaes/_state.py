"""The CMA-ES state that all workers of a study share through the storage.

The whole state (optimizer, restart bookkeeping) is pickled, base64-encoded and kept
in one study system attribute, ``cmaes:state:<key>``, as ``{"version": v, "blob": s}``.
One attribute is written in one storage call, so a reader never sees half a state;
the value is a long string, which every backend stores whole (RDB ``value_json`` is
``TEXT``/``LONGTEXT``, the journal is JSON lines), so no chunking is needed. Each
trial that CMA-ES samples carries ``cmaes:generation`` (``<key>:<run>:<generation>``)
and ``cmaes:x`` (its point in the unit cube) as trial system attributes; a generation
is told once ``popsize`` of its trials are finished, by whichever worker sees that
first, so a worker that joins later continues the current generation.
"""

from __future__ import annotations

import base64
import pickle
from dataclasses import dataclass
from typing import Any

STATE_ATTR_PREFIX = "cmaes:state:"
GENERATION_ATTR = "cmaes:generation"
X_ATTR = "cmaes:x"


@dataclass
class CmaState:
    """One CMA-ES run and the restart bookkeeping around it.

    ``run`` counts restarts. ``start`` is a trial number below which no trial can
    belong to the current generation (all were finished when it began). For BIPOP,
    ``evals_large``/``evals_small`` are the evaluations spent in each regime and
    ``n_large`` the restarts of the large one.
    """

    optimizer: Any
    run: int = 0
    version: int = 0
    popsize0: int = 0
    regime: str = "large"
    n_large: int = 0
    evals_large: int = 0
    evals_small: int = 0
    start: int = 0

    def tag(self, key: str) -> str:
        return f"{key}:{self.run}:{self.optimizer.generation}"


def dump_state(state: CmaState) -> dict[str, Any]:
    """Return the JSON-able attribute value holding ``state``."""
    blob = base64.b64encode(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    return {"version": state.version, "blob": blob.decode("ascii")}


def load_state(value: dict[str, Any]) -> CmaState:
    """Inverse of :func:`dump_state`."""
    return pickle.loads(base64.b64decode(value["blob"]))
