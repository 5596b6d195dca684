"""What pruners compare: the objective, one chosen objective, a scalarisation or Pareto rank.

In a multi-objective study ``trial.report`` takes either one value per objective or a
single value, the user's own scalarisation of them (smaller is better). A per-objective
report is stored whole in the trial's system attribute ``intermediate_values:<step>``,
and its first objective in ``intermediate_values`` (so ``last_step`` and plots work).

Pruners turn what trials reported into *losses* (smaller is better) through a
:class:`Comparison`, which the pruner's ``objective`` argument selects:

- ``None``: the study's objective; in a multi-objective study, the scalarisation when
  the judged trial reported one value, the Pareto rank when it reported one per objective;
- an int ``i``: objective ``i`` of per-objective reports, in that objective's direction;
- ``"pareto"``: the Pareto rank of per-objective reports.

A Pareto rank is the non-domination level (0 for the front) of a report among the
reports it is compared with. Trials are compared only with trials that reported the same
kind of value (one value, or one per objective) at the same step.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hpobench.study._multi_objective import non_dominated_mask
from hpobench.study._study_direction import StudyDirection

if TYPE_CHECKING:
    from hpobench.trial._frozen import FrozenTrial

REPORT_ATTR_PREFIX = "intermediate_values:"
PARETO = "pareto"
Raw = float | list[float]
Loss = float | np.ndarray


def report_attr(step: int) -> str:
    """Return the system-attribute key of a per-objective report at ``step``."""
    return f"{REPORT_ATTR_PREFIX}{step}"


def check_objective(objective: Any, *, allow_pareto: bool = True) -> int | str | None:
    """Validate a pruner's ``objective`` argument."""
    if objective is None or (objective == PARETO and allow_pareto):
        return objective
    if (
        isinstance(objective, numbers.Integral)
        and not isinstance(objective, bool)
        and objective >= 0
    ):
        return int(objective)
    choices = (
        "None, an objective index >= 0 or 'pareto'"
        if allow_pareto
        else "None or an objective index >= 0"
    )
    raise ValueError(f"objective must be {choices}; got {objective!r}.")


def check_report_vector(value: Any, n_objectives: int) -> list[float] | None:
    """Return a per-objective report as floats; None when ``value`` is a single number.

    Raises
    ------
    ValueError
        When a sequence does not hold one value per objective.
    TypeError
        When one of its values is not a number.
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        return None
    values = list(value)
    if len(values) != n_objectives:
        raise ValueError(
            f"value must be one number, or one per objective ({n_objectives}); got "
            f"{len(values)} values: {value!r}."
        )
    try:
        return [float(v) for v in values]
    except (TypeError, ValueError):
        raise TypeError(f"value must hold numbers; got {value!r}.") from None


def raw_report(trial: FrozenTrial, step: int, multi: bool) -> Raw | None:
    """Return what ``trial`` reported at ``step``: a float, a list (one per objective) or None."""
    if multi:
        vector = trial.system_attrs.get(report_attr(step))
        if vector is not None:
            return [float(v) for v in vector]
    return trial.intermediate_values.get(step)


def last_reported_values(trial: FrozenTrial, n_objectives: int) -> list[float] | None:
    """Return the values a PRUNED trial keeps: its last report, when finite and complete.

    For a multi-objective study that is the last per-objective report without NaN; a
    single (scalarised) value is not objective values, so it gives None.
    """
    step = trial.last_step
    if step is None:
        return None
    raw = raw_report(trial, step, n_objectives > 1)
    if n_objectives > 1 and not isinstance(raw, list):
        return None
    values = raw if isinstance(raw, list) else [raw]
    if any(math.isnan(v) for v in values):
        return None
    return values


def has_nan(loss: Loss) -> bool:
    """Return whether a loss (a float or a vector of them) holds NaN."""
    if isinstance(loss, np.ndarray):
        return bool(np.isnan(loss).any())
    return math.isnan(loss)


def pareto_ranks(losses: np.ndarray) -> np.ndarray:
    """Return the non-domination level of each row of ``losses`` (0 for the front).

    NaN counts as the worst possible value (+inf).
    """
    losses = np.where(np.isnan(losses), np.inf, losses)
    ranks = np.zeros(len(losses), dtype=float)
    remaining = np.arange(len(losses))
    level = 0
    while remaining.size:
        front = non_dominated_mask(losses[remaining])
        ranks[remaining[front]] = level
        remaining = remaining[~front]
        level += 1
    return ranks


@dataclass(frozen=True)
class Comparison:
    """How one pruning decision turns raw reports into losses (smaller is better).

    ``multi`` tells whether the study has several objectives; ``pareto`` whether losses
    are vectors ranked by Pareto level; ``index`` picks one objective of a per-objective
    report (None: the single reported value); ``sign`` is -1 for maximised values.
    """

    multi: bool
    pareto: bool
    index: int | None
    sign: Any

    def convert(self, raw: Raw | None) -> Loss | None:
        """Return the loss of a raw report, or None when it is of the other kind."""
        if raw is None:
            return None
        is_vector = isinstance(raw, list)
        if self.pareto:
            return np.asarray(raw, dtype=float) * self.sign if is_vector else None
        if self.index is None:
            return None if is_vector else float(raw) * self.sign  # type: ignore[arg-type]
        return float(raw[self.index]) * self.sign if is_vector else None  # type: ignore[index]

    def loss_at(self, trial: FrozenTrial, step: int) -> Loss | None:
        """Return the loss ``trial`` reported at ``step``, or None."""
        return self.convert(raw_report(trial, step, self.multi))

    def against(self, mine: Loss, others: Sequence[Loss | None]) -> tuple[float, np.ndarray]:
        """Return the scalar losses of ``mine`` and of the usable ``others``.

        Missing and NaN values among ``others`` are dropped. Pareto losses become the
        Pareto ranks of all of them together.
        """
        kept = [o for o in others if o is not None and not has_nan(o)]
        if not self.pareto:
            return float(mine), np.asarray(kept, dtype=float)  # type: ignore[arg-type]
        ranks = pareto_ranks(np.vstack([mine, *kept]))
        return float(ranks[0]), ranks[1:]


def comparison(
    directions: Sequence[StudyDirection],
    objective: int | str | None,
    trial: FrozenTrial,
    step: int,
    *,
    allow_pareto: bool = True,
) -> Comparison:
    """Return how to compare ``trial``'s report at ``step`` with other trials.

    Raises
    ------
    ValueError
        When ``objective`` does not fit the study or what the trial reported.
    """
    signs = [-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in directions]
    if len(directions) == 1:
        if objective not in (None, 0, PARETO):
            raise ValueError(
                f"objective must be None or 0 in a single-objective study; got {objective!r}."
            )
        return Comparison(False, False, None, signs[0])
    is_vector = isinstance(raw_report(trial, step, True), list)
    if objective is None:
        if not is_vector:
            return Comparison(True, False, None, 1.0)
        if not allow_pareto:
            raise ValueError(
                f"Trial {trial.number} reported one value per objective at step {step}; "
                "create the pruner with objective=<index> to say which one to use."
            )
        objective = PARETO
    if not is_vector:
        raise ValueError(
            f"objective={objective!r} compares per-objective reports, but trial "
            f"{trial.number} reported a single value at step {step}; report one value per "
            "objective, or use objective=None."
        )
    if objective == PARETO:
        return Comparison(True, True, None, np.asarray(signs))
    if objective >= len(directions):  # type: ignore[operator]
        raise ValueError(
            f"objective must be an index below the number of objectives "
            f"({len(directions)}); got {objective!r}."
        )
    return Comparison(True, False, int(objective), signs[int(objective)])  # type: ignore[arg-type]


def reported_scalar(
    directions: Sequence[StudyDirection], objective: int | None, trial: FrozenTrial, step: int
) -> float | None:
    """Return the value (in the objective's own terms) that ``trial`` reported at ``step``."""
    how = comparison(directions, objective, trial, step, allow_pareto=False)
    loss = how.loss_at(trial, step)
    return None if loss is None else float(loss) * float(how.sign)
