"""Trials: the running :class:`Trial`, :class:`FixedTrial`, :class:`FrozenTrial` snapshots."""

from hpobench.trial._base import BaseTrial
from hpobench.trial._create import create_trial
from hpobench.trial._fixed import FixedTrial
from hpobench.trial._frozen import FrozenTrial
from hpobench.trial._state import TrialState
from hpobench.trial._trial import Trial

__all__ = ["BaseTrial", "FixedTrial", "FrozenTrial", "Trial", "TrialState", "create_trial"]
