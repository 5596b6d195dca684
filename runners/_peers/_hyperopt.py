"""hyperopt as a peer: ``hyperopt:tpe``, ``hyperopt:random``, ``hyperopt:atpe``.

hyperopt has no ask-and-tell interface; the adapter drives its ``Trials`` object the
way ``fmin`` does: ask the algorithm for one new trial document, then fill in its result.
Keyword arguments go to the algorithm's ``suggest`` (e.g. ``n_startup_jobs`` for TPE).
"""

from __future__ import annotations

import datetime
import inspect
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from hpobench.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    IntDistribution,
)
from runners._peers._base import PeerOptimizer

__all__ = ["HyperoptPeer", "check", "create"]

_ALGORITHMS = {"tpe": "tpe", "random": "rand", "rand": "rand", "atpe": "atpe"}


def _suggest_function(algorithm: str) -> Any:
    import importlib

    if algorithm not in _ALGORITHMS:
        raise ValueError(
            f"unknown hyperopt algorithm {algorithm!r}; use hyperopt:tpe, hyperopt:random or "
            "hyperopt:atpe."
        )
    return importlib.import_module(f"hyperopt.{_ALGORITHMS[algorithm]}").suggest


def check(algorithm: str, kwargs: Mapping[str, Any], kind: str) -> None:
    """Raise ValueError for an unknown algorithm or keyword argument."""
    if kind != "sampler":
        raise ValueError(f"hyperopt has no pruners; got pruner 'hyperopt:{algorithm}'.")
    suggest = _suggest_function(algorithm)
    try:
        inspect.signature(suggest).bind(None, None, None, 0, **kwargs)
    except TypeError as err:
        raise ValueError(f"hyperopt:{algorithm} does not take {dict(kwargs)!r} ({err}).") from err


def _expression(name: str, dist: BaseDistribution) -> Any:
    from hyperopt import hp

    if isinstance(dist, CategoricalDistribution):
        return hp.choice(name, list(range(len(dist.choices))))
    low, high, step, log = dist.low, dist.high, dist.step, dist.log  # type: ignore[attr-defined]
    if isinstance(dist, IntDistribution):
        low, high, step = low - 0.5, high + 0.5, step or 1  # each integer gets equal mass
    if log:
        low, high = math.log(max(low, 1e-300)), math.log(high)
        return hp.qloguniform(name, low, high, step) if step else hp.loguniform(name, low, high)
    return hp.quniform(name, low, high, step) if step else hp.uniform(name, low, high)


def _value(raw: float, dist: BaseDistribution) -> Any:
    if isinstance(dist, CategoricalDistribution):
        return dist.choices[int(raw)]
    return raw  # PeerSampler snaps numbers onto the distribution's grid and bounds


class HyperoptPeer(PeerOptimizer):
    """A hyperopt algorithm behind suggest/observe."""

    def __init__(self, algorithm: str, kwargs: Mapping[str, Any], **common: Any) -> None:
        import hyperopt

        super().__init__(**common)
        self.require_plain_problem("hyperopt")
        self._suggest = _suggest_function(algorithm)
        self._kwargs = dict(kwargs)
        space = {name: _expression(name, dist) for name, dist in self.space.items()}
        self._domain = hyperopt.Domain(lambda params: 0.0, space)
        self._trials = hyperopt.Trials()
        self._rng = np.random.default_rng(self.seed)
        self._doc: dict[str, Any] | None = None

    def suggest(self) -> dict[str, Any]:
        ids = self._trials.new_trial_ids(1)
        self._trials.refresh()
        seed = int(self._rng.integers(2**31 - 1))
        docs = self._suggest(ids, self._domain, self._trials, seed, **self._kwargs)
        self._trials.insert_trial_docs(docs)
        self._trials.refresh()
        self._doc = self._trials._dynamic_trials[-1]  # the stored copy of docs[0]
        self._doc["book_time"] = datetime.datetime.now()  # ATPE reads how long trials take
        vals = self._doc["misc"]["vals"]
        return {name: _value(vals[name][0], dist) for name, dist in self.space.items()}

    def observe(
        self,
        params: dict[str, Any],
        values: list[float] | None,
        state: str,
        constraints: list[float] | None = None,
    ) -> None:
        import hyperopt

        doc = self._doc
        loss = self.loss(values)
        doc["refresh_time"] = datetime.datetime.now()
        doc["state"] = hyperopt.JOB_STATE_DONE
        doc["result"] = (
            {"status": hyperopt.STATUS_FAIL}
            if loss is None
            else {"status": hyperopt.STATUS_OK, "loss": loss}
        )
        self._trials.refresh()


def create(
    algorithm: str, kwargs: Mapping[str, Any], *, pruner: Any, **common: Any
) -> HyperoptPeer:
    """Build the hyperopt peer ``algorithm``."""
    return HyperoptPeer(algorithm, kwargs, **common)
