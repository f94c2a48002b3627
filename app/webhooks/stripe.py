"""POST /webhooks/stripe: Stripe's events, signature checked with STRIPE_WEBHOOK_SECRET."""

from __future__ import annotations

import logging

import orjson
import stripe
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.payments.events import handle_event
from app.resources import Resources

log = logging.getLogger("edestory.webhooks")

# Stripe's default: a signature older than five minutes is refused (replays).
TOLERANCE_SECONDS = 300


async def stripe_webhook(request: Request) -> JSONResponse:
    resources: Resources = request.app.state.resources
    secret = resources.settings.stripe_webhook_secret
    if not secret:
        # 503: Stripe retries, and the events are applied once the setting is there.
        return JSONResponse({"error": "STRIPE_WEBHOOK_SECRET is not set"}, status_code=503)
    payload = await request.body()
    header = request.headers.get("stripe-signature", "")
    try:
        stripe.Webhook.construct_event(payload, header, secret, tolerance=TOLERANCE_SECONDS)
        event = orjson.loads(payload)
    except stripe.SignatureVerificationError:
        return JSONResponse({"error": "invalid signature"}, status_code=400)
    except ValueError:
        return JSONResponse({"error": "invalid payload"}, status_code=400)
    if not isinstance(event, dict) or not isinstance(event.get("id"), str):
        return JSONResponse({"error": "invalid payload"}, status_code=400)
    try:
        handled = await handle_event(resources.engine, event, resources.payments)
    except (KeyError, TypeError, ValueError):
        log.warning("malformed stripe event %s", event.get("id"), exc_info=True)
        return JSONResponse({"error": "malformed event"}, status_code=400)
    return JSONResponse({"received": True, "outcome": handled.outcome}, status_code=handled.status)


def stripe_routes() -> list[Route]:
    return [Route("/webhooks/stripe", stripe_webhook, methods=["POST"])]
