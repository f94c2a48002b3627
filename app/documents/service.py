"""Trusted documents in PostgreSQL, APQ texts in Redis.

APQ texts are a cache (ARCHITECTURE: Redis holds nothing that cannot be rebuilt): a client
that gets PersistedQueryNotFound sends the text again. They are kept in one Redis hash per
tenant, bounded: a Lua script evicts a random entry when the hash is full, in the same round
trip as the write, so a tenant (or an anonymous caller) cannot grow Redis without limit.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from app.db.tenant import RequestDB
from app.documents.errors import DocumentErrorCode
from app.documents.models import persisted_documents
from app.documents.rules import check_manifest
from app.errors import ServiceError

log = logging.getLogger("edestory.documents")

APQ_TTL_SECONDS = 7 * 24 * 3600
_APQ_PUT = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0
   and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then
  redis.call('HDEL', KEYS[1], redis.call('HRANDFIELD', KEYS[1]))
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
"""


def apq_key(tenant_id: uuid.UUID | None) -> str:
    return f"apq:{tenant_id or 'public'}"


async def apq_get(redis: Redis, tenant_id: uuid.UUID | None, digest: str) -> str | None:
    """The registered text, or None (also when Redis is down: the client sends the text)."""
    try:
        raw: Any = await redis.hget(apq_key(tenant_id), digest)  # type: ignore[misc]
    except Exception:
        log.warning("APQ lookup failed; answering PersistedQueryNotFound", exc_info=True)
        return None
    return raw.decode() if isinstance(raw, bytes) else raw


async def apq_put(
    redis: Redis, tenant_id: uuid.UUID | None, digest: str, text: str, *, max_entries: int
) -> None:
    """Remember a verified text; a failure is logged and the request still runs."""
    try:
        await redis.eval(  # type: ignore[misc]
            _APQ_PUT, 1, apq_key(tenant_id), digest, text, str(max_entries), str(APQ_TTL_SECONDS)
        )
    except Exception:
        log.warning("APQ registration failed; the text runs unregistered", exc_info=True)


async def find_document(
    db: RequestDB, *, tenant_id: uuid.UUID, store_id: uuid.UUID | None, document_id: str
) -> str | None:
    """A registered document's text: the store's (storefronts), or any of the tenant's
    stores (API keys and staff, who are tenant-wide)."""
    t = persisted_documents.c
    query = select(t.body).where(t.tenant_id == tenant_id, t.document_id == document_id)
    if store_id is not None:
        query = query.where(t.store_id == store_id)
    row = (await db.execute(query.limit(1))).first()
    return None if row is None else str(row.body)


async def register_manifest(
    *,
    db: RequestDB,
    tenant_id: uuid.UUID,
    store_id: uuid.UUID,
    manifest: object,
    max_bytes: int,
    max_entries: int,
) -> int:
    """Register a graphql-codegen manifest for a store; the number of documents it holds.

    All or nothing: one bad entry refuses the manifest. Registering again is harmless (the
    id is the text's hash, so an existing row is the same document)."""
    entries, problems = check_manifest(manifest, max_bytes=max_bytes, max_entries=max_entries)
    if problems:
        raise ServiceError.of(problems)
    if not entries:
        return 0
    rows = [
        {"tenant_id": tenant_id, "store_id": store_id, "document_id": e.document_id, "body": e.body}
        for e in entries
    ]
    statement = insert(persisted_documents).on_conflict_do_nothing()
    try:
        await db.write(statement, rows)
    except Exception as exc:  # the store's foreign key: not a store of this tenant
        if "foreign key" not in str(exc).lower():
            raise
        raise ServiceError(DocumentErrorCode.NOT_FOUND, "Store not found", ["storeId"]) from exc
    return len(entries)
