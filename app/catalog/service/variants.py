"""Variant writes: the bulk create and bulk update of one product's variants.

Statement counts depend on the operation, never on the number of variants.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError

from app.catalog import rules
from app.catalog.errors import ProductErrorCode as Code
from app.catalog.models import product_options, product_variants
from app.catalog.service.writes import (
    check_skus_free,
    insert_variants,
    lock_product,
    refresh_price_range,
    sku_taken,
)
from app.db.metadata import any_of
from app.db.tenant import RequestDB
from app.unset import UNSET, Unset

v = product_variants


@dataclass(frozen=True, slots=True)
class VariantChanges:
    """The fields of one variant to change; `id` None when the given ID was not a variant's."""

    id: uuid.UUID | None
    price: str | Unset | None = UNSET
    compare_at_price: str | Unset | None = UNSET
    sku: str | Unset | None = UNSET
    option_values: Sequence[str] | Unset | None = UNSET
    barcode: str | Unset | None = UNSET
    weight_grams: int | Unset | None = UNSET


async def _options(db: RequestDB, tenant_id: uuid.UUID, product_id: uuid.UUID) -> list[Any]:
    return list(
        await db.execute(
            select(product_options.c.id, product_options.c["values"])
            .where(
                product_options.c.tenant_id == tenant_id, product_options.c.product_id == product_id
            )
            .order_by(product_options.c.position)
        )
    )


async def _save_option_values(
    db: RequestDB, tenant_id: uuid.UUID, options: list[Any], values: list[list[str]]
) -> None:
    """Store option values that variants introduced (one executemany, only when any)."""
    grown = [
        {"b_id": o.id, "b_values": vals}
        for o, vals in zip(options, values, strict=True)
        if len(vals) != len(o.values)
    ]
    if grown:
        await db.execute(
            update(product_options)
            .where(
                product_options.c.tenant_id == tenant_id, product_options.c.id == bindparam("b_id")
            )
            .values({"values": bindparam("b_values")}),
            grown,
        )


async def create_variants(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    product_id: uuid.UUID,
    variants: Sequence[rules.VariantSpec],
) -> list[uuid.UUID]:
    """Add variants to a product; option values they introduce join the product's options."""
    if not variants:
        raise rules.fail(Code.INVALID, "Give at least one variant", ["variants"])
    async with db.unit_of_work():
        locked = await lock_product(db, tenant_id, product_id, "productId")
        options = await _options(db, tenant_id, product_id)
        existing = list(
            await db.execute(
                select(v.c.option_values, v.c.position).where(
                    v.c.tenant_id == tenant_id, v.c.product_id == product_id
                )
            )
        )
        if len(existing) + len(variants) > rules.MAX_VARIANTS:
            raise rules.fail(
                Code.TOO_MANY_VARIANTS,
                f"A product has at most {rules.MAX_VARIANTS} variants",
                ["variants"],
            )
        values = [list(o.values) for o in options]
        rows, paths = [], []
        for index, spec in enumerate(variants):
            path = ("variants", str(index))
            matched = rules.match_options(
                spec.option_values, values, (*path, "optionValues"), extend=True
            )
            rows.append(
                rules.variant_row(spec, currency=locked.currency, option_values=matched, path=path)
            )
            paths.append(path)
        rules.distinct_combinations(
            [(r.option_values, None) for r in existing]
            + [
                (row.option_values, (*p, "optionValues"))
                for row, p in zip(rows, paths, strict=True)
            ]
        )
        skus = [(row.sku, (*p, "sku")) for row, p in zip(rows, paths, strict=True)]
        rules.distinct_skus(skus)
        await check_skus_free(db, tenant_id, locked.store_id, skus)
        await _save_option_values(db, tenant_id, options, values)
        position = max((r.position for r in existing), default=-1) + 1
        ids = await insert_variants(
            db,
            tenant_id=tenant_id,
            store_id=locked.store_id,
            product_id=product_id,
            rows=rows,
            first_position=position,
            field=("variants",),
        )
        await refresh_price_range(db, tenant_id, product_id)
    return ids


def _merged(
    change: VariantChanges,
    current: Any,
    values: list[list[str]],
    currency: str,
    path: rules.Path,
) -> rules.VariantRow:
    """The variant's row after applying `change`, validated as a whole."""

    def pick(given: Any, stored: Any) -> Any:
        return stored if given is UNSET else given

    option_values = (
        list(current.option_values)
        if change.option_values is UNSET
        else rules.match_options(change.option_values, values, (*path, "optionValues"), extend=True)
    )
    row = rules.variant_row(
        rules.VariantSpec(
            # A left-out price is validated as "0" and then replaced by the stored amount;
            # a null price is refused by variant_row.
            price="0" if change.price is UNSET else change.price,
            compare_at_price=pick(change.compare_at_price, None),
            sku=pick(change.sku, current.sku),
            barcode=pick(change.barcode, current.barcode),
            weight_grams=pick(change.weight_grams, current.weight_grams),
        ),
        currency=currency,
        option_values=option_values,
        path=path,
    )
    if change.price is UNSET:
        row.price_amount = current.price_amount
    if change.compare_at_price is UNSET:
        row.compare_at_amount = current.compare_at_amount
    return row


async def update_variants(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    product_id: uuid.UUID,
    changes: Sequence[VariantChanges],
) -> list[uuid.UUID]:
    """Change several variants of one product at once; all or nothing."""
    if not changes:
        raise rules.fail(Code.INVALID, "Give at least one variant", ["variants"])
    async with db.unit_of_work():
        locked = await lock_product(db, tenant_id, product_id, "productId")
        current = {
            r.id: r
            for r in await db.execute(
                select(
                    v.c.id,
                    v.c.sku,
                    v.c.price_amount,
                    v.c.compare_at_amount,
                    v.c.barcode,
                    v.c.weight_grams,
                    v.c.option_values,
                ).where(v.c.tenant_id == tenant_id, v.c.product_id == product_id)
            )
        }
        options = await _options(db, tenant_id, product_id)
        values = [list(o.values) for o in options]
        merged: dict[uuid.UUID, tuple[rules.VariantRow, rules.Path]] = {}
        for index, change in enumerate(changes):
            path = ("variants", str(index))
            if change.id is None or change.id not in current:
                raise rules.fail(Code.NOT_FOUND, "Variant not found on this product", (*path, "id"))
            if change.id in merged:
                raise rules.fail(Code.INVALID, "Variant is given twice", (*path, "id"))
            merged[change.id] = (
                _merged(change, current[change.id], values, locked.currency, path),
                path,
            )
        rules.distinct_combinations(
            [(r.option_values, None) for i, r in current.items() if i not in merged]
            + [(row.option_values, (*p, "optionValues")) for row, p in merged.values()]
        )
        skus = [(row.sku, (*p, "sku")) for row, p in merged.values()]
        rules.distinct_skus(skus)
        await check_skus_free(db, tenant_id, locked.store_id, skus, ignore=set(merged))
        await _save_option_values(db, tenant_id, options, values)
        # SKUs move first to NULL: the unique key is checked row by row, so two variants
        # swapping SKUs would otherwise collide half-way.
        moved = [i for i, (row, _) in merged.items() if row.sku != current[i].sku]
        if any(current[i].sku is not None for i in moved):
            await db.execute(
                update(v)
                .values(sku=None)
                .where(v.c.tenant_id == tenant_id, v.c.id == any_of(moved))
            )
        await _write_variants(db, tenant_id, merged)
        await refresh_price_range(db, tenant_id, product_id)
    return list(merged)


async def _write_variants(
    db: RequestDB,
    tenant_id: uuid.UUID,
    merged: dict[uuid.UUID, tuple[rules.VariantRow, rules.Path]],
) -> None:
    """Every changed variant with one executemany UPDATE of full rows."""
    columns = (
        "sku",
        "title",
        "price_amount",
        "compare_at_amount",
        "barcode",
        "weight_grams",
        "option_values",
    )
    statement = (
        update(v)
        .where(v.c.tenant_id == tenant_id, v.c.id == bindparam("b_id"))
        .values({**{c: bindparam(f"b_{c}") for c in columns}, "updated_at": func.now()})
    )
    params = [
        {"b_id": variant_id, **{f"b_{c}": getattr(row, c) for c in columns}}
        for variant_id, (row, _) in merged.items()
    ]
    try:
        await db.execute(statement, params)
    except IntegrityError as exc:
        raise sku_taken(exc, ("variants",)) from exc
