"""Malformed global IDs are BAD_USER_INPUT wherever an ID is taken; one canonical spelling."""

from __future__ import annotations

import base64
import uuid

import httpx
import pytest

from app.graphql.ids import decode_global_id, to_global_id
from tests.helpers import TenantFactory, error_codes, gql

NODE = "query ($id: ID!) { node(id: $id) { id } }"
STORE_UPDATE = """mutation ($id: ID!) {
  storeUpdate(id: $id, input: {name: "x"}) { store { id } userErrors { code } } }"""
NODES_LITERAL = '{ nodes(ids: ["%s"]) { id } }'

VALUE = uuid.UUID("0190d3f2-8b1c-7aaa-8aaa-aaaaaaaaaaab")


def spelled(text: str, pad: bool = False) -> str:
    encoded = base64.urlsafe_b64encode(text.encode()).decode()
    return encoded if pad else encoded.rstrip("=")


MALFORMED = [
    "zzz",
    "",
    "not base64 !",
    spelled("Store"),  # no uuid
    spelled("Store:123"),
    spelled(f"Store:{str(VALUE).upper()}"),  # upper-case uuid
    spelled(f"Store:{{{VALUE}}}"),  # braces
    spelled(f"Store:urn:uuid:{VALUE}"),
    spelled(f"Store:{VALUE.hex}"),  # no hyphens
    spelled(f":{VALUE}"),  # no type
    spelled(f"Store:{VALUE}", pad=True) + "=" if len(spelled(f"Store:{VALUE}")) % 4 else "x",
]


def test_the_canonical_form_round_trips() -> None:
    gid = to_global_id("Store", VALUE)
    assert decode_global_id(gid) == ("Store", VALUE)
    assert all(decode_global_id(m) is None for m in MALFORMED)


@pytest.mark.parametrize("bad", MALFORMED)
async def test_malformed_id_variable_is_bad_user_input(
    client: httpx.AsyncClient, tenants: TenantFactory, bad: str
) -> None:
    tenant = await tenants.create("Ids")
    for query in (NODE, STORE_UPDATE):
        body = await gql(client, query, {"id": bad}, tenant.staff)
        assert error_codes(body) == ["BAD_USER_INPUT"], body


async def test_malformed_id_literal_is_bad_user_input(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("IdLiteral")
    body = await gql(client, NODES_LITERAL % "zzz", headers=tenant.staff)
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_well_formed_id_of_nothing_is_null(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("IdNull")
    body = await gql(client, NODE, {"id": to_global_id("Store", VALUE)}, tenant.staff)
    assert body == {"data": {"node": None}}
