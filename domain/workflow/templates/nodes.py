"""Reading a composed YAML tree with line numbers: every problem names its source and line."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable
from decimal import Decimal
from enum import Enum
from typing import NoReturn, TypeVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

E = TypeVar("E", bound=Enum)


class TemplateError(ValueError):
    """A template that cannot be loaded; the message starts with "{source}:{line}: "."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        super().__init__(f"{source}:{line}: {problem}")
        self.source = source
        self.line = line
        self.problem = problem


def line_of(node: Node) -> int:
    """The 1-based line where the node starts."""
    return int(node.start_mark.line) + 1


def suggestion(word: str, choices: Iterable[str]) -> str:
    """A " (did you mean ...?)" hint for a near miss, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Reader:
    """Typed access to nodes of one source, failing with that source's name and the node's line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._constructor = SafeConstructor()

    def compose(self, text: str) -> Node:
        """The document's root node; a syntax error becomes a TemplateError at its line."""
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = int(mark.line) + 1 if mark else 1
            # ">=" and "!=" start a block scalar and a tag in YAML: the usual slip in a condition.
            rows = text.splitlines()
            hint = '; quote the operator, e.g. op: ">="' if line <= len(rows) and "op:" in rows[line - 1] else ""
            raise TemplateError(self.source, line, f"invalid YAML: {error.problem}{hint}") from None
        except yaml.YAMLError as error:
            raise TemplateError(self.source, 1, f"invalid YAML: {error}") from None
        if root is None:
            raise TemplateError(self.source, 1, "the template is empty")
        return root

    def fail(self, node: Node, problem: str) -> NoReturn:
        """Raise a TemplateError at the node's line."""
        raise TemplateError(self.source, line_of(node), problem)

    def mapping(
        self, node: Node, what: str, *, required: Collection[str] = (), optional: Collection[str] = ()
    ) -> dict[str, Node]:
        """The mapping's values by key; unknown, repeated or missing keys fail."""
        if not isinstance(node, MappingNode):
            self.fail(node, f"{what} must be a mapping, got {_describe(node)}")
        allowed = [*required, *optional]
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str) or key not in allowed:
                shown = key if isinstance(key, str) else _describe(key_node)
                hint = suggestion(key, allowed) if isinstance(key, str) else ""
                self.fail(key_node, f"unknown key {shown!r} in {what}{hint}; allowed: {', '.join(allowed)}")
            if key in found:
                self.fail(key_node, f"key {key!r} repeated in {what}")
            found[key] = value_node
        for key in required:
            if key not in found:
                self.fail(node, f"{what} is missing the required key {key!r}")
        return found

    def sequence(self, node: Node, what: str) -> list[Node]:
        """The items of a non-empty list."""
        if not isinstance(node, SequenceNode):
            self.fail(node, f"{what} must be a list, got {_describe(node)}")
        if not node.value:
            self.fail(node, f"{what} must not be empty")
        return list(node.value)

    def scalar(self, node: Node, what: str) -> object:
        """A single value, typed as YAML's safe schema reads it."""
        if not isinstance(node, ScalarNode):
            self.fail(node, f"{what} must be a single value, got {_describe(node)}")
        return self._constructor.construct_object(node)

    def text(self, node: Node, what: str) -> str:
        value = self.scalar(node, what)
        if not isinstance(value, str) or not value.strip():
            self.fail(node, f"{what} must be non-empty text, got {_describe(node)}")
        return value.strip()

    def boolean(self, node: Node, what: str) -> bool:
        value = self.scalar(node, what)
        if not isinstance(value, bool):
            self.fail(node, f"{what} must be true or false, got {_describe(node)}")
        return value

    def integer(self, node: Node, what: str, *, low: int, high: int) -> int:
        value = self.scalar(node, what)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(node, f"{what} must be a whole number, got {_describe(node)}")
        if not low <= value <= high:
            self.fail(node, f"{what} must be between {low} and {high}, got {value}")
        return value

    def amount(self, node: Node, what: str) -> Decimal:
        """A non-negative amount in yuan, kept exact as a Decimal."""
        value = self.scalar(node, what)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(node, f"{what} must be an amount in yuan, got {_describe(node)}")
        amount = Decimal(str(value))
        if not amount.is_finite() or amount < 0:
            self.fail(node, f"{what} must be a finite amount of 0 or more, got {value}")
        return amount

    def flag(self, node: Node, what: str) -> bool:
        value = self.scalar(node, what)
        if not isinstance(value, bool):
            self.fail(node, f"{what} must be true or false, got {_describe(node)}")
        return value

    def choice(self, node: Node, kind: type[E], what: str) -> E:
        """A member of the enum, named by its value."""
        value = self.scalar(node, what)
        names = [str(member.value) for member in kind]
        if not isinstance(value, str) or value not in names:
            shown = value if isinstance(value, str) else _describe(node)
            hint = suggestion(value, names) if isinstance(value, str) else ""
            self.fail(node, f"unknown {what} {shown!r}{hint}; expected one of {', '.join(names)}")
        return kind(value)


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    kind = str(node.tag).rsplit(":", 1)[-1]
    return f"{kind} {node.value!r}" if kind != "null" else "nothing"
