"""In trusted-only mode, every operation's text must be a registered document, over HTTP and websockets."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension


class TrustedDocumentsOnly(SchemaExtension):
    """Refuses any operation whose text is not registered (a websocket `subscribe` sends text)."""

    def __init__(self, *, allowed: frozenset[str]) -> None:
        self.allowed = allowed

    def on_operation(self) -> Iterator[None]:
        if self.execution_context.query not in self.allowed:
            raise GraphQLError("Only trusted documents are accepted.", extensions={"code": "UNTRUSTED_DOCUMENT"})
        yield
