"""Local-disk media: `PUT /media/uploads/{token}` receives an upload, `GET /media/{key}` serves it.

Only mounted when media is stored on local disk (no EDESTORY_S3_BUCKET); with S3, clients
upload to and read from the bucket directly.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import anyio
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from app.catalog.service.storage import LocalStorage, MediaStorage, UploadGrant

# Keys are unique per upload, so a served file never changes.
CACHE_FOREVER = {"Cache-Control": "public, max-age=31536000, immutable"}


def media_routes(storage: MediaStorage) -> list[Route]:
    if not isinstance(storage, LocalStorage):
        return []

    async def upload(request: Request) -> Response:
        grant = storage.verify(request.path_params["token"])
        path = storage.path_for(grant.key) if grant else None
        if grant is None or path is None:
            return PlainTextResponse("Invalid or expired upload URL", status_code=403)
        sent = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if sent != grant.content_type:
            return PlainTextResponse(f"Content-Type must be {grant.content_type}", status_code=400)
        return await _receive(request, grant, path)

    async def serve(request: Request) -> Response:
        path = storage.path_for(request.path_params["key"])
        if path is None or not await anyio.Path(path).is_file():
            return PlainTextResponse("Not found", status_code=404)
        return FileResponse(path, headers=CACHE_FOREVER)

    return [
        Route("/media/uploads/{token}", upload, methods=["PUT"]),
        Route("/media/{key:path}", serve, methods=["GET", "HEAD"]),
    ]


async def _receive(request: Request, grant: UploadGrant, path: Path) -> Response:
    """Stream the body to a temporary file and move it into place only when complete, so a
    half-written upload never counts as present."""
    await anyio.Path(path.parent).mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
    received = 0
    try:
        async with await anyio.open_file(partial, "wb") as file:
            async for chunk in request.stream():
                received += len(chunk)
                if received > grant.size:
                    return PlainTextResponse(
                        f"The upload is larger than the {grant.size} bytes declared",
                        status_code=413,
                    )
                await file.write(chunk)
        if received != grant.size:
            return PlainTextResponse(
                f"Expected {grant.size} bytes, received {received}", status_code=400
            )
        await anyio.Path(partial).replace(path)
    finally:
        await anyio.Path(partial).unlink(missing_ok=True)
    return Response(status_code=200)
