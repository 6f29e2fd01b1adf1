"""Concentration figures against the lorenzgini package's documented examples."""

from __future__ import annotations

import numpy as np
import pytest

from redpaz.analysis.concentration import (
    concentration,
    generalised_gini,
    gini,
    lorenz_curve,
    share_of_places,
    top_share,
)
from redpaz.analysis.errors import AnalysisError


@pytest.mark.parametrize(
    ("crimes", "standard", "generalised"),
    [
        # Examples of lorenzgini::gini (Steenbeek & Bernasco), biased versions.
        ([10, 8, 2, *[0] * 7], 0.78, 0.78),  # more crimes than places: the same
        ([5, 2, 1, *[0] * 7], 0.80, 0.75),  # 8 crimes, 10 places
        ([10, *[0] * 9], 0.90, 0.90),
        ([10, *[0] * 99], 0.99, 0.90),  # 10 crimes, 100 places: 10 · (0.99 - 1) + 1
    ],
)
def test_gini_and_generalised_gini_match_lorenzgini_examples(crimes, standard, generalised) -> None:
    assert gini(crimes) == pytest.approx(standard)
    assert generalised_gini(crimes) == pytest.approx(generalised)


def test_unbiased_gini_is_one_when_everything_is_in_one_place() -> None:
    assert gini([10, *[0] * 9], unbiased=True) == pytest.approx(1.0)
    assert gini([10, *[0] * 99], unbiased=True) == pytest.approx(1.0)


def test_gini_equals_the_mean_absolute_difference_definition() -> None:
    x = np.random.default_rng(0).poisson(3, 57).astype(float)
    by_definition = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert gini(x) == pytest.approx(by_definition)


def test_lorenz_curve_and_top_shares() -> None:
    curve = lorenz_curve([1, 2, 3, 4])
    assert curve["event_share"].tolist() == pytest.approx([0, 0.4, 0.7, 0.9, 1.0])
    assert top_share([4, 3, 2, 1], 0.25) == pytest.approx(0.4)
    assert top_share([4, 3, 2, 1], 0.125) == pytest.approx(0.2)  # half of the busiest place
    assert share_of_places([4, 3, 2, 1], 0.7) == pytest.approx(0.5)
    assert share_of_places([4, 3, 2, 1], 0.55) == pytest.approx(0.375)
    summary = concentration([5, 0, 0, 3, 2], fractions=(0.2,))
    assert summary.events == 10 and summary.places_with_events == 3
    assert summary.top_shares[0.2] == pytest.approx(0.5)


def test_it_refuses_empty_or_eventless_series() -> None:
    with pytest.raises(AnalysisError, match="no places"):
        gini([])
    with pytest.raises(AnalysisError, match="no events"):
        gini([0, 0, 0])
