"""Abandoned-cart reminders: which carts are due, and sending each step once.

Decisions recorded here:
- A cart gets step k (0, 1, 2 by default) once `delays[k]` minutes have passed since its
  last change (`updated_at`), with the store's delays (`store_checkout_settings`,
  default 60, 1440, 4320 minutes) and only in order: step k needs k sends recorded.
- Only carts with an email, consent (`email_consent_at`), lines, not expired, with no
  COMPLETED checkout (the order is placed) and whose address has not unsubscribed from the
  store. Each of these is checked again by the statement that finds due carts, at send time.
- At most once per step: the send row is claimed (inserted, unique per cart and step) and
  committed before the mail is handed to SMTP, then marked SENT or FAILED. A crash between
  the two leaves a PENDING row and no second mail; a failed send is not retried.
- The language is the store's default (carts hold none). Headers are built with the
  standard library's `EmailMessage` from a parsed `Address`, which refuses CR/LF, and the
  body is an autoescaped template: neither an email nor a name can add headers or markup.
- The message is flattened here, with RFC 5322's 998-character line limit, and handed to
  aiosmtplib as bytes: aiosmtplib's own flattening folds at 78 columns, which turns the long
  `List-Unsubscribe: <URL>` into RFC 2047 encoded-words that mail clients do not read in
  that header (no one-click unsubscribe).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from email import policy as email_policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

import aiosmtplib
from sqlalchemy import exists, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cart.models import cart_lines, carts, store_checkout_settings
from app.cart.view import load_cart
from app.checkout.models import checkouts
from app.db.ids import uuid7
from app.db.tenant import RequestDB, tenant_transaction
from app.email.models import cart_email_sends, email_unsubscribes
from app.email.templates import render_abandoned_cart
from app.email.tokens import Recipient, make_token
from app.graphql.ids import to_global_id
from app.money import format_amount
from app.settings import Settings
from app.tenancy.models import stores

DEFAULT_DELAYS = (60, 1440, 4320)


@dataclass(frozen=True, slots=True)
class DueCart:
    id: uuid.UUID
    store_id: uuid.UUID
    email: str
    step: int
    store_name: str
    domain: str | None
    language: str
    first_name: str | None


async def due_carts(engine: AsyncEngine, tenant_id: uuid.UUID, now: dt.datetime) -> list[DueCart]:
    c, s, st = carts, store_checkout_settings, stores
    sent = (
        select(func.count())
        .where(cart_email_sends.c.tenant_id == c.c.tenant_id, cart_email_sends.c.cart_id == c.c.id)
        .scalar_subquery()
    )
    statement = (
        select(
            c.c.id,
            c.c.store_id,
            c.c.email,
            c.c.updated_at,
            c.c.shipping_address,
            st.c.name,
            st.c.domain,
            st.c.default_language,
            s.c.abandoned_cart_delays_minutes.label("delays"),
            sent.label("sent"),
        )
        .select_from(
            c.join(st, (st.c.tenant_id == c.c.tenant_id) & (st.c.id == c.c.store_id)).outerjoin(
                s, (s.c.tenant_id == c.c.tenant_id) & (s.c.store_id == c.c.store_id)
            )
        )
        .where(
            c.c.tenant_id == tenant_id,
            c.c.email.is_not(None),
            c.c.email_consent_at.is_not(None),
            c.c.expires_at > now,
            exists().where(cart_lines.c.tenant_id == c.c.tenant_id, cart_lines.c.cart_id == c.c.id),
            ~exists().where(
                checkouts.c.tenant_id == c.c.tenant_id,
                checkouts.c.cart_id == c.c.id,
                checkouts.c.status == "COMPLETED",
            ),
            ~exists().where(
                email_unsubscribes.c.tenant_id == c.c.tenant_id,
                email_unsubscribes.c.store_id == c.c.store_id,
                email_unsubscribes.c.email == func.lower(c.c.email),
            ),
        )
        .order_by(c.c.updated_at, c.c.id)
    )
    async with tenant_transaction(engine, tenant_id) as conn:
        rows = (await conn.execute(statement)).all()
    due = []
    for row in rows:
        delays = tuple(row.delays or DEFAULT_DELAYS)
        step = int(row.sent)
        if step < len(delays) and now >= row.updated_at + dt.timedelta(minutes=delays[step]):
            address = row.shipping_address or {}
            due.append(
                DueCart(
                    row.id,
                    row.store_id,
                    row.email,
                    step,
                    row.name,
                    row.domain,
                    row.default_language,
                    address.get("firstName"),
                )
            )
    return due


async def _claim(
    engine: AsyncEngine, tenant_id: uuid.UUID, cart: DueCart, template: str
) -> uuid.UUID | None:
    async with tenant_transaction(engine, tenant_id) as conn:
        claimed: uuid.UUID | None = (
            await conn.execute(
                insert(cart_email_sends)
                .values(
                    tenant_id=tenant_id,
                    id=uuid7(),
                    cart_id=cart.id,
                    step=cart.step,
                    to_email=cart.email,
                    template=template,
                )
                .on_conflict_do_nothing(index_elements=["tenant_id", "cart_id", "step"])
                .returning(cart_email_sends.c.id)
            )
        ).scalar()
    return claimed


async def _record(
    engine: AsyncEngine, tenant_id: uuid.UUID, send_id: uuid.UUID, error: str | None
) -> None:
    async with tenant_transaction(engine, tenant_id) as conn:
        await conn.execute(
            update(cart_email_sends)
            .values(result="FAILED" if error else "SENT", error=error, sent_at=func.now())
            .where(cart_email_sends.c.tenant_id == tenant_id, cart_email_sends.c.id == send_id)
        )


async def _context(
    engine: AsyncEngine, settings: Settings, tenant_id: uuid.UUID, cart: DueCart
) -> dict[str, Any]:
    db = RequestDB(engine, tenant_id)
    try:
        view = await load_cart(db, tenant_id=tenant_id, store_id=cart.store_id, cart_id=cart.id)
    finally:
        await db.close(commit=False)
    currency = view.currency if view else "EUR"
    lines = [
        {
            "quantity": line.quantity,
            "title": f"{line.item.product_title} ({line.item.variant_title})"
            if line.item.variant_title
            else line.item.product_title,
            "total": f"{format_amount(line.item.unit_price * line.quantity, currency)} {currency}",
        }
        for line in (view.lines if view else ())
        if line.item is not None
    ]
    cart_gid = to_global_id("Cart", cart.id)
    base = f"https://{cart.domain}" if cart.domain else settings.public_base_url
    token = make_token(settings.jwt_secret, Recipient(tenant_id, cart.store_id, cart.email))
    return {
        "name": cart.first_name,
        "store": cart.store_name,
        "lines": lines,
        "total": f"{format_amount(view.cost.total, currency)} {currency}" if view else "",
        "restore_url": f"{base}/cart?restore={cart_gid}",
        "unsubscribe_url": f"{settings.public_base_url}/email/unsubscribe/{token}",
    }


def wire_format(message: EmailMessage, *, utf8: bool) -> bytes:
    """The message as sent: headers that fit in 998 characters are written unfolded."""
    policy = email_policy.SMTPUTF8 if utf8 else email_policy.SMTP.clone(cte_type="7bit")
    return message.as_bytes(policy=policy.clone(max_line_length=998))


def build_message(
    settings: Settings, to: str, subject: str, html: str, unsubscribe_url: str
) -> EmailMessage:
    """Raises ValueError for an address that is not one (CR/LF included)."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = Address(addr_spec=to)
    message["Subject"] = subject
    # RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the URL.
    message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content("Open this message in an HTML-capable mail client.\n" + unsubscribe_url)
    message.add_alternative(html, subtype="html")
    return message


async def send_due_reminders(
    *, engine: AsyncEngine, settings: Settings, tenant_id: uuid.UUID, now: dt.datetime | None = None
) -> int:
    """Send every due step of the tenant's carts; returns how many were handed to SMTP."""
    sent = 0
    for cart in await due_carts(engine, tenant_id, now or dt.datetime.now(dt.UTC)):
        context = await _context(engine, settings, tenant_id, cart)
        rendered = render_abandoned_cart(cart.language, cart.step, context)
        send_id = await _claim(engine, tenant_id, cart, rendered.template)
        if send_id is None:
            continue  # another sweep claimed this step
        try:
            message = build_message(
                settings, cart.email, rendered.subject, rendered.html, context["unsubscribe_url"]
            )
            sender = parseaddr(settings.smtp_from)[1]
            utf8 = not (sender + cart.email).isascii()
            await aiosmtplib.send(
                wire_format(message, utf8=utf8),
                sender=sender,
                recipients=[cart.email],
                mail_options=["SMTPUTF8"] if utf8 else None,
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_username or None,
                password=settings.smtp_password or None,
                start_tls=settings.smtp_starttls,
            )
        except (ValueError, aiosmtplib.SMTPException, OSError) as exc:
            await _record(engine, tenant_id, send_id, f"{type(exc).__name__}: {exc}"[:500])
            continue
        await _record(engine, tenant_id, send_id, None)
        sent += 1
    return sent
