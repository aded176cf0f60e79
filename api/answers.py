"""Answers of the home screen kept per user while nothing in the database changed.

A phone opens its center's home over and over (every return to the app, every pull to refresh); most of
those times nothing it shows has changed. The answer of a registered home document is kept under the
user, session scope, language, day and variables, with the database's data version read before it was
computed (`domain.db.database_stamp`); while that version is the same, the next request is answered from
here after the usual token and session check: two short statements instead of the whole query.
Only registered (trusted) query documents named in `CACHED_OPERATIONS` are kept, and only answers without
errors: they read database rows, the working calendar and today's date, nothing that expires by the hour.
The version is the whole database's, so any write anywhere retires every kept answer (conservative).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

from graphql import OperationDefinitionNode, OperationType, parse
from graphql.error import GraphQLError

from api.trusted import TrustedDocuments

CACHED_OPERATIONS = frozenset({"HomeScreen", "MoreTodos", "MoreProjects"})


def cacheable_texts(trusted: TrustedDocuments) -> frozenset[str]:
    """The registered documents whose one operation is a query named in CACHED_OPERATIONS."""
    texts = set()
    for text in trusted.documents.values():
        try:
            document = parse(text)
        except GraphQLError:
            continue
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if (
            len(operations) == 1
            and operations[0].operation is OperationType.QUERY
            and operations[0].name is not None
            and operations[0].name.value in CACHED_OPERATIONS
        ):
            texts.add(text)
    return frozenset(texts)


class AnswerCache:
    """Least recently used answers, each with the data version it was computed at."""

    def __init__(self, texts: frozenset[str], size: int) -> None:
        self.texts = texts
        self.size = size
        self._answers: OrderedDict[Hashable, tuple[str, bytes]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, stamp: str) -> bytes | None:
        kept = self._answers.get(key)
        if kept is None or kept[0] != stamp:
            self.misses += 1
            return None
        self._answers.move_to_end(key)
        self.hits += 1
        return kept[1]

    def put(self, key: Hashable, stamp: str, body: bytes) -> None:
        self._answers[key] = (stamp, body)
        self._answers.move_to_end(key)
        while len(self._answers) > self.size:
            self._answers.popitem(last=False)
