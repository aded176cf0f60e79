"""The committed SDL is the schema the code builds; CI fails when they differ."""

from api.cli import SCHEMA_FILE
from schema.build import build_schema


def test_committed_sdl_matches_the_code() -> None:
    expected = build_schema(production=False).as_str() + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == expected, (
        "schema/schema.graphql is stale: run `uv run python -m api export-schema`"
    )


def test_production_schema_has_the_same_types() -> None:
    assert build_schema(production=True).as_str() == build_schema(production=False).as_str()
