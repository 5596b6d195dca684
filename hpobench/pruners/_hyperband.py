from __future__ import annotations

import bisect
import functools
import zlib
from typing import TYPE_CHECKING

from hpobench.pruners._base import BasePruner
from hpobench.pruners._common import check_int
from hpobench.pruners._filter import FilteredStudy
from hpobench.pruners._objective import check_objective
from hpobench.pruners._successive_halving import SuccessiveHalvingPruner
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study
    from hpobench.trial._frozen import FrozenTrial

AUTO_MAX_RESOURCE_ATTR = "hyperband:max_resource"


def n_brackets(min_resource: int, max_resource: int, reduction_factor: int) -> int:
    """Return ``floor(log_eta(max_resource / min_resource)) + 1`` (at least 1)."""
    count, reach = 0, min_resource * reduction_factor
    while reach <= max_resource:
        count += 1
        reach *= reduction_factor
    return count + 1


def bracket_budgets(n: int, reduction_factor: int) -> list[int]:
    """Return the share of trials of each of ``n`` brackets, the most aggressive first.

    Bracket ``b`` is Hyperband's ``s = n - 1 - b``, which starts ``ceil(n * eta ** s /
    (s + 1))`` configurations (Li et al., 2018).
    """
    budgets = []
    for bracket in range(n):
        s = n - 1 - bracket
        budgets.append(-(-(n * reduction_factor**s) // (s + 1)))
    return budgets


class HyperbandPruner(BasePruner):
    """Hyperband: several successive-halving brackets, from aggressive to patient.

    Bracket ``b`` (0 to ``n_brackets - 1``, with ``n_brackets = floor(log_eta(max_resource
    / min_resource)) + 1``) is a :class:`SuccessiveHalvingPruner` with
    ``min_early_stopping_rate=b``: bracket 0 decides first at ``min_resource`` steps, the
    last bracket lets trials run to ``max_resource``. Each bracket receives a share of the
    trials proportional to the number of configurations Hyperband starts in it.

    A trial's bracket is a pure function of the study name and the trial number (a CRC32
    of ``"<study name>_<number>"`` over the brackets' shares), so every worker agrees on it
    and a study of the same name reproduces it. A trial competes only with its bracket;
    the engine shows the sampler only the trials of the bracket being sampled (see
    ``hpobench.pruners._filter.filter_study``), so each bracket has its own history.

    Parameters
    ----------
    min_resource : int
        The steps before the first decision of the most aggressive bracket.
    max_resource : int or "auto"
        The steps of a full trial. ``"auto"`` waits for a COMPLETE trial and takes the
        largest last step of the COMPLETE trials plus 1 (steps count from 0), stored in
        the study's system attribute ``hyperband:max_resource`` so that all workers
        agree. Until then nothing is pruned and the sampler sees every trial.
    reduction_factor : int
        ``eta`` >= 2 of every bracket.
    bootstrap_count : int
        As in :class:`SuccessiveHalvingPruner`; needs an int ``max_resource``.
    objective : int, "pareto" or None
        What is compared in a multi-objective study (see :mod:`hpobench.pruners`).

    Examples
    --------
    >>> import hpobench
    >>> pruner = hpobench.pruners.HyperbandPruner(min_resource=1, max_resource=27)
    >>> pruner.n_brackets
    4
    >>> study = hpobench.create_study(pruner=pruner)
    >>> def objective(trial):
    ...     x = trial.suggest_float("x", 0, 1)
    ...     for step in range(27):
    ...         trial.report(x + 1 / (step + 1), step)
    ...         if trial.should_prune():
    ...             raise hpobench.TrialPruned()
    ...     return x
    >>> study.optimize(objective, n_trials=10)
    """

    def __init__(
        self,
        min_resource: int = 1,
        max_resource: int | str = "auto",
        reduction_factor: int = 3,
        bootstrap_count: int = 0,
        *,
        objective: int | str | None = None,
    ) -> None:
        self._min_resource = check_int("min_resource", min_resource, 1)
        self._reduction_factor = check_int("reduction_factor", reduction_factor, 2)
        self._bootstrap_count = check_int("bootstrap_count", bootstrap_count, 0)
        self._objective = check_objective(objective)
        self._max_resource: int | None = None
        if max_resource != "auto":
            max_resource = check_int("max_resource", max_resource, self._min_resource)
            self._max_resource = max_resource
        elif self._bootstrap_count > 0:
            raise ValueError(
                "bootstrap_count > 0 needs an int max_resource, not 'auto'; got "
                f"bootstrap_count={bootstrap_count!r}."
            )
        self._brackets: list[SuccessiveHalvingPruner] = []
        self._cumulative: list[int] = []
        self._bracket_cache: dict[tuple[str, int], int] = {}
        if self._max_resource is not None:
            self._build(self._max_resource)

    @property
    def n_brackets(self) -> int | None:
        """The number of brackets, or None while ``max_resource="auto"`` is unknown."""
        return len(self._brackets) or None

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        if not self._ensure_brackets(study):
            return False
        bracket = self.bracket_of(study.study_name, trial.number)
        return self._brackets[bracket].prune(self._bracket_study(study, bracket), trial)

    def bracket_of(self, study_name: str, number: int) -> int:
        """Return the bracket of trial ``number`` of study ``study_name``.

        Raises
        ------
        RuntimeError
            While ``max_resource="auto"`` is not known yet.
        """
        if not self._brackets:
            raise RuntimeError("The brackets are not known until max_resource is.")
        key = (study_name, number)
        bracket = self._bracket_cache.get(key)
        if bracket is None:
            ticket = zlib.crc32(f"{study_name}_{number}".encode()) % self._cumulative[-1]
            bracket = bisect.bisect_right(self._cumulative, ticket)
            self._bracket_cache[key] = bracket
        return bracket

    def _sampler_study(self, study: Study, trial: FrozenTrial) -> Study:
        if not self._ensure_brackets(study):
            return study
        return self._bracket_study(study, self.bracket_of(study.study_name, trial.number))

    def _bracket_study(self, study: Study, bracket: int) -> Study:
        keep = functools.partial(self._in_bracket, study.study_name, bracket)
        return FilteredStudy(study, keep, view_key=("hyperband-bracket", bracket))

    def _in_bracket(self, study_name: str, bracket: int, number: int) -> bool:
        return self.bracket_of(study_name, number) == bracket

    def _ensure_brackets(self, study: Study) -> bool:
        if self._brackets:
            return True
        stored = study.system_attrs.get(AUTO_MAX_RESOURCE_ATTR)
        if stored is None:
            complete = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
            last_steps = [t.last_step for t in complete if t.last_step is not None]
            if not last_steps:
                return False
            stored = max(last_steps) + 1
            study.set_system_attr(AUTO_MAX_RESOURCE_ATTR, stored)
        self._build(max(int(stored), self._min_resource))
        return True

    def _build(self, max_resource: int) -> None:
        n = n_brackets(self._min_resource, max_resource, self._reduction_factor)
        budgets = bracket_budgets(n, self._reduction_factor)
        self._cumulative = [sum(budgets[: b + 1]) for b in range(n)]
        self._brackets = [
            SuccessiveHalvingPruner(
                min_resource=self._min_resource,
                reduction_factor=self._reduction_factor,
                min_early_stopping_rate=bracket,
                bootstrap_count=self._bootstrap_count,
                objective=self._objective,
            )
            for bracket in range(n)
        ]
