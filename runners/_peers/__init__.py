"""Peer optimizers behind one adapter protocol (:class:`PeerOptimizer`).

A suite names a peer as ``"package:algorithm"`` with keyword arguments:

============  ===========================================================  =====================
package       algorithms                                                   pip
============  ===========================================================  =====================
optuna        any ``optuna.samplers`` class; pruners ``optuna:<Pruner>``   ``optuna``
hyperopt      ``tpe``, ``rand``, ``atpe``                                  ``hyperopt``
smac          ``hpo``, ``bb``, ``random`` (SMAC3 facades)                  ``smac``
nevergrad     any name of ``nevergrad.optimizers.registry``                ``nevergrad``
skopt         ``GP``, ``RF``, ``ET``, ``GBRT`` (``skopt.Optimizer``)       ``scikit-optimize``
============  ===========================================================  =====================

All are in the ``peers`` extra (``pip install "hpobench[peers]"``). A run whose package
is missing is skipped with a message saying what to install; it stays "to do".
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
from typing import TYPE_CHECKING, Any

from runners._peers._base import PeerOptimizer, PeerPruner, PeerSampler, snap

if TYPE_CHECKING:
    from runners._components import ComponentSpec
    from runners._plan import RunSpec

__all__ = [
    "PEERS",
    "PeerOptimizer",
    "PeerPruner",
    "PeerSampler",
    "adapter_module",
    "build_peer",
    "missing_package",
    "snap",
]

# package → (adapter module, import name, distribution name on PyPI)
PEERS: dict[str, tuple[str, str, str]] = {
    "optuna": ("runners._peers._optuna", "optuna", "optuna"),
    "hyperopt": ("runners._peers._hyperopt", "hyperopt", "hyperopt"),
    "smac": ("runners._peers._smac", "smac", "smac"),
    "nevergrad": ("runners._peers._nevergrad", "nevergrad", "nevergrad"),
    "skopt": ("runners._peers._skopt", "skopt", "scikit-optimize"),
}


def adapter_module(package: str) -> str:
    """Return the adapter module of ``package``; ValueError naming the known ones."""
    if package not in PEERS:
        raise ValueError(
            f"unknown peer package {package!r} in '{package}:…'; known peers are "
            f"{', '.join(sorted(PEERS))}."
        )
    return PEERS[package][0]


def missing_package(spec: ComponentSpec) -> str | None:
    """Return why ``spec``'s peer cannot run here (not installed), or None when it can."""
    if spec.peer is None:
        return None
    _, import_name, pip_name = PEERS[spec.peer]
    if importlib.util.find_spec(import_name) is None:
        return (
            f"sampler {spec.label!r} needs {pip_name}, which is not installed: "
            f"pip install {pip_name} (or pip install 'hpobench[peers]')"
        )
    return None


def check_peer(spec: ComponentSpec, kind: str) -> None:
    """Check a peer's algorithm and arguments when its package is installed.

    Raises
    ------
    ValueError
        For an unknown package, algorithm or keyword argument.
    """
    module = adapter_module(spec.peer or "")
    if missing_package(spec) is None:
        importlib.import_module(module).check(spec.algorithm, dict(spec.kwargs), kind)


def build_peer(spec: RunSpec, problem: Any) -> tuple[PeerSampler, Any, dict[str, str]]:
    """Return the peer sampler of a run, its pruner and the peer package's version."""
    from runners._components import build_pruner

    package = spec.sampler.peer or ""
    adapter = importlib.import_module(adapter_module(package))
    peer_pruner = spec.pruner if spec.pruner is not None and spec.pruner.peer else None
    peer = adapter.create(
        spec.sampler.algorithm,
        dict(spec.sampler.kwargs),
        pruner=peer_pruner,
        space=problem.space,
        directions=list(problem.directions),
        seed=spec.sampler_seed,
        max_trials=spec.budget.trials,
        n_constraints=problem.n_constraints,
    )
    pruner = PeerPruner(peer) if peer_pruner is not None else build_pruner(spec.pruner)
    version = importlib.metadata.version(PEERS[package][2])
    return PeerSampler(peer), pruner, {package: version}
