"""LocalCluster workers get Dask's worker environment without its malloc settings."""

from __future__ import annotations

import pytest

from runners._backends import _worker_environ

pytest.importorskip("distributed", reason="the dask backend needs dask.distributed")


def test_local_workers_keep_the_thread_limits_but_not_the_malloc_settings() -> None:
    import dask

    with dask.config.set(
        {
            "distributed.nanny.pre-spawn-environ": {
                "MALLOC_TRIM_THRESHOLD_": 65536,
                "OMP_NUM_THREADS": 1,
                "OPENBLAS_NUM_THREADS": 1,
            }
        }
    ):
        assert _worker_environ() == {"OMP_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1}


def test_local_cluster_workers_run_without_the_profiler() -> None:
    from runners._backends import _dask_client

    client, cluster = _dask_client(None, 1)
    try:
        enabled = client.run(
            lambda: __import__("dask").config.get("distributed.worker.profile.enabled")
        )
    finally:
        client.close()
        cluster.close()
    assert list(enabled.values()) == [False]
