from __future__ import annotations

from typing import TYPE_CHECKING

from hpobench.trial._create import create_trial
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState

if TYPE_CHECKING:
    from hpobench.study._study import Study


class RetryFailedTrialCallback:
    """Re-enqueue a trial that failed because its worker died (a heartbeat callback).

    The new WAITING trial has the same parameters; the next worker that asks runs it.
    Its system attributes record the first failed trial (``failed_trial``) and every
    attempt so far (``retry_history``).

    Parameters
    ----------
    max_retry : int or None
        How many times one configuration may be retried; None for no limit.
    inherit_intermediate_values : bool
        Copy the failed trial's intermediate values to the retry.

    Examples
    --------
    >>> import hpobench
    >>> storage = hpobench.storages.RDBStorage(
    ...     "sqlite://",
    ...     heartbeat_interval=60,
    ...     failed_trial_callback=hpobench.storages.RetryFailedTrialCallback(max_retry=3),
    ... )
    """

    def __init__(self, max_retry: int | None = None, inherit_intermediate_values: bool = False):
        if max_retry is not None and (
            isinstance(max_retry, bool) or not isinstance(max_retry, int) or max_retry < 0
        ):
            raise ValueError(f"max_retry must be None or an int >= 0; got {max_retry!r}.")
        self._max_retry = max_retry
        self._inherit_intermediate_values = bool(inherit_intermediate_values)

    def __call__(self, study: Study, trial: FrozenTrial) -> None:
        history = [*self.retry_history(trial), trial.number]
        if self._max_retry is not None and len(history) > self._max_retry:
            return
        first_failed = self.retried_trial_number(trial)
        system_attrs = {
            **trial.system_attrs,
            "failed_trial": trial.number if first_failed is None else first_failed,
            "retry_history": history,
        }
        study.add_trial(
            create_trial(
                state=TrialState.WAITING,
                params=trial.params,
                distributions=trial.distributions,
                user_attrs=trial.user_attrs,
                system_attrs=system_attrs,
                intermediate_values=(
                    trial.intermediate_values if self._inherit_intermediate_values else None
                ),
            )
        )

    @staticmethod
    def retried_trial_number(trial: FrozenTrial) -> int | None:
        """Return the number of the first failed trial this one retries, or None."""
        return trial.system_attrs.get("failed_trial")

    @staticmethod
    def retry_history(trial: FrozenTrial) -> list[int]:
        """Return the numbers of the earlier attempts of this configuration, oldest first."""
        return list(trial.system_attrs.get("retry_history", []))


RetryHeartbeatStaleTrialCallback = RetryFailedTrialCallback
