"""Handles made from titles: ASCII, lowercase, hyphenated, at most 100 characters, unique."""

from __future__ import annotations

import re

import httpx
import pytest

from app.catalog.service import handles
from tests.catalog.product_support import create_product
from tests.helpers import TenantFactory


@pytest.mark.parametrize(
    ("title", "handle"),
    [
        ("Camiseta Básica — Größe XL", "camiseta-basica-grosse-xl"),
        ("  Ñandú   & Ærø!! ", "nandu-aero"),
        ("连衣裙 2024", "lianyiqun-2024"),
        ("Платье летнее", "plate-letnee"),
        ("100% Cotton T-Shirt", "100-cotton-t-shirt"),
        ("Men\u2019s Shirt", "mens-shirt"),
        ("---", "item"),
        ("", "item"),
    ],
)
def test_slugify(title: str, handle: str) -> None:
    assert handles.slugify(title) == handle


def test_slugify_stays_within_the_limit_without_a_trailing_hyphen() -> None:
    slug = handles.slugify("a" * 99 + " bc")
    assert slug == "a" * 99
    assert handles.is_valid(slug)


def test_first_free_suffixes_and_keeps_suffixed_handles_within_the_limit() -> None:
    assert handles.first_free("shirt", set()) == "shirt"
    assert handles.first_free("shirt", {"shirt", "shirt-2"}) == "shirt-3"
    long = "x" * 100
    assert handles.first_free(long, {long}) == "x" * 98 + "-2"
    taken = {long, *(handles.with_suffix(long, n) for n in range(2, 12))}
    free = handles.first_free(long, taken)
    assert free == "x" * 97 + "-12"
    # The one query that finds taken handles matches every candidate it could pick.
    pattern = re.compile(handles.candidates_pattern(long))
    assert all(pattern.match(h) for h in taken | {free})
    assert re.match(handles.candidates_pattern("shirt"), "shirt-red") is None


async def test_generated_handles_are_unique_in_the_store(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Handles")
    made = [
        (await create_product(client, tenant, title="Vestido Rosa"))["handle"] for _ in range(3)
    ]
    assert made == ["vestido-rosa", "vestido-rosa-2", "vestido-rosa-3"]
    # A prefix of an existing handle is not taken by it.
    assert (await create_product(client, tenant, title="Vestido"))["handle"] == "vestido"
    # Another store has its own handles.
    other = await tenants.create("Handles 2")
    assert (await create_product(client, other, title="Vestido Rosa"))["handle"] == "vestido-rosa"
