"""Staff roles: what each role may do, who may grant OWNER, and a tenant never losing its owner."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from tests.helpers import PASSWORD, TenantFactory, TenantSetup, call, error_codes
from tests.tenancy.support import bearer

STAFF_INVITE = """
mutation ($input: StaffInviteInput!) {
  staffInvite(input: $input) { staffMember { id } inviteToken userErrors { code } }
}"""
INVITE_ACCEPT = """
mutation ($token: String!, $password: String!) {
  staffInviteAccept(token: $token, password: $password) { accessToken userErrors { code } }
}"""
STAFF_ROLE_UPDATE = """
mutation ($id: ID!, $role: StaffRole!) {
  staffRoleUpdate(staffMemberId: $id, role: $role) {
    staffMember { id role } userErrors { field message code }
  }
}"""
STORE_CREATE = """
mutation ($input: StoreCreateInput!) {
  storeCreate(input: $input) { store { id } userErrors { code } }
}"""
API_KEY_CREATE = """
mutation ($input: ApiKeyCreateInput!) {
  apiKeyCreate(input: $input) { secret userErrors { code } }
}"""
STORES = "query { stores { nodes { id } } }"
STAFF_MEMBERS = "query { staffMembers { nodes { id role status } } }"
ME = "query { me { role staffMember { id } } }"


@dataclass
class Member:
    staff_gid: str
    headers: dict[str, str]


async def _join(client: httpx.AsyncClient, shop: TenantSetup, role: str) -> Member:
    """Invite someone new with `role` and accept as them."""
    email = f"{role.lower()}-{uuid.uuid4().hex[:10]}@example.com"
    invite = await call(client, STAFF_INVITE, {"input": {"email": email, "role": role}}, shop.staff)
    invited = invite["data"]["staffInvite"]
    accept = await call(
        client, INVITE_ACCEPT, {"token": invited["inviteToken"], "password": PASSWORD}
    )
    access = accept["data"]["staffInviteAccept"]["accessToken"]
    return Member(invited["staffMember"]["id"], bearer(access))


async def _owner(client: httpx.AsyncClient, shop: TenantSetup) -> Member:
    me = await call(client, ME, headers=shop.staff)
    return Member(me["data"]["me"]["staffMember"]["id"], shop.staff)


async def _set_role(
    client: httpx.AsyncClient, actor: Member, target: Member, role: str
) -> dict[str, Any]:
    variables = {"id": target.staff_gid, "role": role}
    body = await call(client, STAFF_ROLE_UPDATE, variables, actor.headers)
    payload: dict[str, Any] = body["data"]["staffRoleUpdate"]
    return payload


async def _roles(client: httpx.AsyncClient, shop: TenantSetup) -> dict[str, str]:
    body = await call(client, STAFF_MEMBERS, headers=shop.staff)
    return {n["id"]: n["role"] for n in body["data"]["staffMembers"]["nodes"]}


async def test_viewer_reads_stores_but_cannot_create_one(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Roles")
    viewer = await _join(client, shop, "VIEWER")

    stores = await call(client, STORES, headers=viewer.headers)
    create = await call(
        client, STORE_CREATE, {"input": {"name": "No", "currencyCode": "EUR"}}, viewer.headers
    )

    assert stores["data"]["stores"]["nodes"] == [{"id": shop.store_gid}]
    assert error_codes(create) == ["FORBIDDEN"]
    assert create["errors"][0]["extensions"]["requiredScope"] == "settings:manage"
    after = await call(client, STORES, headers=shop.staff)
    assert after["data"]["stores"]["nodes"] == [{"id": shop.store_gid}]


async def test_staff_role_cannot_create_api_keys_or_invite(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Roles")
    staff = await _join(client, shop, "STAFF")

    key = await call(
        client, API_KEY_CREATE, {"input": {"name": "k", "scopes": ["catalog:read"]}}, staff.headers
    )
    invite = await call(
        client, STAFF_INVITE, {"input": {"email": "x@example.com", "role": "VIEWER"}}, staff.headers
    )

    assert error_codes(key) == ["FORBIDDEN"]
    assert error_codes(invite) == ["FORBIDDEN"]
    assert key["data"] is None and invite["data"] is None


async def test_admin_can_neither_grant_nor_remove_owner(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Roles")
    owner = await _owner(client, shop)
    admin = await _join(client, shop, "ADMIN")
    staff = await _join(client, shop, "STAFF")

    promote = await _set_role(client, admin, staff, "OWNER")
    demote = await _set_role(client, admin, owner, "ADMIN")
    invite = await call(
        client, STAFF_INVITE, {"input": {"email": "o@example.com", "role": "OWNER"}}, admin.headers
    )
    allowed = await _set_role(client, admin, staff, "VIEWER")

    assert [e["code"] for e in promote["userErrors"]] == ["FORBIDDEN_ROLE"]
    assert [e["code"] for e in demote["userErrors"]] == ["FORBIDDEN_ROLE"]
    assert invite["data"]["staffInvite"]["userErrors"] == [{"code": "FORBIDDEN_ROLE"}]
    assert allowed["userErrors"] == []
    roles = await _roles(client, shop)
    assert (roles[owner.staff_gid], roles[staff.staff_gid]) == ("OWNER", "VIEWER")


async def test_owner_grants_owner_and_then_either_may_step_down(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Roles")
    owner = await _owner(client, shop)
    admin = await _join(client, shop, "ADMIN")

    granted = await _set_role(client, owner, admin, "OWNER")
    stepped_down = await _set_role(client, owner, owner, "ADMIN")

    assert granted == {"staffMember": {"id": admin.staff_gid, "role": "OWNER"}, "userErrors": []}
    assert stepped_down["userErrors"] == []
    roles = await _roles(client, shop)
    assert (roles[owner.staff_gid], roles[admin.staff_gid]) == ("ADMIN", "OWNER")


async def test_role_changes_bind_role_management_at_once_whatever_the_token_says(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Roles")
    owner = await _owner(client, shop)
    admin = await _join(client, shop, "ADMIN")
    staff = await _join(client, shop, "STAFF")
    assert (await _set_role(client, owner, admin, "OWNER"))["userErrors"] == []

    # Both still hold tokens minted with their old roles.
    handover = await _set_role(client, admin, owner, "ADMIN")
    late_grant = await _set_role(client, owner, staff, "OWNER")

    assert handover["userErrors"] == []
    assert [e["code"] for e in late_grant["userErrors"]] == ["FORBIDDEN_ROLE"]
    roles = await _roles(client, shop)
    assert [roles[m.staff_gid] for m in (owner, admin, staff)] == ["ADMIN", "OWNER", "STAFF"]


async def test_last_owner_cannot_be_demoted(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Roles")
    owner = await _owner(client, shop)
    # An owner who has not accepted yet does not keep the tenant owned.
    pending = await call(
        client, STAFF_INVITE, {"input": {"email": "p@example.com", "role": "OWNER"}}, shop.staff
    )
    assert pending["data"]["staffInvite"]["userErrors"] == []

    answer = await _set_role(client, owner, owner, "ADMIN")

    assert answer["staffMember"] is None
    assert [e["code"] for e in answer["userErrors"]] == ["LAST_OWNER"]
    assert (await _roles(client, shop))[owner.staff_gid] == "OWNER"
    me = await call(client, ME, headers=shop.staff)
    assert me["data"]["me"]["role"] == "OWNER"
    invitee = Member(pending["data"]["staffInvite"]["staffMember"]["id"], {})
    assert (await _set_role(client, owner, invitee, "ADMIN"))["userErrors"] == []


async def test_two_owners_demoting_each_other_at_once_leave_one_owner(
    tenants: TenantFactory,
) -> None:
    async with tenants.client() as client:
        shop = await tenants.create("Roles")
        first = await _owner(client, shop)
        second = await _join(client, shop, "OWNER")

    for _ in range(5):
        async with tenants.client() as one, tenants.client() as two:
            answers = await asyncio.gather(
                _set_role(one, first, second, "ADMIN"), _set_role(two, second, first, "ADMIN")
            )
        async with tenants.client() as client:
            roles = await _roles(client, shop)
        owners = [gid for gid, role in roles.items() if role == "OWNER"]
        assert len(owners) == 1, (answers, roles)
        # The later of the two sees that it was demoted meanwhile: no longer an owner.
        refused = [[e["code"] for e in a["userErrors"]] for a in answers if a["userErrors"]]
        assert refused == [["FORBIDDEN_ROLE"]], answers
        # Put the second owner back for the next round, as whoever is still owner.
        still = first if owners == [first.staff_gid] else second
        other = second if still is first else first
        async with tenants.client() as client:
            assert (await _set_role(client, still, other, "OWNER"))["userErrors"] == []
