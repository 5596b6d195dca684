from __future__ import annotations

import enum


class StudyDirection(enum.IntEnum):
    """Whether an objective is minimized or maximized.

    Examples
    --------
    >>> from hpobench.study import StudyDirection
    >>> StudyDirection.MINIMIZE.name
    'MINIMIZE'
    """

    NOT_SET = 0
    MINIMIZE = 1
    MAXIMIZE = 2

    def __repr__(self) -> str:
        return f"StudyDirection.{self.name}"


def to_direction(value: str | StudyDirection, *, argument: str = "direction") -> StudyDirection:
    """Turn ``"minimize"``/``"maximize"`` or a StudyDirection into a StudyDirection."""
    if isinstance(value, StudyDirection) and value != StudyDirection.NOT_SET:
        return value
    if isinstance(value, str) and value.lower() in ("minimize", "maximize"):
        return StudyDirection[value.upper()]
    raise ValueError(
        f"{argument} must be 'minimize', 'maximize' or a StudyDirection; got {value!r}."
    )
