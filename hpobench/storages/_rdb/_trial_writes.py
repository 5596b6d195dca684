"""Writing trials: creation, parameters, states, values, reports, attributes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.engine import Connection

from hpobench import logging
from hpobench.distributions import (
    BaseDistribution,
    check_distribution_compatibility,
    distribution_to_json,
    json_to_distribution,
)
from hpobench.exceptions import (
    StorageInternalError,
    UpdateFinishedTrialError,
)
from hpobench.storages._rdb import _schema as s
from hpobench.storages._rdb._cache import StudyTrialCache
from hpobench.storages._rdb._codec import check_name, decode_json, encode_float, encode_json
from hpobench.storages._rdb._core import RDBCore, _now
from hpobench.trial._frozen import FrozenTrial, new_running_trial
from hpobench.trial._state import TrialState

_logger = logging.get_logger(__name__)


class TrialWriteMixin(RDBCore):
    """Trial writes, each committed before it returns."""

    def create_new_trial(self, study_id: int, template_trial: FrozenTrial | None = None) -> int:
        if template_trial is not None:
            for name, dist in template_trial.distributions.items():
                check_name(name, what="param_name")
                self._check_distribution(study_id, name, dist)

        started = _now()
        if template_trial is None and self._fast is not None:
            fast = self._fast
            created = self._fast_call(lambda: fast.create_trial(study_id, started))
            if created is None:
                raise KeyError(f"No study with id {study_id} in this storage.")
            trial_id, number = created
            self._study_of_trial[trial_id] = study_id
            self._owned[trial_id] = new_running_trial(number, trial_id, started)
            return trial_id

        def create(conn: Connection) -> tuple[int, int]:
            number = self._take_trial_number(conn, study_id)
            if template_trial is None:
                row = {"state": int(TrialState.RUNNING), "datetime_start": started}
            else:
                row = {
                    "state": int(template_trial.state),
                    "datetime_start": template_trial.datetime_start,
                    "datetime_complete": template_trial.datetime_complete,
                }
            result = conn.execute(insert(s.trials).values(study_id=study_id, number=number, **row))
            trial_id = int(result.inserted_primary_key[0])
            if template_trial is not None:
                _insert_trial_children(conn, trial_id, template_trial)
            return trial_id, number

        trial_id, number = self._write(create)
        self._study_of_trial[trial_id] = study_id
        if template_trial is None:
            self._owned[trial_id] = new_running_trial(number, trial_id, started)
        return trial_id

    def create_new_trials(
        self, study_id: int, template_trials: Sequence[FrozenTrial]
    ) -> list[int]:
        """Create trials from templates in one transaction (fast ``add_trials``/copies)."""
        checked: set[tuple[str, BaseDistribution]] = set()  # the trials of a run repeat them
        for template in template_trials:
            for name, dist in template.distributions.items():
                if (name, dist) not in checked:
                    check_name(name, what="param_name")
                    self._check_distribution(study_id, name, dist)
                    checked.add((name, dist))

        def create(conn: Connection) -> list[int]:
            first = self._take_trial_number(conn, study_id, len(template_trials))
            numbers = range(first, first + len(template_trials))
            rows = [
                {
                    "study_id": study_id,
                    "number": number,
                    "state": int(template.state),
                    "datetime_start": template.datetime_start,
                    "datetime_complete": template.datetime_complete,
                }
                for number, template in zip(numbers, template_trials)
            ]
            conn.execute(insert(s.trials), rows)  # one executemany for every dialect
            # The numbers were just taken for this study, so they name the new rows.
            found = conn.execute(
                select(s.trials.c.number, s.trials.c.trial_id).where(
                    (s.trials.c.study_id == study_id)
                    & (s.trials.c.number >= numbers.start)
                    & (s.trials.c.number < numbers.stop)
                )
            )
            id_of = {int(number): int(trial_id) for number, trial_id in found}
            ids = [id_of[number] for number in numbers]
            _insert_children_of_many(conn, ids, template_trials)
            return ids

        if not template_trials:
            return []
        ids = self._write(create)
        for trial_id in ids:
            self._study_of_trial[trial_id] = study_id
        return ids

    def _take_trial_number(self, conn: Connection, study_id: int, count: int = 1) -> int:
        if conn.dialect.update_returning:
            taken = conn.execute(
                update(s.studies)
                .where(s.studies.c.study_id == study_id)
                .values(next_trial_number=s.studies.c.next_trial_number + count)
                .returning(s.studies.c.next_trial_number)
            ).first()
            if taken is None:
                raise KeyError(f"No study with id {study_id} in this storage.")
            return int(taken[0]) - count
        query = (
            select(s.studies.c.next_trial_number)
            .where(s.studies.c.study_id == study_id)
            .with_for_update()
        )
        row = conn.execute(query).first()
        if row is None:
            raise KeyError(f"No study with id {study_id} in this storage.")
        number = int(row[0])
        conn.execute(
            update(s.studies)
            .where(s.studies.c.study_id == study_id)
            .values(next_trial_number=number + count)
        )
        return number

    def set_trial_param(
        self,
        trial_id: int,
        param_name: str,
        param_value_internal: float,
        distribution: BaseDistribution,
    ) -> None:
        check_name(param_name, what="param_name")
        study_id = self._study_id_of(trial_id)
        self._check_distribution(study_id, param_name, distribution)
        dist_json = distribution_to_json(distribution)

        owned = self._owned.get(trial_id)
        known_new = owned is not None and param_name not in owned.params
        row = {
            "trial_id": trial_id,
            "param_name": param_name,
            "param_value": float(param_value_internal),
            "distribution_json": dist_json,
        }
        if known_new and self._fast is not None:
            fast, value = self._fast, float(param_value_internal)
            if not self._fast_call(
                lambda: fast.insert_param(trial_id, param_name, value, dist_json)
            ):
                self._raise_not_updatable(trial_id)
            owned.params[param_name] = distribution.to_external_repr(param_value_internal)
            owned.distributions[param_name] = distribution
            return

        def write(conn: Connection) -> None:
            self._lock_updatable_trial(conn, trial_id)
            table = s.trial_params
            if not known_new:
                conn.execute(
                    delete(table).where(
                        (table.c.trial_id == trial_id) & (table.c.param_name == param_name)
                    )
                )
            conn.execute(insert(table).values(**row))

        self._write(write)
        if owned is not None:
            owned.params[param_name] = distribution.to_external_repr(param_value_internal)
            owned.distributions[param_name] = distribution

    def set_trial_state_values(
        self, trial_id: int, state: TrialState, values: Sequence[float] | None = None
    ) -> bool:
        now = _now()
        owned = self._owned.get(trial_id)
        if (
            self._fast is not None
            and owned is not None
            and owned.values is None
            and state.is_finished()
        ):
            fast = self._fast
            if not self._fast_call(lambda: fast.finish(trial_id, state, now, values)):
                self._raise_not_updatable(trial_id)
            owned.state, owned.datetime_complete = state, now
            if values is not None:
                owned.values = values
            self._settle(trial_id)
            return True
        open_states = (
            [TrialState.WAITING]
            if state == TrialState.RUNNING
            else [TrialState.RUNNING, TrialState.WAITING]
        )

        def write(conn: Connection) -> bool:
            changes: dict[str, Any] = {"state": int(state)}
            if state == TrialState.RUNNING:
                changes["datetime_start"] = now
            if state.is_finished():
                changes["datetime_complete"] = now
            changed = conn.execute(
                update(s.trials)
                .where(
                    (s.trials.c.trial_id == trial_id)
                    & s.trials.c.state.in_([int(x) for x in open_states])
                )
                .values(changes)
            ).rowcount
            if not changed:
                current = _trial_state(conn, trial_id)
                if state == TrialState.RUNNING and not current.is_finished():
                    return False  # lost the claim: another worker started it
                self._raise_not_updatable(trial_id, conn)
            if values is not None:
                if owned is None or owned.values is not None:
                    conn.execute(
                        delete(s.trial_values).where(s.trial_values.c.trial_id == trial_id)
                    )
                rows = []
                for objective, value in enumerate(values):
                    stored, value_type = encode_float(float(value))
                    rows.append(
                        {
                            "trial_id": trial_id,
                            "objective": objective,
                            "value": stored,
                            "value_type": value_type,
                        }
                    )
                conn.execute(insert(s.trial_values), rows)
            return True

        changed = self._write(write)
        if changed and owned is not None:
            owned.state = state
            if values is not None:
                owned.values = values
            if state.is_finished():
                owned.datetime_complete = now
                self._settle(trial_id)
        return changed

    def _settle(self, trial_id: int) -> None:
        """Hand a finished trial from the owned copies to its study's cache."""
        trial = self._owned.pop(trial_id)
        study_id = self._study_of_trial[trial_id]
        self._caches.setdefault(study_id, StudyTrialCache()).remember_finished(trial)

    def set_trial_intermediate_value(
        self, trial_id: int, step: int, intermediate_value: float
    ) -> None:
        owned = self._owned.get(trial_id)
        if self._fast is not None and owned is not None and step not in owned.intermediate_values:
            fast, value = self._fast, float(intermediate_value)
            if not self._fast_call(lambda: fast.insert_intermediate(trial_id, step, value)):
                self._raise_not_updatable(trial_id)
            owned.intermediate_values[step] = value
            return
        stored, value_type = encode_float(float(intermediate_value))

        def write(conn: Connection) -> None:
            self._lock_updatable_trial(conn, trial_id)
            table = s.trial_intermediate_values
            conn.execute(
                delete(table).where((table.c.trial_id == trial_id) & (table.c.step == step))
            )
            conn.execute(
                insert(table).values(
                    trial_id=trial_id, step=step, value=stored, value_type=value_type
                )
            )

        self._write(write)
        owned = self._owned.get(trial_id)
        if owned is not None:
            owned.intermediate_values[step] = float(intermediate_value)

    def set_trial_user_attr(self, trial_id: int, key: str, value: Any) -> None:
        self._set_trial_attr(trial_id, s.USER, key, value)

    def set_trial_system_attr(self, trial_id: int, key: str, value: Any) -> None:
        self._set_trial_attr(trial_id, s.SYSTEM, key, value)

    def _set_trial_attr(self, trial_id: int, kind: int, key: str, value: Any) -> None:
        check_name(key, what="key")
        text = encode_json(value, what=f"the value of attribute {key!r}")

        def write(conn: Connection) -> None:
            self._lock_updatable_trial(conn, trial_id)
            table = s.trial_attrs
            conn.execute(
                delete(table).where(
                    (table.c.trial_id == trial_id)
                    & (table.c.kind == kind)
                    & (table.c.attr_key == key)
                )
            )
            conn.execute(
                insert(table).values(trial_id=trial_id, kind=kind, attr_key=key, value_json=text)
            )

        self._write(write)
        owned = self._owned.get(trial_id)
        if owned is not None:
            attrs = owned.user_attrs if kind == s.USER else owned.system_attrs
            attrs[key] = decode_json(text)

    def _lock_updatable_trial(self, conn: Connection, trial_id: int) -> TrialState:
        query = (
            select(s.trials.c.state, s.trials.c.number)
            .where(s.trials.c.trial_id == trial_id)
            .with_for_update()
        )
        row = conn.execute(query).first()
        if row is None:
            raise KeyError(f"No trial with id {trial_id} in this storage.")
        state = TrialState(row[0])
        if state.is_finished():
            raise UpdateFinishedTrialError(
                f"Trial {row[1]} has already finished with state {state.name} and cannot be "
                "updated."
            )
        return state

    def _raise_not_updatable(self, trial_id: int, conn: Connection | None = None) -> None:
        """Raise why ``trial_id`` could not be written: unknown, or already finished."""
        if conn is None:
            self._read(lambda c: self._lock_updatable_trial(c, trial_id))
        else:
            self._lock_updatable_trial(conn, trial_id)
        raise StorageInternalError(f"Trial id {trial_id} could not be updated; try again.")

    def _study_id_of(self, trial_id: int) -> int:
        study_id = self._study_of_trial.get(trial_id)
        if study_id is None:
            query = select(s.trials.c.study_id).where(s.trials.c.trial_id == trial_id)
            row = self._read(lambda c: c.execute(query).first())
            if row is None:
                raise KeyError(f"No trial with id {trial_id} in this storage.")
            study_id = self._study_of_trial[trial_id] = int(row[0])
        return study_id

    def _check_distribution(self, study_id: int, name: str, dist: BaseDistribution) -> None:
        known = self._param_distributions.get((study_id, name))
        if known is None:
            known = self._read(lambda c: _first_distribution(c, study_id, name))
            if known is None:
                self._param_distributions[(study_id, name)] = dist
                return
            self._param_distributions[(study_id, name)] = known
        if known is not dist and known != dist:
            check_distribution_compatibility(known, dist)


def _insert_trial_children(conn: Connection, trial_id: int, trial: FrozenTrial) -> None:
    _insert_children_of_many(conn, [trial_id], [trial])


def _insert_children_of_many(
    conn: Connection, trial_ids: Sequence[int], trials: Sequence[FrozenTrial]
) -> None:
    # The trials of a batch repeat a few distributions: encode each once.
    json_of: dict[BaseDistribution, str] = {}
    rows: dict[Table, list[tuple[Any, ...]]] = {table: [] for table in _CHILD_COLUMNS}
    for trial_id, trial in zip(trial_ids, trials):
        _add_child_rows(rows, trial_id, trial, json_of)
    for table, table_rows in rows.items():
        if table_rows:
            insert_many(conn, table, _CHILD_COLUMNS[table], table_rows)


_CHILD_COLUMNS: dict[Table, tuple[str, ...]] = {
    s.trial_params: ("trial_id", "param_name", "param_value", "distribution_json"),
    s.trial_values: ("trial_id", "objective", "value", "value_type"),
    s.trial_intermediate_values: ("trial_id", "step", "value", "value_type"),
    s.trial_attrs: ("trial_id", "kind", "attr_key", "value_json"),
}


def _add_child_rows(
    rows: dict[Table, list[tuple[Any, ...]]],
    trial_id: int,
    trial: FrozenTrial,
    json_of: dict[BaseDistribution, str],
) -> None:
    """Append a trial's params, values, intermediate values and attributes as rows."""
    params = rows[s.trial_params]
    for name, dist in trial.distributions.items():
        dist_json = json_of.get(dist)
        if dist_json is None:
            dist_json = json_of[dist] = distribution_to_json(dist)
        params.append((trial_id, name, dist.to_internal_repr(trial.params[name]), dist_json))
    rows[s.trial_values].extend(
        (trial_id, i, *encode_float(v)) for i, v in enumerate(trial.values or ())
    )
    rows[s.trial_intermediate_values].extend(
        (trial_id, step, *encode_float(v)) for step, v in trial.intermediate_values.items()
    )
    rows[s.trial_attrs].extend(
        (
            trial_id,
            kind,
            check_name(key, what="key"),
            encode_json(value, what=f"the value of attribute {key!r}"),
        )
        for kind, mapping in ((s.USER, trial.user_attrs), (s.SYSTEM, trial.system_attrs))
        for key, value in mapping.items()
    )


def insert_many(
    conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert tuple ``rows`` into ``columns`` with one driver-level executemany.

    SQLAlchemy's ``insert(table)`` with a list of dicts costs several microseconds of
    Python per row; here each column's bind processor (e.g. the UTF-8 encoding of names
    on MySQL) is applied directly, and the statement goes to the driver as it is.
    """
    dialect = conn.dialect
    if dialect.paramstyle not in ("qmark", "format", "pyformat"):
        conn.execute(insert(table), [dict(zip(columns, row)) for row in rows])
        return
    processors = [table.c[name].type.bind_processor(dialect) for name in columns]
    if any(processors):
        rows = [
            tuple(v if f is None or v is None else f(v) for f, v in zip(processors, row))
            for row in rows
        ]
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    conn.exec_driver_sql(sql, rows)


def _trial_state(conn: Connection, trial_id: int) -> TrialState:
    row = conn.execute(select(s.trials.c.state).where(s.trials.c.trial_id == trial_id)).first()
    if row is None:
        raise KeyError(f"No trial with id {trial_id} in this storage.")
    return TrialState(row[0])


def _first_distribution(conn: Connection, study_id: int, name: str) -> BaseDistribution | None:
    query = (
        select(s.trial_params.c.distribution_json)
        .join(s.trials, s.trials.c.trial_id == s.trial_params.c.trial_id)
        .where((s.trials.c.study_id == study_id) & (s.trial_params.c.param_name == name))
        .order_by(s.trials.c.number)
        .limit(1)
    )
    row = conn.execute(query).first()
    return None if row is None else json_to_distribution(row[0])
