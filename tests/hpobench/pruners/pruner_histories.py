"""Hand-made histories for pruner tests: finished trials and a running one."""

from __future__ import annotations

import math

import hpobench
from hpobench.trial import TrialState, create_trial


def study_with(pruner, histories=(), direction="minimize"):
    """A study holding one COMPLETE trial per history (step -> value).

    The name is fixed: Hyperband's bracket of a trial is a function of it.
    """
    sampler = hpobench.samplers.RandomSampler(seed=0)
    study = hpobench.create_study(
        pruner=pruner, direction=direction, sampler=sampler, study_name="pruner-history"
    )
    for history in histories:
        add(study, history)
    return study


def add(study, history, state=TrialState.COMPLETE, value=None, system_attrs=None):
    """Add a finished trial whose intermediate values are ``history`` (step -> value).

    A COMPLETE trial's value defaults to its last finite intermediate value (else 0).
    """
    if state == TrialState.COMPLETE and value is None:
        finite = [history[s] for s in sorted(history) if not math.isnan(history[s])]
        value = finite[-1] if finite else 0.0
    study.add_trial(
        create_trial(
            state=state,
            value=value,
            intermediate_values=dict(history),
            system_attrs=system_attrs,
        )
    )


def running(study, history):
    """Start a trial and report ``history`` (step -> value) in order of steps."""
    trial = study.ask()
    for step in sorted(history):
        trial.report(history[step], step)
    return trial
