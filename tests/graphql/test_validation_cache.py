"""Validation is cached per parsed document, and errors are kept with it."""

from __future__ import annotations

from graphql import parse, specified_rules

from app.graphql import validation_cache
from app.schema import build_schema


def test_the_same_document_is_validated_once_and_errors_stay() -> None:
    schema = build_schema()._schema
    rules = tuple(specified_rules)
    good, bad = parse("{ shop { name } }"), parse("{ shop { nope } }")
    first = validation_cache._validate(schema, good, rules)
    assert first == []
    assert validation_cache._validate(schema, good, rules) is first  # cached, not re-run
    errors = validation_cache._validate(schema, bad, rules)
    assert [e.message for e in errors] == [
        "Cannot query field 'nope' on type 'Shop'. Did you mean 'name'?"
    ]
    assert validation_cache._validate(schema, bad, rules) is errors
    # An equal text parsed again is another document: validated on its own.
    assert validation_cache._validate(schema, parse("{ shop { nope } }"), rules) is not errors
