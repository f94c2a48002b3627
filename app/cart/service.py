"""Cart verbs. Each runs in a savepoint, starts by touching the cart (which locks it, checks
it belongs to the store and has not expired, and pushes its expiry), and raises ServiceError
to leave nothing half-written."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, func, literal_column, select, text, update
from sqlalchemy.dialects.postgresql import insert

from app.cart import rules
from app.cart.errors import CartErrorCode as Code
from app.cart.expiry import schedule_expiry
from app.cart.models import cart_lines, carts, store_checkout_settings
from app.cart.view import DEFAULT_CART_TTL_MINUTES, CartView, load_cart
from app.catalog.purchasable import load_purchasable
from app.db.ids import uuid7
from app.db.metadata import any_of
from app.db.tenant import RequestDB
from app.discounts.rules import normalize_code
from app.errors import ServiceError
from app.shipping.service import ships_to


@dataclass(frozen=True, slots=True, kw_only=True)
class LineData:
    variant_id: uuid.UUID | None  # None: the ID was not a variant's
    quantity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class LineUpdate:
    line_id: uuid.UUID | None
    quantity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class BuyerIdentity:
    email: str | None = None
    country_code: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CartData:
    lines: Sequence[LineData] = field(default_factory=tuple)
    buyer_identity: BuyerIdentity | None = None
    discount_codes: Sequence[str] = field(default_factory=tuple)


# Quantity 0 rows are deleted right after; GREATEST keeps the CHECK (>= 1) quiet meanwhile.
_SET_QUANTITIES = text(
    "UPDATE cart_lines l SET quantity = greatest(v.quantity, 1) "
    "FROM (SELECT unnest(CAST(:ids AS uuid[])) AS id, "
    "unnest(CAST(:quantities AS integer[])) AS quantity) v "
    "WHERE l.tenant_id = :tenant_id AND l.cart_id = :cart_id AND l.id = v.id "
    "RETURNING l.id, l.variant_id, l.quantity"
)


def _ttl(tenant_id: uuid.UUID, store_id: uuid.UUID) -> object:
    s = store_checkout_settings
    minutes = (
        select(s.c.cart_ttl_minutes)
        .where(s.c.tenant_id == tenant_id, s.c.store_id == store_id)
        .scalar_subquery()
    )
    return func.now() + func.make_interval(
        0, 0, 0, 0, 0, func.coalesce(minutes, DEFAULT_CART_TTL_MINUTES)
    )


async def _touch(
    db: RequestDB, tenant_id: uuid.UUID, store_id: uuid.UUID, cart_id: uuid.UUID, **values: object
) -> int:
    """Lock the cart and push its expiry; returns its number of lines."""
    c = carts
    count = (
        select(func.count())
        .where(cart_lines.c.tenant_id == tenant_id, cart_lines.c.cart_id == cart_id)
        .scalar_subquery()
    )
    row = (
        await db.execute(
            update(c)
            .values(updated_at=func.now(), expires_at=_ttl(tenant_id, store_id), **values)
            .where(
                c.c.tenant_id == tenant_id,
                c.c.id == cart_id,
                c.c.store_id == store_id,
                c.c.expires_at > func.now(),
            )
            .returning(count.label("lines"))
        )
    ).first()
    if row is None:
        raise ServiceError(Code.NOT_FOUND, "Cart not found", ["cartId"])
    lines: int = row.lines
    return lines


def _merged(lines: Sequence[LineData]) -> dict[uuid.UUID, int]:
    """Quantities by variant, the same variant twice in one call added up."""
    merged: dict[uuid.UUID, int] = {}
    for i, line in enumerate(lines):
        rules.check_quantity(line.quantity, ["lines", str(i), "quantity"])
        if line.variant_id is None:
            raise ServiceError(
                Code.INVALID_MERCHANDISE, "Not a product variant ID", ["lines", str(i)]
            )
        merged[line.variant_id] = merged.get(line.variant_id, 0) + line.quantity
    return merged


async def _add(
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    wanted: dict[uuid.UUID, int],
    lines_before: int,
) -> None:
    if not wanted:
        return
    items = await load_purchasable(db, tenant_id=tenant_id, variant_ids=wanted)
    for variant_id in wanted:
        item = items.get(variant_id)
        if item is None or not item.active or item.store_id != store_id:
            raise ServiceError(
                Code.INVALID_MERCHANDISE, f"Variant {variant_id} is not for sale", ["lines"]
            )
    cl = cart_lines
    statement = insert(cl).values(
        [
            {
                "tenant_id": tenant_id,
                "id": uuid7(),
                "cart_id": cart_id,
                "variant_id": variant_id,
                "quantity": quantity,
            }
            for variant_id, quantity in wanted.items()
        ]
    )
    # LEAST keeps the CHECK (<= 1000) from turning an absurd total into an IntegrityError;
    # the limit below answers it.
    upsert = statement.on_conflict_do_update(
        index_elements=[cl.c.tenant_id, cl.c.cart_id, cl.c.variant_id],
        set_={"quantity": func.least(cl.c.quantity + statement.excluded.quantity, 1000)},
    ).returning(cl.c.variant_id, cl.c.quantity, literal_column("(xmax = 0)").label("inserted"))
    rows = list(await db.execute(upsert))
    _check_result(rows, items, lines_before + sum(1 for r in rows if r.inserted))


def _check_result(rows: Sequence[object], items: Mapping[uuid.UUID, object], lines: int) -> None:
    if lines > rules.MAX_LINES:
        raise ServiceError(Code.TOO_MANY_LINES, f"A cart holds at most {rules.MAX_LINES} lines")
    for row in rows:
        variant_id, quantity = row.variant_id, row.quantity  # type: ignore[attr-defined]
        if quantity > rules.MAX_LINE_QUANTITY:
            raise ServiceError(
                Code.QUANTITY_ABOVE_LIMIT, f"At most {rules.MAX_LINE_QUANTITY} per line", ["lines"]
            )
        available = items[variant_id].available  # type: ignore[attr-defined]
        if quantity > available:
            raise ServiceError(
                Code.NOT_ENOUGH_STOCK, f"Only {available} in stock for {variant_id}", ["lines"]
            )


async def create_cart(
    *, db: RequestDB, tenant_id: uuid.UUID, store_id: uuid.UUID, data: CartData
) -> uuid.UUID:
    wanted = _merged(data.lines)
    identity = _identity_values(data.buyer_identity) if data.buyer_identity else {}
    codes = _codes(data.discount_codes)
    cart_id = uuid7()
    async with db.unit_of_work():
        await db.execute(
            insert(carts).values(
                tenant_id=tenant_id,
                id=cart_id,
                store_id=store_id,
                discount_codes=codes,
                updated_at=func.now(),
                expires_at=_ttl(tenant_id, store_id),
                **identity,
            )
        )
        await schedule_expiry(db, tenant_id=tenant_id, at=_ttl(tenant_id, store_id))
        await _add(db, tenant_id, store_id, cart_id, wanted, 0)
        if codes:
            await _check_codes(db, tenant_id, store_id, cart_id)
    return cart_id


async def add_lines(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    lines: Sequence[LineData],
) -> None:
    wanted = _merged(lines)
    if not wanted:
        raise ServiceError(Code.INVALID_QUANTITY, "No lines given", ["lines"])
    async with db.unit_of_work():
        before = await _touch(db, tenant_id, store_id, cart_id)
        await _add(db, tenant_id, store_id, cart_id, wanted, before)


async def update_lines(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    lines: Sequence[LineUpdate],
) -> None:
    """Set quantities; quantity 0 removes the line (as Shopify's cartLinesUpdate does)."""
    wanted: dict[uuid.UUID, int] = {}
    for i, line in enumerate(lines):
        if line.line_id is None:
            raise ServiceError(Code.LINE_NOT_FOUND, "Not a cart line ID", ["lines", str(i), "id"])
        if line.quantity != 0:
            rules.check_quantity(line.quantity, ["lines", str(i), "quantity"])
        wanted[line.line_id] = line.quantity
    async with db.unit_of_work():
        await _touch(db, tenant_id, store_id, cart_id)
        rows = list(
            await db.execute(
                _SET_QUANTITIES,
                {
                    "tenant_id": tenant_id,
                    "cart_id": cart_id,
                    "ids": list(wanted),
                    "quantities": list(wanted.values()),
                },
            )
        )
        if len(rows) != len(wanted):
            raise ServiceError(Code.LINE_NOT_FOUND, "Cart line not found", ["lines"])
        removed = [line_id for line_id, quantity in wanted.items() if quantity == 0]
        if removed:
            await _delete_lines(db, tenant_id, cart_id, removed)
        kept = [r for r in rows if wanted[r.id] != 0]
        if kept:
            items = await load_purchasable(
                db, tenant_id=tenant_id, variant_ids=[r.variant_id for r in kept]
            )
            _check_result(kept, items, 0)


async def _delete_lines(
    db: RequestDB, tenant_id: uuid.UUID, cart_id: uuid.UUID, line_ids: Sequence[uuid.UUID]
) -> int:
    cl = cart_lines
    result = await db.write(
        delete(cl).where(
            cl.c.tenant_id == tenant_id, cl.c.cart_id == cart_id, cl.c.id == any_of(line_ids)
        )
    )
    return result.rowcount


async def remove_lines(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    line_ids: Sequence[uuid.UUID | None],
) -> None:
    ids = set(line_ids)
    if None in ids or not ids:
        raise ServiceError(Code.LINE_NOT_FOUND, "Not a cart line ID", ["lineIds"])
    async with db.unit_of_work():
        await _touch(db, tenant_id, store_id, cart_id)
        if await _delete_lines(db, tenant_id, cart_id, [i for i in ids if i]) != len(ids):
            raise ServiceError(Code.LINE_NOT_FOUND, "Cart line not found", ["lineIds"])


def _codes(codes: Sequence[str]) -> list[str]:
    cleaned = list(dict.fromkeys(normalize_code(c) for c in codes if c.strip()))
    if len(cleaned) > rules.MAX_CODES:
        raise ServiceError(
            Code.INVALID_DISCOUNT_CODE, f"At most {rules.MAX_CODES} codes", ["discountCodes"]
        )
    if any(len(c) > 50 for c in cleaned):
        raise ServiceError(Code.INVALID_DISCOUNT_CODE, "Unknown discount code", ["discountCodes"])
    return cleaned


async def _check_codes(
    db: RequestDB, tenant_id: uuid.UUID, store_id: uuid.UUID, cart_id: uuid.UUID
) -> None:
    """Every code the shopper enters must exist and apply to the cart now (the first one
    that applies is the one used; a code that stops applying later stays, shown as
    not applicable, and costs nothing)."""
    view = await load_cart(db, tenant_id=tenant_id, store_id=store_id, cart_id=cart_id)
    assert view is not None
    for code in view.codes:
        if code.discount is None:
            raise ServiceError(
                Code.INVALID_DISCOUNT_CODE, f"Unknown discount code {code.code}", ["discountCodes"]
            )
        if not code.applicable:
            raise ServiceError(
                Code.DISCOUNT_CODE_NOT_APPLICABLE,
                f"Code {code.code} does not apply to this cart ({code.reason})",
                ["discountCodes"],
            )


async def update_discount_codes(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    codes: Sequence[str],
) -> None:
    cleaned = _codes(codes)
    async with db.unit_of_work():
        await _touch(db, tenant_id, store_id, cart_id, discount_codes=cleaned)
        if cleaned:
            await _check_codes(db, tenant_id, store_id, cart_id)


def _identity_values(identity: BuyerIdentity) -> dict[str, object]:
    values: dict[str, object] = {}
    if identity.email is not None:
        values["email"] = rules.check_email(identity.email) if identity.email.strip() else None
    if identity.phone is not None:
        values["phone"] = rules.check_phone(identity.phone) if identity.phone.strip() else None
    if identity.country_code is not None:
        values["country_code"] = rules.check_country(identity.country_code, ["countryCode"])
    return values


async def update_buyer_identity(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    identity: BuyerIdentity,
) -> None:
    values = _identity_values(identity)
    async with db.unit_of_work():
        await _touch(db, tenant_id, store_id, cart_id, **values)


async def update_shipping_address(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    address: Mapping[str, str | None],
) -> None:
    cleaned = rules.clean_address(address)
    country = cleaned["countryCode"]
    assert country is not None
    async with db.unit_of_work():
        await _touch(db, tenant_id, store_id, cart_id, shipping_address=cleaned)
        if not await ships_to(db, tenant_id=tenant_id, store_id=store_id, country=country):
            raise ServiceError(
                Code.UNSHIPPABLE_COUNTRY,
                f"This store does not ship to {country}",
                ["address", "countryCode"],
            )


async def select_delivery_option(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    cart_id: uuid.UUID,
    handle: str,
) -> None:
    async with db.unit_of_work():
        await _touch(db, tenant_id, store_id, cart_id, delivery_option_handle=handle[:100])
        view = await load_cart(db, tenant_id=tenant_id, store_id=store_id, cart_id=cart_id)
        if view is None or view.selected is None:
            raise ServiceError(
                Code.INVALID_DELIVERY_OPTION,
                "Not one of the cart's delivery options (set a shipping address first)",
                ["deliveryOptionHandle"],
            )


async def get_cart(
    *, db: RequestDB, tenant_id: uuid.UUID, store_id: uuid.UUID, cart_id: uuid.UUID
) -> CartView | None:
    return await load_cart(db, tenant_id=tenant_id, store_id=store_id, cart_id=cart_id)
