"""Workers per study (the Optuna paper's §5.3): k processes share one run's study.

The study lives on a scratch SQLite file in a temporary folder; ``k`` worker processes
(``python -m runners._worker``) load it and say they are ready; once all are, the
coordinator gives the start time (so process start-up is not counted), and each runs
the trial loop until the shared budget is spent, then writes its timings to a JSON file.
Each trial records its worker and ``wall_t`` (seconds since the run's start), so the
analysis can plot the best value against time and against trials for 1, 2, 4, 8
workers. Such runs are not reproducible: which worker gets which trial depends on timing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import hpobench
from runners._loop import LoopResult, TrialTiming
from runners._plan import RunSpec

__all__ = ["SHARED_STUDY", "run_shared", "scratch_storage"]

SHARED_STUDY = "run"
_SPEC_FILE = "spec.json"
_GO_FILE = "go"
_POLL_S = 0.005
_READY_TIMEOUT_S = 600.0


def scratch_storage(folder: Path) -> Any:
    """The storage the workers of one run share (a SQLite file in ``folder``)."""
    from hpobench.storages import RDBStorage

    return RDBStorage(f"sqlite:///{folder / 'study.db'}")


def _timings_file(folder: Path, worker: int) -> Path:
    return folder / f"worker{worker}.json"


def write_worker_result(folder: Path, worker: int, loop: LoopResult, wall_s: float) -> None:
    """Write one worker's timings, error and loop time (called in the worker process)."""
    data = {"timings": [vars(t) for t in loop.timings], "error": loop.error, "wall_s": wall_s}
    _timings_file(folder, worker).write_text(json.dumps(data))


def _read_worker_result(
    folder: Path, worker: int, process: subprocess.Popen
) -> tuple[LoopResult, float]:
    path = _timings_file(folder, worker)
    if not path.exists():
        stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
        tail = stderr.strip().splitlines()[-20:]
        message = f"worker {worker} exited with status {process.returncode}:\n" + "\n".join(tail)
        return LoopResult([], message), 0.0
    data = json.loads(path.read_text())
    return LoopResult([TrialTiming(**t) for t in data["timings"]], data["error"]), data["wall_s"]


def _start_workers(folder: Path, n: int) -> list[subprocess.Popen]:
    command = [sys.executable, "-m", "runners._worker", str(folder)]
    return [
        subprocess.Popen([*command, str(i)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for i in range(n)
    ]


def _ready_file(folder: Path, worker: int) -> Path:
    return folder / f"ready{worker}"


def _release_when_ready(folder: Path, processes: list[subprocess.Popen]) -> None:
    """Wait until every worker is ready (or one has exited), then write the start time."""
    deadline = time.monotonic() + _READY_TIMEOUT_S
    while time.monotonic() < deadline:
        ready = all(_ready_file(folder, i).exists() for i in range(len(processes)))
        if ready or any(p.poll() is not None for p in processes):
            break
        time.sleep(_POLL_S)
    start = time.time()
    staged = folder / (_GO_FILE + ".tmp")
    staged.write_text(repr(start))
    staged.replace(folder / _GO_FILE)  # atomic: a worker never reads half a number


def wait_for_start(folder: Path, worker: int) -> float:
    """Say this worker is ready; return the run's start time once the coordinator gives it."""
    _ready_file(folder, worker).touch()
    go = folder / _GO_FILE
    deadline = time.monotonic() + _READY_TIMEOUT_S
    while not go.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no start signal in {folder} after {_READY_TIMEOUT_S:.0f} s.")
        time.sleep(_POLL_S)
    return float(go.read_text())


def _kill(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()


def run_shared(spec: RunSpec, directions: list[str]) -> tuple[list, LoopResult, float]:
    """Run ``spec`` with ``spec.workers`` processes on one study.

    Returns
    -------
    tuple
        The study's trials, the merged :class:`LoopResult` (the first worker error, if
        any) and the wall time in seconds.
    """
    with tempfile.TemporaryDirectory(prefix="hpobench-run-") as name:
        folder = Path(name)
        storage = scratch_storage(folder)
        hpobench.create_study(storage=storage, study_name=SHARED_STUDY, directions=directions)
        (folder / _SPEC_FILE).write_text(json.dumps(spec.to_dict()))
        processes = _start_workers(folder, spec.workers)
        try:
            _release_when_ready(folder, processes)
            for process in processes:
                process.wait()
        except BaseException:  # interrupted: leave no worker running on a deleted folder
            _kill(processes)
            raise
        read = [_read_worker_result(folder, i, p) for i, p in enumerate(processes)]
        trials = hpobench.load_study(study_name=SHARED_STUDY, storage=storage).get_trials()
        storage.remove_session()
        engine = getattr(storage, "engine", None)
        if engine is not None:
            engine.dispose()
    timings = sorted((t for r, _ in read for t in r.timings), key=lambda t: t.number)
    errors = [r.error for r, _ in read if r.error]
    wall_s = max(w for _, w in read)  # until the last worker's loop ended
    return trials, LoopResult(timings, errors[0] if errors else None), wall_s


def read_spec(folder: Path) -> RunSpec:
    """The spec the coordinator wrote for its workers."""
    return RunSpec.from_dict(json.loads((folder / _SPEC_FILE).read_text()))
