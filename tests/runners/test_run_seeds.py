"""Seeds are derived stably: pinned values, other processes, and independence."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from runners import (
    Budget,
    ComponentSpec,
    _seeds,
    make_plan,
    problem_seed,
    sampler_seed,
    stable_hash,
)


def test_pinned_seeds() -> None:
    # Literal values: a change here breaks the reproducibility of stored benchmarks.
    assert stable_hash("Branin") == 2946913174
    assert problem_seed(0, "Branin", 0) == 2919977016
    assert problem_seed(2019, "McCourt16(dim=4,res=10)", 29) == problem_seed(
        2019, "McCourt16(dim=4,res=10)", 29
    )
    assert sampler_seed(0, "Branin", 0, "TPESampler") == 883376497
    assert sampler_seed(3, "Hartmann6", 1, "tpe") == 2182361517
    assert problem_seed(3, "Hartmann6", 1) == 226433342


def test_seeds_are_the_same_in_another_process_with_another_hash_salt() -> None:
    # Load runners/_seeds.py alone (numpy only): the subprocess starts in a fraction of a
    # second, and a different PYTHONHASHSEED would change anything built on hash().
    code = (
        "import importlib.util, sys;"
        "spec = importlib.util.spec_from_file_location('seeds', sys.argv[1]);"
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m);"
        "print(m.problem_seed(7, 'Branin', 2), m.sampler_seed(7, 'Branin', 2, 'tpe'))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code, _seeds.__file__],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == [
        str(problem_seed(7, "Branin", 2)),
        str(sampler_seed(7, "Branin", 2, "tpe")),
    ]


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    labels=st.lists(
        st.text("abcdefgh-", min_size=1, max_size=6), min_size=2, max_size=4, unique=True
    ),
)
def test_adding_a_sampler_changes_no_other_seed(seed: int, labels: list[str]) -> None:
    def seeds(used: list[str]) -> dict[str, tuple[int, int]]:
        plan = make_plan(
            "p",
            ["Branin"],
            [ComponentSpec("random", label=x) for x in used],
            repeats=2,
            budget=Budget(trials=1),
            seed=seed,
        )
        return {r.run_key: (r.problem_seed, r.sampler_seed) for r in plan}

    fewer, more = seeds(labels[:-1]), seeds(labels)
    assert all(more[key] == value for key, value in fewer.items())
    # Every sampler faces the same problem instance in a repeat.
    by_repeat = {}
    for key, (p_seed, _) in more.items():
        by_repeat.setdefault(key.rsplit("|", 1)[1], set()).add(p_seed)
    assert all(len(s) == 1 for s in by_repeat.values())


def test_repeats_and_problems_get_distinct_seeds() -> None:
    plan = make_plan(
        "p",
        ["Branin", "Hartmann6"],
        [ComponentSpec("random"), ComponentSpec("tpe")],
        repeats=5,
        budget=Budget(trials=1),
        seed=0,
    )
    problem_seeds = {(r.problem, r.repeat): r.problem_seed for r in plan}
    assert len(set(problem_seeds.values())) == 10
    assert len({r.sampler_seed for r in plan}) == 20
