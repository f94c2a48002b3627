"""Request ids, logs that carry them (JSON or one readable text line), Prometheus metrics."""

from __future__ import annotations

import contextvars
import itertools
import json
import logging
import os
import re
import sys
import time
from dataclasses import dataclass
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# An incoming X-Request-Id is echoed in a header and written to logs: plain ASCII only.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:/+=-]{1,64}")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Operation names are logged as given by callers: GraphQL names only, so no newline or
# control character can forge a log line.
_OPERATION_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
# The fields an access line carries, in the order the text line shows them.
ACCESS_FIELDS = ("method", "path", "operation", "status", "duration_ms")


@dataclass(slots=True)
class _RequestNotes:
    """What the GraphQL view learns about a request, for its access line. Mutated in place
    (not a ContextVar.set) so it reaches the middleware whatever context the view ran in."""

    operation: str | None = None


_notes: contextvars.ContextVar[_RequestNotes | None] = contextvars.ContextVar(
    "request_notes", default=None
)


_ids = itertools.count()
_id_prefix: tuple[int, str] = (0, "")


def new_request_id() -> str:
    """A request id unique across processes, 32 hex digits as a uuid4's `.hex` was: 64
    random bits drawn once per process, then a counter (a uuid4 per request read the OS's
    randomness and built a UUID object each time). Ids name requests in logs; they are
    not secrets."""
    global _id_prefix
    pid = os.getpid()
    if _id_prefix[0] != pid:  # first use, or a forked worker: its own random part
        _id_prefix = (pid, os.urandom(8).hex())
    return f"{_id_prefix[1]}{next(_ids) & 0xFFFFFFFFFFFFFFFF:016x}"


def current_request_id() -> str:
    return _request_id.get()


def note_operation_name(name: str | None) -> None:
    """Record the request's GraphQL operation name for its access log line."""
    notes = _notes.get()
    if notes is not None and name and _OPERATION_NAME.fullmatch(name):
        notes.operation = name


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or _request_id.get(),
        }
        for key in ACCESS_FIELDS:
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def _one_line(text: str) -> str:
    """A caller's path can hold any decoded character: escaped, it cannot start a line."""
    return text if text.isprintable() else repr(text)[1:-1]


class TextFormatter(logging.Formatter):
    """One readable line per record with the fields of the JSON lines: an access line reads
    `... INFO edestory.access POST /graphql CategoryPage 200 12.3ms request_id=4f0c...`."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        fields = record.__dict__
        if "status" in fields:
            shown = [fields.get(key) for key in ACCESS_FIELDS]
            shown[-1] = f"{shown[-1]}ms"
            line = line.removesuffix(record.getMessage())
            line += " ".join(_one_line(str(value)) for value in shown if value is not None)
        request_id = getattr(record, "request_id", None) or _request_id.get()
        if request_id != "-":
            line += f" request_id={request_id}"
        return line


def configure_logging(level: str, as_json: bool | None) -> None:
    """JSON lines or text lines on stderr; `None` picks text on a terminal, JSON otherwise."""
    if as_json is None:
        as_json = not sys.stderr.isatty()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if as_json else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Strawberry logs every GraphQL error, the caller's mistakes included; unexpected
    # errors are logged once, with their request id, by MaskUnexpectedErrors.
    logging.getLogger("strawberry.execution").setLevel(logging.CRITICAL)
    logging.getLogger("alembic").setLevel(logging.WARNING)


class Metrics:
    """One registry per app, so several apps in one process (tests) do not collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "edestory_http_requests_total",
            "HTTP requests",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.rate_limit_unavailable = Counter(
            "edestory_rate_limit_unavailable_total",
            "Requests served without rate limits because Redis was unreachable",
            registry=self.registry,
        )
        self.latency = Histogram(
            "edestory_http_request_duration_seconds",
            "HTTP request latency",
            ["route"],
            registry=self.registry,
        )
        self.validation = Histogram(
            "edestory_graphql_validation_seconds",
            "Time to validate a GraphQL document (cache misses only)",
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
            registry=self.registry,
        )

        # The labelled children, found once per label set (prometheus_client hands back
        # the same child for the same labels; its lookup checks and locks every time).
        # Bounded: methods, route templates and status codes are few.
        self._request_counts: dict[tuple[str, str, int], Any] = {}
        self._latencies: dict[str, Any] = {}

    def observe_validation(self, seconds: float) -> None:
        self.validation.observe(seconds)

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        """One HTTP request: counted by method, route and status; its latency by route."""
        key = (method, route, status)
        count = self._request_counts.get(key)
        if count is None:
            count = self._request_counts[key] = self.requests.labels(method, route, str(status))
        count.inc()
        latency = self._latencies.get(route)
        if latency is None:
            latency = self._latencies[route] = self.latency.labels(route)
        latency.observe(seconds)

    async def endpoint(self, request: Request) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


access_log = logging.getLogger("edestory.access")
slow_log = logging.getLogger("edestory.slow")


class RequestContextMiddleware:
    """Gives every request an id (honouring X-Request-Id), logs it and records metrics."""

    def __init__(
        self, app: ASGIApp, metrics: Metrics, slow_request_seconds: float = float("inf")
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.slow_request_seconds = slow_request_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_REQUEST_ID.fullmatch(incoming) else new_request_id()
        token = _request_id.set(request_id)
        notes = _RequestNotes()
        notes_token = _notes.set(notes)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            if scope["type"] == "http":
                # The matched route's template, never the raw path: a label per requested URL
                # would let any caller grow the registry without bound.
                route = getattr(scope.get("route"), "path", None) or "unmatched"
                method = scope.get("method", "") if scope.get("method") in _METHODS else "OTHER"
                self.metrics.observe_request(method, route, status, elapsed)
                if elapsed > self.slow_request_seconds:
                    _log_slow(scope, request_id, elapsed, notes.operation)
                if access_log.isEnabledFor(logging.INFO):
                    access_log.info(
                        "request",
                        extra={
                            "request_id": request_id,
                            "method": scope.get("method"),
                            "path": scope.get("path", ""),
                            "operation": notes.operation,
                            "status": status,
                            "duration_ms": round(elapsed * 1000, 2),
                        },
                    )
            _notes.reset(notes_token)
            _request_id.reset(token)


def _log_slow(scope: Scope, request_id: str, elapsed: float, operation: str | None) -> None:
    """One WARNING line naming the operation (noted by the GraphQL view) and the request
    id, so a slow request can be found in the access log."""
    operation = operation or "-"
    slow_log.warning(
        "slow request: %s %s operation=%s took %.0f ms (request %s)",
        scope.get("method"),
        scope.get("path", ""),
        operation,
        elapsed * 1000,
        request_id,
        extra={"request_id": request_id, "duration_ms": round(elapsed * 1000, 2)},
    )
