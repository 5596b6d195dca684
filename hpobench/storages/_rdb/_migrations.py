"""Schema upgrades with Alembic (``hpobench storage upgrade``)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from hpobench.storages._rdb import _schema as s
from hpobench.version import __version__

_SCRIPTS = Path(__file__).parent / "alembic"


def _config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    return config


def upgrade(engine: Engine) -> None:
    """Run every migration the database lacks, then record this library's schema version."""
    from alembic import command

    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        if conn.execute(select(s.version_info.c.version_info_id)).first() is None:
            conn.execute(
                s.version_info.insert().values(
                    version_info_id=1, schema_version=s.SCHEMA_VERSION, library_version=__version__
                )
            )
        else:
            conn.execute(
                update(s.version_info).values(
                    schema_version=s.SCHEMA_VERSION, library_version=__version__
                )
            )


def all_revisions() -> list[str]:
    """Return the revisions this library ships, newest first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_config())
    return [rev.revision for rev in scripts.walk_revisions()]
