"""Schema versions of a database: creating tables, checking versions, upgrading."""

from __future__ import annotations

import contextlib

from sqlalchemy import delete, insert, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from hpobench import logging
from hpobench.exceptions import StorageInternalError
from hpobench.storages._rdb import _schema as s
from hpobench.storages._rdb._core import RDBCore, _hint
from hpobench.version import __version__

_logger = logging.get_logger(__name__)


class SchemaMixin(RDBCore):
    """Tables, schema versions and Alembic upgrades."""

    def _prepare_schema(self) -> None:
        try:
            with self.engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
        except (OperationalError, DBAPIError) as err:
            reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
            raise StorageInternalError(
                f"Cannot open storage {self._display_url!r}: {reason}. {_hint(reason)}".strip()
            ) from err
        if "version_info" not in tables and not self._skip_table_creation:
            self._create_tables()
            return
        if not self._skip_compatibility_check:
            self._check_schema_version()

    def _create_tables(self) -> None:
        def create(conn: Connection) -> None:
            s.metadata.create_all(conn, checkfirst=True)
            if conn.execute(select(s.version_info.c.version_info_id)).first() is None:
                conn.execute(
                    insert(s.version_info).values(
                        version_info_id=1,
                        schema_version=s.SCHEMA_VERSION,
                        library_version=__version__,
                    )
                )
                conn.execute(delete(s.alembic_version))
                conn.execute(insert(s.alembic_version).values(version_num=s.ALEMBIC_HEAD))

        # Another process may create the tables at the same moment.
        with contextlib.suppress(IntegrityError):
            self._write(create)

    def _check_schema_version(self) -> None:
        found = self.get_current_version_number()
        if found == s.SCHEMA_VERSION:
            return
        if found < s.SCHEMA_VERSION:
            raise StorageInternalError(
                f"Storage {self._display_url!r} has schema version {found}, older than this "
                f"hpobench's {s.SCHEMA_VERSION}. Upgrade it with: hpobench storage upgrade "
                f"--storage '{self._display_url}'"
            )
        raise StorageInternalError(
            f"Storage {self._display_url!r} has schema version {found}, written by a newer "
            f"hpobench than this one ({__version__}, schema {s.SCHEMA_VERSION}); upgrade "
            "hpobench to open it."
        )

    def get_current_version_number(self) -> int:
        """Return the schema version recorded in the database (0 if none)."""
        row = self._read(lambda c: c.execute(select(s.version_info.c.schema_version)).first())
        return 0 if row is None else int(row[0])

    def get_current_version(self) -> str:
        """Return the database's Alembic revision."""
        row = self._read(lambda c: c.execute(select(s.alembic_version.c.version_num)).first())
        return "" if row is None else str(row[0])

    def get_head_version(self) -> str:
        """Return the newest Alembic revision this library knows."""
        return s.ALEMBIC_HEAD

    def get_all_versions(self) -> list[str]:
        """Return every Alembic revision this library knows, newest first."""
        from hpobench.storages._rdb._migrations import all_revisions

        return all_revisions()

    def upgrade(self) -> None:
        """Bring the database's schema to this library's version (Alembic migrations)."""
        from hpobench.storages._rdb._migrations import upgrade

        upgrade(self.engine)
        self._check_schema_version()
