"""Payments: the Stripe gateway (PaymentIntents, refunds), webhook events and their record.

Owns stripe_events. The gateway is created in the lifespan (app/main.py) when
STRIPE_SECRET_KEY is set; calls the checkout service to apply a payment's outcome.
"""
