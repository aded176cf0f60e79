"""Who the draw excludes, and why: employers within the lookback, declarations, absence, record."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from domain.reviews.rules import Candidate, DrawContext, DrawRules, Employment, Exclusion, exclusions, lookback_start

REVIEW = date(2026, 11, 20)
BUILDER, BIDDER, OTHER_BIDDER, SUPERVISOR, ELSEWHERE = 100, 200, 201, 300, 900
CONTEXT = DrawContext(
    project_id=7,
    builder_org_id=BUILDER,
    bidder_org_ids=frozenset({BIDDER, OTHER_BIDDER}),
    supervisor_org_id=SUPERVISOR,
    review_date=REVIEW,
)
RULES = DrawRules()


BASE = Candidate(expert_id=1, specialties=frozenset({"软件工程"}))


def expert(**changes: object) -> Candidate:
    return replace(BASE, **changes)


def job(organisation_id: int, end: date | None = None, start: date = date(2010, 1, 1)) -> Employment:
    return Employment(organisation_id, start, end)


def test_an_independent_expert_is_eligible() -> None:
    candidate = expert(employments=(job(ELSEWHERE),), performance=Decimal("90"))
    assert exclusions(candidate, RULES, CONTEXT) == ()


@pytest.mark.parametrize(
    ("organisation_id", "reason"),
    [
        (BUILDER, Exclusion.EMPLOYER_BUILDER),
        (BIDDER, Exclusion.EMPLOYER_BIDDER),
        (OTHER_BIDDER, Exclusion.EMPLOYER_BIDDER),
        (SUPERVISOR, Exclusion.EMPLOYER_SUPERVISOR),
    ],
)
def test_the_current_employer_of_a_party_excludes(organisation_id: int, reason: Exclusion) -> None:
    assert exclusions(expert(employments=(job(organisation_id),)), RULES, CONTEXT) == (reason,)


def test_without_a_supervisor_no_one_is_excluded_as_its_employee() -> None:
    context = DrawContext(7, BUILDER, frozenset(), None, REVIEW)
    assert exclusions(expert(employments=(job(SUPERVISOR),)), RULES, context) == ()


def test_a_past_employment_counts_up_to_exactly_the_lookback() -> None:
    # given: the lookback is three years, so it starts on 20 November 2023
    left_on_the_boundary = expert(employments=(job(BUILDER, end=date(2023, 11, 20)),))
    left_a_day_earlier = expert(employments=(job(BUILDER, end=date(2023, 11, 19)),))
    # then
    assert exclusions(left_on_the_boundary, RULES, CONTEXT) == (Exclusion.EMPLOYER_BUILDER,)
    assert exclusions(left_a_day_earlier, RULES, CONTEXT) == ()


def test_the_lookback_is_a_rule_of_the_draw() -> None:
    candidate = expert(employments=(job(BIDDER, end=date(2021, 6, 30)),))
    assert exclusions(candidate, RULES, CONTEXT) == ()
    assert exclusions(candidate, DrawRules(employer_lookback_years=6), CONTEXT) == (Exclusion.EMPLOYER_BIDDER,)
    left_today = expert(employments=(job(BIDDER, end=REVIEW),))
    assert exclusions(left_today, DrawRules(employer_lookback_years=0), CONTEXT) == (Exclusion.EMPLOYER_BIDDER,)


def test_a_negative_lookback_is_refused() -> None:
    with pytest.raises(ValueError, match="employer_lookback_years"):
        DrawRules(employer_lookback_years=-1)


def test_the_lookback_from_a_leap_day_starts_on_28_february() -> None:
    assert lookback_start(date(2028, 2, 29), 3) == date(2025, 2, 28)
    assert lookback_start(date(2028, 2, 29), 4) == date(2024, 2, 29)


def test_a_signed_future_employment_with_a_party_already_excludes() -> None:
    candidate = expert(employments=(job(ELSEWHERE, end=date(2026, 12, 31)), job(BIDDER, start=date(2027, 1, 1))))
    assert exclusions(candidate, RULES, CONTEXT) == (Exclusion.EMPLOYER_BIDDER,)


def test_a_declared_conflict_counts_only_with_a_party_of_the_project() -> None:
    assert exclusions(expert(declared_conflicts=frozenset({BIDDER})), RULES, CONTEXT) == (Exclusion.DECLARED_CONFLICT,)
    assert exclusions(expert(declared_conflicts=frozenset({SUPERVISOR})), RULES, CONTEXT) == (
        Exclusion.DECLARED_CONFLICT,
    )
    assert exclusions(expert(declared_conflicts=frozenset({ELSEWHERE})), RULES, CONTEXT) == ()


def test_a_conflict_declared_with_the_project_excludes() -> None:
    assert exclusions(expert(declared_project_conflicts=frozenset({7})), RULES, CONTEXT) == (
        Exclusion.DECLARED_CONFLICT,
    )
    assert exclusions(expert(declared_project_conflicts=frozenset({8})), RULES, CONTEXT) == ()


@pytest.mark.parametrize(
    ("window", "excluded"),
    [
        ((REVIEW, REVIEW), True),
        ((date(2026, 11, 1), REVIEW), True),
        ((REVIEW, date(2026, 12, 1)), True),
        ((date(2026, 11, 1), date(2026, 11, 19)), False),
        ((date(2026, 11, 21), date(2026, 11, 30)), False),
    ],
)
def test_unavailability_windows_are_inclusive(window: tuple[date, date], excluded: bool) -> None:
    reasons = exclusions(expert(unavailable=(window,)), RULES, CONTEXT)
    assert reasons == ((Exclusion.UNAVAILABLE,) if excluded else ())


def test_an_earlier_panel_excludes_only_when_the_rule_is_on() -> None:
    candidate = expert(earlier_panels=frozenset({7}))
    assert exclusions(candidate, RULES, CONTEXT) == ()
    assert exclusions(candidate, DrawRules(exclude_earlier_panel=True), CONTEXT) == (Exclusion.EARLIER_PANEL,)
    other_project = expert(earlier_panels=frozenset({8}))
    assert exclusions(other_project, DrawRules(exclude_earlier_panel=True), CONTEXT) == ()


@pytest.mark.parametrize(
    ("performance", "excluded"),
    [(Decimal("59.99"), True), (Decimal("60"), False), (Decimal("95"), False), (None, False)],
)
def test_a_known_low_performance_excludes_and_no_history_never_does(
    performance: Decimal | None, excluded: bool
) -> None:
    rules = DrawRules(min_performance=Decimal("60"))
    reasons = exclusions(expert(performance=performance), rules, CONTEXT)
    assert reasons == ((Exclusion.LOW_PERFORMANCE,) if excluded else ())


def test_every_reason_that_applies_is_given_in_a_fixed_order() -> None:
    candidate = expert(
        employments=(job(SUPERVISOR), job(BUILDER, end=date(2025, 1, 1)), job(BIDDER, end=date(2024, 1, 1))),
        declared_conflicts=frozenset({BUILDER}),
        unavailable=((REVIEW, REVIEW),),
        earlier_panels=frozenset({7}),
        performance=Decimal("10"),
    )
    rules = DrawRules(exclude_earlier_panel=True, min_performance=Decimal("50"))
    assert exclusions(candidate, rules, CONTEXT) == tuple(Exclusion)
