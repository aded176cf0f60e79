"""Drawing a panel: quotas in order, one seat per expert, shortages named, replacements in order."""

from __future__ import annotations

from datetime import date

import pytest

from domain.reviews.rules import (
    Candidate,
    DrawContext,
    DrawRules,
    Employment,
    Exclusion,
    Quota,
    Seat,
    Shortage,
    draw,
    fill_order,
    new_seed,
    replacement,
)

REVIEW = date(2026, 11, 20)
CONTEXT = DrawContext(7, 100, frozenset({200}), 300, REVIEW)
RULES = DrawRules()
SECURITY, DATA, SOFTWARE = "网络安全", "数据治理", "软件工程"


def expert(expert_id: int, *specialties: str, employer: int | None = None) -> Candidate:
    employments = (Employment(employer, date(2015, 1, 1)),) if employer is not None else ()
    return Candidate(expert_id, frozenset(specialties or (SOFTWARE,)), employments)


POOL = [expert(i, SECURITY if i % 3 == 0 else SOFTWARE, *([DATA] if i % 4 == 0 else [])) for i in range(1, 13)]


def test_a_recorded_draw_replays_to_the_same_panel() -> None:
    # a change here breaks the replay of every draw recorded before it
    result = draw(POOL, [Quota(SECURITY, 1), Quota(None, 3)], RULES, CONTEXT, seed=20261120)
    assert result.seats == (Seat(0, 3), Seat(1, 12), Seat(1, 1), Seat(1, 4))
    assert result.reserve == {0: (6, 9), 1: (11, 2, 6, 5, 7, 9, 10, 8)}
    assert result.seed == 20261120


def test_the_same_seed_gives_the_same_panel_whatever_the_candidates_order() -> None:
    quotas = [Quota(SECURITY, 2), Quota(DATA, 1), Quota(None, 2)]
    first = draw(POOL, quotas, RULES, CONTEXT, seed=42)
    shuffled = sorted(POOL, key=lambda candidate: candidate.expert_id * 7 % 13)
    assert shuffled != POOL
    assert draw(shuffled, quotas, RULES, CONTEXT, seed=42) == first
    assert draw(list(reversed(POOL)), quotas, RULES, CONTEXT, seed=42) == first


def test_different_seeds_give_different_panels() -> None:
    quotas = [Quota(None, 4)]
    panels = {draw(POOL, quotas, RULES, CONTEXT, seed=seed).seats for seed in range(20)}
    assert len(panels) > 10


def test_specialty_quotas_are_filled_first_in_the_order_given_then_any() -> None:
    quotas = [Quota(None, 2), Quota(SECURITY, 1), Quota(None, 1), Quota(DATA, 1)]
    assert fill_order(quotas) == (1, 3, 0, 2)
    result = draw(POOL, quotas, RULES, CONTEXT, seed=5)
    assert [seat.quota_index for seat in result.seats] == [1, 3, 0, 0, 2]
    specialties = {candidate.expert_id: candidate.specialties for candidate in POOL}
    assert SECURITY in specialties[result.seats[0].expert_id]
    assert DATA in specialties[result.seats[1].expert_id]


def test_an_expert_never_takes_two_seats() -> None:
    everyone = [expert(i, SECURITY, DATA, SOFTWARE) for i in range(1, 7)]
    quotas = [Quota(SECURITY, 2), Quota(DATA, 2), Quota(None, 2)]
    for seed in range(30):
        seated = [seat.expert_id for seat in draw(everyone, quotas, RULES, CONTEXT, seed=seed).seats]
        assert sorted(seated) == [1, 2, 3, 4, 5, 6]


def test_an_expert_of_two_specialties_is_kept_for_the_quota_only_they_can_fill() -> None:
    # given: 1 knows security and data, 2 only security; whoever the draw meets first
    pool = [expert(1, SECURITY, DATA), expert(2, SECURITY)]
    for seed in range(30):
        result = draw(pool, [Quota(SECURITY, 1), Quota(DATA, 1)], RULES, CONTEXT, seed=seed)
        assert result.seats == (Seat(0, 2), Seat(1, 1))


def test_excluded_candidates_are_listed_with_their_reasons_and_never_seated() -> None:
    pool = [expert(1, employer=100), expert(2, employer=200), expert(3), expert(4)]
    result = draw(pool, [Quota(None, 2)], RULES, CONTEXT, seed=9)
    assert result.excluded == {1: (Exclusion.EMPLOYER_BUILDER,), 2: (Exclusion.EMPLOYER_BIDDER,)}
    assert sorted(seat.expert_id for seat in result.seats) == [3, 4]
    assert result.reserve == {0: ()}


def test_a_shortage_names_the_quota_its_specialty_and_the_numbers() -> None:
    pool = [expert(1, SECURITY), expert(2, SECURITY, employer=100), expert(3), expert(4)]
    with pytest.raises(Shortage) as raised:
        draw(pool, [Quota(None, 1), Quota(SOFTWARE, 1), Quota(SECURITY, 2)], RULES, CONTEXT, seed=1)
    error = raised.value
    assert str(error) == "quota 2 (网络安全): needs 2, 1 eligible"
    assert (error.quota_index, error.specialty, error.needed, error.available) == (2, SECURITY, 2, 1)
    assert isinstance(error, ValueError)


def test_a_shortage_of_an_any_quota_counts_what_the_specialty_quotas_leave() -> None:
    pool = [expert(1, SECURITY), expert(2), expert(3)]
    with pytest.raises(Shortage, match=r"^quota 0 \(any specialty\): needs 2, 1 eligible$"):
        draw(pool, [Quota(None, 2), Quota(SECURITY, 1), Quota(SOFTWARE, 1)], RULES, CONTEXT, seed=1)


def test_a_specialty_nobody_has_is_short_of_everyone() -> None:
    with pytest.raises(Shortage, match=r"^quota 0 \(密码应用\): needs 1, 0 eligible$"):
        draw(POOL, [Quota("密码应用", 1)], RULES, CONTEXT, seed=1)


def test_replacements_come_from_the_same_quota_in_reserve_order() -> None:
    result = draw(POOL, [Quota(SECURITY, 1), Quota(None, 3)], RULES, CONTEXT, seed=20261120)
    invited = {seat.expert_id for seat in result.seats}
    # given: the security expert 3 declines
    first = replacement(result, 0, invited)
    assert first == 6
    # when: 6 misses the deadline too, then 9 declines
    assert replacement(result, 0, invited | {6}) == 9
    assert replacement(result, 0, invited | {6, 9}) is None
    # then: the "any" quota draws in its own reserve order, skipping whoever was invited
    assert replacement(result, 1, invited | {6}) == 11
    assert replacement(result, 1, invited | {11, 2}) == 6


def test_the_reserve_never_holds_a_seated_or_excluded_expert() -> None:
    pool = [*POOL, expert(13, SECURITY, employer=300)]
    result = draw(pool, [Quota(SECURITY, 2), Quota(None, 2)], RULES, CONTEXT, seed=3)
    seated = {seat.expert_id for seat in result.seats}
    for reserve in result.reserve.values():
        assert seated.isdisjoint(reserve)
        assert 13 not in reserve


def test_a_candidate_given_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        draw([expert(1), expert(1)], [Quota(None, 1)], RULES, CONTEXT, seed=1)


def test_a_quota_has_at_least_one_seat_and_a_real_specialty() -> None:
    with pytest.raises(ValueError, match="at least one seat"):
        Quota(SECURITY, 0)
    with pytest.raises(ValueError, match="specialty"):
        Quota(" ", 1)


def test_a_new_seed_fits_a_signed_64_bit_column() -> None:
    seeds = {new_seed() for _ in range(20)}
    assert len(seeds) > 1
    assert all(0 <= seed < 2**63 for seed in seeds)
