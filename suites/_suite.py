"""The parsed form of a suite file: :class:`Suite` and its parts (plain frozen data).

:func:`suites.load_suite` produces these; runners consume them. Engine samplers and
pruners can be built from their spec (:meth:`OptimizerSpec.build`); peer optimizers
(``hyperopt:tpe``, ``smac``, ...) are built by the runners' adapters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from suites._catalog import ENGINE_SAMPLERS, PRUNERS

__all__ = ["Budget", "OptimizerSpec", "Suite", "SuiteError", "SuiteFileError"]


@dataclass(frozen=True)
class SuiteError:
    """One problem found in a suite file: where it is and what was expected."""

    source: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        key = f" {self.path}:" if self.path else ""
        return f"{where}:{key} {self.message}"


class SuiteFileError(ValueError):
    """Every error of an invalid suite file at once (``errors`` holds them).

    Examples
    --------
    >>> import suites
    >>> try:
    ...     suites.parse_suite('repeats = -1', source="demo.toml")
    ... except suites.SuiteFileError as exc:
    ...     print(exc.errors[0])
    demo.toml:1: repeats: must be an int >= 1; got -1
    """

    def __init__(self, errors: list[SuiteError]) -> None:
        self.errors = list(errors)
        source = errors[0].source if errors else "suite file"
        lines = "\n".join(f"  {e}" for e in self.errors)
        super().__init__(f"{len(self.errors)} error(s) in {source}:\n{lines}")


@dataclass(frozen=True)
class OptimizerSpec:
    """A sampler or pruner named in a suite file, with its keyword arguments.

    Attributes
    ----------
    kind : str
        ``"sampler"`` or ``"pruner"``.
    name : str
        The name as written: ``"tpe"``, ``"hyperopt:tpe"``, ``"median"``...
    label : str
        The name shown in results (defaults to ``name``; unique within a suite).
    kwargs : Mapping
        Constructor arguments; nested specs (``wrapped_pruner``, ``independent_sampler``)
        are OptimizerSpecs themselves.
    """

    kind: str
    name: str
    label: str
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_engine(self) -> bool:
        """Whether hpobench itself provides it (else a peer optimizer's adapter does)."""
        return self.name in (ENGINE_SAMPLERS if self.kind == "sampler" else PRUNERS)

    @property
    def peer(self) -> str | None:
        """The peer package (``"optuna"`` for ``"optuna:median"``); None for the engine's."""
        if self.is_engine:
            return None
        return self.name.partition(":")[0]

    def pairs_with(self, sampler: OptimizerSpec) -> bool:
        """Whether this pruner runs with ``sampler``.

        A peer's pruner runs inside that peer's study, so it goes only with the same
        peer's samplers (``optuna:median`` with ``optuna:tpe``); an engine pruner goes with
        every sampler.

        Examples
        --------
        >>> median = OptimizerSpec("pruner", "optuna:median", "optuna:median")
        >>> median.pairs_with(OptimizerSpec("sampler", "optuna:tpe", "optuna:tpe"))
        True
        >>> median.pairs_with(OptimizerSpec("sampler", "tpe", "tpe"))
        False
        """
        return self.peer is None or self.peer == sampler.peer

    def build(self, **supplied: Any) -> Any:
        """Build the engine sampler or pruner; ``supplied`` adds runner arguments (seed...).

        Examples
        --------
        >>> spec = OptimizerSpec("sampler", "tpe", "tpe", {"multivariate": True})
        >>> type(spec.build(seed=1)).__name__
        'TPESampler'
        """
        if not self.is_engine:
            raise ValueError(
                f"{self.kind} {self.name!r} is a peer optimizer; build it through the "
                "runners' adapters, not OptimizerSpec.build."
            )
        cls = (ENGINE_SAMPLERS if self.kind == "sampler" else PRUNERS)[self.name]
        nested_extra = {"seed": supplied["seed"]} if "seed" in supplied else {}
        kwargs = {
            k: v.build(**nested_extra) if isinstance(v, OptimizerSpec) else v
            for k, v in self.kwargs.items()
        }
        return cls(**kwargs, **supplied)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (as in the file), for storing with results."""
        kwargs = {
            k: v.to_dict() if isinstance(v, OptimizerSpec) else v for k, v in self.kwargs.items()
        }
        return {"name": self.name, "label": self.label, **kwargs}


@dataclass(frozen=True)
class Budget:
    """How much each study may use: trials, reported steps and/or wall-clock seconds."""

    trials: int | None = None
    steps: int | None = None
    seconds: float | None = None


@dataclass(frozen=True)
class Suite:
    """A validated suite file: problems × samplers × pruners × repeats under a budget.

    Attributes
    ----------
    name, description : str
    problems : tuple of str
        The resolved case ids, in file order (explicit ids, then each problem suite's).
    samplers, pruners : tuple of OptimizerSpec
        ``pruners`` is empty when the suite does not prune.
    repeats : int
        Independent runs per (problem, sampler, pruner).
    budget : Budget
    seed : int
        The base seed every run's seeds derive from.
    workers : int
        Parallel workers per study.
    metrics : tuple of str
    source : Path or None
        The file it was read from.
    """

    name: str
    description: str
    problems: tuple[str, ...]
    samplers: tuple[OptimizerSpec, ...]
    pruners: tuple[OptimizerSpec, ...]
    repeats: int
    budget: Budget
    seed: int
    workers: int
    metrics: tuple[str, ...]
    source: Path | None = None

    @property
    def n_runs(self) -> int:
        """The number of studies: problems × (sampler, pruner) pairs × repeats.

        Without pruners, a pair is a sampler; an Optuna pruner pairs only with the Optuna
        samplers (:meth:`OptimizerSpec.pairs_with`), the engine's with every sampler.
        """
        if self.pruners:
            pairs = sum(p.pairs_with(s) for s in self.samplers for p in self.pruners)
        else:
            pairs = len(self.samplers)
        return len(self.problems) * pairs * self.repeats

    def to_dict(self) -> dict[str, Any]:
        """Plain data for provenance (what the runner stores next to results)."""
        return {
            "name": self.name,
            "description": self.description,
            "problems": list(self.problems),
            "samplers": [s.to_dict() for s in self.samplers],
            "pruners": [p.to_dict() for p in self.pruners],
            "repeats": self.repeats,
            "budget": {k: v for k, v in vars(self.budget).items() if v is not None},
            "seed": self.seed,
            "workers": self.workers,
            "metrics": list(self.metrics),
        }
