"""Reading and writing studies and their attributes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from hpobench import logging
from hpobench.exceptions import DuplicatedStudyError
from hpobench.storages._base import DEFAULT_STUDY_NAME_PREFIX
from hpobench.storages._rdb import _schema as s
from hpobench.storages._rdb._codec import check_name, decode_json, encode_json
from hpobench.storages._rdb._core import RDBCore
from hpobench.study._frozen import FrozenStudy
from hpobench.study._study_direction import StudyDirection

_logger = logging.get_logger(__name__)


class StudyMixin(RDBCore):
    """Studies: create, delete, attributes, directions, listing."""

    def create_new_study(
        self, directions: Sequence[StudyDirection], study_name: str | None = None
    ) -> int:
        name = DEFAULT_STUDY_NAME_PREFIX + str(uuid.uuid4()) if study_name is None else study_name
        check_name(name, what="study_name")

        def create(conn: Connection) -> int:
            result = conn.execute(insert(s.studies).values(study_name=name, next_trial_number=0))
            study_id = int(result.inserted_primary_key[0])
            conn.execute(
                insert(s.study_directions),
                [
                    {"study_id": study_id, "objective": i, "direction": int(d)}
                    for i, d in enumerate(directions)
                ],
            )
            return study_id

        try:
            return self._write(create)
        except IntegrityError:
            raise DuplicatedStudyError(
                f"A study named {name!r} already exists; choose another name or pass "
                "load_if_exists=True."
            ) from None

    def delete_study(self, study_id: int) -> None:
        def remove(conn: Connection) -> None:
            self._require_study(conn, study_id)
            trial_ids = select(s.trials.c.trial_id).where(s.trials.c.study_id == study_id)
            for table in s.TRIAL_CHILD_TABLES:
                conn.execute(delete(table).where(table.c.trial_id.in_(trial_ids)))
            conn.execute(delete(s.trials).where(s.trials.c.study_id == study_id))
            for table in (s.study_attrs, s.study_directions, s.studies):
                conn.execute(delete(table).where(table.c.study_id == study_id))

        self._write(remove)
        self._caches.pop(study_id, None)
        gone = [t for t, owner in self._study_of_trial.items() if owner == study_id]
        for trial_id in gone:
            self._study_of_trial.pop(trial_id, None)
            self._owned.pop(trial_id, None)
        self._param_distributions = {
            k: v for k, v in self._param_distributions.items() if k[0] != study_id
        }

    def set_study_user_attr(self, study_id: int, key: str, value: Any) -> None:
        self._set_study_attr(study_id, s.USER, key, value)

    def set_study_system_attr(self, study_id: int, key: str, value: Any) -> None:
        self._set_study_attr(study_id, s.SYSTEM, key, value)

    def _set_study_attr(self, study_id: int, kind: int, key: str, value: Any) -> None:
        check_name(key, what="key")
        text = encode_json(value, what=f"the value of attribute {key!r}")

        def upsert(conn: Connection) -> None:
            self._require_study(conn, study_id)
            table = s.study_attrs
            where = (table.c.study_id == study_id) & (table.c.kind == kind)
            conn.execute(delete(table).where(where & (table.c.attr_key == key)))
            conn.execute(
                insert(table).values(study_id=study_id, kind=kind, attr_key=key, value_json=text)
            )

        self._write(upsert)

    def get_study_id_from_name(self, study_name: str) -> int:
        query = select(s.studies.c.study_id).where(s.studies.c.study_name == study_name)
        row = self._read(lambda c: c.execute(query).first())
        if row is None:
            raise KeyError(f"No study named {study_name!r} in this storage.")
        return int(row[0])

    def get_study_name_from_id(self, study_id: int) -> str:
        query = select(s.studies.c.study_name).where(s.studies.c.study_id == study_id)
        row = self._read(lambda c: c.execute(query).first())
        if row is None:
            raise KeyError(f"No study with id {study_id} in this storage.")
        return str(row[0])

    def get_study_directions(self, study_id: int) -> list[StudyDirection]:
        return self._read(lambda c: self._directions(c, study_id))

    def _directions(self, conn: Connection, study_id: int) -> list[StudyDirection]:
        table = s.study_directions
        rows = conn.execute(
            select(table.c.direction)
            .where(table.c.study_id == study_id)
            .order_by(table.c.objective)
        ).all()
        if not rows:
            raise KeyError(f"No study with id {study_id} in this storage.")
        return [StudyDirection(r[0]) for r in rows]

    def get_study_user_attrs(self, study_id: int) -> dict[str, Any]:
        return self._read(lambda c: self._study_attrs(c, study_id)[s.USER])

    def get_study_system_attrs(self, study_id: int) -> dict[str, Any]:
        return self._read(lambda c: self._study_attrs(c, study_id)[s.SYSTEM])

    def _study_attrs(self, conn: Connection, study_id: int) -> dict[int, dict[str, Any]]:
        self._require_study(conn, study_id)
        table = s.study_attrs
        attrs: dict[int, dict[str, Any]] = {s.USER: {}, s.SYSTEM: {}}
        query = select(table.c.kind, table.c.attr_key, table.c.value_json).where(
            table.c.study_id == study_id
        )
        for kind, key, value_json in conn.execute(query):
            attrs[kind][key] = decode_json(value_json)
        return attrs

    def get_all_studies(self) -> list[FrozenStudy]:
        def read(conn: Connection) -> list[FrozenStudy]:
            names = conn.execute(
                select(s.studies.c.study_id, s.studies.c.study_name).order_by(s.studies.c.study_id)
            ).all()
            directions: dict[int, list[StudyDirection]] = {}
            for study_id, _, direction in conn.execute(
                select(s.study_directions).order_by(
                    s.study_directions.c.study_id, s.study_directions.c.objective
                )
            ):
                directions.setdefault(study_id, []).append(StudyDirection(direction))
            attrs: dict[int, dict[int, dict[str, Any]]] = {}
            for study_id, kind, key, value_json in conn.execute(select(s.study_attrs)):
                attrs.setdefault(study_id, {s.USER: {}, s.SYSTEM: {}})[kind][key] = decode_json(
                    value_json
                )
            return [
                FrozenStudy(
                    study_name=name,
                    direction=None,
                    directions=directions.get(study_id, []),
                    user_attrs=attrs.get(study_id, {}).get(s.USER, {}),
                    system_attrs=attrs.get(study_id, {}).get(s.SYSTEM, {}),
                    study_id=study_id,
                )
                for study_id, name in names
            ]

        return self._read(read)

    def _require_study(self, conn: Connection, study_id: int) -> None:
        query = select(s.studies.c.study_id).where(s.studies.c.study_id == study_id)
        if conn.execute(query).first() is None:
            raise KeyError(f"No study with id {study_id} in this storage.")
