"""Suite files: the built-in ones load; a malformed file reports every error with its line."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

import suites
from hpobench.distributions import FloatDistribution
from suites import Problem


class _BiObjective(Problem):
    """A two-objective toy registered for these tests (a multi-objective case)."""

    family = "SuiteFileTestBiObjective"
    directions = ("minimize", "minimize")

    def __init__(self, *, seed=None):
        super().__init__({}, seed=seed)
        self.tags = frozenset({"multi_objective", "dim=1"})

    @property
    def space(self):
        return {"x0": FloatDistribution(0.0, 1.0)}

    def evaluate(self, X):
        X = self._check_X(X)
        return np.column_stack([X[:, 0], 1 - X[:, 0]])


class _Stepped(_BiObjective):
    """A single-objective toy with steps (a multi-fidelity case)."""

    family = "SuiteFileTestStepped"
    directions = ("minimize",)
    n_steps = 3

    def __init__(self, *, seed=None):
        super().__init__(seed=seed)
        self.tags = frozenset({"multi_fidelity", "dim=1"})

    def evaluate(self, X):
        return self._check_X(X)[:, 0]

    def iter_steps(self, x):
        for step in range(1, 4):
            yield step, float(x[0]) + 1 / step


suites.register(_BiObjective)
suites.register(_Stepped)


def _parse(text: str) -> suites.Suite:
    return suites.parse_suite(textwrap.dedent(text), source="t.toml")


def _errors(text: str) -> list[str]:
    with pytest.raises(suites.SuiteFileError) as info:
        _parse(text)
    return [str(e) for e in info.value.errors]


@pytest.mark.parametrize("name", suites.list_suite_files())
def test_every_built_in_suite_file_loads(name):
    suite = suites.load_suite(name)
    assert suite.name == name
    assert suite.problems and suite.samplers and suite.n_runs > 0
    assert suite.source == suites._suite_file.FILES_DIR / f"{name}.toml"


def test_the_papers_suite():
    suite = suites.load_suite("optuna-kdd2019")
    assert list(suite.problems) == suites.list_problems("evalset56")
    assert (suite.budget.trials, suite.repeats) == (80, 30)
    assert [s.label for s in suite.samplers] == [
        "TPE+CMA-ES",
        "random",
        "hyperopt:tpe",
        "smac",
        "gp",
    ]
    assert dict(suite.samplers[0].kwargs) == {"switch_after": 40}
    assert [s.is_engine for s in suite.samplers] == [True, True, False, False, True]


def test_quickstart_is_small():
    suite = suites.load_suite("quickstart")
    assert len(suite.problems) <= 5 and suite.budget.trials <= 50 and suite.repeats <= 3


def test_a_minimal_file_takes_the_defaults():
    suite = _parse(
        """
        [problems]
        ids = ["Branin"]
        [budget]
        seconds = 2.5
        [[samplers]]
        name = "random"
        """
    )
    assert (suite.name, suite.seed, suite.repeats, suite.workers) == ("suite", 0, 1, 1)
    assert suite.metrics == ("best_value",)
    assert suite.budget == suites.Budget(seconds=2.5)
    assert suite.pruners == ()
    assert suite.to_dict()["samplers"] == [{"name": "random", "label": "random"}]


MALFORMED = """\
name = "broken"
repeats = -3
colour = "red"
metrics = ["best_value", "regrets"]

[problems]
ids = [
  "Branin",
  "Nope(dim=2)",
]
suites = ["evalset57"]

[budget]
trials = 0
minutes = 5

[[samplers]]
name = "tpee"

[[samplers]]
name = "tpe"
n_startup = 5
seed = 3

[[samplers]]
name = "hyperopt:bayes"

[[pruners]]
name = "median"
"""


def test_a_malformed_file_reports_every_error_with_its_line():
    errors = _errors(MALFORMED)
    assert errors == [
        "t.toml:3: colour: unknown key; expected one of: name, description, seed, repeats, "
        "workers, metrics, budget, problems, samplers, pruners",
        "t.toml:2: repeats: must be an int >= 1; got -3",
        "t.toml:4: metrics[1]: unknown metric 'regrets' (did you mean 'regret'?); expected one "
        "of: best_value, regret, normalized_regret, auc, hypervolume, feasible_rate, "
        "pruned_fraction, steps_used, sampler_time, objective_time",
        "t.toml:14: budget.trials: must be a number > 0; got 0",
        "t.toml:15: budget.minutes: unknown budget key; expected trials, steps or seconds",
        "t.toml:9: problems.ids[1]: unknown family 'Nope'. Valid: "
        + str(sorted(suites.list_families()))
        + ".",
        "t.toml:11: problems.suites[0]: unknown problem suite 'evalset57' (did you mean "
        f"'evalset56'?); expected one of: {', '.join(suites.list_problem_suites())}",
        errors[7],  # the full list of sampler names, checked below
        errors[8],
        "t.toml:23: samplers[1].seed: 'seed' must not be set in a suite file: derived per run "
        "from the suite's seed, problem and repeat",
        "t.toml:26: samplers[2].name: unknown hyperopt optimizer 'bayes'; expected "
        "hyperopt:tpe, hyperopt:random, hyperopt:atpe",
        "t.toml:29: pruners[0].name: pruner 'median' needs problems that report steps; these "
        "report none: Branin (use problems tagged 'multi_fidelity')",
    ]
    assert errors[7].startswith(
        "t.toml:18: samplers[0].name: unknown sampler 'tpee' (did you mean 'tpe'?); expected "
        "one of: random, grid, qmc, tpe, cmaes, tpe-cmaes, gp, nsga2, nsga3, brute-force, smac,"
    )
    assert errors[8].startswith(
        "t.toml:22: samplers[1].n_startup: unknown argument 'n_startup' of sampler 'tpe' (did "
        "you mean 'n_startup_trials'?); expected one of: consider_prior,"
    )


def test_the_error_message_counts_and_lists_the_errors():
    with pytest.raises(suites.SuiteFileError, match=r"^12 error\(s\) in t\.toml:\n  t\.toml:3:"):
        _parse(MALFORMED)
    assert issubclass(suites.SuiteFileError, ValueError)


def test_missing_sections_are_reported_together():
    assert _errors('name = "x"') == [
        "t.toml: budget: missing; add a [budget] table with trials, steps and/or seconds",
        "t.toml: problems: missing; add a [problems] table with ids, suites and/or tags",
        "t.toml: samplers: missing; add at least one [[samplers]] table with name = ...",
    ]


_VALID_HEAD = """
[problems]
ids = ["Branin", "Hartmann6"]
[budget]
trials = 10
"""


def test_a_pruner_needs_problems_with_steps():
    errors = _errors(_VALID_HEAD + '[[samplers]]\nname = "tpe"\n[[pruners]]\nname = "median"\n')
    assert errors == [
        "t.toml:9: pruners[0].name: pruner 'median' needs problems that report steps; these "
        "report none: Branin, Hartmann6 (use problems tagged 'multi_fidelity')"
    ]


def test_pruners_and_step_budgets_fit_stepped_problems():
    suite = _parse(
        """
        metrics = ["steps_used", "pruned_fraction"]
        [problems]
        ids = ["SuiteFileTestStepped"]
        [budget]
        steps = 30
        [[samplers]]
        name = "tpe"
        [[pruners]]
        name = "patient"
        patience = 2
        wrapped_pruner = {name = "median", n_warmup_steps = 1}
        """
    )
    pruner = suite.pruners[0].build()
    assert type(pruner).__name__ == "PatientPruner"
    assert suite.pruners[0].to_dict()["wrapped_pruner"]["name"] == "median"


def test_a_required_pruner_argument_is_reported():
    errors = _errors(
        """
        [problems]
        ids = ["SuiteFileTestStepped"]
        [budget]
        trials = 5
        [[samplers]]
        name = "random"
        [[pruners]]
        name = "percentile"
        """
    )
    assert errors == ["t.toml:8: pruners[0]: pruner 'percentile' needs argument 'percentile'"]


def test_single_objective_samplers_and_metrics_refuse_multi_objective_problems():
    errors = _errors(
        """
        metrics = ["hypervolume", "regret"]
        [problems]
        ids = ["SuiteFileTestBiObjective", "Branin"]
        [budget]
        trials = 5
        [[samplers]]
        name = "cmaes"
        [[samplers]]
        name = "nsga2"
        """
    )
    assert errors == [
        "t.toml:8: samplers[0].name: sampler 'cmaes' handles one objective only; these have "
        "several: SuiteFileTestBiObjective (use one of: brute-force, gp, grid, nsga2, nsga3, "
        "qmc, random, tpe)",
        "t.toml:2: metrics[0]: metric 'hypervolume' needs multi-objective problems; these have "
        "one objective: Branin",
        "t.toml:2: metrics[1]: metric 'regret' needs single-objective problems with a known "
        "f_star; these have several objectives: SuiteFileTestBiObjective (use 'hypervolume')",
    ]


def test_enumerating_samplers_need_finite_spaces():
    text = """
        [problems]
        ids = ["{case}"]
        [budget]
        trials = 5
        [[samplers]]
        name = "brute-force"
        """
    assert _parse(text.format(case="Pinter(dim=2,int_dims=[0,1])")).problems
    assert _errors(text.format(case="Branin")) == [
        "t.toml:7: samplers[0].name: sampler 'brute-force' enumerates the space; these have "
        "continuous parameters: Branin"
    ]


def test_duplicate_labels_are_refused():
    errors = _errors(_VALID_HEAD + '[[samplers]]\nname = "tpe"\n[[samplers]]\nname = "tpe"\n')
    assert errors == [
        "t.toml:8: samplers[1]: label 'tpe' is already used by samplers[0]; add label = \"...\" "
        "to tell them apart"
    ]


def test_problem_selection_by_suite_tags_and_exclude():
    suite = _parse(
        """
        [problems]
        ids = ["Branin"]
        suites = ["evalset56"]
        tags = ["unimodal", "nonsmooth"]
        exclude = ["Schwefel20(dim=2)"]
        [budget]
        trials = 5
        [[samplers]]
        name = "random"
        """
    )
    assert suite.problems == ("Branin", "Schwefel20(dim=2,int_dims=[0])")


def test_tags_alone_select_among_all_problems():
    suite = _parse(
        """
        [problems]
        tags = ["constrained", "engineering"]
        [budget]
        trials = 5
        [[samplers]]
        name = "random"
        """
    )
    assert suite.problems == ("PressureVessel", "WeldedBeam")


def test_excluding_an_unselected_problem_is_an_error():
    errors = _errors(
        _VALID_HEAD.replace('"Hartmann6"]', '"Hartmann6"]\nexclude = ["Ackley(dim=2)"]')
        + '[[samplers]]\nname = "random"\n'
    )
    assert errors == [
        "t.toml:4: problems.exclude[0]: 'Ackley(dim=2)' is not among the selected problems"
    ]


def test_invalid_toml_reports_its_line():
    errors = _errors('name = "x"\nrepeats = = 3\n')
    assert len(errors) == 1 and errors[0].startswith("t.toml:2: invalid TOML:")


def test_load_suite_from_a_path(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(_VALID_HEAD + '[[samplers]]\nname = "optuna:tpe"\n')
    suite = suites.load_suite(path)
    assert (suite.name, suite.source, suite.samplers[0].is_engine) == ("mine", path, False)
    with pytest.raises(ValueError, match="'optuna:tpe' is a peer optimizer"):
        suite.samplers[0].build(seed=0)


def test_load_suite_unknown_name_lists_the_built_ins():
    with pytest.raises(FileNotFoundError, match=r"no built-in suite named 'quickstrat' \(did you"):
        suites.load_suite("quickstrat")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        suites.load_suite("missing/file.toml")


def test_engine_sampler_specs_build_with_a_seed():
    suite = suites.load_suite("quickstart")
    built = [spec.build(seed=1) for spec in suite.samplers]
    assert [type(s).__name__ for s in built] == [
        "RandomSampler",
        "TPESampler",
        "TPECmaEsSampler",
        "GPSampler",
    ]


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("nevergrad:NGOpt", True),
        ("nevergrad:", False),
        ("skopt:gp", True),
        ("skopt:tree", False),
        ("optuna:cmaes", True),
        ("optuna:cma", False),
        ("smac", True),
    ],
)
def test_peer_optimizer_names(name, ok):
    assert (suites._catalog.check_sampler_name(name) is None) == ok
