"""The view's side of HTTP caching (app/graphql/response_cache.py says what is cached)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from app.documents.resolve import DocumentResolver
from app.graphql.response_cache import (
    PRIVATE,
    VARY,
    Cached,
    ResponseCache,
    etag_matches,
    etag_of,
)
from app.principal import Principal, PrincipalKind


@dataclass(slots=True)
class CachePlan:
    """A GET persisted storefront read that may be cached: where its answer is kept."""

    principal: Principal
    key: str
    generation: bytes | None  # None: Redis unavailable, nothing kept
    # The primary's WAL position after the write that made this generation (replicas).
    floor: int | None = None


def persisted_get(request: Request) -> bool:
    if request.method != "GET":
        return False  # without building a POST's (empty) query parameters
    params = request.query_params
    return "extensions" in params or "documentId" in params


async def plan(
    request: Request,
    principal: Principal,
    documents: DocumentResolver,
    cache: ResponseCache,
    redis: Any,
) -> CachePlan | None:
    """The plan for a cacheable request, or None (not a storefront's, not a catalog read, or
    a document this process has not seen yet)."""
    if principal.kind is not PrincipalKind.STOREFRONT or principal.tenant_id is None:
        return None
    params = request.query_params
    try:
        extensions = orjson.loads(params["extensions"]) if "extensions" in params else None
    except orjson.JSONDecodeError:
        return None
    if extensions is not None and not isinstance(extensions, dict):
        return None
    text = documents.cached_text(principal, extensions, params.get("documentId"))
    operation = params.get("operationName")
    if text is None or not cache.cacheable_document(text, operation):
        return None
    headers = request.headers
    parts = [
        hashlib.sha256(text.encode()).hexdigest(),
        params.get("variables", ""),
        operation or "",
        headers.get("accept-language", ""),
        headers.get("accept", ""),
    ]
    key = cache.key(principal.tenant_id, principal.store_id, parts)
    generation, floor = (
        await cache.generation(redis, principal.tenant_id) if cache.policy.enabled else (None, None)
    )
    return CachePlan(principal, key, generation, floor)


def cached_response(
    request: Request, entry: Cached, cache: ResponseCache, principal: Principal
) -> Response:
    # The store's times ride on the principal (its cached route): no statement here.
    control = cache.policy.header_for(
        principal.cache_max_age, principal.cache_stale_while_revalidate
    )
    headers = {"Cache-Control": control, "ETag": entry.etag, "Vary": VARY}
    if etag_matches(request.headers.get("if-none-match"), entry.etag):
        return Response(status_code=304, headers=headers)
    return Response(entry.body, media_type=entry.media_type, headers=headers)


async def finish(
    request: Request,
    response: Response,
    found: CachePlan | None,
    cache: ResponseCache,
    redis: Any,
) -> Response:
    """Caching headers on a GET answer; a clean cacheable one is kept and may become a 304."""
    clean = getattr(request.state, "clean_result", False)
    if found is None or not clean or response.status_code != 200:
        response.headers["Cache-Control"] = PRIVATE
        return response
    body = bytes(response.body)
    entry = Cached(body, etag_of(body), response.headers.get("content-type", "application/json"))
    if found.generation is not None:
        await cache.put(redis, found.key, found.generation, entry)
    return cached_response(request, entry, cache, found.principal)
