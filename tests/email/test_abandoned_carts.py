"""Abandoned-cart reminders against a real SMTP server (aiosmtpd): three steps in order,
none after the order, after unsubscribing or without consent, each step at most once, and
no header or HTML injection from a crafted email or name."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from app.db.tenant import tenant_transaction
from app.email.abandoned_carts import send_due_reminders
from app.email.models import cart_email_sends
from app.email.schedule import reminder_tenants
from app.settings import Settings
from jobs.email import send_abandoned_cart_reminders
from tests.cart.support import ADDRESS, ADDRESS_UPDATE, BUYER_UPDATE, eu_zone, new_cart, variant
from tests.helpers import TenantFactory, TenantSetup, call, fetch, raw

T0 = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
HOURS = dt.timedelta(hours=1)


@dataclass
class Inbox:
    messages: list[Any] = field(default_factory=list)
    raw: list[tuple[list[str], bytes]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        self.raw.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[Any]:
        return [m for rcpts, m in self.messages if address in rcpts]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def mail_settings(app: Starlette, smtp: tuple[Inbox, int]) -> Settings:
    settings: Settings = app.state.resources.settings
    return settings.with_overrides(smtp_port=smtp[1], smtp_from="Shop <shop@example.com>")


async def cart_for(
    client: httpx.AsyncClient,
    owner: AsyncEngine,
    tenant: TenantSetup,
    address: str,
    *,
    consent: bool = True,
    first_name: str = "Ana",
) -> str:
    item = await variant(client, tenant, title=f"Lámpara {uuid.uuid4().hex[:6]}")
    cart = await new_cart(client, tenant, [{"merchandiseId": item, "quantity": 2}])
    buyer = {"email": address, "acceptsEmailMarketing": consent, "consentSource": "checkout-form"}
    body = await call(
        client, BUYER_UPDATE, {"cartId": cart["id"], "buyer": buyer}, tenant.storefront
    )
    assert body["data"]["cartBuyerIdentityUpdate"]["userErrors"] == []
    body = await call(
        client,
        ADDRESS_UPDATE,
        {"cartId": cart["id"], "address": {**ADDRESS, "firstName": first_name}},
        tenant.storefront,
    )
    assert body["data"]["cartShippingAddressUpdate"]["userErrors"] == []
    async with tenant_transaction(owner, tenant.tenant_id) as conn:
        await conn.execute(
            text("UPDATE carts SET updated_at = :t WHERE id = :c"), {"t": T0, "c": raw(cart["id"])}
        )
    return str(cart["id"])


async def sweep(
    app: Starlette, settings: Settings, tenant: TenantSetup, after: dt.timedelta
) -> int:
    return await send_due_reminders(
        engine=app.state.resources.engine,
        settings=settings,
        tenant_id=tenant.tenant_id,
        now=T0 + after,
    )


async def test_three_steps_in_order_each_once_then_unsubscribe(
    app: Starlette,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    owner_engine: AsyncEngine,
    mail_settings: Settings,
    smtp: tuple[Inbox, int],
) -> None:
    inbox = smtp[0]
    tenant = await tenants.create("Reminders", domain=f"shop-{uuid.uuid4().hex[:8]}.example")
    await eu_zone(client, tenant)
    address = f"ana-{uuid.uuid4().hex[:8]}@example.com"
    cart_id = await cart_for(client, owner_engine, tenant, address)
    # Consent is recorded on the buyer identity with its source and time.
    rows = await fetch(
        owner_engine,
        tenant,
        text("SELECT email_consent_source, email_consent_at FROM carts WHERE id = :c").bindparams(
            c=raw(cart_id)
        ),  # type: ignore[arg-type]
    )
    assert rows[0][0] == "checkout-form" and rows[0][1] is not None

    assert await sweep(app, mail_settings, tenant, 0.5 * HOURS) == 0
    assert await sweep(app, mail_settings, tenant, 1.5 * HOURS) == 1
    assert await sweep(app, mail_settings, tenant, 1.5 * HOURS) == 0  # step 0 is done
    assert await sweep(app, mail_settings, tenant, 25 * HOURS) == 1
    assert await sweep(app, mail_settings, tenant, 73 * HOURS) == 1
    assert await sweep(app, mail_settings, tenant, 500 * HOURS) == 0  # three steps only
    received = inbox.to(address)
    assert [m["Subject"] for m in received] == [
        "Tu carrito te espera",
        "¿Lo sigues pensando?",
        "Último aviso sobre tu carrito",
    ]
    first = received[0]
    html = first.get_body(("html",)).get_content()
    assert "2 x Lámpara" in html and "Hola Ana" in html
    assert f"/cart?restore={cart_id}" in html
    unsubscribe = first["List-Unsubscribe"].strip("<>")
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # On the wire the header is the bare <URL> (RFC 2369/8058), not RFC 2047 encoded-words,
    # which mail clients do not decode in it: the one-click button would not show.
    wire = next(content for rcpts, content in inbox.raw if address in rcpts)
    assert f"\r\nList-Unsubscribe: <{unsubscribe}>\r\n".encode() in wire
    sends = await fetch(
        owner_engine,
        tenant,
        select(
            cart_email_sends.c.step, cart_email_sends.c.result, cart_email_sends.c.to_email
        ).order_by(cart_email_sends.c.step),
    )
    assert [tuple(s) for s in sends] == [
        (0, "SENT", address),
        (1, "SENT", address),
        (2, "SENT", address),
    ]

    # RFC 8058 one-click: a POST to the header's URL unsubscribes; a second cart of the same
    # address gets nothing.
    path = unsubscribe.split("://", 1)[1].split("/", 1)[1]
    response = await client.post(f"/{path}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert (await client.post("/email/unsubscribe/forged.token")).status_code == 404
    await cart_for(client, owner_engine, tenant, address)
    assert await sweep(app, mail_settings, tenant, 2 * HOURS) == 0
    assert len(inbox.to(address)) == 3


async def test_none_after_order_or_without_consent(
    app: Starlette,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    owner_engine: AsyncEngine,
    mail_settings: Settings,
    smtp: tuple[Inbox, int],
) -> None:
    inbox = smtp[0]
    tenant = await tenants.create("NoReminders")
    await eu_zone(client, tenant)
    ordered = f"ordered-{uuid.uuid4().hex[:8]}@example.com"
    silent = f"silent-{uuid.uuid4().hex[:8]}@example.com"
    cart_id = await cart_for(client, owner_engine, tenant, ordered)
    await cart_for(client, owner_engine, tenant, silent, consent=False)
    assert await sweep(app, mail_settings, tenant, 1.5 * HOURS) == 1  # the ordered one, before
    async with tenant_transaction(owner_engine, tenant.tenant_id) as conn:
        await conn.execute(
            text(
                "INSERT INTO checkouts (tenant_id, id, store_id, cart_id, status, email, currency,"
                " total_amount, snapshot, reserved_until) VALUES (:t, :i, :s, :c, 'COMPLETED',"
                " :e, 'EUR', 2420, '{}', now())"
            ),
            {
                "t": tenant.tenant_id,
                "i": uuid.uuid4(),
                "s": tenant.store_id,
                "c": raw(cart_id),
                "e": ordered,
            },
        )
    assert await sweep(app, mail_settings, tenant, 80 * HOURS) == 0
    assert len(inbox.to(ordered)) == 1
    assert inbox.to(silent) == []


async def test_crafted_email_and_name_cannot_inject(
    app: Starlette,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    owner_engine: AsyncEngine,
    mail_settings: Settings,
    smtp: tuple[Inbox, int],
) -> None:
    inbox = smtp[0]
    tenant = await tenants.create("Injection")
    await eu_zone(client, tenant)
    item = await variant(client, tenant)
    cart = await new_cart(client, tenant, [{"merchandiseId": item, "quantity": 1}])
    crafted = "victim@example.com\r\nBcc: evil@example.com"
    body = await call(
        client,
        BUYER_UPDATE,
        {"cartId": cart["id"], "buyer": {"email": crafted, "acceptsEmailMarketing": True}},
        tenant.storefront,
    )
    assert body["data"]["cartBuyerIdentityUpdate"]["userErrors"][0]["code"] == "INVALID_EMAIL"

    # Even a crafted address stored behind the API's back adds no header or recipient.
    address = f"ok-{uuid.uuid4().hex[:8]}@example.com"
    cart_id = await cart_for(
        client, owner_engine, tenant, address, first_name='<img src=x onerror="alert(1)">'
    )
    other = await cart_for(client, owner_engine, tenant, f"x-{uuid.uuid4().hex[:6]}@example.com")
    async with tenant_transaction(owner_engine, tenant.tenant_id) as conn:
        await conn.execute(
            text("UPDATE carts SET email = :e WHERE id = :c"), {"e": crafted, "c": raw(other)}
        )
    await sweep(app, mail_settings, tenant, 1.5 * HOURS)
    assert inbox.to("evil@example.com") == []
    html = inbox.to(address)[0].get_body(("html",)).get_content()
    assert "<img src=x" not in html and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    failed = await fetch(
        owner_engine,
        tenant,
        select(cart_email_sends.c.result).where(cart_email_sends.c.cart_id == raw(other)),
    )
    assert [r.result for r in failed] == ["FAILED"]
    assert cart_id


async def test_the_worker_cron_sends_due_first_steps_across_tenants(
    app: Starlette,
    client: httpx.AsyncClient,
    tenants: TenantFactory,
    owner_engine: AsyncEngine,
    mail_settings: Settings,
    smtp: tuple[Inbox, int],
) -> None:
    """The cron body (jobs/worker.py) finds, outside any tenant, the tenants with consenting
    carts and sends each one's due steps inside it: here the first, at the real time."""
    inbox = smtp[0]
    addresses = []
    for name in ("CronA", "CronB"):
        tenant = await tenants.create(name, domain=f"{name.lower()}-{uuid.uuid4().hex[:8]}.example")
        await eu_zone(client, tenant)
        address = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com"
        cart_id = await cart_for(client, owner_engine, tenant, address)
        async with tenant_transaction(owner_engine, tenant.tenant_id) as conn:
            await conn.execute(  # last changed 2 hours ago: the first step (1 h) is due
                text("UPDATE carts SET updated_at = now() - interval '2 hours' WHERE id = :c"),
                {"c": raw(cart_id)},
            )
        addresses.append(address)
    silent = f"silent-{uuid.uuid4().hex[:8]}@example.com"
    await cart_for(client, owner_engine, tenant, silent, consent=False)
    ctx = {"engine": app.state.resources.engine, "settings": mail_settings}
    result = await send_abandoned_cart_reminders(ctx)
    assert result["tenants"] >= 2 and result["failedTenants"] == 0
    for address in addresses:
        [message] = inbox.to(address)
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert inbox.to(silent) == []
    # The next round finds the first steps done and the second not yet due.
    await send_abandoned_cart_reminders(ctx)
    assert [len(inbox.to(a)) for a in addresses] == [1, 1]


async def test_the_scan_policy_shows_no_cart_without_its_setting(
    app: Starlette, client: httpx.AsyncClient, tenants: TenantFactory, owner_engine: AsyncEngine
) -> None:
    tenant = await tenants.create("ScanOff")
    await eu_zone(client, tenant)
    await cart_for(client, owner_engine, tenant, f"off-{uuid.uuid4().hex[:8]}@example.com")
    async with tenant_transaction(app.state.resources.engine, None) as conn:
        unscoped = (await conn.execute(text("SELECT count(*) FROM carts"))).scalar()
    assert unscoped == 0
    assert tenant.tenant_id in await reminder_tenants(app.state.resources.engine)
