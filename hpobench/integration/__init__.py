"""Integration helpers: pruning for scikit-learn estimators and a scikit-learn search.

``import hpobench.integration`` needs scikit-learn.
"""

from hpobench.integration._pruning_callback import SklearnPruningCallback
from hpobench.integration._search_cv import SearchCV

__all__ = ["SearchCV", "SklearnPruningCallback"]
