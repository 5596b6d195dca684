"""The docs' "Distributed Optimization" walk-through, with real processes."""

from __future__ import annotations

import subprocess
import sys

import hpobench

FOO = """\
import hpobench


def objective(trial):
    x = trial.suggest_float('x', -10, 10)
    return (x - 2) ** 2


if __name__ == '__main__':
    study = hpobench.load_study(study_name='distributed-example', storage='sqlite:///example.db')
    study.optimize(objective, n_trials=10)
"""


def test_distributed_example_of_the_docs(tmp_path):
    create = subprocess.run(
        [
            sys.executable,
            "-m",
            "hpobench",
            "create-study",
            "--study-name",
            "distributed-example",
            "--storage",
            "sqlite:///example.db",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert (create.returncode, create.stdout) == (0, "distributed-example\n"), create.stderr
    assert "A new study created in RDBStorage with name: distributed-example" in create.stderr

    (tmp_path / "foo.py").write_text(FOO)
    workers = [
        subprocess.Popen(
            [sys.executable, "foo.py"],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        assert err.count("finished with value") == 10

    url = f"sqlite:///{tmp_path / 'example.db'}"
    study = hpobench.load_study(study_name="distributed-example", storage=url)
    assert sorted(t.number for t in study.trials) == list(range(20))
    assert all(t.state.name == "COMPLETE" for t in study.trials)

    optimize = subprocess.run(
        [
            sys.executable,
            "-m",
            "hpobench",
            "study",
            "optimize",
            "foo.py",
            "objective",
            "--n-trials",
            "5",
            "--study-name",
            "distributed-example",
            "--storage",
            "sqlite:///example.db",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert optimize.returncode == 0, optimize.stderr
    assert len(hpobench.load_study(study_name="distributed-example", storage=url).trials) == 25
