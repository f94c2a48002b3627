"""The committed schema.graphql is what the code serves: clients generate types from it."""

from __future__ import annotations

from pathlib import Path

from app.schema import build_schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    served = build_schema().as_str() + "\n"
    assert SCHEMA_FILE.read_text() == served, (
        "schema.graphql is out of date: run `make schema` and commit it"
    )
