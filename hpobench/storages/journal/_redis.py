"""JournalRedisBackend: the journal as a Redis list, one JSON operation per item."""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

from hpobench.storages.journal._base import (
    BaseJournalBackend,
    BaseJournalHeartbeats,
    BaseJournalSnapshot,
)

_READ_CHUNK = 10_000  # items fetched per LRANGE


class JournalRedisBackend(BaseJournalBackend, BaseJournalSnapshot, BaseJournalHeartbeats):
    """Keep a journal in a Redis list that workers on any machine share.

    ``RPUSH`` appends atomically and fixes the order, so writers need no lock; readers
    fetch new items with ``LRANGE`` from where they stopped. The snapshot of the replayed
    state lives under a second key, the heartbeats of running trials in a hash. Needs the
    ``redis`` package: ``pip install "hpobench[redis]"``.

    Parameters
    ----------
    url : str
        The server, for example ``"redis://127.0.0.1:6379/0"``.
    use_cluster : bool, default=False
        Connect to a Redis Cluster instead of a single server.
    prefix : str, default=""
        Put before every key, so that several journals can share one database.

    Raises
    ------
    ImportError
        When the ``redis`` package is missing.
    ConnectionError
        When the server does not answer.

    Examples
    --------
    >>> backend = JournalRedisBackend("redis://127.0.0.1:6379/0", prefix="doc-")  # doctest: +SKIP
    >>> storage = JournalStorage(backend)  # doctest: +SKIP
    """

    def __init__(self, url: str, use_cluster: bool = False, prefix: str = "") -> None:
        if not isinstance(prefix, str):
            raise TypeError(f"prefix must be a str; got {prefix!r}.")
        self._url = url
        self._use_cluster = use_cluster
        self._prefix = prefix
        self._keys = {name: f"{prefix}hpobench-journal:{name}" for name in _KEY_NAMES}
        self._redis = _connect(url, use_cluster)

    def __getstate__(self) -> dict[str, Any]:
        return {"url": self._url, "use_cluster": self._use_cluster, "prefix": self._prefix}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"JournalRedisBackend({self._url!r}, prefix={self._prefix!r})"

    # -- the log -------------------------------------------------------------------------
    def read_logs(self, log_number_from: int) -> Iterator[dict[str, Any]]:
        number = log_number_from
        while True:
            items = self._redis.lrange(self._keys["ops"], number, number + _READ_CHUNK - 1)
            for item in items:
                yield _parse(item, self._keys["ops"], number)
                number += 1
            if len(items) < _READ_CHUNK:
                return

    def append_logs(self, logs: list[dict[str, Any]]) -> None:
        if logs:
            self._redis.rpush(
                self._keys["ops"], *(json.dumps(log, separators=(",", ":")) for log in logs)
            )

    # -- snapshots -----------------------------------------------------------------------
    def save_snapshot(self, snapshot: bytes, log_number: int) -> None:
        header = {"log_number": log_number, **self._fingerprint(log_number)}
        self._redis.set(self._keys["snapshot"], json.dumps(header).encode() + b"\n" + snapshot)

    def load_snapshot(self) -> tuple[bytes, int] | None:
        data = self._redis.get(self._keys["snapshot"])
        if data is None:
            return None
        try:
            head, _, snapshot = data.partition(b"\n")
            header = json.loads(head)
            log_number = int(header["log_number"])
            valid = self._fingerprint(log_number) == {k: header[k] for k in ("head", "tail")}
        except (ValueError, KeyError, TypeError) as err:
            warnings.warn(f"Ignoring an unreadable journal snapshot: {err}", stacklevel=3)
            return None
        if not valid:
            warnings.warn(
                f"Ignoring the snapshot under {self._keys['snapshot']!r}: it does not match "
                "the journal, which was replaced or truncated since.",
                RuntimeWarning,
                stacklevel=3,
            )
            return None
        return snapshot, log_number

    def _fingerprint(self, log_number: int) -> dict[str, str | None]:
        """Hash the first item and the item before ``log_number`` (None when missing)."""
        if log_number == 0:
            return {"head": None, "tail": None}
        head = self._redis.lindex(self._keys["ops"], 0)
        tail = self._redis.lindex(self._keys["ops"], log_number - 1)
        return {"head": _sha(head), "tail": _sha(tail)}

    # -- heartbeats ----------------------------------------------------------------------
    def write_heartbeat(self, trial_id: int, when: float) -> None:
        self._redis.hset(self._keys["heartbeats"], str(int(trial_id)), repr(float(when)))

    def read_heartbeats(self, trial_ids: Sequence[int]) -> dict[int, float]:
        if not trial_ids:
            return {}
        found = self._redis.hmget(self._keys["heartbeats"], [str(int(t)) for t in trial_ids])
        return {t: float(v) for t, v in zip(trial_ids, found) if v is not None}

    def delete_heartbeat(self, trial_id: int) -> None:
        self._redis.hdel(self._keys["heartbeats"], str(int(trial_id)))


_KEY_NAMES = ("ops", "snapshot", "heartbeats")


def _sha(item: bytes | None) -> str | None:
    return None if item is None else hashlib.sha256(item).hexdigest()


def _parse(item: bytes, key: str, number: int) -> dict[str, Any]:
    try:
        entry = json.loads(item)
    except ValueError:
        entry = None
    if isinstance(entry, dict):
        return entry
    warnings.warn(
        f"Skipped item {number} of Redis list {key!r}: not a JSON object: {item[:80]!r}",
        RuntimeWarning,
        stacklevel=4,
    )
    return {}


def _connect(url: str, use_cluster: bool) -> Any:
    """Connect to Redis and check that the server answers."""
    try:
        import redis
    except ImportError as err:
        raise ImportError(
            'JournalRedisBackend needs the redis package: pip install "hpobench[redis]".'
        ) from err
    try:
        client = redis.RedisCluster.from_url(url) if use_cluster else redis.Redis.from_url(url)
        client.ping()
    except redis.exceptions.RedisError as err:
        raise ConnectionError(
            f"Cannot reach Redis at url={url!r}: {str(err).rstrip('.')}. Start the server or "
            "fix the url."
        ) from err
    return client
