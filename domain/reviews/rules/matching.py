"""Whether seats can all be taken: seats matched to experts by augmenting paths (Kuhn's algorithm)."""

from __future__ import annotations

from collections.abc import Sequence

from domain.reviews.rules.eligibility import Candidate


def fits(specialty: str | None, candidate: Candidate) -> bool:
    """Whether the candidate may take a seat of that specialty; None takes anyone."""
    return specialty is None or specialty in candidate.specialties


def matched_seats(seats: Sequence[str | None], pool: Sequence[Candidate]) -> tuple[bool, ...]:
    """For each seat, in order, whether it gets an expert once the earlier seats have theirs.

    Seats are matched one by one and a matched seat stays matched (it may change expert), so
    the seats of a quota that come out False are exactly those that cannot be filled as long as
    every earlier seat is.
    """
    holder: dict[int, int] = {}  # position in the pool -> seat

    def augment(seat: int, seen: set[int]) -> bool:
        for position, candidate in enumerate(pool):
            if position in seen or not fits(seats[seat], candidate):
                continue
            seen.add(position)
            if position not in holder or augment(holder[position], seen):
                holder[position] = seat
                return True
        return False

    return tuple(augment(seat, set()) for seat in range(len(seats)))


def can_fill(seats: Sequence[str | None], pool: Sequence[Candidate]) -> bool:
    """Whether every seat can get its own expert from the pool."""
    return len(seats) <= len(pool) and all(matched_seats(seats, pool))
