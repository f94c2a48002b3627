"""POST /webhooks/suppliers/{connectionId}: a supplier's push names products to sync.

The signature is checked (app/suppliers/webhook.py); a bad one is 401 and changes nothing.
A good one enqueues an arq job `sync_supplier_products` for those products (jobs/suppliers.py)
and answers 202: the sync runs in a worker, never in this request. The arq job id is derived
from the connection and the ids, so a supplier repeating the same push while the first is
still queued enqueues nothing more.
"""

from __future__ import annotations

import hashlib

from arq.connections import ArqRedis
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.graphql.ids import parse_global_id
from app.resources import Resources
from app.suppliers.webhook import PushError, product_ids, verified_connection

MAX_BODY = 256 * 1024
UNAUTHORIZED = {"error": "invalid signature"}


async def supplier_webhook(request: Request) -> JSONResponse:
    resources: Resources = request.app.state.resources
    connection_id = parse_global_id(request.path_params["connection_id"], "SupplierConnection")
    body = await request.body()
    if len(body) > MAX_BODY:
        return JSONResponse({"error": "body too large"}, status_code=413)
    if connection_id is None:
        return JSONResponse(UNAUTHORIZED, status_code=401)
    found = await verified_connection(
        resources.engine,
        resources.settings,
        connection_id=connection_id,
        timestamp=request.headers.get("x-edestory-timestamp", ""),
        signed=request.headers.get("x-edestory-signature", ""),
        body=body,
    )
    if found is None:
        return JSONResponse(UNAUTHORIZED, status_code=401)
    try:
        ids = product_ids(body)
    except PushError as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    tenant_id, _ = found
    key = hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:24]
    queue = ArqRedis(connection_pool=resources.redis.connection_pool)
    job = await queue.enqueue_job(
        "sync_supplier_products",
        str(tenant_id),
        str(connection_id),
        ids,
        _job_id=f"supplier-sync:{connection_id}:{key}",
    )
    return JSONResponse({"queued": job is not None, "productIds": len(ids)}, status_code=202)


def supplier_routes() -> list[Route]:
    return [
        Route("/webhooks/suppliers/{connection_id}", supplier_webhook, methods=["POST"]),
    ]
