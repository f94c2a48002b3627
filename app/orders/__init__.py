"""Orders: the PAID order a payment creates (lines snapshot, per-store number, the shopper's
secret token) and the shopper's `order(id, token)`. The order admin (states, fulfilment,
refunds) builds on these tables in a later issue.

Owns orders, order_lines and order_counters. Calls no other domain.
"""
