"""`GET /sitemap.xml` (the index) and `GET /sitemap-products-{n}.xml` (the files).

The store is the one whose domain is the request's Host, or `?store=<domain>` (a
storefront served elsewhere, a check from a developer machine); the query string is
carried into the index's file URLs. Responses carry ETag and Last-Modified and answer
304 to a matching If-None-Match (or, without one, If-Modified-Since).
"""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from app.catalog import sitemap
from app.principal import PrincipalKind
from app.resources import Resources

MEDIA_TYPE = "application/xml; charset=utf-8"
CACHE_CONTROL = "public, max-age=3600"
# File numbers above this are answered 404 without a query: their row offset would not fit
# PostgreSQL's bigint (a 500 before), and no store has 50,000 x 10^9 products.
MAX_FILE_NUMBER = 10**9


async def _store(request: Request) -> tuple[sitemap.Store | None, str]:
    resources: Resources = request.app.state.resources
    given = request.query_params.get("store")
    domain = (given or request.headers.get("host", "")).split(":")[0].lower()
    query = "?" + urlencode({"store": domain}) if given else ""
    principal = await request.app.state.authenticator.storefront_for_domain(domain, resources)
    if principal.kind is not PrincipalKind.STOREFRONT or not domain:
        return None, query
    assert principal.tenant_id is not None and principal.store_id is not None
    store = await sitemap.load_store(
        resources.engine,
        tenant_id=principal.tenant_id,
        store_id=principal.store_id,
        domain=domain,
    )
    return store, query


def _not_modified(request: Request, etag: str, last_modified: dt.datetime) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match == "*"
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        return last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


def _headers(etag: str, last_modified: dt.datetime) -> dict[str, str]:
    return {
        "ETag": etag,
        "Last-Modified": format_datetime(last_modified.astimezone(dt.UTC), usegmt=True),
        "Cache-Control": CACHE_CONTROL,
    }


def _not_found() -> Response:
    return PlainTextResponse("No store is served at this domain", status_code=404)


async def sitemap_index(request: Request) -> Response:
    store, query = await _store(request)
    if store is None:
        return _not_found()
    engine = request.app.state.resources.engine
    files = await sitemap.slices(engine, store)
    newest = max((f.last_modified for f in files), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    etag = sitemap.Slice(-1, sum(f.count for f in files), newest).etag(store)
    headers = _headers(etag, newest)
    if _not_modified(request, etag, newest):
        return Response(status_code=304, headers=headers)
    base = f"https://{store.domain}"
    body = sitemap.index_document(base, files, query)
    return Response(body, media_type=MEDIA_TYPE, headers=headers)


async def sitemap_file(request: Request) -> Response:
    number = int(request.path_params["number"]) - 1
    store, _ = await _store(request)
    if store is None:
        return _not_found()
    if not 0 <= number < MAX_FILE_NUMBER:
        return PlainTextResponse("No such sitemap file", status_code=404)
    engine = request.app.state.resources.engine
    found = await sitemap.slice_of(engine, store, number)
    if found is None:
        return PlainTextResponse("No such sitemap file", status_code=404)
    headers = _headers(found.etag(store), found.last_modified)
    if _not_modified(request, headers["ETag"], found.last_modified):
        return Response(status_code=304, headers=headers)
    return StreamingResponse(
        sitemap.stream_file(engine, store, number), media_type=MEDIA_TYPE, headers=headers
    )


def sitemap_routes() -> list[Route]:
    return [
        Route("/sitemap.xml", sitemap_index, methods=["GET", "HEAD"]),
        Route("/sitemap-products-{number:int}.xml", sitemap_file, methods=["GET", "HEAD"]),
    ]
