"""The request body, read up to a limit before anything parses it.

A 10 MB JSON body used to be decoded whole (1.4 s of CPU) before the token limit could
refuse its query. Here a body whose Content-Length, or whose bytes as they arrive, pass
`EDESTORY_MAX_BODY_BYTES` is answered 413 at once; a body within the limit is handed on
unchanged (the view reads it whole anyway, so buffering it costs nothing extra).
"""

from __future__ import annotations

from starlette.types import Message, Receive, Scope, Send

from app.graphql.refusals import refusal_body


class BodyTooLargeError(Exception):
    pass


async def read_body(scope: Scope, receive: Receive, limit: int) -> bytes:
    """The whole body, or BodyTooLargeError as soon as it is known to exceed `limit`."""
    for name, value in scope.get("headers") or []:
        if name == b"content-length":
            try:
                declared = int(value)
            except ValueError:
                declared = 0
            if declared > limit:
                raise BodyTooLargeError
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break  # http.disconnect: the view sees an empty body and the client is gone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLargeError
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A receive callable that gives `body` once, then waits on the real one (disconnects)."""
    sent = False

    async def receive_again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return receive_again


async def refuse(send: Send, limit: int) -> None:
    body = refusal_body(413, f"Request body is larger than {limit} bytes")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
