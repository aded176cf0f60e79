"""Cost limits the depth, alias and token limits miss (graphql-cop's checks): one field asked five
hundred times (`__typename` x 500) and directives piled on one field (`@aa@aa@aa...`). Counted once per
parsed document; a document over either limit gets one QUERY_TOO_COMPLEX error, whatever else is wrong
with it, and never runs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import DirectiveNode, DocumentNode, FieldNode, Visitor, visit
from strawberry.extensions import SchemaExtension

from schema.hardening.documents import PerDocument
from schema.shared.errors import PublicError
from schema.shared.messages import DEFAULT_LOCALE


@dataclass(frozen=True, slots=True)
class Cost:
    fields: int
    most_directives: int  # on one node


class _Count(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.fields = 0
        self.most_directives = 0

    def enter(self, node: Any, *_: Any) -> None:
        if isinstance(node, FieldNode):
            self.fields += 1
        directives = getattr(node, "directives", None)
        if directives and not isinstance(node, DirectiveNode):
            self.most_directives = max(self.most_directives, len(directives))


_costs = PerDocument()


def cost(document: DocumentNode) -> Cost:
    """Fields written in the document (fragments counted once) and the most directives on one node."""
    return _costs.get_or_compute(document, _count)


def _count(document: DocumentNode) -> Cost:
    counter = _Count()
    visit(document, counter)
    return Cost(counter.fields, counter.most_directives)


class CostLimiter(SchemaExtension):
    """Runs after validation has been looked up (cached) and replaces its verdict with one error."""

    def __init__(self, *, max_fields: int, max_directives: int) -> None:
        self.max_fields = max_fields
        self.max_directives = max_directives

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            found = cost(document)
            if found.fields > self.max_fields or found.most_directives > self.max_directives:
                locale = getattr(context.context, "locale", DEFAULT_LOCALE)
                context.pre_execution_errors = [PublicError("QUERY_TOO_COMPLEX", locale)]
        yield
