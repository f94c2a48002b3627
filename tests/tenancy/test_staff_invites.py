"""Invites: a membership is active only once the person accepts that tenant's own invite."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from app.tenancy import secrets as creds
from tests.helpers import PASSWORD, TenantFactory, TenantSetup, call
from tests.tenancy.support import bearer, reroute, row_id, tenant_gid

STAFF_INVITE = """
mutation ($input: StaffInviteInput!) {
  staffInvite(input: $input) {
    staffMember { id email role status } inviteToken userErrors { field message code }
  }
}"""
INVITE_ACCEPT = """
mutation ($token: String!, $password: String!) {
  staffInviteAccept(token: $token, password: $password) {
    accessToken refreshToken userErrors { field message code }
  }
}"""
TOKEN_CREATE = """
mutation ($email: String!, $password: String!, $tenantId: ID) {
  tokenCreate(email: $email, password: $password, tenantId: $tenantId) {
    accessToken userErrors { field message code }
  }
}"""
ME = "query { me { email role tenant { id } } }"
STAFF_MEMBERS = "query { staffMembers(first: 50) { nodes { email status } } }"

ATTACKER_PASSWORD = "attacker chosen password"


def _email() -> str:
    return f"person-{uuid.uuid4().hex[:10]}@example.com"


async def _invite(
    client: httpx.AsyncClient, inviter: TenantSetup, email: str, role: str = "STAFF"
) -> dict[str, Any]:
    body = await call(
        client, STAFF_INVITE, {"input": {"email": email, "role": role}}, inviter.staff
    )
    payload: dict[str, Any] = body["data"]["staffInvite"]
    return payload


async def _accept(client: httpx.AsyncClient, token: str, password: str) -> dict[str, Any]:
    body = await call(client, INVITE_ACCEPT, {"token": token, "password": password})
    payload: dict[str, Any] = body["data"]["staffInviteAccept"]
    return payload


async def _sign_in(
    client: httpx.AsyncClient, email: str, password: str, tenant: TenantSetup
) -> dict[str, Any]:
    variables = {"email": email, "password": password, "tenantId": tenant_gid(tenant.tenant_id)}
    payload: dict[str, Any] = (await call(client, TOKEN_CREATE, variables))["data"]["tokenCreate"]
    return payload


async def test_invited_person_joins_with_the_token_and_is_active_after(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Invites")
    email = _email()

    invited = await _invite(client, shop, email, "VIEWER")
    assert invited["userErrors"] == []
    assert invited["staffMember"]["status"] == "INVITED"
    no_password_yet = await call(client, TOKEN_CREATE, {"email": email, "password": PASSWORD})
    assert no_password_yet["data"]["tokenCreate"]["userErrors"][0]["code"] == "INVALID_CREDENTIALS"

    accepted = await _accept(client, invited["inviteToken"], PASSWORD)
    me = await call(client, ME, headers=bearer(accepted["accessToken"]))
    assert me["data"]["me"] == {
        "email": email,
        "role": "VIEWER",
        "tenant": {"id": tenant_gid(shop.tenant_id)},
    }
    members = await call(client, STAFF_MEMBERS, headers=shop.staff)
    assert {"email": email, "status": "ACTIVE"} in members["data"]["staffMembers"]["nodes"]

    again = await _accept(client, invited["inviteToken"], PASSWORD)
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_TOKEN"]
    assert again["accessToken"] is None


async def test_invite_needs_a_long_enough_password_and_a_real_token(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Invites")
    invited = await _invite(client, shop, _email())

    short = await _accept(client, invited["inviteToken"], "short")
    garbage = await _accept(client, "eiv_not-a-token", PASSWORD)

    assert [e["code"] for e in short["userErrors"]] == ["PASSWORD_TOO_SHORT"]
    assert [e["code"] for e in garbage["userErrors"]] == ["INVALID_TOKEN"]
    assert (await _accept(client, invited["inviteToken"], PASSWORD))["userErrors"] == []


async def test_existing_member_of_another_tenant_joins_only_with_their_own_password(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    home, other = await tenants.create("Home"), await tenants.create("Other")

    invited = await _invite(client, other, home.email)
    wrong = await _accept(client, invited["inviteToken"], ATTACKER_PASSWORD)
    before = await _sign_in(client, home.email, PASSWORD, other)
    accepted = await _accept(client, invited["inviteToken"], PASSWORD)

    assert [e["code"] for e in wrong["userErrors"]] == ["INVALID_CREDENTIALS"]
    assert [e["code"] for e in before["userErrors"]] == ["NO_MEMBERSHIP"]
    me = await call(client, ME, headers=bearer(accepted["accessToken"]))
    assert me["data"]["me"]["tenant"]["id"] == tenant_gid(other.tenant_id)
    default = await call(client, TOKEN_CREATE, {"email": home.email, "password": PASSWORD})
    me = await call(client, ME, headers=bearer(default["data"]["tokenCreate"]["accessToken"]))
    assert me["data"]["me"]["tenant"]["id"] == tenant_gid(home.tenant_id)


async def test_other_tenant_cannot_take_over_a_pending_invitee(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    victim_tenant, attacker = await tenants.create("Victim"), await tenants.create("Attacker")
    email = _email()
    await _invite(client, victim_tenant, email, "ADMIN")

    # The attacker invites the same person and accepts in their place, choosing the password.
    stolen = await _invite(client, attacker, email)
    assert (await _accept(client, stolen["inviteToken"], ATTACKER_PASSWORD))["userErrors"] == []

    into_victim = await _sign_in(client, email, ATTACKER_PASSWORD, victim_tenant)
    assert into_victim["accessToken"] is None
    assert [e["code"] for e in into_victim["userErrors"]] == ["NO_MEMBERSHIP"]


async def test_claiming_an_email_first_gives_no_access_to_later_invites(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    attacker, victim_tenant = await tenants.create("Attacker"), await tenants.create("Victim")
    email = _email()
    squatted = await _invite(client, attacker, email)
    assert (await _accept(client, squatted["inviteToken"], ATTACKER_PASSWORD))["userErrors"] == []

    later = await _invite(client, victim_tenant, email, "OWNER")

    assert later["staffMember"]["status"] == "INVITED"
    into_victim = await _sign_in(client, email, ATTACKER_PASSWORD, victim_tenant)
    assert [e["code"] for e in into_victim["userErrors"]] == ["NO_MEMBERSHIP"]


async def test_invite_token_cannot_be_rerouted_to_another_tenant(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    victim_tenant, attacker = await tenants.create("Victim"), await tenants.create("Attacker")
    email = _email()
    await _invite(client, victim_tenant, email)
    stolen = await _invite(client, attacker, email)

    token = stolen["inviteToken"]
    forged = reroute(token, victim_tenant.tenant_id, row_id(creds.INVITE, token))
    answer = await _accept(client, forged, ATTACKER_PASSWORD)

    assert [e["code"] for e in answer["userErrors"]] == ["INVALID_TOKEN"]
    assert [
        e["code"]
        for e in (await _sign_in(client, email, ATTACKER_PASSWORD, victim_tenant))["userErrors"]
    ] == ["INVALID_CREDENTIALS"]


async def test_inviting_a_member_twice_is_refused_but_a_pending_invite_is_renewed(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Invites")
    email = _email()
    first = await _invite(client, shop, email)
    renewed = await _invite(client, shop, email, "VIEWER")
    member = await _invite(client, shop, shop.email)

    assert renewed["staffMember"] == {**first["staffMember"], "role": "VIEWER"}
    assert [
        e["code"] for e in (await _accept(client, first["inviteToken"], PASSWORD))["userErrors"]
    ] == ["INVALID_TOKEN"]
    assert (await _accept(client, renewed["inviteToken"], PASSWORD))["userErrors"] == []
    assert [e["code"] for e in member["userErrors"]] == ["ALREADY_MEMBER"]
    assert member["staffMember"] is None and member["inviteToken"] is None
