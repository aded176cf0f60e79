"""An expert's performance from a seeded history, and the quality index the draw filters on."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from domain.reviews.rules import (
    Candidate,
    DrawContext,
    DrawRules,
    Exclusion,
    Invitation,
    exclusions,
    performance,
    performances,
    quality_index,
)

NOW = datetime(2026, 11, 16, 1, 0, tzinfo=UTC)
DAY = timedelta(days=1)


BASE = Invitation(expert_id=1, invited_at=NOW - 30 * DAY, accepted=True, scoring_deadline=NOW - 20 * DAY)


def invitation(**changes: object) -> Invitation:
    return replace(BASE, **changes)


HISTORY = [
    # on time, 2 points above the panel, rated 5
    invitation(submitted_at=NOW - 21 * DAY, total=Decimal("82"), panel_score=Decimal("80"), quality_rating=5),
    # late, 8 points below the panel, flagged, rated 3
    invitation(
        submitted_at=NOW - 19 * DAY, total=Decimal("70"), panel_score=Decimal("78"), outlier=True, quality_rating=3
    ),
    invitation(accepted=False, responded_at=NOW - 29 * DAY),  # declined
    invitation(accepted=False),  # expired without an answer
    invitation(accepted=None, scoring_deadline=NOW + 10 * DAY),  # still waiting for an answer
    invitation(),  # accepted, the deadline passed, no sheet
    invitation(scoring_deadline=NOW + 5 * DAY),  # accepted, still scoring
]


def test_the_figures_of_a_seeded_history() -> None:
    figures = performance(HISTORY, as_of=NOW)
    assert figures.invitations == 7
    assert figures.acceptance_rate == Decimal("0.6667")  # 4 of the 6 answered
    assert figures.on_time_rate == Decimal("0.3333")  # 1 of the 3 due
    assert figures.average_deviation == Decimal("5.00")
    assert figures.outlier_count == 1
    assert figures.quality_rating == Decimal("4.00")
    # 100 * (20*0.6667 + 30*0.3333 + 30*(1 - 5/20) + 20*(4-1)/4) / 100
    assert figures.index == Decimal("60.83")


def test_without_a_date_a_missing_sheet_is_not_counted_yet() -> None:
    figures = performance(HISTORY)
    assert figures.on_time_rate == Decimal("0.5000")  # 1 of the 2 submitted
    assert figures.index == Decimal("65.83")


def test_no_history_has_no_rates_and_no_index() -> None:
    figures = performance([], as_of=NOW)
    assert (figures.invitations, figures.outlier_count) == (0, 0)
    assert figures.acceptance_rate is figures.on_time_rate is figures.average_deviation is None
    assert figures.quality_rating is figures.index is None


def test_a_pending_invitation_alone_says_nothing() -> None:
    figures = performance([invitation(accepted=None, scoring_deadline=NOW + DAY)], as_of=NOW)
    assert figures.invitations == 1
    assert figures.acceptance_rate is None
    assert figures.index is None


def test_only_known_components_count_and_their_weights_scale_up() -> None:
    assert quality_index(None, None, None, Decimal(5)) == Decimal("100.00")
    assert quality_index(Decimal(1), Decimal(0), None, None) == Decimal("40.00")  # 20 of 50
    assert quality_index(Decimal(1), Decimal(1), Decimal(0), Decimal(5)) == Decimal("100.00")
    assert quality_index(None, None, None, None) is None


def test_closeness_reaches_zero_at_twenty_points_and_stays_there() -> None:
    assert quality_index(None, None, Decimal(20), None) == Decimal("0.00")
    assert quality_index(None, None, Decimal(35), None) == Decimal("0.00")
    assert quality_index(None, None, Decimal(10), None) == Decimal("50.00")


def test_a_rating_is_one_to_five() -> None:
    with pytest.raises(ValueError, match="1 to 5"):
        invitation(quality_rating=6)
    with pytest.raises(ValueError, match="1 to 5"):
        invitation(quality_rating=0)


def test_a_performance_belongs_to_one_expert_and_performances_group_them() -> None:
    other = invitation(expert_id=2, submitted_at=NOW - 21 * DAY)
    with pytest.raises(ValueError, match="one expert"):
        performance([*HISTORY, other], as_of=NOW)
    grouped = performances([other, *HISTORY], as_of=NOW)
    assert list(grouped) == [1, 2]
    assert grouped[1] == performance(HISTORY, as_of=NOW)
    assert grouped[2].on_time_rate == Decimal("1.0000")


def test_the_draw_filters_on_the_index() -> None:
    context = DrawContext(7, 100, frozenset(), None, NOW.date())
    index = performance(HISTORY, as_of=NOW).index
    candidate = Candidate(1, frozenset({"软件工程"}), performance=index)
    assert exclusions(candidate, DrawRules(min_performance=Decimal("70")), context) == (Exclusion.LOW_PERFORMANCE,)
    assert exclusions(candidate, DrawRules(min_performance=Decimal("60")), context) == ()
