"""The relational storage (SQLite, PostgreSQL, MySQL/MariaDB) on SQLAlchemy Core."""

from hpobench.storages._rdb._storage import RDBStorage

__all__ = ["RDBStorage"]
