from __future__ import annotations

from typing import TYPE_CHECKING

from tqdm.auto import tqdm

if TYPE_CHECKING:
    from hpobench.study._study import Study


class ProgressBar:
    """A tqdm bar over trials (or over seconds, for a timeout-only run) with the best value."""

    def __init__(self, enabled: bool, n_trials: int | None, timeout: float | None) -> None:
        self._bar: tqdm | None = None
        self._by_time = n_trials is None and timeout is not None
        if not enabled:
            return
        if self._by_time:
            fmt = "{percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f}s [{elapsed}<{remaining}{postfix}]"
            self._bar = tqdm(total=timeout, bar_format=fmt)
        else:
            self._bar = tqdm(total=n_trials)
        self._last_elapsed = 0.0

    def update(self, elapsed: float, study: Study, n_new_trials: int = 1) -> None:
        if self._bar is None:
            return
        if self._by_time:
            step = min(elapsed, self._bar.total) - self._last_elapsed
            self._bar.update(step)
            self._last_elapsed += step
        else:
            self._bar.update(n_new_trials)
        self._bar.set_description(_best_text(study), refresh=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _best_text(study: Study) -> str:
    if len(study.directions) > 1:
        return f"Pareto front: {len(study.best_trials)} trials"
    try:
        best = study.best_trial
    except ValueError:
        return "No complete trial yet"
    return f"Best trial: {best.number}. Best value: {best.value:.6g}"
