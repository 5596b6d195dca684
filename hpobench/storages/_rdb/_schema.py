"""The relational schema: one table per kind of record, keyed for the queries the storage runs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

SCHEMA_VERSION = 1
ALEMBIC_HEAD = "v1_initial"
MAX_NAME_LENGTH = 512
_MYSQL_DIALECTS = ("mysql", "mariadb")
_TABLE_KWARGS = {"mysql_charset": "utf8mb4", "mysql_engine": "InnoDB"}


class ExactString(TypeDecorator):
    """A name or key compared byte for byte on every database.

    MySQL's default collations fold case and ignore trailing spaces, so two different
    study names could collide there; it gets a VARBINARY column holding UTF-8.
    """

    impl = String(MAX_NAME_LENGTH)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name in _MYSQL_DIALECTS:
            return dialect.type_descriptor(mysql.VARBINARY(4 * MAX_NAME_LENGTH))
        return dialect.type_descriptor(String(MAX_NAME_LENGTH))

    def process_bind_param(self, value: str | None, dialect: Dialect) -> Any:
        if value is not None and dialect.name in _MYSQL_DIALECTS:
            return value.encode("utf-8")
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if isinstance(value, (bytes, bytearray, memoryview)):
            return bytes(value).decode("utf-8")
        return value


def _datetime() -> Any:
    return DateTime().with_variant(mysql.DATETIME(fsp=6), *_MYSQL_DIALECTS)


def _double() -> Any:
    return Float(precision=53).with_variant(mysql.DOUBLE(asdecimal=False), *_MYSQL_DIALECTS)


def _long_text() -> Any:
    return Text().with_variant(mysql.LONGTEXT(), *_MYSQL_DIALECTS)


metadata = MetaData()

version_info = Table(
    "version_info",
    metadata,
    Column("version_info_id", Integer, primary_key=True, autoincrement=False),
    Column("schema_version", Integer, nullable=False),
    Column("library_version", String(64), nullable=False),
    **_TABLE_KWARGS,
)

studies = Table(
    "studies",
    metadata,
    Column("study_id", Integer, primary_key=True, autoincrement=True),
    Column("study_name", ExactString(), nullable=False, unique=True),
    Column("next_trial_number", Integer, nullable=False, default=0),
    **_TABLE_KWARGS,
)

study_directions = Table(
    "study_directions",
    metadata,
    Column("study_id", ForeignKey("studies.study_id", ondelete="CASCADE"), primary_key=True),
    Column("objective", Integer, primary_key=True, autoincrement=False),
    Column("direction", SmallInteger, nullable=False),
    **_TABLE_KWARGS,
)

study_attrs = Table(
    "study_attrs",
    metadata,
    Column("study_id", ForeignKey("studies.study_id", ondelete="CASCADE"), primary_key=True),
    Column("kind", SmallInteger, primary_key=True, autoincrement=False),
    Column("attr_key", ExactString(), primary_key=True),
    Column("value_json", _long_text(), nullable=False),
    **_TABLE_KWARGS,
)

trials = Table(
    "trials",
    metadata,
    Column("trial_id", Integer, primary_key=True, autoincrement=True),
    Column("study_id", ForeignKey("studies.study_id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("state", SmallInteger, nullable=False),
    Column("datetime_start", _datetime(), nullable=True),
    Column("datetime_complete", _datetime(), nullable=True),
    Column("heartbeat", _double(), nullable=True),
    UniqueConstraint("study_id", "number", name="uq_trials_study_number"),
    Index("ix_trials_study_state", "study_id", "state"),
    Index("ix_trials_study_trial", "study_id", "trial_id"),
    **_TABLE_KWARGS,
)

trial_params = Table(
    "trial_params",
    metadata,
    # An id in insertion order, so parameters read back in the order they were suggested.
    Column("param_id", Integer, primary_key=True, autoincrement=True),
    Column("trial_id", ForeignKey("trials.trial_id", ondelete="CASCADE"), nullable=False),
    Column("param_name", ExactString(), nullable=False),
    Column("param_value", _double(), nullable=False),
    Column("distribution_json", Text, nullable=False),
    UniqueConstraint("trial_id", "param_name", name="uq_trial_params_trial_name"),
    **_TABLE_KWARGS,
)

trial_values = Table(
    "trial_values",
    metadata,
    Column("trial_id", ForeignKey("trials.trial_id", ondelete="CASCADE"), primary_key=True),
    Column("objective", Integer, primary_key=True, autoincrement=False),
    Column("value", _double(), nullable=True),
    Column("value_type", SmallInteger, nullable=False),
    **_TABLE_KWARGS,
)

trial_intermediate_values = Table(
    "trial_intermediate_values",
    metadata,
    Column("trial_id", ForeignKey("trials.trial_id", ondelete="CASCADE"), primary_key=True),
    Column("step", Integer, primary_key=True, autoincrement=False),
    Column("value", _double(), nullable=True),
    Column("value_type", SmallInteger, nullable=False),
    **_TABLE_KWARGS,
)

trial_attrs = Table(
    "trial_attrs",
    metadata,
    Column("trial_id", ForeignKey("trials.trial_id", ondelete="CASCADE"), primary_key=True),
    Column("kind", SmallInteger, primary_key=True, autoincrement=False),
    Column("attr_key", ExactString(), primary_key=True),
    Column("value_json", _long_text(), nullable=False),
    **_TABLE_KWARGS,
)

alembic_version = Table(
    "alembic_version",
    metadata,
    Column("version_num", String(32), primary_key=True),
    **_TABLE_KWARGS,
)

USER, SYSTEM = 0, 1
TRIAL_CHILD_TABLES = (trial_params, trial_values, trial_intermediate_values, trial_attrs)
