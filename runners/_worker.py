"""A worker process of a shared study: ``python -m runners._worker FOLDER INDEX``.

Started by :func:`runners._shared.run_shared`; not a command for users.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

import hpobench
from runners._loop import LoopResult, run_loop
from runners._shared import (
    SHARED_STUDY,
    read_spec,
    scratch_storage,
    wait_for_start,
    write_worker_result,
)


def _counts(study: hpobench.Study) -> tuple[int, int]:
    trials = study.get_trials(deepcopy=False)
    return len(trials), sum(len(t.intermediate_values) or 1 for t in trials)


def main(argv: Sequence[str]) -> int:
    """Run one worker's share of a shared study; write its timings next to the study."""
    import suites
    from runners._execute import build_components

    folder, worker = Path(argv[0]), int(argv[1])
    hpobench.logging.set_verbosity(hpobench.logging.WARNING)
    start: float | None = None
    try:
        spec = read_spec(folder)
        problem = suites.get_problem(spec.problem, seed=spec.problem_seed)
        sampler, pruner, _ = build_components(spec, problem)
        study = hpobench.load_study(
            study_name=SHARED_STUDY,
            storage=scratch_storage(folder),
            sampler=sampler,
            pruner=pruner,
        )
        start = wait_for_start(folder, worker)
        loop = run_loop(
            study,
            problem,
            spec.budget,
            pruning=spec.pruner is not None,
            start=start,
            worker=worker,
            counts=lambda: _counts(study),
        )
    except Exception:
        loop = LoopResult([], traceback.format_exc())
    wall_s = time.time() - start if start is not None else 0.0
    write_worker_result(folder, worker, loop, wall_s)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
