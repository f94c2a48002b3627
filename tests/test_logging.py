"""Text logs carry what JSON logs carry: one readable line per request with its id."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from app.observability import JsonFormatter, TextFormatter, configure_logging

SHOP = "query ShopName { shop { name } }"


@contextmanager
def access_lines(formatter: logging.Formatter) -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger("edestory.access")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


async def test_text_access_line_names_the_request(client: httpx.AsyncClient) -> None:
    with access_lines(TextFormatter()) as stream:
        response = await client.post(
            "/graphql",
            json={"query": SHOP, "operationName": "ShopName"},
            headers={"X-Request-Id": "first-hour-1"},
        )
    assert response.headers["x-request-id"] == "first-hour-1"
    [line] = stream.getvalue().splitlines()
    assert " INFO edestory.access POST /graphql ShopName 200 " in line
    assert line.endswith(" request_id=first-hour-1")
    duration = line.split(" 200 ")[1].split("ms")[0]
    assert float(duration) >= 0


async def test_operation_name_read_from_the_document(client: httpx.AsyncClient) -> None:
    with access_lines(TextFormatter()) as stream:
        response = await client.get("/graphql", params={"query": "# first\n" + SHOP})
    request_id = response.headers["x-request-id"]
    [line] = stream.getvalue().splitlines()
    assert "GET /graphql ShopName 200 " in line
    assert line.endswith(f"request_id={request_id}")


async def test_a_forged_operation_name_is_not_logged(client: httpx.AsyncClient) -> None:
    with access_lines(TextFormatter()) as stream:
        await client.post(
            "/graphql",
            json={"query": "{ shop { name } }", "operationName": "x\nINFO forged"},
        )
    assert "forged" not in stream.getvalue()
    assert len(stream.getvalue().splitlines()) == 1


async def test_json_line_has_the_same_fields(client: httpx.AsyncClient) -> None:
    with access_lines(JsonFormatter()) as stream:
        await client.post(
            "/graphql", json={"query": SHOP}, headers={"X-Request-Id": "first-hour-2"}
        )
    entry = json.loads(stream.getvalue())
    assert entry["request_id"] == "first-hour-2"
    assert (entry["method"], entry["path"], entry["operation"], entry["status"]) == (
        "POST",
        "/graphql",
        "ShopName",
        200,
    )
    assert entry["duration_ms"] >= 0


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("terminal", "expected"), [(True, TextFormatter), (False, JsonFormatter)])
def test_unset_log_format_is_text_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, terminal: bool, expected: type
) -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    monkeypatch.setattr(sys, "stderr", _Terminal() if terminal else io.StringIO())
    try:
        configure_logging("INFO", None)
        assert isinstance(root.handlers[0].formatter, expected)
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)


async def test_a_path_cannot_forge_a_text_line(client: httpx.AsyncClient) -> None:
    with access_lines(TextFormatter()) as stream:
        response = await client.get("/healthz%0A2026-01-01 INFO edestory.access forged")
    assert response.status_code == 404
    [line] = stream.getvalue().splitlines()
    assert "GET /healthz\\n2026-01-01 INFO edestory.access forged 404 " in line
