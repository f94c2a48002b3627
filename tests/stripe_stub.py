"""A local stand-in for the Stripe API the app uses, for the stripe SDK to talk to.

It speaks Stripe's protocol as the SDK sees it: form-encoded bodies with bracketed keys,
Bearer authentication, `Idempotency-Key` (a repeat with the same parameters replays the first
response, other parameters get an `idempotency_error`), JSON objects shaped like Stripe's, and
Stripe's error envelope `{"error": {"type", "code", "message", "param"}}` with its statuses.

Endpoints: POST /v1/payment_intents, GET /v1/payment_intents/{id},
POST /v1/payment_intents/{id}/cancel, POST /v1/refunds, GET /v1/refunds (by
payment_intent), GET /v1/refunds/{id}.
Test controls (not Stripe's): `succeed`, `fail`, `fail_next_refund`, and `event`, which
builds a webhook delivery signed with Stripe's scheme (`Stripe-Signature: t=<unix>,v1=<HMAC-SHA256
of "t.payload">`). A refund keeps its `metadata`, as Stripe's does.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

API_KEY_PREFIX = "sk_test_"


def _nest(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """`metadata[a]=1&x[y][z]=2` -> {"metadata": {"a": "1"}, "x": {"y": {"z": "2"}}}."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


class StripeError(Exception):
    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        code: str | None = None,
        param: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.body = (
            status,
            {"error": {"type": type_, "message": message, "code": code, "param": param}},
        )


class StripeStub:
    def __init__(self, api_key: str = API_KEY_PREFIX + "stub") -> None:
        self.api_key = api_key
        self.intents: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.idempotent: dict[str, tuple[str, int, dict[str, Any]]] = {}
        self.requests: list[tuple[str, str]] = []
        self.fail_next_create = 0
        self.fail_next_refund = 0
        self.base_url = ""
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> str:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                stub._handle(self, "GET")

            def do_POST(self) -> None:
                stub._handle(self, "POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- test controls ---------------------------------------------------------------------
    def succeed(self, intent_id: str) -> dict[str, Any]:
        with self._lock:
            intent = self.intents[intent_id]
            intent["status"] = "succeeded"
            intent["amount_received"] = intent["amount"]
            return dict(intent)

    def fail(self, intent_id: str) -> dict[str, Any]:
        with self._lock:
            intent = self.intents[intent_id]
            intent["status"] = "requires_payment_method"
            intent["last_payment_error"] = {"code": "card_declined", "type": "card_error"}
            return dict(intent)

    def event(
        self,
        type_: str,
        obj: dict[str, Any],
        secret: str,
        *,
        timestamp: int | None = None,
        event_id: str | None = None,
    ) -> tuple[bytes, str]:
        """(body, Stripe-Signature header) of a webhook delivery."""
        created = int(time.time()) if timestamp is None else timestamp
        payload = json.dumps(
            {
                "id": event_id or "evt_" + secrets.token_hex(12),
                "object": "event",
                "api_version": "2025-01-27.acacia",
                "created": created,
                "livemode": False,
                "type": type_,
                "data": {"object": obj},
            }
        ).encode()
        return payload, sign(payload, secret, created)

    # -- protocol --------------------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length).decode() if length else ""
        path = handler.path.split("?")[0]
        self.requests.append((method, path))
        try:
            if handler.headers.get("Authorization") != f"Bearer {self.api_key}":
                raise StripeError(401, "invalid_request_error", "Invalid API Key provided")
            query = handler.path.split("?", 1)[1] if "?" in handler.path else ""
            params = _nest(parse_qsl(raw or query, keep_blank_values=True))
            key = handler.headers.get("Idempotency-Key") if method == "POST" else None
            status, body = self._idempotent(
                key, method + path + raw, lambda: self._route(method, path, params)
            )
        except StripeError as exc:
            status, body = exc.status, exc.body
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("Request-Id", "req_" + secrets.token_hex(8))
        handler.end_headers()
        handler.wfile.write(data)

    def _idempotent(
        self, key: str | None, fingerprint: str, run: Any
    ) -> tuple[int, dict[str, Any]]:
        if key is None:
            return 200, run()
        with self._lock:
            seen = self.idempotent.get(key)
        if seen is not None:
            if seen[0] != fingerprint:
                raise StripeError(
                    400,
                    "idempotency_error",
                    "Keys for idempotent requests can only be used with the same parameters "
                    "they were first used with.",
                )
            return seen[1], seen[2]
        body = run()
        with self._lock:
            self.idempotent.setdefault(key, (fingerprint, 200, body))
            return self.idempotent[key][1], self.idempotent[key][2]

    def _route(self, method: str, path: str, params: dict[str, Any]) -> dict[str, Any]:
        parts = path.strip("/").split("/")
        if parts[:2] == ["v1", "payment_intents"]:
            if len(parts) == 2 and method == "POST":
                return self._create_intent(params)
            if len(parts) == 3 and method == "GET":
                return dict(self._intent(parts[2]))
            if len(parts) == 4 and parts[3] == "cancel" and method == "POST":
                with self._lock:
                    intent = self._intent(parts[2])
                    intent["status"] = "canceled"
                    return dict(intent)
        if parts[:2] == ["v1", "refunds"]:
            if len(parts) == 2 and method == "POST":
                return self._create_refund(params)
            if len(parts) == 2 and method == "GET":
                with self._lock:
                    found = [
                        dict(r)
                        for r in self.refunds.values()
                        if r["payment_intent"] == params.get("payment_intent")
                    ]
                return {"object": "list", "url": "/v1/refunds", "has_more": False, "data": found}
            if len(parts) == 3 and method == "GET":
                if parts[2] not in self.refunds:
                    raise StripeError(
                        404,
                        "invalid_request_error",
                        f"No such refund: '{parts[2]}'",
                        "resource_missing",
                        "id",
                    )
                return self.refunds[parts[2]]
        raise StripeError(
            404, "invalid_request_error", f"Unrecognized request URL ({method}: {path})"
        )

    def _intent(self, intent_id: str) -> dict[str, Any]:
        intent = self.intents.get(intent_id)
        if intent is None:
            raise StripeError(
                404,
                "invalid_request_error",
                f"No such payment_intent: '{intent_id}'",
                "resource_missing",
                "intent",
            )
        return intent

    def _create_intent(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.fail_next_create > 0:
            self.fail_next_create -= 1
            raise StripeError(500, "api_error", "Something went wrong on Stripe's end.")
        try:
            amount = int(params["amount"])
        except (KeyError, ValueError):
            raise StripeError(
                400,
                "invalid_request_error",
                "Missing required param: amount.",
                "parameter_missing",
                "amount",
            ) from None
        if amount < 50:
            raise StripeError(
                400,
                "invalid_request_error",
                "Amount must be at least €0.50 eur",
                "amount_too_small",
                "amount",
            )
        intent_id = "pi_" + secrets.token_hex(12)
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_received": 0,
            "currency": params.get("currency", "eur"),
            "status": "requires_payment_method",
            "client_secret": f"{intent_id}_secret_{secrets.token_hex(12)}",
            "metadata": params.get("metadata", {}),
            "livemode": False,
            "created": int(time.time()),
        }
        with self._lock:
            self.intents[intent_id] = intent
        return dict(intent)

    def _create_refund(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.fail_next_refund > 0:
            self.fail_next_refund -= 1
            raise StripeError(402, "card_error", "The refund could not be made.", "charge_disputed")
        with self._lock:
            intent = self._intent(params.get("payment_intent", ""))
            if intent["status"] != "succeeded":
                raise StripeError(
                    400,
                    "invalid_request_error",
                    "This PaymentIntent does not have a successful charge to refund.",
                    "charge_not_refundable",
                )
            refunded = sum(
                r["amount"] for r in self.refunds.values() if r["payment_intent"] == intent["id"]
            )
            amount = int(params.get("amount", intent["amount"] - refunded))
            if amount <= 0 or refunded + amount > intent["amount"]:
                raise StripeError(
                    400,
                    "invalid_request_error",
                    "Refund amount is greater than unrefunded amount on charge.",
                    "amount_too_large",
                    "amount",
                )
            refund = {
                "id": "re_" + secrets.token_hex(12),
                "object": "refund",
                "amount": amount,
                "currency": intent["currency"],
                "payment_intent": intent["id"],
                "metadata": params.get("metadata", {}),
                "status": "succeeded",
                "created": int(time.time()),
            }
            self.refunds[refund["id"]] = refund
            return refund


def sign(payload: bytes, secret: str, timestamp: int) -> str:
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"
