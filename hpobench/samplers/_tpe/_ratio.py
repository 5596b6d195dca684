"""TPE's score of candidates: ``log l(x) - log g(x)`` of the good and bad estimators.

Both estimators of a trial are evaluated together, sharing their kernel tables; the
terms common to both densities cancel and are left out.
"""

from __future__ import annotations

import numpy as np

from hpobench.samplers._tpe._kernels import logsumexp
from hpobench.samplers._tpe._parzen import _TINY_MASS, ParzenEstimator
from hpobench.samplers._tpe._scratch import scratch


def log_ratio(good: ParzenEstimator, bad: ParzenEstimator, points: np.ndarray) -> np.ndarray:
    """Return ``log l(x) - log g(x)`` of two joint estimators over one space, in one pass.

    The kernels of both are evaluated together (one table per dimension, one matrix
    product), and the terms common to both densities (the change of variables, the
    normal's constant) are left out, as they cancel.

    Examples
    --------
    >>> from hpobench.distributions import FloatDistribution
    >>> from hpobench.samplers._tpe._parzen import ParzenParameters
    >>> from hpobench.samplers._tpe._space import ModelSpace
    >>> space = ModelSpace([FloatDistribution(0, 1)])
    >>> good = ParzenEstimator(space, np.array([[0.2]]), np.ones(1), ParzenParameters())
    >>> bad = ParzenEstimator(space, np.array([[0.8]]), np.ones(1), ParzenParameters())
    >>> x = np.array([[0.1], [0.9]])
    >>> bool(np.allclose(log_ratio(good, bad, x), good.log_pdf(x) - bad.log_pdf(x)))
    True
    """
    space = good.space
    cont = space.cont_idx
    if len(cont) and not (good._use_matmul and bad._use_matmul):
        return good.log_pdf(points) - bad.log_pdf(points)
    if not len(cont):
        return _discrete_log_ratio(good, bad, points)
    n_good = len(good.w)
    factors = [f.stacked(h) for f, h in zip(good._factors, bad._factors)]  # type: ignore[arg-type]
    tables = [f.rows(points) for f in factors]
    u = space.unit_continuous(points[:, : space.n_num])
    n_kernels = n_good + len(bad.w)
    quad = np.concatenate(
        (good._quad_w, bad._quad_w), axis=1, out=scratch("quad", (len(good._quad_w), n_kernels))
    )
    log_p = np.matmul(
        np.concatenate([u * u, u], axis=1), quad, out=scratch("log_p", (len(u), n_kernels))
    )
    log_p += np.concatenate((good._kconst, bad._kconst))
    with np.errstate(divide="ignore"):
        for f, rows in zip(factors, tables):
            term = scratch("term", log_p.shape)
            log_p += np.take(np.log(rows), f.ids, axis=1, out=term, mode="clip")
    # Both halves are summed in place: no temporaries of this size.
    good_part = logsumexp(log_p[:, :n_good], axis=1, overwrite=True)
    return good_part - logsumexp(log_p[:, n_good:], axis=1, overwrite=True)


def _discrete_log_ratio(
    good: ParzenEstimator, bad: ParzenEstimator, points: np.ndarray
) -> np.ndarray:
    """:func:`log_ratio` of a space whose dimensions are all discrete or categorical.

    A kernel's mass is the product of its table entries, built (kernels, points) by
    gathering whole rows of each dimension's (pairs, points) table; the categorical
    dimensions are one joint table over their combined kernel kinds. The mixture is
    then a matrix-vector product.
    """
    products: list[np.ndarray] = []
    n_num = good.space.n_num
    for f_good, f_bad in zip(good._factors[:n_num], bad._factors[:n_num]):
        tables = f_good.joint_columns(f_bad, points)  # type: ignore[arg-type]
        _multiply_rows(products, tables, (f_good.ids, f_bad.ids))
    if good.space.n_cat:
        for tables, ids in _categorical_columns(good, bad, points):
            _multiply_rows(products, tables, ids)
    mass_good = products[0].T @ good.w
    mass_bad = products[1].T @ bad.w
    if min(mass_good.min(), mass_bad.min()) < _TINY_MASS:
        return good.log_pdf(points) - bad.log_pdf(points)
    return np.log(mass_good) - np.log(mass_bad)


def _multiply_rows(
    products: list[np.ndarray],
    tables: tuple[np.ndarray, ...],
    ids: tuple[np.ndarray, ...],
) -> None:
    """Multiply each estimator's kernel rows (``table`` rows of the kernels' ``ids``) in."""
    for i, (table, kernel_ids) in enumerate(zip(tables, ids)):
        if len(products) < 2:
            products.append(table.take(kernel_ids, axis=0))
        else:
            products[i] *= table.take(kernel_ids, axis=0)


def _categorical_columns(
    good: ParzenEstimator, bad: ParzenEstimator, points: np.ndarray
) -> list[tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]]:
    """Return the categorical dimensions' (tables, kernel ids) of both estimators.

    One joint table over the combinations of kernel kinds when there are few of
    them (a kernel's kind per dimension: its choice, or the prior); else one per
    dimension.
    """
    n_num = good.space.n_num
    factors = list(zip(good._factors[n_num:], bad._factors[n_num:]))
    columns = [f_good.joint_columns(f_bad, points) for f_good, f_bad in factors]  # type: ignore[arg-type]
    joint_good, joint_bad = good.categorical_kinds, bad.categorical_kinds
    if joint_good is None or joint_bad is None:  # one dimension, or too many kinds
        return [(tables, (fg.ids, fb.ids)) for tables, (fg, fb) in zip(columns, factors)]
    n_points = len(points)
    joint = []
    for i in range(2):
        table = columns[0][i]
        for tables in columns[1:]:
            table = (table[:, None, :] * tables[i][None, :, :]).reshape(-1, n_points)
        joint.append(table)
    return [((joint[0], joint[1]), (joint_good, joint_bad))]


def log_ratio_independent(
    good: ParzenEstimator, bad: ParzenEstimator, points: np.ndarray
) -> np.ndarray:
    """Return ``log l(x) - log g(x)`` per dimension of two estimators over one space.

    The same as the difference of their independent :meth:`ParzenEstimator.log_pdf`,
    with the work that does not depend on the estimator (a dimension's distinct values
    and their cells, the change of variables) done once.

    Examples
    --------
    >>> from hpobench.distributions import IntDistribution
    >>> from hpobench.samplers._tpe._parzen import ParzenParameters
    >>> from hpobench.samplers._tpe._space import ModelSpace
    >>> space = ModelSpace([IntDistribution(0, 9)])
    >>> good = ParzenEstimator(space, np.array([[2.0]]), np.ones(1), ParzenParameters())
    >>> bad = ParzenEstimator(space, np.array([[7.0]]), np.ones(1), ParzenParameters())
    >>> x = np.array([[1.0], [8.0]])
    >>> expected = good.log_pdf(x, independent=True) - bad.log_pdf(x, independent=True)
    >>> bool(np.array_equal(log_ratio_independent(good, bad, x), expected))
    True
    """
    space = good.space
    x = points[:, : space.n_num]
    out_good, out_bad = np.empty(points.shape), np.empty(points.shape)
    cont = space.cont_idx
    if len(cont):
        u = space.unit_continuous(x)
        jacobian = space.log_jacobian(x)
        out_good[:, cont] = good._log_mixture_continuous(u) + jacobian
        out_bad[:, cont] = bad._log_mixture_continuous(u) + jacobian
    # A discrete dimension's mixture only needs each pair's total weight.
    with np.errstate(divide="ignore"):
        for f_good, f_bad in zip(good._factors, bad._factors):
            edges, inverse = f_good.cells(points[:, f_good.col])
            for pe, f, out in ((good, f_good, out_good), (bad, f_bad, out_bad)):
                table = f.masses(edges)  # type: ignore[arg-type]
                pair_w = np.bincount(f.ids, weights=pe.w, minlength=table.shape[1])
                out[:, f.col] = np.log(table @ pair_w)[inverse]
    out_good -= out_bad
    return out_good
