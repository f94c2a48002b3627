"""Inbound REST webhooks (Stripe; suppliers later): check the signature, hand the event to
the domain that owns it."""
