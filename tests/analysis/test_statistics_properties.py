"""Properties of the statistical building blocks, checked with hypothesis."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analysis import adjust_pvalues, attainment_surface, min_pvalue
from analysis._effect import vargha_delaney

samples = st.lists(st.integers(-5, 5).map(float), min_size=1, max_size=12)
pvalues = st.lists(st.floats(0.0, 1.0), min_size=1, max_size=20)


@settings(max_examples=40, deadline=None)
@given(samples, samples)
def test_a12_is_symmetric_and_agrees_with_scipys_u(a, b):
    a12 = vargha_delaney(np.array(a), np.array(b))
    assert math.isclose(a12 + vargha_delaney(np.array(b), np.array(a)), 1.0)
    u = stats.mannwhitneyu(a, b).statistic  # pairs where a is larger, ties half
    assert math.isclose(a12, 1.0 - u / (len(a) * len(b)))


@settings(max_examples=40, deadline=None)
@given(pvalues, st.sampled_from(["holm", "bonferroni", "sidak", "fdr_bh"]))
def test_adjusted_pvalues_are_never_smaller(p, correction):
    adjusted = adjust_pvalues(p, correction)
    assert np.all(adjusted >= np.asarray(p) - 1e-12)
    assert np.all(adjusted <= 1.0 + 1e-12)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 9), st.integers(1, 9))
def test_min_pvalue_is_the_exact_test_on_separated_samples(n_a, n_b):
    a, b = np.arange(n_a, dtype=float), np.arange(n_a, n_a + n_b, dtype=float)
    exact = stats.mannwhitneyu(a, b, method="exact").pvalue
    assert math.isclose(min_pvalue(n_a, n_b, two_sided=True), exact, rel_tol=1e-9)
    one = stats.mannwhitneyu(a, b, method="exact", alternative="less").pvalue
    assert math.isclose(min_pvalue(n_a, n_b, two_sided=False), one, rel_tol=1e-9)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=1, max_size=6),
        min_size=1,
        max_size=4,
    ),
    st.data(),
)
def test_attainment_surfaces_are_nested(raw, data):
    fronts = [np.array(f, dtype=float) for f in raw]
    k = data.draw(st.integers(1, len(fronts)))
    surface = attainment_surface(fronts, k)
    assert np.all(np.diff(surface[:, 0]) > 0) and np.all(np.diff(surface[:, 1]) < 0)
    for point in surface:
        attained = sum(bool(np.any(np.all(f <= point, axis=1))) for f in fronts)
        assert attained >= k
    if k > 1:
        looser = attainment_surface(fronts, k - 1)
        for point in surface:  # every point of level k is attained at level k - 1
            assert np.any(np.all(looser <= point, axis=1))
