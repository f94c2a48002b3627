"""Categories: a tree per store. No GraphQL here.

A category's `path` lists its ancestors from the root down to itself, so "X and everything
beneath it" is `path @> ARRAY[X]` (GIN-indexed), and moving X rewrites its whole subtree in
one UPDATE.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, exists, func, literal, select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError

from app.catalog.errors import CategoryErrorCode
from app.catalog.models import categories
from app.catalog.service.taxonomy import (
    UUIDS,
    drop_translations,
    fill_handle,
    refusal,
    require_title,
    text_fields,
)
from app.db.ids import uuid7
from app.db.tenant import RequestDB
from app.errors import ServiceError
from app.unset import UNSET, Unset


@dataclass(frozen=True, slots=True)
class CategoryInput:
    title: str | None = None
    handle: str | None = None
    description_html: str | None = None
    # None moves the category to the root; UNSET leaves it where it is.
    parent_id: uuid.UUID | Unset | None = UNSET
    position: int | None = None


def _check_position(position: int | None) -> None:
    if position is not None and position < 0:
        raise ServiceError(
            CategoryErrorCode.INVALID, "Position can't be negative", ["input", "position"]
        )


async def _lock_category_tree(db: RequestDB, tenant_id: uuid.UUID) -> None:
    """Serialize changes to the shape of a tenant's category trees.

    A move rewrites the paths it read; without this, two concurrent moves could each pass
    the cycle check and together make a cycle, and a child created under a moving subtree
    could keep the path from before the move.
    """
    key = func.hashtextextended(literal(f"categories:{tenant_id}"), 0)
    await db.execute(select(func.pg_advisory_xact_lock(key)))


async def _parent(
    db: RequestDB, tenant_id: uuid.UUID, parent_id: uuid.UUID, store_id: uuid.UUID
) -> Row[Any]:
    """The would-be parent, which must be a category of the same store."""
    statement = select(categories.c.id, categories.c.store_id, categories.c.path).where(
        categories.c.tenant_id == tenant_id, categories.c.id == parent_id
    )
    parent = (await db.execute(statement)).first()
    if parent is None or parent.store_id != store_id:
        raise ServiceError(
            CategoryErrorCode.PARENT_NOT_FOUND, "Parent category not found", ["input", "parentId"]
        )
    return parent


def _next_position(tenant_id: uuid.UUID, store_id: Any, parent_id: uuid.UUID | None) -> Any:
    """The position after the last sibling, as a subquery of the INSERT."""
    return (
        select(func.coalesce(func.max(categories.c.position) + 1, 0))
        .where(
            categories.c.tenant_id == tenant_id,
            categories.c.store_id == store_id,
            categories.c.parent_id.is_not_distinct_from(parent_id),
        )
        .scalar_subquery()
    )


async def create_category(
    *, db: RequestDB, tenant_id: uuid.UUID, store_id: uuid.UUID, data: CategoryInput
) -> Row[Any]:
    codes = CategoryErrorCode
    require_title(codes, data)
    _check_position(data.position)
    values = text_fields(codes, data)
    parent_id = None if data.parent_id is UNSET else data.parent_id
    category_id = uuid7()
    async with db.unit_of_work():
        path = [category_id]
        if parent_id is not None:
            await _lock_category_tree(db, tenant_id)
            path = [*(await _parent(db, tenant_id, parent_id, store_id)).path, category_id]
        await fill_handle(
            db,
            categories,
            tenant_id=tenant_id,
            store_id=store_id,
            values=values,
            fallback="category",
        )
        position = data.position
        if position is None:
            position = _next_position(tenant_id, store_id, parent_id)
        try:
            return (
                await db.execute(
                    categories.insert()
                    .values(
                        tenant_id=tenant_id,
                        id=category_id,
                        store_id=store_id,
                        parent_id=parent_id,
                        path=path,
                        position=position,
                        updated_at=func.now(),
                        **values,
                    )
                    .returning(*categories.c)
                )
            ).one()
        except IntegrityError as exc:
            raise refusal(exc, codes) from exc


async def update_category(
    *, db: RequestDB, tenant_id: uuid.UUID, category_id: uuid.UUID, data: CategoryInput
) -> Row[Any]:
    codes = CategoryErrorCode
    values = text_fields(codes, data)
    _check_position(data.position)
    if data.position is not None:
        values["position"] = data.position
    async with db.unit_of_work():
        moving = data.parent_id is not UNSET
        if moving:
            await _lock_category_tree(db, tenant_id)
        current = (
            await db.execute(
                select(categories)
                .where(categories.c.tenant_id == tenant_id, categories.c.id == category_id)
                .with_for_update()
            )
        ).first()
        if current is None:
            raise ServiceError(codes.NOT_FOUND, "Category not found", ["id"])
        new_parent = None if data.parent_id is UNSET else data.parent_id
        moving = moving and new_parent != current.parent_id
        prefix: list[uuid.UUID] = []
        if moving and new_parent is not None:
            parent = await _parent(db, tenant_id, new_parent, current.store_id)
            if category_id in parent.path:
                raise ServiceError(
                    codes.CYCLE,
                    "A category can't be moved under itself or one of its descendants",
                    ["input", "parentId"],
                )
            prefix = list(parent.path)
        if moving:
            values["parent_id"] = new_parent
            await _move_subtree(db, tenant_id, category_id, depth=len(current.path), prefix=prefix)
        try:
            row = (
                await db.execute(
                    update(categories)
                    .values(updated_at=func.now(), **values)
                    .where(categories.c.tenant_id == tenant_id, categories.c.id == category_id)
                    .returning(*categories.c)
                )
            ).one()
        except IntegrityError as exc:
            raise refusal(exc, codes) from exc
    return row


async def _move_subtree(
    db: RequestDB,
    tenant_id: uuid.UUID,
    category_id: uuid.UUID,
    *,
    depth: int,
    prefix: list[uuid.UUID],
) -> None:
    """Re-root the category and all its descendants under `prefix`, in one statement.

    Every path in the subtree holds the category at index `depth` (1-based); what follows it
    stays, what precedes it becomes the new parent's path.
    """
    path = categories.c.path
    await db.execute(
        update(categories)
        .values(
            path=func.array_cat(
                bindparam("prefix", prefix, type_=UUIDS),
                path[depth : func.cardinality(path)],
            )
        )
        .where(
            categories.c.tenant_id == tenant_id,
            path.op("@>")(bindparam("subtree", [category_id], type_=UUIDS)),  # GIN index
        )
    )


async def delete_category(*, db: RequestDB, tenant_id: uuid.UUID, category_id: uuid.UUID) -> None:
    """Delete a category without children; its products keep existing, uncategorized."""
    codes = CategoryErrorCode
    async with db.unit_of_work():
        await _lock_category_tree(db, tenant_id)
        has_children = (
            await db.execute(
                select(
                    exists().where(
                        categories.c.tenant_id == tenant_id, categories.c.parent_id == category_id
                    )
                )
            )
        ).scalar_one()
        if has_children:
            raise ServiceError(
                codes.HAS_CHILDREN, "Move or delete the category's subcategories first", ["id"]
            )
        deleted = await db.write(
            delete(categories).where(
                categories.c.tenant_id == tenant_id, categories.c.id == category_id
            )
        )
        if deleted.rowcount == 0:
            raise ServiceError(codes.NOT_FOUND, "Category not found", ["id"])
        await drop_translations(db, tenant_id, category_id)
