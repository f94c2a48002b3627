"""The websocket on /graphql speaks graphql-transport-ws in text frames, for subscriptions."""

from __future__ import annotations

import httpx
from httpx_ws import aconnect_ws
from httpx_ws.transport import ASGIWebSocketTransport
from starlette.applications import Starlette

from tests.helpers import TenantFactory, gql

PROTOCOL = "graphql-transport-ws"
STORE_CREATE = """
mutation { storeCreate(input: {name: "Over the socket", currencyCode: EUR}) { store { id } } }
"""
STORES = "{ stores { nodes { name } } }"


def ws_client(app: Starlette) -> httpx.AsyncClient:
    """Opened inside each test: the transport's task group must close in the task it began."""
    return httpx.AsyncClient(transport=ASGIWebSocketTransport(app), base_url="http://testserver")


async def test_connection_is_acknowledged_in_a_text_frame(app: Starlette) -> None:
    async with ws_client(app) as c, aconnect_ws("/graphql", c, subprotocols=[PROTOCOL]) as ws:
        assert ws.subprotocol == PROTOCOL
        await ws.send_json({"type": "connection_init", "payload": {}})
        # receive_json refuses binary frames, as browser graphql-ws clients do.
        assert await ws.receive_json() == {"type": "connection_ack"}
        await ws.send_json({"type": "ping"})
        assert await ws.receive_json() == {"type": "pong"}


async def test_mutations_are_sent_back_to_http(
    app: Starlette, client: httpx.AsyncClient, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Socket")
    async with (
        ws_client(app) as c,
        aconnect_ws("/graphql", c, subprotocols=[PROTOCOL], headers=tenant.staff) as ws,
    ):
        await ws.send_json({"type": "connection_init", "payload": {}})
        assert await ws.receive_json() == {"type": "connection_ack"}
        await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": STORE_CREATE}})
        message = await ws.receive_json()
    assert message["type"] == "error"
    assert message["id"] == "1"
    assert "over HTTP" in message["payload"][0]["message"]
    body = await gql(client, STORES, headers=tenant.staff)
    assert body == {"data": {"stores": {"nodes": [{"name": "Socket store"}]}}}


async def test_syntax_and_validation_errors_are_answered_with_a_code(
    app: Starlette, tenants: TenantFactory
) -> None:
    tenant = await tenants.create("Socket errors")
    async with (
        ws_client(app) as c,
        aconnect_ws("/graphql", c, subprotocols=[PROTOCOL], headers=tenant.staff) as ws,
    ):
        await ws.send_json({"type": "connection_init", "payload": {}})
        assert await ws.receive_json() == {"type": "connection_ack"}
        broken = 'subscription { events(topics: ["product.created"]) { id '
        await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": broken}})
        syntax = await ws.receive_json()
        unknown = {"query": "subscription { nope }"}
        await ws.send_json({"id": "2", "type": "subscribe", "payload": unknown})
        invalid = await ws.receive_json()
        # The socket still serves: a ping is answered after both refusals.
        await ws.send_json({"type": "ping"})
        pong = await ws.receive_json()
    # Before: a bare {"type": "complete"} for the syntax error, and a traceback in the log.
    assert syntax["id"] == "1" and syntax["type"] == "error"
    assert syntax["payload"][0]["message"].startswith("Syntax Error")
    assert syntax["payload"][0]["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}
    assert invalid["id"] == "2" and invalid["type"] == "error"
    assert invalid["payload"][0]["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert pong == {"type": "pong"}
