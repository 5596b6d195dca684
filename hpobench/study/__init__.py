"""Studies: create, load, copy and delete them, and run their optimization."""

from hpobench.study._callbacks import MaxTrialsCallback
from hpobench.study._frozen import FrozenStudy
from hpobench.study._functions import (
    copy_study,
    create_study,
    delete_study,
    get_all_study_names,
    get_all_study_summaries,
    load_study,
)
from hpobench.study._study import ObjectiveFuncType, Study
from hpobench.study._study_direction import StudyDirection
from hpobench.study._summary import StudySummary

__all__ = [
    "FrozenStudy",
    "MaxTrialsCallback",
    "ObjectiveFuncType",
    "Study",
    "StudyDirection",
    "StudySummary",
    "copy_study",
    "create_study",
    "delete_study",
    "get_all_study_names",
    "get_all_study_summaries",
    "load_study",
]
