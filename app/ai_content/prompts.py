"""What the model is told and what it must answer: pure, no I/O.

Decisions recorded here:
- One call writes every requested field of one product in one language, so the fields
  read as one voice and the call's prompt (facts, rules) is paid once for all of them.
- The system prompt is the same for every call of a store: the fixed rules, then the
  store's brand voice and rules; the last block carries `cache_control`, so from the second
  call on the whole system prefix is read from the prompt cache.
- The facts are the product's own (title, description, vendor, tags, options, variants)
  and the prompt forbids anything beyond them: specifications the facts do not state must
  not appear.
- The answer's shape is a Pydantic model made for the requested fields, every field
  required: `messages.parse` sends its JSON schema as the structured output format and
  validates the answer against it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, create_model


class ContentField(str, Enum):
    TITLE = "TITLE"
    DESCRIPTION_HTML = "DESCRIPTION_HTML"
    SEO_TITLE = "SEO_TITLE"
    SEO_DESCRIPTION = "SEO_DESCRIPTION"
    TAGS = "TAGS"


# The answer's JSON property per field, its type and what the model is asked for.
_SHAPES: dict[ContentField, tuple[str, Any, str]] = {
    ContentField.TITLE: ("title", str, "Product title, at most 120 characters."),
    ContentField.DESCRIPTION_HTML: (
        "description_html",
        str,
        "Product description as simple HTML: <p>, <ul>/<li>, <strong>, <em> only.",
    ),
    ContentField.SEO_TITLE: ("seo_title", str, "Title for search results, at most 60 characters."),
    ContentField.SEO_DESCRIPTION: (
        "seo_description",
        str,
        "Meta description for search results, at most 155 characters.",
    ),
    ContentField.TAGS: ("tags", list[str], "3 to 8 short lowercase tags."),
}

RULES = """You write product content for an online store.
Rules:
- Use only the facts given about the product. Do not invent specifications, materials,
  dimensions, certifications, origins, warranties or compatibility that the facts do not state.
- Write in the requested language, for shoppers, without exaggeration or claims about competitors.
- Answer with the requested fields only, in the JSON shape asked for."""


def json_property(field_: ContentField) -> str:
    return _SHAPES[field_][0]


@functools.cache
def answer_model(fields: frozenset[ContentField]) -> type[BaseModel]:
    """The structured output for these fields (cached: the SDK caches its schema per type)."""
    definitions: dict[str, Any] = {
        _SHAPES[f][0]: (_SHAPES[f][1], Field(description=_SHAPES[f][2]))
        for f in sorted(fields, key=lambda f: list(ContentField).index(f))
    }
    return create_model("ProductContent", __config__=ConfigDict(extra="forbid"), **definitions)


@dataclass(frozen=True, slots=True)
class ProductFacts:
    title: str
    description: str
    vendor: str | None
    tags: list[str]
    options: list[dict[str, Any]] = field(default_factory=list)
    variants: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> str:
        facts: dict[str, Any] = {"title": self.title}
        if self.description:
            facts["description"] = self.description
        if self.vendor:
            facts["brand"] = self.vendor
        if self.tags:
            facts["tags"] = self.tags
        if self.options:
            facts["options"] = self.options
        if self.variants:
            facts["variants"] = self.variants
        return orjson.dumps(facts).decode()


def system_blocks(brand_voice: str, rules: str) -> list[dict[str, Any]]:
    """The system prompt; the last block is the prompt-cache breakpoint."""
    store = "Brand voice: " + (brand_voice.strip() or "clear, friendly and factual.")
    if rules.strip():
        store += "\nStore rules:\n" + rules.strip()
    return [
        {"type": "text", "text": RULES},
        {"type": "text", "text": store, "cache_control": {"type": "ephemeral"}},
    ]


def user_message(facts: ProductFacts, language: str, fields: frozenset[ContentField]) -> str:
    wanted = ", ".join(json_property(f) for f in sorted(fields, key=lambda f: f.value))
    return (
        f"Language: {language}\nWrite: {wanted}\n"
        f"Product facts (JSON, the only source of truth):\n{facts.as_json()}"
    )


def values_of(answer: BaseModel, fields: frozenset[ContentField]) -> dict[ContentField, str]:
    """{field: the text to store}; tags are stored comma-separated."""
    found: dict[ContentField, str] = {}
    for f in fields:
        value = getattr(answer, json_property(f))
        found[f] = (
            ", ".join(t.strip() for t in value if t.strip())
            if f is ContentField.TAGS
            else value.strip()
        )
    return found
