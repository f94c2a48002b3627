"""The small interface to Stripe the rest of the app uses, over the official SDK.

The SDK's async methods run on its HTTPX client, so a call never blocks the event loop.
Callers must not hold row locks while calling (ARCHITECTURE.md: external calls).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import stripe

from app.settings import Settings


@dataclass(frozen=True, slots=True)
class Intent:
    id: str
    status: str
    amount: int
    currency: str  # upper case, as the app stores it
    client_secret: str | None
    metadata: dict[str, str]


class PaymentError(Exception):
    """Stripe refused or could not be reached; `message` is safe to show."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def intent_from(obj: Any) -> Intent:
    """An Intent from Stripe's PaymentIntent object (SDK object or webhook JSON)."""
    if hasattr(obj, "to_dict"):
        obj = obj.to_dict()
    return Intent(
        id=obj["id"],
        status=obj["status"],
        amount=int(obj["amount"]),
        currency=str(obj["currency"]).upper(),
        client_secret=obj.get("client_secret"),
        metadata=dict(obj.get("metadata") or {}),
    )


class _HTTPXClient(stripe.HTTPXClient):
    """The SDK's HTTPX client, sending the encoded form as `content=`: passing a string as
    `data=` is deprecated in httpx (a DeprecationWarning on every request)."""

    def _get_request_args_kwargs(
        self, method: str, url: str, headers: Any, post_data: Any
    ) -> list[Any]:
        args, kwargs = super()._get_request_args_kwargs(method, url, headers, post_data)
        data = kwargs.pop("data")
        if data:
            kwargs["content"] = data
        return [args, kwargs]


class StripeGateway:
    def __init__(self, settings: Settings) -> None:
        self._http = _HTTPXClient(timeout=20)
        self._client = stripe.StripeClient(
            settings.stripe_secret_key,
            base_addresses={"api": settings.stripe_api_base},
            http_client=self._http,
            max_network_retries=2,
        )

    async def create_intent(
        self, *, amount: int, currency: str, metadata: dict[str, str], idempotency_key: str
    ) -> Intent:
        """A PaymentIntent for the Payment Element (automatic payment methods)."""
        try:
            obj = await self._client.v1.payment_intents.create_async(
                params={
                    "amount": amount,
                    "currency": currency.lower(),
                    "metadata": metadata,
                    "automatic_payment_methods": {"enabled": True},
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise PaymentError(exc.user_message or "Stripe refused the payment", exc.code) from exc
        return intent_from(obj)

    async def retrieve_intent(self, intent_id: str) -> Intent:
        try:
            obj = await self._client.v1.payment_intents.retrieve_async(intent_id)
        except stripe.StripeError as exc:
            raise PaymentError(exc.user_message or "Stripe could not be asked", exc.code) from exc
        return intent_from(obj)

    async def refund(
        self,
        *,
        intent_id: str,
        amount: int | None,
        idempotency_key: str,
        metadata: dict[str, str] | None = None,
    ) -> str:
        """Refund (part of) a payment; returns the refund's id. `metadata` travels with the
        refund into charge.refunded webhooks (how the app recognises its own refunds)."""
        params: dict[str, Any] = {"payment_intent": intent_id}
        if metadata:
            params["metadata"] = metadata
        if amount is not None:
            params["amount"] = amount
        try:
            obj = await self._client.v1.refunds.create_async(
                params=params,  # type: ignore[arg-type]
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise PaymentError(exc.user_message or "Stripe refused the refund", exc.code) from exc
        refund_id: str = obj["id"]
        return refund_id

    async def list_refunds(self, intent_id: str) -> list[dict[str, Any]]:
        """A payment's refunds (Stripe's webhooks no longer embed them in the charge)."""
        try:
            page = await self._client.v1.refunds.list_async(
                params={"payment_intent": intent_id, "limit": 100}
            )
        except stripe.StripeError as exc:
            raise PaymentError(exc.user_message or "Stripe could not be asked", exc.code) from exc
        return [item.to_dict() for item in page.data]  # at most 100: more is not realistic

    async def close(self) -> None:
        await self._http.close_async()  # type: ignore[no-untyped-call]


def create_gateway(settings: Settings) -> StripeGateway | None:
    """None without STRIPE_SECRET_KEY: checkoutCreate then names the missing setting."""
    return StripeGateway(settings) if settings.stripe_secret_key else None
