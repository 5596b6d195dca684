"""Exceptions and warnings raised by hpobench."""

from __future__ import annotations


class HpobenchError(Exception):
    """Base class of every error hpobench raises on purpose."""


class TrialPruned(HpobenchError):
    """Raised by an objective to tell the study that the trial was pruned.

    Examples
    --------
    >>> import hpobench
    >>> def objective(trial):
    ...     trial.report(1.0, step=0)
    ...     raise hpobench.TrialPruned()
    """


class CLIUsageError(HpobenchError):
    """The command line was used wrongly (a missing or conflicting option)."""


class StorageInternalError(HpobenchError):
    """A storage failed in a way that is not the caller's fault (I/O, a lost connection)."""


class DuplicatedStudyError(HpobenchError):
    """A study of that name already exists in the storage."""


class UpdateFinishedTrialError(HpobenchError, RuntimeError):
    """A finished trial (COMPLETE, PRUNED or FAIL) was asked to change."""


class ExperimentalWarning(Warning):
    """The feature works but its interface may still change."""


class HpobenchDeprecationWarning(FutureWarning):
    """The feature is kept for compatibility; the message names its replacement."""


OptunaError = HpobenchError
