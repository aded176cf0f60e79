"""Properties of the draw over random pools: no excluded expert seated, exact quotas, determinism."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from itertools import permutations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.reviews.rules import (
    Candidate,
    DrawContext,
    DrawResult,
    DrawRules,
    Employment,
    Quota,
    Shortage,
    draw,
    exclusions,
    fill_order,
)

REVIEW = date(2026, 11, 20)
SPECIALTIES = ("网络安全", "数据治理", "软件工程")
ORGANISATIONS = (100, 200, 300, 400, 500, 600, 700, 800)  # builder, bidder, supervisor, then others
CONTEXT = DrawContext(7, 100, frozenset({200}), 300, REVIEW)
DAYS = st.integers(min_value=-2000, max_value=60).map(lambda days: REVIEW + timedelta(days=days))


@st.composite
def employments(draw_: st.DrawFn) -> Employment:
    start = draw_(DAYS)
    end = draw_(st.none() | DAYS.filter(lambda day: day >= start))
    return Employment(draw_(st.sampled_from(ORGANISATIONS)), start, end)


@st.composite
def windows(draw_: st.DrawFn) -> tuple[date, date]:
    start = draw_(DAYS)
    return start, start + timedelta(days=draw_(st.integers(min_value=0, max_value=30)))


def candidate(expert_id: int) -> st.SearchStrategy[Candidate]:
    return st.builds(
        Candidate,
        expert_id=st.just(expert_id),
        specialties=st.frozensets(st.sampled_from(SPECIALTIES), min_size=1),
        employments=st.lists(employments(), max_size=2).map(tuple),
        declared_conflicts=st.frozensets(st.sampled_from(ORGANISATIONS), max_size=1),
        declared_project_conflicts=st.frozensets(st.sampled_from((7, 8)), max_size=1),
        unavailable=st.lists(windows(), max_size=1).map(tuple),
        earlier_panels=st.frozensets(st.sampled_from((7, 8)), max_size=1),
        performance=st.none() | st.integers(min_value=0, max_value=100).map(Decimal),
    )


POOLS = st.lists(st.integers(min_value=1, max_value=500), unique=True, min_size=3, max_size=8).flatmap(
    lambda ids: st.tuples(*(candidate(expert_id) for expert_id in ids)).map(list)
)
QUOTAS = st.lists(
    st.builds(Quota, specialty=st.none() | st.sampled_from(SPECIALTIES), count=st.integers(min_value=1, max_value=2)),
    min_size=1,
    max_size=3,
)
RULES = st.builds(
    DrawRules,
    employer_lookback_years=st.integers(min_value=0, max_value=5),
    exclude_earlier_panel=st.booleans(),
    min_performance=st.none() | st.integers(min_value=0, max_value=60).map(Decimal),
)
SEEDS = st.integers(min_value=0, max_value=2**63 - 1)


def _attempt(pool: list[Candidate], quotas: list[Quota], rules: DrawRules, seed: int) -> DrawResult | Shortage:
    try:
        return draw(pool, quotas, rules, CONTEXT, seed)
    except Shortage as error:
        return error


def _can_seat_everyone(pool: list[Candidate], quotas: list[Quota], rules: DrawRules) -> bool:
    """Brute force: some ordering of distinct eligible experts fits every seat."""
    eligible = [c for c in pool if not exclusions(c, rules, CONTEXT)]
    seats = [quota.specialty for quota in quotas for _ in range(quota.count)]
    return any(
        all(
            specialty is None or specialty in expert.specialties
            for specialty, expert in zip(seats, chosen, strict=True)
        )
        for chosen in permutations(eligible, len(seats))
    )


@settings(max_examples=200, deadline=None)
@given(pool=POOLS, quotas=QUOTAS, rules=RULES, seed=SEEDS)
def test_a_drawn_panel_fills_every_quota_exactly_with_eligible_experts(
    pool: list[Candidate], quotas: list[Quota], rules: DrawRules, seed: int
) -> None:
    outcome = _attempt(pool, quotas, rules, seed)
    assert isinstance(outcome, DrawResult) == _can_seat_everyone(pool, quotas, rules)
    if isinstance(outcome, Shortage):
        assert outcome.quota_index in range(len(quotas))
        assert outcome.available < outcome.needed == quotas[outcome.quota_index].count
        return
    by_id = {c.expert_id: c for c in pool}
    seated = [seat.expert_id for seat in outcome.seats]
    assert len(seated) == len(set(seated))
    for seat in outcome.seats:
        assert exclusions(by_id[seat.expert_id], rules, CONTEXT) == ()
        assert seat.expert_id not in outcome.excluded
        specialty = quotas[seat.quota_index].specialty
        assert specialty is None or specialty in by_id[seat.expert_id].specialties
    for index, quota in enumerate(quotas):
        assert sum(seat.quota_index == index for seat in outcome.seats) == quota.count
    assert [seat.quota_index for seat in outcome.seats] == [
        i for i in fill_order(quotas) for _ in range(quotas[i].count)
    ]
    assert set(outcome.excluded) == {c.expert_id for c in pool if exclusions(c, rules, CONTEXT)}
    for reserve in outcome.reserve.values():
        assert set(reserve).isdisjoint(seated)
        assert set(reserve).isdisjoint(outcome.excluded)


@settings(max_examples=100, deadline=None)
@given(pool=POOLS, quotas=QUOTAS, rules=RULES, seed=SEEDS, shuffle=st.randoms(use_true_random=False))
def test_the_draw_is_deterministic_whatever_the_candidates_order(
    pool: list[Candidate], quotas: list[Quota], rules: DrawRules, seed: int, shuffle: random.Random
) -> None:
    first = _attempt(pool, quotas, rules, seed)
    shuffled = list(pool)
    shuffle.shuffle(shuffled)
    again = _attempt(shuffled, quotas, rules, seed)
    if isinstance(first, Shortage):
        assert isinstance(again, Shortage)
        assert str(again) == str(first)
    else:
        assert again == first
