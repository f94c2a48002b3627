"""Turns a request's persisted operation into the text to run, before anything is parsed.

- `documentId` (top level, or in `extensions`): a trusted document registered for the store.
- `extensions.persistedQuery {version: 1, sha256Hash}` (Apollo's APQ): with the text, the
  hash is checked and the text registered; without it, the registered text, or the error
  `PersistedQueryNotFound` on which Apollo's client retries with the text.
- A persisted-only credential (an API key or storefront token so marked, or any storefront
  of a store set persisted-only) may run trusted documents only (not even APQ).

Texts found are kept in a small in-process LRU, and the same `str` object is handed out for
the same document, so Strawberry's ParserCache (keyed on the text, whose hash Python caches
on the object) returns the same parsed DocumentNode and the validation cache (keyed on that
node's identity) its result: a persisted request parses and validates nothing.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from app.db.tenant import RequestDB
from app.documents import service
from app.documents.errors import PersistedCode, PersistedError
from app.documents.rules import (
    DOCUMENT_ID_PREFIX,
    document_hash,
    is_sha256_hex,
    sha256_hex,
    utf8,
)
from app.principal import Principal

NOT_FOUND_MESSAGE = "PersistedQueryNotFound"  # the exact text Apollo's client retries on


@dataclass(frozen=True, slots=True)
class PersistedLimits:
    max_bytes: int = 64 * 1024
    apq_max_entries: int = 5000  # per tenant, in Redis
    cache_size: int = 2048  # in-process texts


class DocumentResolver:
    def __init__(self, limits: PersistedLimits = PersistedLimits()) -> None:
        self.limits = limits
        self._texts: OrderedDict[tuple[Any, ...], str] = OrderedDict()

    def _cached(self, key: tuple[Any, ...]) -> str | None:
        text = self._texts.get(key)
        if text is not None:
            self._texts.move_to_end(key)
        return text

    def _remember(self, key: tuple[Any, ...], text: str) -> str:
        self._texts[key] = text
        if len(self._texts) > self.limits.cache_size:
            self._texts.popitem(last=False)
        return text

    def cached_text(
        self, principal: Principal, extensions: Mapping[str, Any] | None, document_id: object
    ) -> str | None:
        """The text of a persisted operation this process already holds, without I/O (the
        response cache's lookup runs before anything else); None otherwise."""
        extensions = extensions or {}
        document_id = document_id or extensions.get("documentId")
        if document_id is not None:
            digest = document_hash(document_id)
            key: tuple[Any, ...] = ("doc", principal.tenant_id, principal.store_id, digest)
        else:
            persisted = extensions.get("persistedQuery")
            if not isinstance(persisted, Mapping) or principal.persisted_only:
                return None  # resolve() refuses APQ to a persisted-only credential
            key = ("apq", principal.tenant_id, persisted.get("sha256Hash"))
        return self._texts.get(key)

    async def resolve(
        self,
        *,
        principal: Principal,
        db: RequestDB,
        redis: Redis,
        query: str | None,
        extensions: Mapping[str, Any] | None,
        document_id: object = None,
    ) -> str | None:
        """The text to run (the request's own when nothing is persisted)."""
        extensions = extensions or {}
        document_id = document_id or extensions.get("documentId")
        if document_id is not None:
            return await self._trusted(principal, db, query, document_id)
        if principal.persisted_only:
            raise PersistedError(
                PersistedCode.REQUIRED,
                "This credential runs registered documents only: send a `documentId`",
            )
        persisted = extensions.get("persistedQuery")
        if persisted is None:
            return query
        return await self._automatic(principal, redis, query, persisted)

    async def _trusted(
        self, principal: Principal, db: RequestDB, query: str | None, document_id: object
    ) -> str:
        digest = document_hash(document_id)
        if digest is None:
            raise PersistedError(
                PersistedCode.BAD_REQUEST, "`documentId` must be sha256:<64 hex digits>"
            )
        if query is not None and sha256_hex(query) != digest:
            raise PersistedError(
                PersistedCode.HASH_MISMATCH, "The query text does not match `documentId`"
            )
        key = ("doc", principal.tenant_id, principal.store_id, digest)
        text = self._cached(key)
        if text is None and principal.tenant_id is not None:
            text = await service.find_document(
                db,
                tenant_id=principal.tenant_id,
                store_id=principal.store_id,
                document_id=DOCUMENT_ID_PREFIX + digest,
            )
            if text is not None:
                # A row never changes (its id is its text's hash): cached for good.
                self._remember(key, text)
        if text is None:
            raise PersistedError(
                PersistedCode.DOCUMENT_NOT_FOUND,
                f"No document {DOCUMENT_ID_PREFIX}{digest} is registered for this store",
            )
        return text

    async def _automatic(
        self, principal: Principal, redis: Redis, query: str | None, persisted: object
    ) -> str:
        if not isinstance(persisted, Mapping) or persisted.get("version") != 1:
            raise PersistedError(
                PersistedCode.BAD_REQUEST, "Unsupported persisted query version (1 is known)"
            )
        digest = persisted.get("sha256Hash")
        if not is_sha256_hex(digest):
            raise PersistedError(
                PersistedCode.BAD_REQUEST, "`sha256Hash` must be 64 lowercase hex digits"
            )
        assert isinstance(digest, str)
        key = ("apq", principal.tenant_id, digest)
        if query is None:
            text = self._cached(key)
            if text is None:
                text = await service.apq_get(redis, principal.tenant_id, digest)
                if text is None:
                    raise PersistedError(PersistedCode.NOT_FOUND, NOT_FOUND_MESSAGE)
                self._remember(key, text)
            return text
        if len(utf8(query)) > self.limits.max_bytes:
            raise PersistedError(
                PersistedCode.TOO_LARGE,
                f"A persisted query is at most {self.limits.max_bytes} bytes",
            )
        if sha256_hex(query) != digest:
            raise PersistedError(PersistedCode.HASH_MISMATCH, "provided sha does not match query")
        cached = self._cached(key)
        if cached is not None:
            return cached
        await service.apq_put(
            redis, principal.tenant_id, digest, query, max_entries=self.limits.apq_max_entries
        )
        return self._remember(key, query)
