"""The plan: an immutable list of runs (problem × sampler × pruner × repeat) with seeds.

Each :class:`RunSpec` holds everything a worker needs to run one study, so a run can be
sent to another process or machine and replayed alone. Its ``run_key``
(``"problem|sampler|pruner|repeat"``) identifies it within a benchmark.
"""

from __future__ import annotations

import fnmatch
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from runners._components import Budget, ComponentSpec, check_component
from runners._seeds import problem_seed, sampler_seed

__all__ = ["Plan", "RunSpec", "make_plan"]

NO_PRUNER = "-"


@dataclass(frozen=True)
class RunSpec:
    """One run: a problem instance, a seeded sampler, a pruner and a budget.

    Attributes
    ----------
    benchmark : str
        The benchmark (suite) the run belongs to; its runs share one storage.
    problem : str
        The problem's case id, e.g. ``"Branin"``.
    sampler, pruner : ComponentSpec, ComponentSpec or None
        What chooses the parameters and what stops trials early (None: no pruning).
    repeat : int
        The repeat index.
    problem_seed, sampler_seed : int
        Derived seeds (see :mod:`runners._seeds`).
    budget : Budget
        When the run stops.
    workers : int
        Processes sharing the run's study (1: one process, reproducible).
    suite_name, suite_sha256 : str
        The suite file the run comes from and its SHA-256 (``""`` when built in code).
    """

    benchmark: str
    problem: str
    sampler: ComponentSpec
    pruner: ComponentSpec | None
    repeat: int
    problem_seed: int
    sampler_seed: int
    budget: Budget
    workers: int = 1
    suite_name: str = ""
    suite_sha256: str = ""

    @property
    def run_key(self) -> str:
        """``"problem|sampler label|pruner label or -|repeat"``, unique in a benchmark."""
        pruner = NO_PRUNER if self.pruner is None else self.pruner.label
        return f"{self.problem}|{self.sampler.label}|{pruner}|{self.repeat}"

    @property
    def study_name(self) -> str:
        """``"benchmark::run_key"``: the name of the run's study in the storage."""
        return f"{self.benchmark}::{self.run_key}"

    def identity(self) -> dict[str, Any]:
        """The fields that must match a stored run for it to count as this run."""
        return {
            "problem": self.problem,
            "problem_seed": self.problem_seed,
            "sampler": self.sampler.to_dict(),
            "sampler_seed": self.sampler_seed,
            "pruner": None if self.pruner is None else self.pruner.to_dict(),
            "repeat": self.repeat,
            "budget": self.budget.to_dict(),
            "workers": self.workers,
        }

    def to_dict(self) -> dict[str, Any]:
        """A JSON form that :meth:`from_dict` reads back (for worker processes)."""
        return {
            "benchmark": self.benchmark,
            **self.identity(),
            "suite_name": self.suite_name,
            "suite_sha256": self.suite_sha256,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> RunSpec:
        """The spec of a stored run (its ``"hpobench.run"`` record), to replay it alone.

        Examples
        --------
        >>> plan = make_plan("demo", ["Branin"], [ComponentSpec("random")],
        ...                  budget=Budget(trials=3), seed=0)
        >>> from runners import execute_run
        >>> record = execute_run(plan.runs[0]).record
        >>> RunSpec.from_record(record) == plan.runs[0]
        True
        """
        suite = record.get("suite") or {}
        data = {
            **record,
            "suite_name": suite.get("name", ""),
            "suite_sha256": suite.get("sha256", ""),
        }
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunSpec:
        """Rebuild a spec from :meth:`to_dict`'s output.

        Examples
        --------
        >>> plan = make_plan("demo", ["Branin"], [ComponentSpec("random")],
        ...                  budget=Budget(trials=3), seed=0)
        >>> RunSpec.from_dict(plan.runs[0].to_dict()) == plan.runs[0]
        True
        """
        pruner = data["pruner"]
        return cls(
            benchmark=data["benchmark"],
            problem=data["problem"],
            sampler=ComponentSpec(**data["sampler"]),
            pruner=None if pruner is None else ComponentSpec(**pruner),
            repeat=data["repeat"],
            problem_seed=data["problem_seed"],
            sampler_seed=data["sampler_seed"],
            budget=Budget(**data["budget"]),
            workers=data["workers"],
            suite_name=data["suite_name"],
            suite_sha256=data["suite_sha256"],
        )


@dataclass(frozen=True)
class Plan:
    """The runs of a benchmark, in order; immutable.

    Examples
    --------
    >>> plan = make_plan("demo", ["Branin"], [ComponentSpec("random")],
    ...                  repeats=2, budget=Budget(trials=10), seed=0)
    >>> len(plan), plan.runs[1].run_key
    (2, 'Branin|random|-|1')
    """

    benchmark: str
    runs: tuple[RunSpec, ...]
    suite_name: str = ""
    suite_sha256: str = ""
    suite_path: str = field(default="", compare=False)

    def __len__(self) -> int:
        return len(self.runs)

    def __iter__(self) -> Iterator[RunSpec]:
        return iter(self.runs)

    def select(self, patterns: Sequence[str]) -> Plan:
        """Keep the runs whose run key matches one of the glob ``patterns`` (all if none).

        ``*`` and ``?`` are wildcards; brackets are literal, as in case ids
        (``"Alpine02(dim=2,int_dims=[0])|*"``).

        Examples
        --------
        >>> plan = make_plan("demo", ["Branin", "Rosenbrock(dim=2)"],
        ...                  [ComponentSpec("random")], budget=Budget(trials=5), seed=0)
        >>> [run.problem for run in plan.select(["Branin|*"])]
        ['Branin']
        """
        if not patterns:
            return self
        globs = [p.replace("[", "[[]") for p in patterns]
        kept = tuple(
            run for run in self.runs if any(fnmatch.fnmatchcase(run.run_key, g) for g in globs)
        )
        return replace(self, runs=kept)

    def describe(self) -> list[str]:
        """One line per run (run key, seeds, budget, workers) for ``--dry-run``."""
        lines = []
        for run in self.runs:
            budget = ", ".join(f"{k}={v}" for k, v in run.budget.to_dict().items() if v)
            workers = f" workers={run.workers}" if run.workers > 1 else ""
            lines.append(
                f"{run.run_key}  problem_seed={run.problem_seed} "
                f"sampler_seed={run.sampler_seed} {budget}{workers}"
            )
        return lines


def _unique_labels(specs: Iterable[ComponentSpec], kind: str) -> None:
    seen: set[str] = set()
    for spec in specs:
        if spec.label in seen:
            raise ValueError(
                f"two {kind}s have the label {spec.label!r}; give them distinct labels."
            )
        seen.add(spec.label)


def _check_inputs(
    benchmark: str,
    problems: Sequence[str],
    samplers: Sequence[ComponentSpec],
    repeats: int,
    workers: int,
) -> None:
    if not isinstance(benchmark, str) or not benchmark or "::" in benchmark:
        raise ValueError(f"benchmark must be a non-empty str without '::'; got {benchmark!r}.")
    if not problems:
        raise ValueError("a plan needs at least one problem; got none.")
    if not samplers:
        raise ValueError("a plan needs at least one sampler; got none.")
    if len(set(problems)) != len(problems):
        raise ValueError(f"problems are listed twice: {sorted(problems)}.")
    for problem in problems:
        if "|" in problem or "::" in problem:
            raise ValueError(f"problem id {problem!r} must not contain '|' or '::'.")
    for name, value in (("repeats", repeats), ("workers", workers)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be an int >= 1; got {value!r}.")


def make_plan(
    benchmark: str,
    problems: Sequence[str],
    samplers: Sequence[ComponentSpec],
    pruners: Sequence[ComponentSpec | None] = (None,),
    *,
    repeats: int = 1,
    budget: Budget,
    seed: int,
    workers: int = 1,
    suite_name: str = "",
    suite_sha256: str = "",
    suite_path: str = "",
) -> Plan:
    """Build the plan of every (problem, repeat, sampler, pruner), with derived seeds.

    Parameters
    ----------
    benchmark : str
        The benchmark's name (no ``"::"``).
    problems : sequence of str
        Case ids, e.g. ``["Branin", "McCourt16(dim=4,res=10)"]``.
    samplers : sequence of ComponentSpec
        Samplers, with distinct labels.
    pruners : sequence of ComponentSpec or None
        Pruners, with distinct labels; None stands for "no pruning".
    repeats : int
        Repeats per (problem, sampler, pruner).
    budget : Budget
        The budget of every run.
    seed : int
        The base seed (>= 0).
    workers : int
        Processes per study; peers need 1.

    Returns
    -------
    Plan
        Problem-major order. A peer's own pruner (``"optuna:MedianPruner"``) is paired
        only with that peer's samplers; hpobench pruners (and None) go with every sampler.

    Raises
    ------
    ValueError
        For an empty list, duplicate labels or problems, an unknown sampler or pruner, a
        peer with ``workers > 1``, or a sampler or pruner that pairs with nothing (an
        Optuna pruner without any Optuna sampler).
    """
    _check_inputs(benchmark, problems, samplers, repeats, workers)
    _unique_labels(samplers, "sampler")
    _unique_labels([p for p in pruners if p is not None], "pruner")
    if not pruners:
        raise ValueError("pruners must hold at least one entry (None for no pruning); got none.")
    for spec in samplers:
        check_component(spec, "sampler")
        if spec.peer is not None and workers > 1:
            raise ValueError(
                f"sampler {spec.label!r} is a peer optimizer, which keeps its state in one "
                f"process; it cannot share a study between workers={workers} processes."
            )
    for pruner in pruners:
        if pruner is not None:
            check_component(pruner, "pruner")
    _check_pairs(samplers, pruners)
    runs = [
        RunSpec(
            benchmark=benchmark,
            problem=problem,
            sampler=sampler,
            pruner=pruner,
            repeat=repeat,
            problem_seed=problem_seed(seed, problem, repeat),
            sampler_seed=sampler_seed(seed, problem, repeat, sampler.label),
            budget=budget,
            workers=workers,
            suite_name=suite_name,
            suite_sha256=suite_sha256,
        )
        for problem, repeat, sampler, pruner in itertools.product(
            problems, range(repeats), samplers, pruners
        )
        if _compatible(sampler, pruner)
    ]
    return Plan(benchmark, tuple(runs), suite_name, suite_sha256, suite_path)


def _compatible(sampler: ComponentSpec, pruner: ComponentSpec | None) -> bool:
    """A peer's own pruner (``optuna:MedianPruner``) goes only with that peer's samplers."""
    return pruner is None or pruner.peer is None or pruner.peer == sampler.peer


def _check_pairs(
    samplers: Sequence[ComponentSpec], pruners: Sequence[ComponentSpec | None]
) -> None:
    """Refuse a pruner or sampler that the pairing rule would leave without any run."""
    for pruner in pruners:
        if pruner is not None and not any(_compatible(s, pruner) for s in samplers):
            raise ValueError(
                f"pruner {pruner.label!r} runs inside a {pruner.peer} study, so only with "
                f"{pruner.peer}:<sampler> samplers; got none among "
                f"{[s.label for s in samplers]}. Add one, or use an hpobench pruner."
            )
    for sampler in samplers:
        if not any(_compatible(sampler, p) for p in pruners):
            raise ValueError(
                f"sampler {sampler.label!r} runs with none of the pruners "
                f"{[p.label if p else None for p in pruners]}: a peer's pruner runs only with "
                "that peer's samplers. Add an hpobench pruner, or None for no pruning."
            )
