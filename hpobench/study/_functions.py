from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hpobench import logging, storages
from hpobench.exceptions import DuplicatedStudyError
from hpobench.pruners._base import BasePruner
from hpobench.samplers._base import BaseSampler
from hpobench.study._study import Study
from hpobench.study._study_direction import StudyDirection, to_direction
from hpobench.study._summary import StudySummary

if TYPE_CHECKING:
    from hpobench.storages import BaseStorage

_logger = logging.get_logger(__name__)


def create_study(
    *,
    storage: str | BaseStorage | None = None,
    sampler: BaseSampler | None = None,
    pruner: BasePruner | None = None,
    study_name: str | None = None,
    direction: str | StudyDirection | None = None,
    load_if_exists: bool = False,
    directions: Sequence[str | StudyDirection] | None = None,
) -> Study:
    """Create a study (or load it, with ``load_if_exists``) and return it.

    Parameters
    ----------
    storage : str, BaseStorage or None
        Where the study lives; None keeps it in memory.
    sampler : BaseSampler or None
        How parameters are chosen; None gives the default sampler.
    pruner : BasePruner or None
        How trials are stopped early; None gives the default pruner.
    study_name : str or None
        A name, unique in the storage; None makes one up.
    direction : "minimize", "maximize" or StudyDirection, optional
        The direction of a single objective (default "minimize").
    load_if_exists : bool
        Load the study of that name if it exists instead of raising.
    directions : sequence of direction, optional
        One direction per objective, for a multi-objective study.

    Raises
    ------
    ValueError
        When both ``direction`` and ``directions`` are given, or a direction is invalid.
    DuplicatedStudyError
        When the name is taken and ``load_if_exists`` is False.

    Examples
    --------
    >>> import hpobench
    >>> study = hpobench.create_study(direction="maximize")
    >>> study.direction
    StudyDirection.MAXIMIZE
    """
    study_directions = _resolve_directions(direction, directions)
    store = storages.get_storage(storage)
    if study_name is not None and not isinstance(study_name, str):
        raise TypeError(f"study_name must be a str or None; got {study_name!r}.")
    try:
        study_id = store.create_new_study(study_directions, study_name)
    except DuplicatedStudyError:
        if not load_if_exists:
            raise
        assert study_name is not None
        study_id = _existing_study_id(store, study_name, study_directions, direction, directions)
    else:
        name = store.get_study_name_from_id(study_id)
        _logger.info(f"A new study created {_where(store)} with name: {name}")
    name = store.get_study_name_from_id(study_id)
    return Study(study_name=name, storage=store, sampler=sampler, pruner=pruner)


def _existing_study_id(
    store: BaseStorage,
    study_name: str,
    study_directions: list[StudyDirection],
    direction: str | StudyDirection | None,
    directions: Sequence[str | StudyDirection] | None,
) -> int:
    study_id = store.get_study_id_from_name(study_name)
    stored = store.get_study_directions(study_id)
    if (direction is not None or directions is not None) and stored != study_directions:
        raise ValueError(
            f"Study {study_name!r} exists with directions {[d.name for d in stored]}, "
            f"not {[d.name for d in study_directions]}; load it without giving directions "
            "or choose another name."
        )
    _logger.info(f"Using an existing study with name {study_name!r} instead of a new one.")
    return study_id


def _where(store: BaseStorage) -> str:
    from hpobench.storages import InMemoryStorage

    return "in memory" if isinstance(store, InMemoryStorage) else f"in {type(store).__name__}"


def _resolve_directions(
    direction: str | StudyDirection | None,
    directions: Sequence[str | StudyDirection] | None,
) -> list[StudyDirection]:
    if direction is not None and directions is not None:
        raise ValueError(
            f"Give either direction or directions, not both; got direction={direction!r} and "
            f"directions={directions!r}."
        )
    if directions is None:
        return [to_direction(direction or "minimize")]
    if isinstance(directions, (str, StudyDirection)) or not isinstance(directions, Sequence):
        raise TypeError(
            f"directions must be a list such as ['minimize', 'maximize']; got {directions!r}."
        )
    if len(directions) == 0:
        raise ValueError("directions must name at least one direction; got [].")
    return [to_direction(d, argument="each of directions") for d in directions]


def load_study(
    *,
    study_name: str | None,
    storage: str | BaseStorage,
    sampler: BaseSampler | None = None,
    pruner: BasePruner | None = None,
) -> Study:
    """Load an existing study.

    Parameters
    ----------
    study_name : str or None
        Its name; None works when the storage holds exactly one study.
    storage : str or BaseStorage
        Where it lives.
    sampler, pruner : optional
        As in :func:`create_study`.

    Raises
    ------
    KeyError
        When there is no study of that name (the message lists the names there are).
    ValueError
        When ``study_name`` is None and the storage holds no study or several.
    """
    store = storages.get_storage(storage)
    if study_name is None:
        names = [s.study_name for s in store.get_all_studies()]
        if len(names) != 1:
            raise ValueError(
                f"study_name=None works only for a storage with one study; this one has "
                f"{len(names)}: {_listing(names)}."
            )
        study_name = names[0]
    else:
        # One indexed lookup: listing every study would cost O(studies) per load.
        try:
            store.get_study_id_from_name(study_name)
        except KeyError:
            names = [s.study_name for s in store.get_all_studies()]
            raise KeyError(
                f"No study named {study_name!r}; the storage has: {_listing(names)}."
            ) from None
    return Study(study_name=study_name, storage=store, sampler=sampler, pruner=pruner)


def _listing(names: list[str], limit: int = 20) -> str:
    if not names:
        return "no studies"
    shown = ", ".join(repr(n) for n in names[:limit])
    return shown + (f", … ({len(names) - limit} more)" if len(names) > limit else "")


def delete_study(*, study_name: str, storage: str | BaseStorage) -> None:
    """Delete a study and its trials from a storage.

    Raises
    ------
    KeyError
        When there is no study of that name.
    """
    store = storages.get_storage(storage)
    store.delete_study(store.get_study_id_from_name(study_name))


def copy_study(
    *,
    from_study_name: str,
    from_storage: str | BaseStorage,
    to_storage: str | BaseStorage,
    to_study_name: str | None = None,
) -> None:
    """Copy a study, its attributes and all its trials to another storage (or name).

    Examples
    --------
    >>> import hpobench
    >>> src = hpobench.storages.InMemoryStorage()
    >>> study = hpobench.create_study(storage=src, study_name="a")
    >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    >>> dst = hpobench.storages.InMemoryStorage()
    >>> hpobench.copy_study(from_study_name="a", from_storage=src, to_storage=dst)
    >>> len(hpobench.load_study(study_name="a", storage=dst).trials)
    3
    """
    source = load_study(study_name=from_study_name, storage=from_storage)
    target = create_study(
        study_name=to_study_name or from_study_name,
        storage=to_storage,
        directions=source.directions,
    )
    for key, value in source.system_attrs.items():
        target.set_system_attr(key, value)
    for key, value in source.user_attrs.items():
        target.set_user_attr(key, value)
    target.add_trials(source.get_trials(deepcopy=False))


def get_all_study_summaries(
    storage: str | BaseStorage, include_best_trial: bool = True
) -> list[StudySummary]:
    """Return a :class:`StudySummary` of each study of a storage."""
    store = storages.get_storage(storage)
    summaries = []
    for frozen in store.get_all_studies():
        study_id = frozen._study_id
        trials = store.get_all_trials(study_id, deepcopy=False)
        best = None
        if include_best_trial and len(frozen.directions) == 1:
            try:
                best = store.get_best_trial(study_id)._clone(deep=True)
            except ValueError:
                best = None
        starts = [t.datetime_start for t in trials if t.datetime_start is not None]
        summaries.append(
            StudySummary(
                study_name=frozen.study_name,
                direction=None,
                directions=frozen.directions,
                best_trial=best,
                user_attrs=frozen.user_attrs,
                system_attrs=frozen.system_attrs,
                n_trials=len(trials),
                datetime_start=min(starts) if starts else None,
                study_id=study_id,
            )
        )
    return summaries


def get_all_study_names(storage: str | BaseStorage) -> list[str]:
    """Return the names of all studies of a storage."""
    return [s.study_name for s in storages.get_storage(storage).get_all_studies()]
