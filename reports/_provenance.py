"""Where the results come from: the runner's stored records (versions, host, suite, times).

The tidy tables of ``analysis`` keep what statistics need; the provenance fields of each
run's record (``versions``, ``host``, ``suite``, ``started``/``finished``) are read here
from the studies' user attributes, without loading any trial.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

import hpobench
from runners import RUN_ATTR, SEPARATOR

COLUMNS = ["run_id", "suite", "suite_sha256", "host", "versions", "started", "finished"]


def provenance(storage: str | Any, benchmark: str | None) -> pd.DataFrame:
    """One row per stored run of ``benchmark``: its suite, host, versions and times.

    Parameters
    ----------
    storage : str or BaseStorage
    benchmark : str or None
        Keep the studies named ``"{benchmark}::…"``; None keeps every study.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`; ``versions`` is ``"name version, …"``. Studies without a
        run record (not written by the runners) are left out.

    Examples
    --------
    >>> provenance(hpobench.storages.InMemoryStorage(), None).columns.tolist()
    ['run_id', 'suite', 'suite_sha256', 'host', 'versions', 'started', 'finished']
    """
    prefix = None if benchmark is None else f"{benchmark}{SEPARATOR}"
    rows = []
    for study in hpobench.storages.get_storage(storage).get_all_studies():
        if prefix is not None and not study.study_name.startswith(prefix):
            continue
        record = _decode(study.user_attrs.get(RUN_ATTR))
        if record is None:
            continue
        suite = record.get("suite") or {}
        versions = record.get("versions") or {}
        rows.append(
            {
                "run_id": study.study_name,
                "suite": str(suite.get("name", "")) if isinstance(suite, Mapping) else "",
                "suite_sha256": str(suite.get("sha256", "")) if isinstance(suite, Mapping) else "",
                "host": str(record.get("host") or ""),
                "versions": ", ".join(f"{k} {v}" for k, v in sorted(dict(versions).items())),
                "started": str(record.get("started") or ""),
                "finished": str(record.get("finished") or ""),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _decode(value: Any) -> dict[str, Any] | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return dict(value) if isinstance(value, Mapping) else None
