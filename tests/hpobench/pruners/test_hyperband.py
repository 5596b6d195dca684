"""HyperbandPruner: brackets, budgets, assignment, and the bracket view for samplers."""

from __future__ import annotations

import collections

import pytest
from pruner_histories import add, running, study_with

import hpobench
from hpobench.pruners import HyperbandPruner, MedianPruner
from hpobench.pruners._filter import FilteredStudy, filter_study
from hpobench.pruners._hyperband import bracket_budgets, n_brackets
from hpobench.trial import TrialState


@pytest.mark.parametrize(
    ("low", "high", "eta", "budgets"),
    [
        (1, 100, 3, [81, 34, 15, 8, 5]),
        (1, 27, 3, [27, 12, 6, 4]),
        (1, 26, 3, [9, 5, 3]),
        (2, 16, 2, [8, 6, 4, 4]),
        (1, 81, 3, [81, 34, 15, 8, 5]),
        (1, 100, 4, [64, 22, 8, 4]),
        (5, 5, 3, [1]),
    ],
)
def test_brackets_and_budgets(low, high, eta, budgets):
    assert n_brackets(low, high, eta) == len(budgets)
    assert bracket_budgets(len(budgets), eta) == budgets
    assert HyperbandPruner(low, high, eta).n_brackets == len(budgets)


def test_bracket_assignment_is_a_stable_function_of_name_and_number():
    a, b = HyperbandPruner(1, 100), HyperbandPruner(1, 100)
    brackets = [a.bracket_of("study", n) for n in range(3000)]
    assert brackets == [b.bracket_of("study", n) for n in range(3000)]
    assert brackets != [a.bracket_of("other", n) for n in range(3000)]
    counts = collections.Counter(brackets)
    for bracket, budget in enumerate([81, 34, 15, 8, 5]):
        assert counts[bracket] / 3000 == pytest.approx(budget / 143, abs=0.03)


def test_each_bracket_first_decides_at_min_resource_times_eta_to_the_bracket():
    pruner = HyperbandPruner(min_resource=1, max_resource=27, reduction_factor=3)
    study = study_with(pruner)
    seen = set()
    for _ in range(30):
        trial = study.ask()
        for step in range(27):
            trial.report(100.0 - step - trial.number, step)
            assert not trial.should_prune()  # improving on every earlier trial
        bracket = pruner.bracket_of(study.study_name, trial.number)
        if bracket == 3:  # first decision at 27: it never prunes a 27-step trial
            assert trial.system_attrs == {}
        else:
            assert trial.system_attrs["completed_rung_0"] == 100.0 - 3**bracket - trial.number
        seen.add(bracket)
        study.tell(trial, 0.0)
    assert seen == {0, 1, 2, 3}


@pytest.mark.parametrize(("records_in_my_bracket", "pruned"), [(True, True), (False, False)])
def test_a_trial_competes_only_within_its_bracket(records_in_my_bracket, pruned):
    pruner = HyperbandPruner(min_resource=1, max_resource=9, reduction_factor=3)
    study = study_with(pruner)
    mine = [n for n in range(60) if pruner.bracket_of(study.study_name, n) == 0]
    target = mine[3]
    for number in range(target):  # excellent rung-0 records, in my bracket or elsewhere
        has_record = (number in mine) == records_in_my_bracket
        attrs = {"completed_rung_0": 0.0} if has_record else None
        add(study, {1: 0.0}, state=TrialState.PRUNED, system_attrs=attrs)
    trial = running(study, {1: 5.0})
    assert trial.number == target
    assert trial.should_prune() is pruned


def test_filter_study_shows_the_sampler_only_the_bracket():
    pruner = HyperbandPruner(min_resource=1, max_resource=27)
    study = study_with(pruner, [{0: float(v)} for v in range(20)])
    trial = study.ask()
    view = filter_study(study, study._storage.get_trial(trial._trial_id))
    assert isinstance(view, FilteredStudy)
    assert isinstance(view, hpobench.Study)
    bracket = pruner.bracket_of(study.study_name, trial.number)
    expected = [
        t.number for t in study.trials if pruner.bracket_of(study.study_name, t.number) == bracket
    ]
    assert [t.number for t in view.trials] == expected
    assert [t.number for t in view.get_trials(deepcopy=False)] == expected
    complete = view.get_trials(states=(TrialState.COMPLETE,))
    assert view.best_trial.number == min(complete, key=lambda t: t.value).number
    assert view.study_name == study.study_name and view._study_id == study._study_id
    assert view.directions == study.directions and view.sampler is study.sampler
    view.set_user_attr("seen", True)
    assert study.user_attrs == {"seen": True}


def test_filter_study_is_the_study_itself_for_other_pruners():
    study = study_with(MedianPruner())
    trial = study.ask()
    assert filter_study(study, study._storage.get_trial(trial._trial_id)) is study


def test_filter_study_before_auto_max_resource_is_known():
    study = study_with(HyperbandPruner())
    trial = study.ask()
    assert filter_study(study, study._storage.get_trial(trial._trial_id)) is study


def test_auto_max_resource():
    pruner = HyperbandPruner(min_resource=1, reduction_factor=3)
    study = study_with(pruner)
    trial = running(study, {s: 1.0 for s in range(5)})
    assert not trial.should_prune()
    assert pruner.n_brackets is None
    add(study, {s: 1.0 for s in range(27)})  # last step 26: max_resource 27
    running(study, {0: 1.0}).should_prune()
    assert study.system_attrs["hyperband:max_resource"] == 27
    assert pruner.n_brackets == 4


def test_stop_through_the_view_stops_the_study():
    study = study_with(HyperbandPruner(1, 9))

    def objective(trial):
        view = filter_study(study, study._storage.get_trial(trial._trial_id))
        view.stop()
        return 0.0

    study.optimize(objective, n_trials=5)
    assert len(study.trials) == 1


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"min_resource": 0}, "min_resource must be an int >= 1"),
        ({"min_resource": 5, "max_resource": 4}, "max_resource must be an int >= 5"),
        ({"reduction_factor": 1}, "reduction_factor must be an int >= 2"),
        ({"bootstrap_count": 1}, "bootstrap_count > 0 needs an int max_resource"),
        ({"objective": -1}, "objective must be None"),
    ],
)
def test_invalid_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        HyperbandPruner(**kwargs)


def test_bracket_of_before_the_brackets_are_known():
    with pytest.raises(RuntimeError, match="not known until max_resource"):
        HyperbandPruner().bracket_of("s", 0)
