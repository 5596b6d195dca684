from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hpobench.study._study_direction import StudyDirection


class FrozenStudy:
    """A snapshot of a study's name, directions and attributes, as a storage lists it.

    Examples
    --------
    >>> import hpobench
    >>> storage = hpobench.storages.InMemoryStorage()
    >>> _ = hpobench.create_study(storage=storage, study_name="a")
    >>> [s.study_name for s in storage.get_all_studies()]
    ['a']
    """

    __slots__ = ("_directions", "_study_id", "study_name", "system_attrs", "user_attrs")

    def __init__(
        self,
        study_name: str,
        direction: StudyDirection | None,
        user_attrs: dict[str, Any],
        system_attrs: dict[str, Any],
        study_id: int,
        *,
        directions: Sequence[StudyDirection] | None = None,
    ) -> None:
        if (direction is None) == (directions is None):
            raise ValueError("Give exactly one of direction and directions to FrozenStudy.")
        self.study_name = study_name
        self._directions = [direction] if direction is not None else list(directions or ())
        self.user_attrs = user_attrs
        self.system_attrs = system_attrs
        self._study_id = study_id

    @property
    def direction(self) -> StudyDirection:
        """The direction of a single-objective study."""
        if len(self._directions) > 1:
            raise RuntimeError("This study has several directions; use .directions.")
        return self._directions[0]

    @property
    def directions(self) -> list[StudyDirection]:
        """The direction of each objective."""
        return list(self._directions)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FrozenStudy):
            return NotImplemented
        return all(getattr(self, s) == getattr(other, s) for s in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"FrozenStudy(study_name={self.study_name!r}, directions={self._directions!r}, "
            f"study_id={self._study_id!r})"
        )
