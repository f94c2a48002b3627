"""Staff sign-in: passwords, access-token expiry, refresh rotation, reuse detection, revocation."""

from __future__ import annotations

import dataclasses
import time
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import Settings
from app.tenancy import secrets as creds
from app.tenancy.auth import Membership, encode_access_token
from tests.helpers import PASSWORD, TenantFactory, TenantSetup, call, error_codes
from tests.tenancy.support import bearer, row_id, set_in_tenant, tenant_gid, uuid_of

TOKEN_CREATE = """
mutation ($email: String!, $password: String!, $tenantId: ID) {
  tokenCreate(email: $email, password: $password, tenantId: $tenantId) {
    accessToken refreshToken expiresAt userErrors { field message code }
  }
}"""
TOKEN_REFRESH = """
mutation ($token: String!) {
  tokenRefresh(refreshToken: $token) {
    accessToken refreshToken expiresAt userErrors { field message code }
  }
}"""
TOKEN_REVOKE = """
mutation ($token: String) {
  tokenRevoke(refreshToken: $token) { revoked userErrors { field message code } }
}"""
ME = "query { me { email role } }"
WHO = "query { me { userId staffMember { id } } }"

EXPIRED_REFRESH = (
    "UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE id = :id"
)


async def _sign_in(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD
) -> dict[str, Any]:
    body = await call(client, TOKEN_CREATE, {"email": email, "password": password})
    payload: dict[str, Any] = body["data"]["tokenCreate"]
    return payload


async def _refresh(client: httpx.AsyncClient, token: str) -> dict[str, Any]:
    body = await call(client, TOKEN_REFRESH, {"token": token})
    payload: dict[str, Any] = body["data"]["tokenRefresh"]
    return payload


async def _me(client: httpx.AsyncClient, access_token: str) -> dict[str, Any]:
    return await call(client, ME, headers=bearer(access_token))


def _codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def _membership(client: httpx.AsyncClient, shop: TenantSetup) -> Membership:
    """The signed-in owner's real membership, to mint tokens for it directly."""
    me = (await call(client, WHO, headers=shop.staff))["data"]["me"]
    return Membership(
        shop.tenant_id, uuid_of(me["staffMember"]["id"]), uuid_of(me["userId"]), "OWNER"
    )


async def test_sign_in_gives_tokens_that_identify_the_staff_member(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Auth")

    tokens = await _sign_in(client, shop.email.upper())

    assert tokens["userErrors"] == []
    assert tokens["refreshToken"].startswith("ert_")
    me = await _me(client, tokens["accessToken"])
    assert me == {"data": {"me": {"email": shop.email, "role": "OWNER"}}}


async def test_wrong_password_and_unknown_email_answer_the_same(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Auth")

    wrong_password = await _sign_in(client, shop.email, "not the password at all")
    unknown_email = await _sign_in(client, f"nobody-{uuid.uuid4().hex}@example.com")

    assert wrong_password == unknown_email
    assert _codes(wrong_password) == ["INVALID_CREDENTIALS"]
    assert wrong_password["accessToken"] is None


async def test_repeated_failures_for_one_email_are_slowed_down(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    email = f"guess-{uuid.uuid4().hex}@example.com"

    durations = []
    for _ in range(7):
        started = time.monotonic()
        answer = await _sign_in(client, email, "a wrong guess")
        durations.append(time.monotonic() - started)
        assert _codes(answer) == ["INVALID_CREDENTIALS"]

    base = settings.login_delay_base_seconds
    assert all(d >= base for d in durations[4:]), durations
    # The password check alone takes a while and varies; the first three attempts (not yet
    # slowed) show how fast it can be, and the 6th and 7th wait the capped 4 x base on top.
    assert min(durations[5:]) - min(durations[:3]) >= base, durations


async def test_unknown_tenant_id_is_no_membership_not_some_other_tenant(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop, other = await tenants.create("Auth"), await tenants.create("Other")
    for tenant_id in (other.store_gid, tenant_gid(other.tenant_id)):
        variables = {"email": shop.email, "password": PASSWORD, "tenantId": tenant_id}
        body = await call(client, TOKEN_CREATE, variables)
        payload = body["data"]["tokenCreate"]
        assert _codes(payload) == ["NO_MEMBERSHIP"], tenant_id
        assert payload["accessToken"] is None
    malformed = {"email": shop.email, "password": PASSWORD, "tenantId": "not-an-id"}
    assert error_codes(await call(client, TOKEN_CREATE, malformed)) == ["BAD_USER_INPUT"]


async def test_expired_access_token_is_refused_with_a_reason(
    client: httpx.AsyncClient, tenants: TenantFactory, settings: Settings
) -> None:
    shop = await tenants.create("Auth")
    member = await _membership(client, shop)
    expired_settings = dataclasses.replace(settings, access_token_ttl_seconds=-1)
    expired, _ = encode_access_token(expired_settings, member, uuid.uuid4())
    fresh, _ = encode_access_token(settings, member, uuid.uuid4())
    assert (await _me(client, fresh))["data"]["me"]["email"] == shop.email

    body = await _me(client, expired)

    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert "expired" in body["errors"][0]["message"]
    assert body["data"] is None


@pytest.mark.parametrize(
    "token",
    ["not.a.jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", ""],
    ids=["garbage", "alg-none", "empty"],
)
async def test_malformed_access_token_is_unauthenticated(
    client: httpx.AsyncClient, token: str
) -> None:
    body = await _me(client, token)
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_access_token_signed_with_another_secret_is_refused(
    client: httpx.AsyncClient, tenants: TenantFactory, settings: Settings
) -> None:
    shop = await tenants.create("Auth")
    forged_settings = dataclasses.replace(settings, jwt_secret="another-secret-" + "y" * 32)
    forged, _ = encode_access_token(forged_settings, await _membership(client, shop), uuid.uuid4())

    body = await _me(client, forged)

    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["errors"][0]["message"] == "Invalid access token"


async def test_refresh_rotates_and_a_replayed_token_ends_the_whole_session(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Auth")
    first = await _refresh(client, shop.refresh_token)
    second = await _refresh(client, first["refreshToken"])
    assert _codes(first) == _codes(second) == []
    assert len({shop.refresh_token, first["refreshToken"], second["refreshToken"]}) == 3
    assert (await _me(client, second["accessToken"]))["data"]["me"]["email"] == shop.email

    replayed = await _refresh(client, first["refreshToken"])

    assert _codes(replayed) == ["TOKEN_REUSED"]
    assert replayed["accessToken"] is None
    assert _codes(await _refresh(client, second["refreshToken"])) == ["INVALID_TOKEN"]
    for access in (shop.access_token, first["accessToken"], second["accessToken"]):
        body = await _me(client, access)
        assert error_codes(body) == ["UNAUTHENTICATED"]
        assert body["errors"][0]["message"] == "Access token revoked"


async def test_replay_does_not_end_the_same_persons_other_sessions(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Auth")
    other_session = await _sign_in(client, shop.email)
    rotated = await _refresh(client, shop.refresh_token)
    assert _codes(await _refresh(client, shop.refresh_token)) == ["TOKEN_REUSED"]

    assert error_codes(await _me(client, rotated["accessToken"])) == ["UNAUTHENTICATED"]
    assert (await _me(client, other_session["accessToken"]))["data"]["me"]["email"] == shop.email
    assert _codes(await _refresh(client, other_session["refreshToken"])) == []


async def test_expired_refresh_token_is_refused(
    client: httpx.AsyncClient, tenants: TenantFactory, engine: AsyncEngine
) -> None:
    shop = await tenants.create("Auth")
    token_row = row_id(creds.REFRESH, shop.refresh_token)
    await set_in_tenant(engine, shop.tenant_id, EXPIRED_REFRESH, {"id": token_row})

    answer = await _refresh(client, shop.refresh_token)

    assert _codes(answer) == ["TOKEN_EXPIRED"]
    assert answer["refreshToken"] is None


@pytest.mark.parametrize("token", ["ert_short.x", "esk_" + "A" * 43 + ".x", "nonsense"])
async def test_malformed_refresh_token_is_invalid(client: httpx.AsyncClient, token: str) -> None:
    assert _codes(await _refresh(client, token)) == ["INVALID_TOKEN"]
    revoke = (await call(client, TOKEN_REVOKE, {"token": token}))["data"]["tokenRevoke"]
    assert revoke["revoked"] is False
    assert _codes(revoke) == ["INVALID_TOKEN"]


async def test_revoke_with_a_refresh_token_ends_that_session_only(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Auth")
    other_session = await _sign_in(client, shop.email)

    body = await call(client, TOKEN_REVOKE, {"token": shop.refresh_token})

    assert body["data"]["tokenRevoke"] == {"revoked": True, "userErrors": []}
    assert error_codes(await _me(client, shop.access_token)) == ["UNAUTHENTICATED"]
    assert _codes(await _refresh(client, shop.refresh_token)) == ["INVALID_TOKEN"]
    assert (await _me(client, other_session["accessToken"]))["data"]["me"]["email"] == shop.email


async def test_revoke_without_argument_ends_the_callers_session(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Auth")

    body = await call(client, TOKEN_REVOKE, headers=shop.staff)

    assert body["data"]["tokenRevoke"] == {"revoked": True, "userErrors": []}
    assert error_codes(await _me(client, shop.access_token)) == ["UNAUTHENTICATED"]
    assert _codes(await _refresh(client, shop.refresh_token)) == ["INVALID_TOKEN"]


async def test_revoke_without_argument_needs_a_staff_session(
    client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    shop = await tenants.create("Auth")
    key = await tenants.api_key(shop, ["settings:read"])

    anonymous = await call(client, TOKEN_REVOKE)
    with_key = await call(client, TOKEN_REVOKE, headers=bearer(key))
    with_storefront = await call(client, TOKEN_REVOKE, headers=shop.storefront)

    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
    assert error_codes(with_key) == ["FORBIDDEN"]
    assert error_codes(with_storefront) == ["FORBIDDEN"]
    assert (await _me(client, shop.access_token))["data"]["me"]["email"] == shop.email
