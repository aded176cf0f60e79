"""Search over projects through the token index (migration 0014): names, codes, material titles, opinions.

A project matches when one of its texts contains the term, ignoring case as `icontains` does. The index holds
every character and every two consecutive characters of each text, lower-cased, once per project, so:
- a one- or two-character term is itself a token: one index lookup finds exactly the projects matching;
- a longer term is found among the projects holding all its bigrams, then confirmed by the substring test,
  run on those candidates only.
Results are ranked: name starting with the term, then name containing it, then code, then material titles
and opinions; by id within a rank.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from tortoise import Tortoise
from tortoise.expressions import Case, Q, RawSQL, Subquery, When
from tortoise.functions import Count

from domain.projects.models import Project, SearchToken

MAX_TERM = 50
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class Rank(IntEnum):
    NAME_START = 0
    NAME = 1
    CODE = 2
    ELSEWHERE = 3  # a material title or an opinion


def clean(term: str | None) -> str | None:
    """The term searched for (stripped, at most MAX_TERM characters), or None for no search."""
    stripped = (term or "").strip()[:MAX_TERM]
    return stripped or None


def tokens(term: str) -> list[str]:
    """The index tokens a term needs, lower-cased as the database lowers the texts.

    SQLite's lower() changes ASCII letters only; PostgreSQL's every letter.
    """
    dialect = Tortoise.get_connection("default").capabilities.dialect
    folded = term.lower() if dialect == "postgres" else term.translate(ASCII_LOWER)
    if len(folded) <= 2:
        return [folded]
    return sorted({folded[i : i + 2] for i in range(len(folded) - 1)})


def matching(term: str) -> Q:
    """The projects holding the term in their name, code, a material title or an opinion, found by the index."""
    needed = tokens(term)
    if len(needed) == 1 and len(term) <= 2:
        return Q(id__in=Subquery(SearchToken.filter(token=needed[0]).values("project_id")))
    # Projects holding every bigram of the term, then the substring test on them alone.
    candidates = (
        SearchToken.filter(token__in=needed)
        .annotate(held=Count("id"))
        .group_by("project_id")
        .filter(held=len(needed))
        .values("project_id")
    )
    # One subquery over the candidates, joined to their own materials and opinions: an OR of subqueries
    # over all materials and opinions would make the planner test every project.
    confirmed = (
        Project.filter(id__in=Subquery(candidates))
        .filter(
            Q(name__icontains=term)
            | Q(code__icontains=term)
            | Q(materials__title__icontains=term)
            | Q(decisions__comment__icontains=term)
        )
        .values("id")
    )
    return Q(id__in=Subquery(confirmed))


def rank(term: str) -> Case:
    """A matching project's rank for the term (a Rank value): where the term was found."""
    # The ranks are SQL literals (a bound value would reach PostgreSQL untyped, as text).
    return Case(
        When(name__istartswith=term, then=_literal(Rank.NAME_START)),
        When(name__icontains=term, then=_literal(Rank.NAME)),
        When(code__icontains=term, then=_literal(Rank.CODE)),
        default=_literal(Rank.ELSEWHERE),
    )


def _literal(value: Rank) -> Any:
    return RawSQL(str(int(value)))
